// Progress shapes: recording a lesson result, listing mine, and the origin web client's per-lesson form.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable } from '../../../core/http/schemas.js';
import { EarnedBadge } from '../badges/badges.schemas.js';
import { Pagination } from '../schemas.js';

export const ProgressBody = Body({
  lesson_id: Type.String({ minLength: 1, maxLength: 100 }),
  score: Type.Number({ minimum: 0, maximum: 100, description: 'Percentage' }),
  time_spent: Type.Integer({ minimum: 0, maximum: 86_400, description: 'Seconds' }),
  exercises_completed: Type.Integer({ minimum: 0, maximum: 1000 }),
  total_exercises: Type.Integer({ minimum: 0, maximum: 1000 }),
  completed: Type.Optional(Type.Boolean({ default: true, description: 'False while the lesson is still in progress' })),
});
export type ProgressBody = Static<typeof ProgressBody>;

export const Progress = Type.Object({
  progress_id: Type.String({ format: 'uuid' }),
  user_id: Type.String({ format: 'uuid' }),
  lesson_id: Type.String(),
  score: Type.Number(),
  time_spent: Type.Integer(),
  exercises_completed: Type.Integer(),
  total_exercises: Type.Integer(),
  completed: Type.Boolean(),
  completed_at: Nullable(DateTime()),
  updated_at: DateTime(),
});
export type Progress = Static<typeof Progress>;

export const RecordedProgress = Type.Composite([
  Progress,
  Type.Object({ new_badges: Type.Array(EarnedBadge, { description: 'Badges this record earned (each badge is awarded once)' }) }),
]);
export type RecordedProgress = Static<typeof RecordedProgress>;

export const ProgressQuery = Type.Object({ ...Pagination });

/** The origin web client's `POST /api/lessons/{id}/progress`. */
export const LessonProgressBody = Body({
  watched_seconds: Type.Integer({ minimum: 0, maximum: 86_400, description: 'Seconds spent on the lesson' }),
  is_completed: Type.Boolean(),
});
export type LessonProgressBody = Static<typeof LessonProgressBody>;

export const LessonProgressResult = Type.Composite([Type.Object({ message: Type.String() }), RecordedProgress]);
