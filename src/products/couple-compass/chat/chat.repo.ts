// Chat sessions, messages and partner invitations.
import { and, asc, count, desc, eq, gt, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Dz } from '../../../core/db/connect.js';
import {
  chatInvitations,
  chatMessages,
  chatSessions,
  coupleMembers,
  profiles,
  type ChatInvitationRow,
  type ChatMessageRow,
  type ChatSessionRow,
} from '../db.js';

/** `a` and `b` are members of the same live couple right now (re-checked on every read of a shared chat). */
const stillPartners = (a: AnyPgColumn, b: string) => sql`exists (
  select 1 from ${coupleMembers} m1 join ${coupleMembers} m2 on m2.couple_id = m1.couple_id
   where m1.user_id = ${a} and m1.active and m2.user_id = ${b} and m2.active)`;

/** Sessions I own, and sessions I joined while their owner is still my partner. */
const visibleTo = (userId: string) =>
  or(eq(chatSessions.ownerId, userId), and(eq(chatSessions.partnerId, userId), stillPartners(chatSessions.ownerId, userId)));

export async function insertSession(dz: Dz, s: typeof chatSessions.$inferInsert): Promise<ChatSessionRow> {
  return (await dz.insert(chatSessions).values(s).returning())[0]!;
}

/** A session the user owns or has joined as the partner. */
export async function findSessionFor(dz: Dz, userId: string, id: string): Promise<ChatSessionRow | undefined> {
  return (
    await dz
      .select()
      .from(chatSessions)
      .where(and(eq(chatSessions.id, id), or(eq(chatSessions.ownerId, userId), eq(chatSessions.partnerId, userId))))
      .limit(1)
  )[0];
}

export async function listSessionsFor(dz: Dz, userId: string, limit: number, offset: number): Promise<ChatSessionRow[]> {
  return dz
    .select()
    .from(chatSessions)
    .where(visibleTo(userId))
    .orderBy(desc(sql`coalesce(${chatSessions.lastMessageAt}, ${chatSessions.createdAt})`))
    .limit(limit)
    .offset(offset);
}

export async function updateSession(dz: Dz, id: string, patch: Partial<typeof chatSessions.$inferInsert>): Promise<ChatSessionRow> {
  return (await dz.update(chatSessions).set(patch).where(eq(chatSessions.id, id)).returning())[0]!;
}

export async function deleteSession(dz: Dz, id: string): Promise<void> {
  await dz.delete(chatSessions).where(eq(chatSessions.id, id));
}

export async function insertMessage(dz: Dz, m: typeof chatMessages.$inferInsert): Promise<ChatMessageRow> {
  const row = (await dz.insert(chatMessages).values(m).returning())[0]!;
  await dz
    .update(chatSessions)
    .set({ messageCount: sql`${chatSessions.messageCount} + 1`, lastMessageAt: row.createdAt })
    .where(eq(chatSessions.id, m.sessionId));
  return row;
}

export async function listMessages(dz: Dz, sessionId: string, limit: number, offset: number): Promise<ChatMessageRow[]> {
  return dz
    .select()
    .from(chatMessages)
    .where(eq(chatMessages.sessionId, sessionId))
    .orderBy(asc(chatMessages.createdAt), asc(chatMessages.id))
    .limit(limit)
    .offset(offset);
}

/** The newest `n` messages, oldest first (the AI's context window). */
export async function lastMessages(dz: Dz, sessionId: string, n: number): Promise<ChatMessageRow[]> {
  const rows = await dz.select().from(chatMessages).where(eq(chatMessages.sessionId, sessionId)).orderBy(desc(chatMessages.createdAt)).limit(n);
  return rows.reverse();
}

export async function countMessages(dz: Dz, sessionId: string): Promise<number> {
  return (await dz.select({ n: count() }).from(chatMessages).where(eq(chatMessages.sessionId, sessionId)))[0]!.n;
}

