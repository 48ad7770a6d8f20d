// What the learner pages read: my XP facts, my records, the leaderboard and the public numbers (aggregates only).
import { and, asc, count, countDistinct, eq, gte, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { users } from '../../../core/identity/db.js';
import type { TargetLanguage } from '../content/types.js';
import { activityDays, enrollments, exerciseAttempts, lessons, profiles, progress, userBadges } from '../db.js';
import { SUCCESS_SCORE, XP_PER_LESSON } from './metrics.js';

/** The points and time of my first correct answer to each exercise. */
export async function firstCorrectAnswers(dz: Dz, userId: string): Promise<{ points: number; at: Date }[]> {
  return dz
    .selectDistinctOn([exerciseAttempts.exerciseId], { points: exerciseAttempts.pointsEarned, at: exerciseAttempts.createdAt })
    .from(exerciseAttempts)
    .where(and(eq(exerciseAttempts.userId, userId), eq(exerciseAttempts.correct, true)))
    .orderBy(asc(exerciseAttempts.exerciseId), asc(exerciseAttempts.createdAt), asc(exerciseAttempts.id));
}

export type ProgressFactRow = Awaited<ReturnType<typeof progressFacts>>[number];

/** My lesson records with the lesson's language (no content). */
export async function progressFacts(dz: Dz, userId: string) {
  return dz
    .select({
      lessonId: progress.lessonId,
      language: lessons.targetLanguage,
      score: progress.score,
      timeSpent: progress.timeSpent,
      completed: progress.completed,
      completedAt: progress.completedAt,
      updatedAt: progress.updatedAt,
    })
    .from(progress)
    .innerJoin(lessons, eq(lessons.id, progress.lessonId))
    .where(eq(progress.userId, userId));
}

export async function badgeCount(dz: Dz, userId: string): Promise<number> {
  const [r] = await dz.select({ n: count() }).from(userBadges).where(eq(userBadges.userId, userId));
  return r?.n ?? 0;
}

/** Lessons per target language (the three tracks' sizes). */
export async function lessonCounts(dz: Dz): Promise<Map<TargetLanguage, number>> {
  const rows = await dz.select({ language: lessons.targetLanguage, n: count() }).from(lessons).groupBy(lessons.targetLanguage);
  return new Map(rows.map((r) => [r.language, r.n]));
}

export interface BoardRow {
  userId: string;
  username: string;
  xp: number;
  recorded: number;
  averageScore: number | null;
  lastDay: string | null;
  courses: number;
  /** 1 = most XP; ties: earlier sign-up first. */
  rank: number;
}

/**
 * The leaderboard: active learners with XP, ranked by XP (ties: earlier sign-up, then id), plus me even at 0 XP.
 * One statement of aggregates; only display names and numbers leave it.
 */
export async function leaderboard(dz: Dz, me: string, page: { skip: number; limit: number }): Promise<BoardRow[]> {
  const firsts = dz.$with('firsts').as(
    dz
      .selectDistinctOn([exerciseAttempts.userId, exerciseAttempts.exerciseId], {
        userId: exerciseAttempts.userId,
        points: exerciseAttempts.pointsEarned,
      })
      .from(exerciseAttempts)
      .where(eq(exerciseAttempts.correct, true))
      .orderBy(asc(exerciseAttempts.userId), asc(exerciseAttempts.exerciseId), asc(exerciseAttempts.createdAt), asc(exerciseAttempts.id)),
  );
  const ex = dz.$with('ex').as(
    dz
      .with(firsts)
      .select({ userId: firsts.userId, points: sql<number>`sum(${firsts.points})::int`.as('points') })
      .from(firsts)
      .groupBy(firsts.userId),
  );
  const pr = dz.$with('pr').as(
    dz
      .select({
        userId: progress.userId,
        done: sql<number>`(count(*) FILTER (WHERE ${progress.completed}))::int`.as('done'),
        recorded: sql<number>`count(*)::int`.as('recorded'),
        averageScore: sql<number | null>`avg(${progress.score})::float8`.as('average_score'),
        languages: sql<string[]>`array_agg(DISTINCT ${lessons.targetLanguage})`.as('languages'),
      })
      .from(progress)
      .innerJoin(lessons, eq(lessons.id, progress.lessonId))
      .groupBy(progress.userId),
  );
  const act = dz.$with('act').as(
    dz
      .select({ userId: activityDays.userId, lastDay: sql<string>`max(${activityDays.day})::text`.as('last_day') })
      .from(activityDays)
      .groupBy(activityDays.userId),
  );
  const en = dz.$with('en').as(
    dz
      .select({ userId: enrollments.userId, languages: sql<string[]>`array_agg(${enrollments.targetLanguage})`.as('enrolled_languages') })
      .from(enrollments)
      .groupBy(enrollments.userId),
  );
  const xp = sql<number>`(coalesce(${ex.points}, 0) + ${XP_PER_LESSON} * coalesce(${pr.done}, 0))::int`;
  const board = dz.$with('board').as(
    dz
      .with(ex, pr, act, en)
      .select({
        userId: sql<string>`${profiles.userId}`.as('user_id'),
        username: sql<string>`${profiles.username}`.as('username'),
        xp: xp.as('xp'),
        recorded: sql<number>`coalesce(${pr.recorded}, 0)::int`.as('recorded'),
        averageScore: sql<number | null>`${pr.averageScore}`.as('avg_score'),
        lastDay: sql<string | null>`${act.lastDay}`.as('last_day_'),
        // My target language's track, every track I have records in, and every track I enrolled in.
        courses: sql<number>`cardinality(ARRAY(SELECT DISTINCT unnest(array_append(
            coalesce(${pr.languages}, ARRAY[]::varchar[]) || coalesce(${en.languages}, ARRAY[]::varchar[]), ${profiles.targetLanguage}))))::int`.as('courses'),
        rank: sql<number>`(row_number() OVER (ORDER BY ${xp} DESC, ${users.createdAt} ASC, ${profiles.userId} ASC))::int`.as('rank'),
      })
      .from(profiles)
      .innerJoin(users, eq(users.id, profiles.userId))
      .leftJoin(ex, eq(ex.userId, profiles.userId))
      .leftJoin(pr, eq(pr.userId, profiles.userId))
      .leftJoin(act, eq(act.userId, profiles.userId))
      .leftJoin(en, eq(en.userId, profiles.userId))
      .where(and(eq(users.isActive, true), sql`(${xp} > 0 OR ${profiles.userId} = ${me})`)),
  );
  // The page; the first page also carries my own row wherever I stand (the client shows "your rank" from it).
  const mine = page.skip === 0 ? sql` OR ${board.userId} = ${me}` : sql``;
  const rows = await dz
    .with(board)
    .select()
    .from(board)
    .where(sql`(${board.rank} > ${page.skip} AND ${board.rank} <= ${page.skip + page.limit})${mine}`)
    .orderBy(asc(board.rank));
  return rows.map((r) => ({ ...r, averageScore: r.averageScore === null ? null : Number(r.averageScore) }));
}

/** Public numbers: learners, learners active since `since`, recorded lessons and successes. */
export async function platformCounts(dz: Dz, since: string) {
  const [learners] = await dz.select({ n: count() }).from(profiles).innerJoin(users, eq(users.id, profiles.userId)).where(eq(users.isActive, true));
  const [active] = await dz
    .select({ n: countDistinct(activityDays.userId) })
    .from(activityDays)
    .where(gte(activityDays.day, since));
  const [results] = await dz
    .select({ recorded: count(), successes: sql<number>`(count(*) FILTER (WHERE ${progress.score} >= ${SUCCESS_SCORE}))::int` })
    .from(progress);
  return { totalUsers: learners?.n ?? 0, activeLearners: active?.n ?? 0, recorded: results?.recorded ?? 0, successes: results?.successes ?? 0 };
}
