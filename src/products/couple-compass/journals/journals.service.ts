// Journals (analysed by a background job through the AI port) and voice notes (stored, then transcribed).
import type { Static } from '@sinclair/typebox';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { settingsOf } from '../shared/settings.js';
import { AppError, notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import type { JournalRow, VoiceNoteRow } from '../db.js';
import * as repo from './journals.repo.js';
import { coupleIdOf } from '../couples/couples.service.js';
import { findActiveMembership } from '../couples/couples.repo.js';
import { sniffAudio } from './audio.js';
import type { Journal, JournalCreate, JournalUpdate, VoiceNote } from './journals.schemas.js';
import { analyzeJournalJob } from './analyze-journal.job.js';
import { transcribeVoiceNoteJob } from './transcribe-voice-note.job.js';
import { iso } from '../../../core/iso.js';

export function presentJournal(j: JournalRow): Static<typeof Journal> {
  return {
    id: j.id,
    user_id: j.userId,
    couple_id: j.coupleId,
    content: j.content,
    visibility: j.visibility,
    sentiment_score: j.sentimentScore,
    themes: j.themes ?? null,
    created_at: j.createdAt.toISOString(),
    updated_at: iso(j.updatedAt),
  };
}

export async function createJournal(ctx: ProductContext, userId: string, body: Static<typeof JournalCreate>) {
  const coupleId = await coupleIdOf(ctx.db.dz, userId);
  const j = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertJournal(tx.dz, { userId, coupleId, content: body.content, visibility: body.visibility ?? 'private' });
    // Same transaction: the job exists exactly when the entry does.
    await analyzeJournalJob.enqueue(ctx, { journalId: row.id, version: row.contentVersion }, { tx });
    return row;
  });
  return presentJournal(j);
}

export async function listJournals(ctx: ProductContext, userId: string, limit: number, offset: number) {
  return (await repo.listOwnJournals(ctx.db.dz, userId, limit, offset)).map(presentJournal);
}

/**
 * The couple's shared entries, mine and my partner's; private entries never appear. Scoped by the entry's couple
 * (as voice notes are), so a new partner never reads what was shared with a former one.
 */
export async function sharedJournals(ctx: ProductContext, userId: string, limit: number, offset: number) {
  const m = await findActiveMembership(ctx.db.dz, userId);
  return (await repo.listSharedJournals(ctx.db.dz, m ? { coupleId: m.coupleId } : { userId }, limit, offset)).map(presentJournal);
}

async function own(ctx: ProductContext, userId: string, id: string): Promise<JournalRow> {
  const j = await repo.findOwnJournal(ctx.db.dz, userId, id);
  if (!j) throw notFound('Journal not found');
  return j;
}

export async function getJournal(ctx: ProductContext, userId: string, id: string) {
  return presentJournal(await own(ctx, userId, id));
}

export async function updateJournal(ctx: ProductContext, userId: string, id: string, body: Static<typeof JournalUpdate>) {
  const j = await own(ctx, userId, id);
  const contentChanged = body.content !== undefined && body.content !== j.content;
  // Nothing to change: no write (as the seed's ORM, which skips an UPDATE without changes).
  if (!contentChanged && !body.visibility) return presentJournal(j);
  const updated = await ctx.db.transaction(async (tx) => {
    const row = await repo.updateJournal(tx.dz, j.id, {
      ...(body.visibility ? { visibility: body.visibility } : {}),
      ...(contentChanged ? { content: body.content!, contentVersion: j.contentVersion + 1, sentimentScore: null, themes: null } : {}),
    });
    if (contentChanged) await analyzeJournalJob.enqueue(ctx, { journalId: row.id, version: row.contentVersion }, { tx });
    return row;
  });
  return presentJournal(updated);
}

export async function deleteJournal(ctx: ProductContext, userId: string, id: string): Promise<void> {
  const j = await own(ctx, userId, id);
  await repo.deleteJournal(ctx.db.dz, j.id);
}

// Voice notes.

export const AUDIO_TYPES = new Set([
  'audio/mpeg',
  'audio/mp3',
  'audio/mp4',
  'audio/x-m4a',
  'audio/m4a',
  'audio/aac',
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/webm',
  'audio/ogg',
  'audio/opus',
  'audio/flac',
  'audio/x-flac',
  'audio/amr',
  'audio/3gpp',
  'video/webm',
]);

export function presentVoiceNote(v: VoiceNoteRow, base: string): Static<typeof VoiceNote> {
  return {
    id: v.id,
    user_id: v.userId,
    content_type: v.contentType,
    size_bytes: v.sizeBytes,
    duration_seconds: v.durationSeconds,
    transcript: v.transcript,
    transcript_status: v.transcriptStatus,
    visibility: v.visibility,
    download_url: `${base}/journals/voice-notes/${v.id}/download`,
    created_at: v.createdAt.toISOString(),
    updated_at: iso(v.updatedAt),
  };
}

/** A voice file written to storage, not yet recorded. */
export interface StoredVoiceFile {
  id: string;
  key: string;
  mime: string;
  sizeBytes: number;
  durationSeconds: number | null;
}

const HEAD_BYTES = 256 * 1024;
const TAIL_BYTES = 64 * 1024;

/**
 * Streams an uploaded file to storage as it arrives — never held whole in memory — checking on the way that it is
 * audio (its first bytes), that it fits the user's quota (COUPLE_COMPASS_VOICE_NOTE_QUOTA_BYTES, against what they
 * stored before this upload started) and that the upload limit did not cut it short. Any failure leaves no file.
 */
