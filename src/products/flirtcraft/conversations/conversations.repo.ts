// Conversations and their messages.
import { and, asc, count, desc, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { conversations, messages, type ConversationRow, type MessageRow } from '../db.js';

export type NewConversation = typeof conversations.$inferInsert;
export type NewMessage = typeof messages.$inferInsert;

export async function countStartedSince(dz: Dz, userId: string, since: Date): Promise<number> {
  const [r] = await dz
    .select({ n: count() })
    .from(conversations)
    .where(and(eq(conversations.userId, userId), gte(conversations.startTime, since)));
  return r?.n ?? 0;
}

export async function insertConversation(dz: Dz, c: NewConversation): Promise<ConversationRow> {
  const [row] = await dz.insert(conversations).values(c).returning();
  return row!;
}

export async function findOwned(dz: Dz, id: string, userId: string): Promise<ConversationRow | undefined> {
  const [c] = await dz
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.userId, userId)));
  return c;
}

/** The conversation row locked until the transaction ends: message orders and the end are decided under it. */
export async function lockOwned(dz: Dz, id: string, userId: string): Promise<ConversationRow | undefined> {
  const [c] = await dz
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
    .for('update');
  return c;
}

export async function lockById(dz: Dz, id: string): Promise<ConversationRow | undefined> {
  const [c] = await dz.select().from(conversations).where(eq(conversations.id, id)).for('update');
  return c;
}

export async function updateConversation(dz: Dz, id: string, patch: Partial<NewConversation>): Promise<ConversationRow> {
  const [c] = await dz.update(conversations).set(patch).where(eq(conversations.id, id)).returning();
  return c!;
}

export async function listOwned(
  dz: Dz,
  userId: string,
  q: { status?: string | undefined; limit: number; offset: number },
): Promise<{ rows: ConversationRow[]; total: number }> {
  const where = and(eq(conversations.userId, userId), q.status ? eq(conversations.status, q.status as ConversationRow['status']) : undefined);
  const rows = await dz
    .select()
    .from(conversations)
    .where(where)
    .orderBy(desc(conversations.startTime), desc(conversations.id))
    .limit(q.limit)
    .offset(q.offset);
  const [t] = await dz.select({ n: count() }).from(conversations).where(where);
  return { rows, total: t?.n ?? 0 };
}

export function messagesOf(dz: Dz, conversationId: string): Promise<MessageRow[]> {
  return dz.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.messageOrder));
}

export async function insertMessages(dz: Dz, rows: NewMessage[]): Promise<MessageRow[]> {
  return dz.insert(messages).values(rows).returning();
}

/** Marks active conversations without activity since `before` as abandoned; returns them. */
export async function abandonStale(dz: Dz, before: Date): Promise<{ id: string; userId: string; scenarioType: string; totalMessages: number }[]> {
  return dz
    .update(conversations)
    .set({ status: 'abandoned' })
    .where(and(eq(conversations.status, 'active'), lt(conversations.lastActivityAt, before)))
    .returning({ id: conversations.id, userId: conversations.userId, scenarioType: conversations.scenarioType, totalMessages: conversations.totalMessages });
}

/** What achievements are counted from: the user's conversations already counted by the progress job. */
export async function countedStats(dz: Dz, userId: string, weekFrom: Date, weekTo: Date) {
  const [r] = await dz
    .select({
      completed: count(),
      golds: sql<number>`count(*) FILTER (WHERE ${conversations.outcomeLevel} = 'gold')`.mapWith(Number),
      reds: sql<number>`count(*) FILTER (WHERE ${conversations.difficultyLevel} = 'red')`.mapWith(Number),
      thisWeek:
        sql<number>`count(*) FILTER (WHERE ${conversations.endTime} >= ${weekFrom.toISOString()}::timestamptz AND ${conversations.endTime} < ${weekTo.toISOString()}::timestamptz)`.mapWith(
          Number,
        ),
      scenarios: sql<string[]>`coalesce(array_agg(DISTINCT ${conversations.scenarioType}), '{}')`,
    })
    .from(conversations)
    .where(and(eq(conversations.userId, userId), isNotNull(conversations.progressAppliedAt)));
  return { completed: r?.completed ?? 0, golds: r?.golds ?? 0, reds: r?.reds ?? 0, thisWeek: r?.thisWeek ?? 0, scenarios: new Set(r?.scenarios ?? []) };
}

/** Counted conversations (other than `exceptId`) ended in [from, to), and of one scenario type ever. */
export async function countedBefore(dz: Dz, userId: string, exceptId: string, dayFrom: Date, dayTo: Date, scenarioType: string) {
  const [r] = await dz
    .select({
      sameDay:
        sql<number>`count(*) FILTER (WHERE ${conversations.endTime} >= ${dayFrom.toISOString()}::timestamptz AND ${conversations.endTime} < ${dayTo.toISOString()}::timestamptz)`.mapWith(
          Number,
        ),
      sameScenario: sql<number>`count(*) FILTER (WHERE ${conversations.scenarioType} = ${scenarioType})`.mapWith(Number),
    })
    .from(conversations)
    .where(and(eq(conversations.userId, userId), isNotNull(conversations.progressAppliedAt), sql`${conversations.id} <> ${exceptId}`));
  return { sameDay: r?.sameDay ?? 0, sameScenario: r?.sameScenario ?? 0 };
}

export function allOwned(dz: Dz, userId: string) {
  return dz.select().from(conversations).where(eq(conversations.userId, userId)).orderBy(asc(conversations.startTime));
}
