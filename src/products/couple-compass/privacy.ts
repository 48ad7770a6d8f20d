// What Couple Compass stores about a user, for export and erasure.
import { eq, or } from 'drizzle-orm';
import type { Dz } from '../../core/db/connect.js';
import type { ProductContext } from '../../core/product.js';
import { chatMessages, chatSessions, journals, moodCheckins, profiles, quizResults, relationshipAssessments, userTips, voiceNotes } from './db.js';
import * as couples from './couples.repo.js';

export async function exportUserData(ctx: ProductContext, userId: string): Promise<Record<string, unknown>> {
  const dz = ctx.db.dz;
  const [profile, moods, entries, notes, results, assessments, tipsGiven, sessions] = await Promise.all([
    dz.select().from(profiles).where(eq(profiles.userId, userId)),
    dz.select().from(moodCheckins).where(eq(moodCheckins.userId, userId)),
    dz.select().from(journals).where(eq(journals.userId, userId)),
    dz.select().from(voiceNotes).where(eq(voiceNotes.userId, userId)),
    dz.select().from(quizResults).where(eq(quizResults.userId, userId)),
    dz.select().from(relationshipAssessments).where(eq(relationshipAssessments.userId, userId)),
    dz.select().from(userTips).where(eq(userTips.userId, userId)),
    dz.select().from(chatSessions).where(or(eq(chatSessions.ownerId, userId), eq(chatSessions.partnerId, userId))),
  ]);
  const messages = await dz.select().from(chatMessages).where(eq(chatMessages.senderId, userId));
  const membership = await couples.findActiveMembership(dz, userId);
  return {
    profile: profile[0] ?? null,
    couple: membership ?? null,
    moods,
    journals: entries,
    voice_notes: notes.map((n) => ({ ...n, s3Url: undefined })),
    quiz_results: results,
    relationship_assessments: assessments,
    tips: tipsGiven,
    chat_sessions: sessions,
    chat_messages: messages,
  };
}

/** Rows keyed to the user cascade with the identity row; a live couple is ended so the partner is freed. */
export async function eraseUserData(ctx: ProductContext, userId: string, dz: Dz): Promise<() => Promise<void>> {
  const m = await couples.findActiveMembership(dz, userId);
  if (m) {
    await couples.updateCouple(dz, m.coupleId, { status: 'ended' });
    await couples.releaseMembers(dz, m.coupleId);
  }
  const notes = await dz.select({ key: voiceNotes.s3Url }).from(voiceNotes).where(eq(voiceNotes.userId, userId));
  // Files go after the commit: storage is an outside call.
  return async () => {
    for (const n of notes) await ctx.storage.delete(n.key).catch((err: unknown) => ctx.log.warn({ err }, 'voice note file not erased'));
  };
}
