// Journals (analysed by a background job through the AI port) and voice notes (stored, then transcribed).
import type { Static } from '@sinclair/typebox';
import { randomUUID } from 'node:crypto';
import { AppError, notFound } from '../../core/http/errors.js';
import type { ProductContext } from '../../core/product.js';
import type { JournalRow, VoiceNoteRow } from './db.js';
import * as repo from './journals.repo.js';
import { coupleIdOf } from './couples.service.js';
import { findActiveMembership } from './couples.repo.js';
import { sniffAudio } from './audio.js';
import type { Journal, JournalCreate, JournalUpdate, VoiceNote } from './journals.schemas.js';
import { clampSentiment, cleanThemes } from '../../core/ai/port.js';

export const ANALYZE_JOURNAL = 'analyze-journal';
export const TRANSCRIBE_VOICE_NOTE = 'transcribe-voice-note';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

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
    await ctx.jobs.enqueue(ctx.jobName(ANALYZE_JOURNAL), { journalId: row.id, version: row.contentVersion }, { tx });
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
  const updated = await ctx.db.transaction(async (tx) => {
    const row = await repo.updateJournal(tx.dz, j.id, {
      ...(body.visibility ? { visibility: body.visibility } : {}),
      ...(contentChanged ? { content: body.content!, contentVersion: j.contentVersion + 1, sentimentScore: null, themes: null } : {}),
    });
    if (contentChanged) await ctx.jobs.enqueue(ctx.jobName(ANALYZE_JOURNAL), { journalId: row.id, version: row.contentVersion }, { tx });
    return row;
  });
  return presentJournal(updated);
}

export async function deleteJournal(ctx: ProductContext, userId: string, id: string): Promise<void> {
  const j = await own(ctx, userId, id);
  await repo.deleteJournal(ctx.db.dz, j.id);
}

/** The job: analyse outside any transaction, then store only if the text wasn't edited meanwhile. */
export async function analyzeJournalJob(ctx: ProductContext, data: { journalId: string; version: number }): Promise<string> {
  const j = await repo.findJournal(ctx.db.dz, data.journalId);
  if (!j) return 'journal deleted';
  if (j.contentVersion !== data.version) return 'superseded by a newer version';
  const a = await ctx.ai.analyzeText(j.content);
  const saved = await repo.saveAnalysis(ctx.db.dz, j.id, data.version, { sentiment: clampSentiment(a.sentiment), themes: cleanThemes(a.themes) });
  return saved ? 'analysed' : 'superseded by a newer version';
}

// Voice notes.

export const AUDIO_TYPES = new Set([
  'audio/mpeg', 'audio/mp3', 'audio/mp4', 'audio/x-m4a', 'audio/m4a', 'audio/aac', 'audio/wav', 'audio/x-wav', 'audio/wave',
  'audio/webm', 'audio/ogg', 'audio/opus', 'audio/flac', 'audio/x-flac', 'audio/amr', 'audio/3gpp', 'video/webm',
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

export async function createVoiceNote(
  ctx: ProductContext,
  userId: string,
  file: { buffer: Buffer; mimetype: string },
  visibility: 'private' | 'shared',
  base: string,
) {
  const mime = file.mimetype.split(';')[0]!.trim().toLowerCase();
  if (!AUDIO_TYPES.has(mime)) throw new AppError('unsupported_media_type', 415, `Unsupported file type ${mime}: upload an audio file`);
  const info = sniffAudio(file.buffer);
  if (!info) throw new AppError('unsupported_media_type', 415, 'The file is not a recognised audio format');
  const id = randomUUID();
  const key = `couple-compass/voice-notes/${userId}/${id}.${info.extension}`;
  await ctx.storage.put(key, file.buffer, mime);
  const coupleId = await coupleIdOf(ctx.db.dz, userId);
  try {
    const v = await ctx.db.transaction(async (tx) => {
      const row = await repo.insertVoiceNote(tx.dz, {
        id,
        userId,
        coupleId,
        s3Url: key,
        contentType: mime,
        sizeBytes: file.buffer.length,
        durationSeconds: info.durationSeconds,
        visibility,
      });
      await ctx.jobs.enqueue(ctx.jobName(TRANSCRIBE_VOICE_NOTE), { voiceNoteId: row.id }, { tx });
      return row;
    });
    return presentVoiceNote(v, base);
  } catch (e) {
    await ctx.storage.delete(key).catch(() => undefined); // no orphaned file when the row didn't commit
    throw e;
  }
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

export async function transcribeJob(ctx: ProductContext, data: { voiceNoteId: string }): Promise<string> {
  const v = await repo.findVoiceNote(ctx.db.dz, data.voiceNoteId);
  if (!v) return 'voice note deleted';
  const obj = await ctx.storage.get(v.s3Url);
  if (!obj) {
    await repo.saveTranscript(ctx.db.dz, v.id, '', 'failed');
    return 'file missing';
  }
  const chunks: Buffer[] = [];
  for await (const c of obj.body) chunks.push(c as Buffer);
  const text = await ctx.ai.transcribe(Buffer.concat(chunks), v.contentType);
  await repo.saveTranscript(ctx.db.dz, v.id, text, 'completed');
  return 'transcribed';
}
