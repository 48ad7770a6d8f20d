// The badge catalogue, a learner's badges, and awarding what their progress has earned.
import type { Dz } from '../../../core/db/connect.js';
import type { ProductContext } from '../../../core/product.js';
import { insertNotifications } from '../notifications/notifications.repo.js';
import { badgeNotification } from '../notifications/notifications.service.js';
import * as progress from '../progress/progress.repo.js';
import * as repo from './badges.repo.js';
import type { Badge, EarnedBadge } from './badges.schemas.js';
import { BADGES, badgeById, earnedBadges, type ProgressFact } from './rules.js';

const present = (b: (typeof BADGES)[number]): Badge => ({ badge_id: b.badge_id, name: b.name, description: b.description, icon: b.icon, criteria: b.criteria });

export const catalogue = (): Badge[] => BADGES.map(present);

function presentEarned(row: repo.UserBadgeRow): EarnedBadge | undefined {
  const b = badgeById(row.badgeId);
  return b ? { ...present(b), earned_at: row.earnedAt.toISOString() } : undefined;
}

export async function myBadges(ctx: ProductContext, userId: string): Promise<EarnedBadge[]> {
  return (await repo.heldBadges(ctx.db.dz, userId)).map(presentEarned).filter((b): b is EarnedBadge => b !== undefined);
}

/**
 * Evaluates all eight rules on the learner's records (inside the caller's transaction) and stores new badges, with
 * one notification per badge actually awarded (a badge another request awarded first gets none here).
 */
export async function awardEarned(dz: Dz, userId: string, at: Date): Promise<EarnedBadge[]> {
  const records = await progress.progressWithLessons(dz, userId);
  const days = await progress.listActivityDays(dz, userId);
  const facts: ProgressFact[] = records.map((r) => ({
    lessonId: r.lessonId,
    language: r.language,
    category: r.category,
    words: r.content.vocabulary.map((v) => v.word),
    score: r.score,
    timeSpent: r.timeSpent,
    completed: r.completed,
  }));
  const earned = [...earnedBadges(facts, days)].sort();
  const added = (await repo.awardBadges(dz, userId, earned, at)).sort((a, b) => a.badgeId.localeCompare(b.badgeId));
  const defs = added.map((r) => badgeById(r.badgeId)).filter((b) => b !== undefined);
  await insertNotifications(
    dz,
    defs.map((b) => badgeNotification(userId, b)),
    at,
  );
  return added.map(presentEarned).filter((b): b is EarnedBadge => b !== undefined);
}
