// What Couple Compass stores about a user, for GDPR export (their own data, nothing of their partner's) and erasure
// (everything they wrote, shared chats included).
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import type { ProductContext } from '../../../core/product.js';
import type { PrivacyHandler } from '../../../core/privacy/registry.js';
import {
  chatMessages,
  chatSessions,
  coupleMembers,
  couples,
  journals,
  moodCheckins,
  profiles,
  quizResults,
  relationshipAssessments,
  tips,
  userTips,
  voiceNotes,
} from '../db.js';
import { findActiveMembership } from '../couples/couples.repo.js';
import { closeChatSockets, endCouple } from '../couples/couples.service.js';

export function coupleCompassPrivacy(ctx: ProductContext): PrivacyHandler {
  return { export: (userId) => exportUserData(ctx.db.dz, userId), erase: (userId, dz) => eraseUserData(ctx, userId, dz) };
}

/**
 * My rows, as they are stored. From chats: the sessions I own (a summary only where nobody else wrote — it may quote
 * them), my own messages anywhere, and the AI's answers in sessions only I wrote in; never another person's words,
 * name or e-mail.
 */
export async function exportUserData(dz: Dz, userId: string): Promise<Record<string, unknown>> {
  const othersWrote = sql<boolean>`exists (select 1 from ${chatMessages} m where m.session_id = ${chatSessions.id} and m.sender_id is not null and m.sender_id <> ${userId})`;
  const [profile, moods, entries, notes, results, assessments, tipsGiven, sessions, couplesOfMine] = await Promise.all([
    dz.select().from(profiles).where(eq(profiles.userId, userId)),
    dz.select().from(moodCheckins).where(eq(moodCheckins.userId, userId)),
    dz.select().from(journals).where(eq(journals.userId, userId)),
    dz.select().from(voiceNotes).where(eq(voiceNotes.userId, userId)),
    dz.select().from(quizResults).where(eq(quizResults.userId, userId)),
    dz.select().from(relationshipAssessments).where(eq(relationshipAssessments.userId, userId)),
    dz
      .select({
        id: userTips.id,
        status: userTips.status,
        viewedAt: userTips.viewedAt,
        createdAt: userTips.createdAt,
        title: tips.title,
        content: tips.content,
      })
      .from(userTips)
      .innerJoin(tips, eq(tips.id, userTips.tipId))
      .where(eq(userTips.userId, userId)),
    dz
      .select({
        id: chatSessions.id,
        title: chatSessions.title,
        sessionType: chatSessions.sessionType,
        summary: chatSessions.summary,
        createdAt: chatSessions.createdAt,
        shared: othersWrote,
      })
      .from(chatSessions)
      .where(eq(chatSessions.ownerId, userId)),
    dz
      .select({
        coupleId: coupleMembers.coupleId,
        role: coupleMembers.role,
        active: coupleMembers.active,
        joinedAt: coupleMembers.joinedAt,
        status: couples.status,
      })
      .from(coupleMembers)
      .innerJoin(couples, eq(couples.id, coupleMembers.coupleId))
      .where(eq(coupleMembers.userId, userId)),
  ]);
  const soloSessions = sessions.filter((s) => !s.shared).map((s) => s.id);
  const messages = await dz
    .select({
      id: chatMessages.id,
      sessionId: chatMessages.sessionId,
      role: chatMessages.role,
      content: chatMessages.content,
      createdAt: chatMessages.createdAt,
    })
    .from(chatMessages)
    .where(
      or(
        eq(chatMessages.senderId, userId),
        soloSessions.length ? and(isNull(chatMessages.senderId), inArray(chatMessages.sessionId, soloSessions)) : undefined,
      ),
    );
  return {
    profile: profile[0] ?? null,
    couples: couplesOfMine,
    moods,
    journals: entries,
    voice_notes: notes.map(({ s3Url: _key, ...n }) => n),
    quiz_results: results,
    relationship_assessments: assessments,
    tips: tipsGiven,
    chat_sessions: sessions.map(({ shared, summary, ...s }) => ({ ...s, summary: shared ? null : summary })),
    chat_messages: messages,
  };
}

/**
 * Inside the erase transaction: a live couple ends (the partner is free, shared chats are unshared), my messages go
 * from every chat (the sessions keep their counts right); rows keyed to me go with my account. After the commit my
 * partner's and my chat sockets close and my voice files are deleted.
 */
export async function eraseUserData(ctx: ProductContext, userId: string, dz: Dz): Promise<() => Promise<void>> {
  const m = await findActiveMembership(dz, userId);
  const members = m ? await endCouple(dz, m.coupleId) : [];
  const touched = await dz.selectDistinct({ id: chatMessages.sessionId }).from(chatMessages).where(eq(chatMessages.senderId, userId));
  await dz.delete(chatMessages).where(eq(chatMessages.senderId, userId));
  const others = touched.map((s) => s.id);
  if (others.length) {
    await dz
      .update(chatSessions)
      .set({ messageCount: sql`(select count(*) from ${chatMessages} where ${chatMessages.sessionId} = ${chatSessions.id})::int` })
      .where(and(inArray(chatSessions.id, others), ne(chatSessions.ownerId, userId)));
  }
  const notes = await dz.select({ key: voiceNotes.s3Url }).from(voiceNotes).where(eq(voiceNotes.userId, userId));
  // Files go after the commit: storage is an outside call.
  return async () => {
    closeChatSockets(ctx, members.length ? members : [userId]);
    for (const n of notes) await ctx.storage.delete(n.key).catch((err: unknown) => ctx.log.warn({ err }, 'voice note file not erased'));
  };
}
