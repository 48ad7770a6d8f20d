// TypeBox pieces several features share: the product's enums, pagination, path ids and error bodies.
import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../core/http/schemas.js';
import { CATEGORIES, DIFFICULTIES, EXERCISE_TYPES, TARGET_LANGUAGES, USER_TYPES } from './content/types.js';
export { iso } from '../../core/iso.js';

export const TargetLanguageSchema = StringEnum([...TARGET_LANGUAGES], { description: 'Language being learned' });
export const UserTypeSchema = StringEnum([...USER_TYPES], { description: 'Who the learner is' });
export const DifficultySchema = StringEnum([...DIFFICULTIES], { description: 'Lesson level' });
export const CategorySchema = StringEnum([...CATEGORIES], { description: 'Travel situation the lesson covers' });
export const ExerciseTypeSchema = StringEnum([...EXERCISE_TYPES], { description: 'Kind of exercise' });

/** The seed's `skip`/`limit` (limit ≤ 100, default 100). */
export const Pagination = {
  skip: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Items to skip' }),
  limit: Type.Integer({ minimum: 0, maximum: 100, default: 100, description: 'Items to return (at most 100)' }),
};

export const Message = Type.Object({ message: Type.String() });

export const security = [{ bearerAuth: [] }];

/** Path id of a lesson (its stable content key). */
export const LessonParams = Type.Object({ lesson_id: Type.String({ minLength: 1, maxLength: 100, description: 'Lesson id, e.g. rw-greetings-1' }) });
