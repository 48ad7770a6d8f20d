// Learners' progress per lesson and the days they learned on: the only place that touches those tables.
import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { activityDays, lessons, progress } from '../db.js';

export type ProgressRow = typeof progress.$inferSelect;

export interface ProgressInput {
  userId: string;
  lessonId: string;
  score: number;
  timeSpent: number;
  exercisesCompleted: number;
  totalExercises: number;
  completed: boolean;
}

/** Creates or replaces the learner's record for a lesson; `created` tells which. */
export async function upsertProgress(dz: Dz, p: ProgressInput, now: Date): Promise<{ row: ProgressRow; created: boolean }> {
  const values = { ...p, completedAt: p.completed ? now : null, updatedAt: now };
  const [r] = await dz
    .insert(progress)
    .values({ ...values, createdAt: now })
    .onConflictDoUpdate({ target: [progress.userId, progress.lessonId], set: values })
    // xmax is 0 only on a row this statement inserted.
    .returning({ ...getTableColumns(progress), created: sql<boolean>`(xmax = 0)` });
  const { created, ...row } = r!;
  return { row, created: Boolean(created) };
}

export async function listProgress(dz: Dz, userId: string, page: { skip: number; limit: number }): Promise<ProgressRow[]> {
  return dz
    .select()
    .from(progress)
    .where(eq(progress.userId, userId))
    .orderBy(desc(progress.updatedAt), asc(progress.lessonId))
    .offset(page.skip)
    .limit(page.limit);
}

/** Every record of the learner with what the badge and recommendation rules need of its lesson. */
export async function progressWithLessons(dz: Dz, userId: string) {
  return dz
    .select({
      lessonId: progress.lessonId,
      score: progress.score,
      timeSpent: progress.timeSpent,
      completed: progress.completed,
      completedAt: progress.completedAt,
      updatedAt: progress.updatedAt,
      language: lessons.targetLanguage,
      category: lessons.category,
      difficulty: lessons.difficulty,
      content: lessons.content,
    })
    .from(progress)
    .innerJoin(lessons, eq(lessons.id, progress.lessonId))
    .where(eq(progress.userId, userId));
}

export async function addActivityDay(dz: Dz, userId: string, day: string): Promise<void> {
  await dz.insert(activityDays).values({ userId, day }).onConflictDoNothing();
}

export async function listActivityDays(dz: Dz, userId: string): Promise<string[]> {
  const rows = await dz.select({ day: activityDays.day }).from(activityDays).where(eq(activityDays.userId, userId)).orderBy(asc(activityDays.day));
  return rows.map((r) => r.day);
}

export async function progressOfUserForLesson(dz: Dz, userId: string, lessonId: string): Promise<ProgressRow | undefined> {
  const [r] = await dz
    .select()
    .from(progress)
    .where(and(eq(progress.userId, userId), eq(progress.lessonId, lessonId)));
  return r;
}
