// A recommended lesson, with why and how sure.
import { Type, type Static } from '@sinclair/typebox';
import { CategorySchema, DifficultySchema } from '../schemas.js';

export const Recommendation = Type.Object({
  lesson_id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  difficulty: DifficultySchema,
  category: CategorySchema,
  duration: Type.Integer({ description: 'Minutes' }),
  reason: Type.String(),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
});
export type Recommendation = Static<typeof Recommendation>;