export async function storeVoiceFile(
  ctx: ProductContext,
  userId: string,
  file: Readable & { truncated?: boolean },
  declaredType: string,
): Promise<StoredVoiceFile> {
  const mime = declaredType.split(';')[0]!.trim().toLowerCase();
  const refuse = (e: AppError) => {
    file.resume(); // drain the rest so the request completes
    return e;
  };
  if (!AUDIO_TYPES.has(mime)) throw refuse(new AppError('unsupported_media_type', 415, `Unsupported file type ${mime}: upload an audio file`));
  const quota = settingsOf(ctx).VOICE_NOTE_QUOTA_BYTES;
  const room = quota === 0 ? Infinity : quota - (await repo.voiceBytesOf(ctx.db.dz, userId));
  const overQuota = () => new AppError('quota_exceeded', 413, `Your voice notes may use ${quota} bytes in all; delete some to upload more`);
  if (room <= 0) throw refuse(overQuota());

  const head: Buffer[] = [];
  let headBytes = 0;
  let tail = Buffer.alloc(0);
  let total = 0;
  /** Every chunk passes here: the size against the quota, the first bytes (format) and the last (MP4 header). */
  const account = (chunk: Buffer) => {
    total += chunk.length;
    if (total > room) throw overQuota();
    if (headBytes < HEAD_BYTES) {
      head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
      headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
    }
    tail = Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
  };

  // The first bytes say what the file is (and its name in storage) before anything is written.
  const chunks = (file as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let ended = false;
  try {
    while (headBytes < 12) {
      const r = await chunks.next();
      if (r.done) {
        ended = true;
        break;
      }
      account(r.value);
      first.push(r.value);
    }
  } catch (e) {
    throw e instanceof AppError ? refuse(e) : e;
  }
  const format = sniffAudio(Buffer.concat(head));
  if (!format) throw refuse(new AppError('unsupported_media_type', 415, 'The file is not a recognised audio format'));
  async function* rest(): AsyncGenerator<Buffer> {
    yield* first;
    while (!ended) {
      const r = await chunks.next();
      if (r.done) break;
      account(r.value);
      yield r.value;
    }
    if (file.truncated) throw new AppError('file_too_large', 413, `The file is larger than ${ctx.config.uploadLimit} bytes`);
  }

  const id = randomUUID();
  const key = `couple-compass/voice-notes/${userId}/${id}.${format.extension}`;
  try {
    await ctx.storage.put(key, Readable.from(rest()), mime);
  } catch (e) {
    file.resume();
    await ctx.storage.delete(key).catch(() => undefined);
    throw e;
  }
  const info = sniffAudio(Buffer.concat(head), { total, tail })!;
  return { id, key, mime, sizeBytes: total, durationSeconds: info.durationSeconds };
}

/** Records a stored voice file (and its transcription job); the file is deleted if that fails. */
export async function saveVoiceNote(ctx: ProductContext, userId: string, f: StoredVoiceFile, visibility: 'private' | 'shared', base: string) {
  const coupleId = await coupleIdOf(ctx.db.dz, userId);
  try {
    const v = await ctx.db.transaction(async (tx) => {
      const row = await repo.insertVoiceNote(tx.dz, {
        id: f.id,
        userId,
        coupleId,
        s3Url: f.key,
        contentType: f.mime,
        sizeBytes: f.sizeBytes,
        durationSeconds: f.durationSeconds,
        visibility,
      });
      await transcribeVoiceNoteJob.enqueue(ctx, { voiceNoteId: row.id }, { tx });
      return row;
    });
    return presentVoiceNote(v, base);
  } catch (e) {
    await discardVoiceFile(ctx, f); // no orphaned file when the row didn't commit
    throw e;
  }
}

export async function discardVoiceFile(ctx: ProductContext, f: StoredVoiceFile): Promise<void> {
  await ctx.storage.delete(f.key).catch((err: unknown) => ctx.log.warn({ err }, 'voice note file not deleted'));
}

/** The owner, or the partner when the note is shared. */
async function readable(ctx: ProductContext, userId: string, id: string): Promise<VoiceNoteRow> {
  const v = await repo.findVoiceNote(ctx.db.dz, id);
  if (!v) throw notFound('Voice note not found');
  if (v.userId === userId) return v;
  if (v.visibility === 'shared' && v.coupleId) {
    const m = await findActiveMembership(ctx.db.dz, userId);
    if (m && m.coupleId === v.coupleId) return v;
  }
  throw notFound('Voice note not found');
}

export async function listVoiceNotes(ctx: ProductContext, userId: string, limit: number, offset: number, base: string) {
  return (await repo.listVoiceNotes(ctx.db.dz, userId, limit, offset)).map((v) => presentVoiceNote(v, base));
}

export async function getVoiceNote(ctx: ProductContext, userId: string, id: string, base: string) {
  return presentVoiceNote(await readable(ctx, userId, id), base);
}

export async function openVoiceNote(ctx: ProductContext, userId: string, id: string) {
  const v = await readable(ctx, userId, id);
  const obj = await ctx.storage.get(v.s3Url);
  if (!obj) throw notFound('Voice note file not found');
  return { ...obj, contentType: v.contentType, filename: v.s3Url.split('/').pop()! };
}

export async function deleteVoiceNote(ctx: ProductContext, userId: string, id: string): Promise<void> {
  const v = await repo.findVoiceNote(ctx.db.dz, id);
  if (!v || v.userId !== userId) throw notFound('Voice note not found');
  await repo.deleteVoiceNote(ctx.db.dz, v.id);
  await ctx.storage.delete(v.s3Url).catch((err: unknown) => ctx.log.warn({ err }, 'voice note file not deleted'));
}
