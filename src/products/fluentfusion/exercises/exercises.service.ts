// A lesson's exercises, and grading a learner's answer (every attempt is kept).
import { notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import * as lessons from '../lessons/lessons.repo.js';
import type { ExerciseRow } from '../lessons/lessons.repo.js';
import { requireLesson } from '../lessons/lessons.service.js';
import * as attempts from './attempts.repo.js';
import type { Exercise, SubmitBody, SubmitResult } from './exercises.schemas.js';
import { isCorrect, pointsFor, stableShuffle } from './grading.js';

export function presentExercise(e: ExerciseRow): Exercise {
  const base = { exercise_id: e.id, lesson_id: e.lessonId, type: e.type, question: e.question, points: e.points };
  if (e.type === 'matching') {
    const pairs = e.pairs ?? [];
    const right = stableShuffle(
      pairs.map(([, r]) => r),
      e.id,
    );
    return { ...base, options: right, left_items: pairs.map(([l]) => l), right_items: right };
  }
  return { ...base, options: e.type === 'multiple_choice' ? (e.options ?? []) : null, left_items: null, right_items: null };
}

export async function listExercises(ctx: ProductContext, lessonId: string): Promise<Exercise[]> {
  const l = await requireLesson(ctx, lessonId);
  return (await lessons.listExercises(ctx.db.dz, l.id)).map(presentExercise);
}

export async function submitAnswer(ctx: ProductContext, userId: string, lessonId: string, input: SubmitBody): Promise<SubmitResult> {
  const l = await requireLesson(ctx, lessonId);
  const e = await lessons.findExercise(ctx.db.dz, l.id, input.exercise_id);
  if (!e) throw notFound('Exercise not found');
  const correct = isCorrect(e.type, input.answer, e.correctAnswer, e.acceptedAnswers);
  const points = pointsFor(correct, e.points);
  await attempts.insertAttempt(ctx.db.dz, {
    userId,
    lessonId: l.id,
    exerciseId: e.id,
    answer: input.answer,
    correct,
    pointsEarned: points,
    createdAt: new Date(ctx.now()),
  });
  return { exercise_id: e.id, correct, user_answer: input.answer, correct_answer: e.correctAnswer, explanation: e.explanation, points_earned: points };
}
