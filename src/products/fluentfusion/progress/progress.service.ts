// Recording lesson results (one record per lesson, updated in place), the badges they earn, and listing mine.
import { invalidField } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import { awardEarned } from '../badges/badges.service.js';
import { scoreFromAttempts } from '../exercises/grading.js';
import * as attempts from '../exercises/attempts.repo.js';
import * as lessons from '../lessons/lessons.repo.js';
import { requireLesson } from '../lessons/lessons.service.js';
import { iso } from '../schemas.js';
import * as repo from './progress.repo.js';
import type { LessonProgressBody, Progress, ProgressBody, RecordedProgress } from './progress.schemas.js';

export function presentProgress(p: repo.ProgressRow): Progress {
  return {
    progress_id: p.id,
    user_id: p.userId,
    lesson_id: p.lessonId,
    score: p.score,
    time_spent: p.timeSpent,
    exercises_completed: p.exercisesCompleted,
    total_exercises: p.totalExercises,
    completed: p.completed,
    completed_at: iso(p.completedAt),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

export async function recordProgress(ctx: ProductContext, userId: string, input: ProgressBody): Promise<{ progress: RecordedProgress; created: boolean }> {
  if (input.exercises_completed > input.total_exercises) {
    throw invalidField(['body', 'exercises_completed'], 'exercises_completed cannot be more than total_exercises', input.exercises_completed);
  }
  const lesson = await requireLesson(ctx, input.lesson_id);
  const now = new Date(ctx.now());
  const out = await ctx.db.transaction(async (tx) => {
    const { row, created } = await repo.upsertProgress(
      tx.dz,
      {
        userId,
        lessonId: lesson.id,
        score: input.score,
        timeSpent: input.time_spent,
        exercisesCompleted: input.exercises_completed,
        totalExercises: input.total_exercises,
        completed: input.completed ?? true,
      },
      now,
    );
    await repo.addActivityDay(tx.dz, userId, utcDay(now));
    const badges = await awardEarned(tx.dz, userId, now);
    return { row, created, badges };
  });
  return { progress: { ...presentProgress(out.row), new_badges: out.badges }, created: out.created };
}

export async function listMyProgress(ctx: ProductContext, userId: string, page: { skip: number; limit: number }): Promise<Progress[]> {
  return (await repo.listProgress(ctx.db.dz, userId, page)).map(presentProgress);
}

/** The origin client's per-lesson update: time and completion from the client, the score from my graded answers. */
export async function recordLessonProgress(ctx: ProductContext, userId: string, lessonId: string, input: LessonProgressBody) {
  const lesson = await requireLesson(ctx, lessonId);
  const [exercises, tried] = [await lessons.listExercises(ctx.db.dz, lesson.id), await attempts.attemptsForLesson(ctx.db.dz, userId, lesson.id)];
  const s = scoreFromAttempts(exercises, tried);
  const { progress } = await recordProgress(ctx, userId, {
    lesson_id: lesson.id,
    score: s.score,
    time_spent: input.watched_seconds,
    exercises_completed: s.exercisesCompleted,
    total_exercises: s.totalExercises,
    completed: input.is_completed,
  });
  return { message: 'Progress updated', ...progress };
}
