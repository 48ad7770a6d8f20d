// Exercise shapes: the questions (never their answers) and a graded submission.
import { Type, type Static } from '@sinclair/typebox';
import { Body, Nullable } from '../../../core/http/schemas.js';
import { ExerciseTypeSchema } from '../schemas.js';

export const Exercise = Type.Object({
  exercise_id: Type.String(),
  lesson_id: Type.String(),
  type: ExerciseTypeSchema,
  question: Type.String(),
  options: Nullable(Type.Array(Type.String()), { description: 'multiple_choice: the choices; matching: the right-hand items (shuffled); otherwise null' }),
  left_items: Nullable(Type.Array(Type.String()), { description: 'matching only: the items to match, in order' }),
  right_items: Nullable(Type.Array(Type.String()), { description: 'matching only: what they match, shuffled' }),
  points: Type.Integer({ description: 'multiple_choice 10, fill_blank 15, matching 20, translation 20' }),
});
export type Exercise = Static<typeof Exercise>;

export const SubmitBody = Body({
  exercise_id: Type.String({ minLength: 1, maxLength: 120 }),
  answer: Type.String({ maxLength: 2000, description: 'The answer text; matching: `left=right` pairs separated by `;`' }),
});
export type SubmitBody = Static<typeof SubmitBody>;

export const SubmitResult = Type.Object({
  exercise_id: Type.String(),
  correct: Type.Boolean(),
  user_answer: Type.String(),
  correct_answer: Type.String(),
  explanation: Type.String(),
  points_earned: Type.Integer(),
});
export type SubmitResult = Static<typeof SubmitResult>;
