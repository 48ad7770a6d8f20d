// XP awards, achievements and the progress row: every award keyed so that it can be counted only once.
import { and, desc, eq, gte, sql, sum } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { progress, userAchievements, xpEvents } from '../db.js';
import { levelFor } from './rules.js';

export interface XpAward {
  userId: string;
  source: string;
  points: number;
  /** Unique per user: the same award (a conversation's completion, a day's streak bonus) is never counted twice. */
  dedupeKey: string;
  at: Date;
  conversationId?: string | null;
}

export interface XpResult {
  awarded: boolean;
  xp: number;
  level: number;
  levelBefore: number;
}

/** Records the award once and adds it to the progress row (inside the caller's transaction). */
export async function awardXp(dz: Dz, a: XpAward): Promise<XpResult> {
  const inserted = await dz
    .insert(xpEvents)
    .values({ userId: a.userId, source: a.source, points: a.points, dedupeKey: a.dedupeKey, conversationId: a.conversationId ?? null, createdAt: a.at })
    .onConflictDoNothing()
    .returning({ id: xpEvents.id });
  const [before] = await dz.select({ xp: progress.xpPoints, level: progress.level }).from(progress).where(eq(progress.userId, a.userId));
  const xpBefore = before?.xp ?? 0;
  if (inserted.length === 0 || a.points === 0)
    return { awarded: inserted.length > 0, xp: xpBefore, level: before?.level ?? 1, levelBefore: before?.level ?? 1 };
  const xp = xpBefore + a.points;
  const level = levelFor(xp).level;
  await dz.update(progress).set({ xpPoints: xp, level }).where(eq(progress.userId, a.userId));
  return { awarded: true, xp, level, levelBefore: before?.level ?? 1 };
}

/** True when the achievement is new for the user. */
export async function grantAchievement(dz: Dz, o: { userId: string; type: string; at: Date; conversationId?: string | null }): Promise<boolean> {
  const r = await dz
    .insert(userAchievements)
    .values({ userId: o.userId, achievementType: o.type, earnedAt: o.at, conversationId: o.conversationId ?? null })
    .onConflictDoNothing()
    .returning({ id: userAchievements.id });
  return r.length > 0;
}

export function listAchievements(dz: Dz, userId: string) {
  return dz.select().from(userAchievements).where(eq(userAchievements.userId, userId)).orderBy(userAchievements.earnedAt, userAchievements.achievementType);
}

/** XP from one source since a moment (the client's daily award cap). */
export async function xpSince(dz: Dz, userId: string, source: string, since: Date): Promise<number> {
  const [r] = await dz
    .select({ n: sum(xpEvents.points) })
    .from(xpEvents)
    .where(and(eq(xpEvents.userId, userId), sql`${xpEvents.source} LIKE ${`${source}%`}`, gte(xpEvents.createdAt, since)));
  return Number(r?.n ?? 0);
}

export function listXpEvents(dz: Dz, userId: string) {
  return dz.select().from(xpEvents).where(eq(xpEvents.userId, userId)).orderBy(desc(xpEvents.createdAt));
}

/** Onboarding reset (development): achievements, XP and level back to the start. */
export async function resetGamification(dz: Dz, userId: string): Promise<void> {
  await dz.delete(userAchievements).where(eq(userAchievements.userId, userId));
  await dz.delete(xpEvents).where(eq(xpEvents.userId, userId));
  await dz.update(progress).set({ xpPoints: 0, level: 1 }).where(eq(progress.userId, userId));
}
