// Badges held by learners: the only place that touches `fluentfusion.user_badges`.
import { asc, eq } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { userBadges } from '../db.js';

export type UserBadgeRow = typeof userBadges.$inferSelect;

export async function heldBadges(dz: Dz, userId: string): Promise<UserBadgeRow[]> {
  return dz.select().from(userBadges).where(eq(userBadges.userId, userId)).orderBy(asc(userBadges.earnedAt), asc(userBadges.badgeId));
}

/** Awards the badges the learner does not hold yet; answers those newly awarded (each badge once, even under races). */
export async function awardBadges(dz: Dz, userId: string, badgeIds: string[], at: Date): Promise<UserBadgeRow[]> {
  if (badgeIds.length === 0) return [];
  return dz
    .insert(userBadges)
    .values(badgeIds.map((badgeId) => ({ userId, badgeId, earnedAt: at })))
    .onConflictDoNothing()
    .returning();
}
