// Lesson list, detail and vocabulary shapes.
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../../../core/http/schemas.js';
import { CategorySchema, DifficultySchema, Pagination, TargetLanguageSchema } from '../schemas.js';

export const LessonQuery = Type.Object({
  target_language: Type.Optional(Type.String({ maxLength: 50, description: 'kinyarwanda, english or french (another value matches nothing)' })),
  difficulty: Type.Optional(DifficultySchema),
  category: Type.Optional(CategorySchema),
  ...Pagination,
});
export type LessonQuery = Static<typeof LessonQuery>;

export const LessonSummary = Type.Object({
  lesson_id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  difficulty: DifficultySchema,
  category: CategorySchema,
  target_language: TargetLanguageSchema,
  duration: Type.Integer({ description: 'Minutes' }),
  vocabulary_count: Type.Integer(),
  thumbnail: Nullable(Type.String()),
  exercise_count: Type.Integer(),
});
export type LessonSummary = Static<typeof LessonSummary>;

export const VocabularyItem = Type.Object({
  word: Type.String(),
  translation: Type.String(),
  pronunciation: Type.String(),
  example: Type.Optional(Type.String()),
});

export const LessonDetail = Type.Composite([
  LessonSummary,
  Type.Object({
    content: Type.Object({
      vocabulary: Type.Array(VocabularyItem),
      phrases: Type.Array(Type.Object({ phrase: Type.String(), translation: Type.String(), pronunciation: Type.String(), context: Type.String() })),
      cultural_notes: Type.Array(Type.String()),
    }),
  }),
]);
export type LessonDetail = Static<typeof LessonDetail>;

export const Vocabulary = Type.Object({ lesson_id: Type.String(), vocabulary: Type.Array(VocabularyItem) });
