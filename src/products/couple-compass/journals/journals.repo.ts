// Journals and voice notes.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { journals, voiceNotes, type JournalRow, type VoiceNoteRow } from '../db.js';

export async function insertJournal(dz: Dz, j: typeof journals.$inferInsert): Promise<JournalRow> {
  return (await dz.insert(journals).values(j).returning())[0]!;
}

export async function findOwnJournal(dz: Dz, userId: string, id: string): Promise<JournalRow | undefined> {
  return (
    await dz
      .select()
      .from(journals)
      .where(and(eq(journals.id, id), eq(journals.userId, userId)))
      .limit(1)
  )[0];
}

export async function findJournal(dz: Dz, id: string): Promise<JournalRow | undefined> {
  return (await dz.select().from(journals).where(eq(journals.id, id)).limit(1))[0];
}

export async function listOwnJournals(dz: Dz, userId: string, limit: number, offset: number): Promise<JournalRow[]> {
  return dz.select().from(journals).where(eq(journals.userId, userId)).orderBy(desc(journals.createdAt)).limit(limit).offset(offset);
}

/**
 * Shared entries of one couple (written while its members were together), or a single user's own shared entries.
 * Never a private one, and never one shared with a former partner.
 */
export async function listSharedJournals(dz: Dz, scope: { coupleId: string } | { userId: string }, limit: number, offset: number): Promise<JournalRow[]> {
  return dz
    .select()
    .from(journals)
    .where(and('coupleId' in scope ? eq(journals.coupleId, scope.coupleId) : eq(journals.userId, scope.userId), eq(journals.visibility, 'shared')))
    .orderBy(desc(journals.createdAt))
    .limit(limit)
    .offset(offset);
}

export async function recentJournals(dz: Dz, userId: string, n: number): Promise<JournalRow[]> {
  return dz.select().from(journals).where(eq(journals.userId, userId)).orderBy(desc(journals.createdAt)).limit(n);
}

export async function updateJournal(dz: Dz, id: string, patch: Partial<typeof journals.$inferInsert>): Promise<JournalRow> {
  return (await dz.update(journals).set(patch).where(eq(journals.id, id)).returning())[0]!;
}

/** Stores an analysis only if the text is still the one that was analysed. */
export async function saveAnalysis(dz: Dz, id: string, version: number, a: { sentiment: number; themes: string[] }): Promise<boolean> {
  const rows = await dz
    .update(journals)
    .set({ sentimentScore: a.sentiment, themes: a.themes })
    .where(and(eq(journals.id, id), eq(journals.contentVersion, version)))
    .returning({ id: journals.id });
  return rows.length === 1;
}

export async function deleteJournal(dz: Dz, id: string): Promise<void> {
  await dz.delete(journals).where(eq(journals.id, id));
}

export async function insertVoiceNote(dz: Dz, v: typeof voiceNotes.$inferInsert): Promise<VoiceNoteRow> {
  return (await dz.insert(voiceNotes).values(v).returning())[0]!;
}

export async function findVoiceNote(dz: Dz, id: string): Promise<VoiceNoteRow | undefined> {
  return (await dz.select().from(voiceNotes).where(eq(voiceNotes.id, id)).limit(1))[0];
}

export async function listVoiceNotes(dz: Dz, userId: string, limit: number, offset: number): Promise<VoiceNoteRow[]> {
  return dz.select().from(voiceNotes).where(eq(voiceNotes.userId, userId)).orderBy(desc(voiceNotes.createdAt)).limit(limit).offset(offset);
}

export async function saveTranscript(dz: Dz, id: string, transcript: string, status: string): Promise<void> {
  await dz.update(voiceNotes).set({ transcript, transcriptStatus: status }).where(eq(voiceNotes.id, id));
}

export async function deleteVoiceNote(dz: Dz, id: string): Promise<void> {
  await dz.delete(voiceNotes).where(eq(voiceNotes.id, id));
}

/** Bytes of voice notes the user has stored (their quota counts them). */
export async function voiceBytesOf(dz: Dz, userId: string): Promise<number> {
  const [row] = await dz
    .select({ n: sql<number>`coalesce(sum(${voiceNotes.sizeBytes}), 0)`.mapWith(Number) })
    .from(voiceNotes)
    .where(eq(voiceNotes.userId, userId));
  return row!.n;
}
