// The book read aloud: the MP3 behind the QR code printed in the book (`/books/{id}/audio`). A phone that scans the
// code sends no token, so a purchased book's narration is open to whoever holds its id (a random UUID printed in
// the book); before purchase only its owner or a superuser hears it. Recorded once through the AI port's voice and
// kept in storage until the story changes (the stored object carries a hash of the text it reads).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError } from '../../../core/http/errors.js';
import { AiUnavailableError } from '../../../core/ai/port.js';
import type { Ctx } from '../context.js';
import { bookNotFound, canAccessBook, type Actor } from '../policy.js';
import * as repo from '../books/books.repo.js';
import { printRefusal, readPages } from '../books/book-rules.js';
import { bookNotGenerated } from '../pdf/pdf.service.js';

const MAX_AUDIO_BYTES = 64 * 1024 * 1024;

export const narrationKey = (bookId: string) => `memory-maker/narration/${bookId}.mp3`;

const unavailable = (why: string) => new AppError('narration_unavailable', 503, `The audio version can't be recorded ${why}`);

/** What the narrator reads: the title, then every page. */
export function narrationScript(title: string, pages: { text: string }[]): string {
  return [`${title.trim()}.`, ...pages.map((p) => p.text.trim())].join('\n\n');
}

const hashOf = (script: string) => createHash('sha256').update(script).digest('hex').slice(0, 32);

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    const b = c as Buffer;
    size += b.length;
    if (size > MAX_AUDIO_BYTES) {
      body.destroy();
      throw new Error('stored narration is larger than expected');
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

// One recording per book at a time in this process; concurrent first listeners share it.
const recording = new Map<string, Promise<Buffer>>();

/**
 * The narration of a book as MP3 bytes. `actor` is the signed-in caller, if any; `client` keys the recording limit
 * (the user, or the address of an anonymous listener).
 */
export async function narration(ctx: Ctx, actor: Actor | undefined, client: string, bookId: string): Promise<Buffer> {
  const found = await repo.findById(ctx.db.dz, bookId);
  if (!found) throw bookNotFound();
  const { book } = found;
  const mayListen = actor ? canAccessBook(actor, book) : Boolean(book.purchasedAt);
  if (!mayListen) throw bookNotFound();
  if (printRefusal(book)) throw bookNotGenerated();

  const script = narrationScript(book.title, readPages(book.content)!);
  const hash = hashOf(script);
  const key = narrationKey(book.id);
  const stored = await ctx.storage.get(key);
  if (stored) {
    if (stored.contentType?.includes(`narration=${hash}`)) return readAll(stored.body);
    stored.body.destroy(); // recorded from an earlier text
  }

  if (ctx.ai.kind === 'local') throw unavailable('here: this server has no speech engine (set OPENAI_BASE_URL and OPENAI_API_KEY)');
  const pending = recording.get(`${key}#${hash}`);
  if (pending) return pending;
  await ctx.limits.consume('NARRATIONS_PER_CLIENT', client);
  const job = (async () => {
    let audio: Buffer;
    try {
      audio = await ctx.ai.speak(script);
    } catch (e) {
      if (e instanceof AiUnavailableError) {
        ctx.log.warn({ bookId: book.id, reason: e.message }, 'narration not recorded');
        throw unavailable('right now: try again in a few minutes');
      }
      throw e;
    }
    if (audio.length === 0) throw unavailable('right now: try again in a few minutes');
    await ctx.storage.put(key, audio, `audio/mpeg; narration=${hash}`);
    ctx.log.info({ bookId: book.id, bytes: audio.length }, 'narration recorded');
    return audio;
  })();
  recording.set(`${key}#${hash}`, job);
  try {
    return await job;
  } finally {
    recording.delete(`${key}#${hash}`);
  }
}

/** Drops a book's recording (the book was deleted, or its owner erased). */
export async function forgetNarration(ctx: Ctx, bookId: string): Promise<void> {
  await ctx.storage.delete(narrationKey(bookId)).catch((err: unknown) => ctx.log.warn({ err, bookId }, 'narration file not deleted'));
}

/** A single `bytes=` range of `size` bytes: [start, end] inclusive, 'unsatisfiable', or undefined (whole file). */
export function byteRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined; // several ranges or another unit: the whole file
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return [start, end];
}