export async function statsFor(dz: Dz, userId: string, since: Date) {
  const mine = visibleTo(userId);
  const [row] = await dz
    .select({
      sessions: count(),
      couple: sql<number>`count(*) filter (where ${chatSessions.partnerId} is not null)`.mapWith(Number),
      active: sql<number>`count(*) filter (where coalesce(${chatSessions.lastMessageAt}, ${chatSessions.createdAt}) >= ${since})`.mapWith(Number),
    })
    .from(chatSessions)
    .where(mine);
  const [msgs] = await dz
    .select({
      people: sql<number>`count(*) filter (where ${chatMessages.role} = 'user')`.mapWith(Number),
      ai: sql<number>`count(*) filter (where ${chatMessages.role} = 'assistant')`.mapWith(Number),
    })
    .from(chatMessages)
    .innerJoin(chatSessions, eq(chatSessions.id, chatMessages.sessionId))
    .where(mine);
  return { ...row!, messages: msgs!.people, aiMessages: msgs!.ai };
}

export async function insertInvitation(dz: Dz, i: typeof chatInvitations.$inferInsert): Promise<ChatInvitationRow> {
  return (await dz.insert(chatInvitations).values(i).returning())[0]!;
}

export async function expireStaleInvitations(dz: Dz, sessionId: string, now: Date): Promise<void> {
  await dz
    .update(chatInvitations)
    .set({ status: 'expired' })
    .where(and(eq(chatInvitations.sessionId, sessionId), eq(chatInvitations.status, 'pending'), sql`${chatInvitations.expiresAt} <= ${now}`));
}

export async function pendingFor(dz: Dz, inviteeId: string, now: Date) {
  return dz
    .select({ inv: chatInvitations, session: chatSessions, inviterName: profiles.name })
    .from(chatInvitations)
    .innerJoin(chatSessions, eq(chatSessions.id, chatInvitations.sessionId))
    .leftJoin(profiles, eq(profiles.userId, chatInvitations.inviterId))
    .where(
      and(
        eq(chatInvitations.inviteeId, inviteeId),
        eq(chatInvitations.status, 'pending'),
        gt(chatInvitations.expiresAt, now),
        stillPartners(chatInvitations.inviterId, inviteeId),
      ),
    )
    .orderBy(desc(chatInvitations.createdAt));
}

export async function findInvitationForInvitee(dz: Dz, inviteeId: string, id: string) {
  return (
    await dz
      .select()
      .from(chatInvitations)
      .where(and(eq(chatInvitations.id, id), eq(chatInvitations.inviteeId, inviteeId)))
      .for('update')
      .limit(1)
  )[0];
}

export async function setInvitationStatus(dz: Dz, id: string, status: string, at: Date): Promise<ChatInvitationRow> {
  return (await dz.update(chatInvitations).set({ status, respondedAt: at }).where(eq(chatInvitations.id, id)).returning())[0]!;
}

/**
 * The end of a couple, inside its transaction: the members' shared sessions become their owners' own again and
 * invitations between them lapse.
 */
export async function unshareBetween(dz: Dz, memberIds: string[]): Promise<void> {
  if (memberIds.length < 2) return;
  await dz
    .update(chatSessions)
    .set({ partnerId: null, sessionType: 'ai_mediation' })
    .where(and(isNotNull(chatSessions.partnerId), inArray(chatSessions.ownerId, memberIds), inArray(chatSessions.partnerId, memberIds)));
  await dz
    .update(chatInvitations)
    .set({ status: 'expired' })
    .where(and(eq(chatInvitations.status, 'pending'), inArray(chatInvitations.inviterId, memberIds), inArray(chatInvitations.inviteeId, memberIds)));
}

/** The partner who joined this session, read again (it is cleared when the couple ends). */
export async function currentPartnerOf(dz: Dz, sessionId: string): Promise<string | null> {
  const [row] = await dz.select({ partnerId: chatSessions.partnerId }).from(chatSessions).where(eq(chatSessions.id, sessionId)).limit(1);
  return row?.partnerId ?? null;
}
