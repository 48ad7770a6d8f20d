// Mood check-ins.
import { and, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { prepared } from '../../../core/db/prepared.js';
import { moodCheckins, type MoodRow } from '../db.js';

type NewMood = { userId: string; coupleId: string | null; moodLevel: number; notes: string | null; contextTags: string[] | null; checkinDate: string };

export async function insertMood(dz: Dz, m: NewMood): Promise<MoodRow> {
  const q = prepared(dz, 'cc_insert_mood', (d) =>
    d
      .insert(moodCheckins)
      .values({
        userId: sql.placeholder('userId'),
        coupleId: sql.placeholder('coupleId'),
        moodLevel: sql.placeholder('moodLevel'),
        notes: sql.placeholder('notes'),
        contextTags: sql.placeholder('contextTags'),
        checkinDate: sql.placeholder('checkinDate'),
        // Set in SQL: a value computed here would be frozen into the prepared statement.
        updatedAt: sql`now()`,
      })
      .returning()
      .prepare('cc_insert_mood'),
  );
  return (await q.execute(m))[0]!;
}

export async function updateMood(dz: Dz, id: string, patch: Partial<typeof moodCheckins.$inferInsert>): Promise<MoodRow> {
  return (await dz.update(moodCheckins).set(patch).where(eq(moodCheckins.id, id)).returning())[0]!;
}

export async function listMoods(dz: Dz, userId: string, limit: number, offset: number, sinceDay?: string): Promise<MoodRow[]> {
  return dz
    .select()
    .from(moodCheckins)
    .where(and(eq(moodCheckins.userId, userId), sinceDay ? gte(moodCheckins.checkinDate, sinceDay) : undefined))
    .orderBy(desc(moodCheckins.createdAt))
    .limit(limit)
    .offset(offset);
}

/** Check-ins made from `since` on, newest first (a partner sees only those since the link). */
export async function listMoodsSince(dz: Dz, userId: string, since: Date, limit: number, offset: number): Promise<MoodRow[]> {
  return dz
    .select()
    .from(moodCheckins)
    .where(and(eq(moodCheckins.userId, userId), gte(moodCheckins.createdAt, since)))
    .orderBy(desc(moodCheckins.createdAt))
    .limit(limit)
    .offset(offset);
}

export async function countMoods(dz: Dz, userId: string, sinceDay?: string): Promise<number> {
  return (
    await dz
      .select({ n: count() })
      .from(moodCheckins)
      .where(and(eq(moodCheckins.userId, userId), sinceDay ? gte(moodCheckins.checkinDate, sinceDay) : undefined))
  )[0]!.n;
}

export async function latestOnDay(dz: Dz, userId: string, day: string): Promise<MoodRow | undefined> {
  return (
    await dz
      .select()
      .from(moodCheckins)
      .where(and(eq(moodCheckins.userId, userId), eq(moodCheckins.checkinDate, day)))
      .orderBy(desc(moodCheckins.createdAt))
      .limit(1)
  )[0];
}

/** Distinct check-in days, newest first (streaks). */
export async function checkinDays(dz: Dz, userId: string): Promise<string[]> {
  const rows = await dz
    .selectDistinct({ day: moodCheckins.checkinDate })
    .from(moodCheckins)
    .where(eq(moodCheckins.userId, userId))
    .orderBy(desc(moodCheckins.checkinDate))
    .limit(3660);
  return rows.map((r) => r.day);
}

/** Serialises one user's "check in today" calls inside a transaction (the client allows one per day). */
export async function lockUser(dz: Dz, userId: string): Promise<void> {
  await dz.execute(sql`select pg_advisory_xact_lock(hashtext(${'cc-mood:' + userId}))`);
}
