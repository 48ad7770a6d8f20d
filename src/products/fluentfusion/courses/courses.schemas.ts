// Course shapes: a language track as the origin web client's course pages read it, and its lessons.
import { Type } from '@sinclair/typebox';
import { DateTime } from '../../../core/http/schemas.js';
import { DifficultySchema, TargetLanguageSchema } from '../schemas.js';

export const CourseParams = Type.Object({
  course_id: Type.String({
    minLength: 1,
    maxLength: 50,
    description: 'A track: its number (1 Kinyarwanda, 2 English, 3 French) or its language name (another → 404)',
  }),
});
export const CourseLessonParams = Type.Object({
  ...CourseParams.properties,
  lesson_id: Type.String({ minLength: 1, maxLength: 100, description: 'Lesson id, e.g. rw-greetings-1' }),
});

export const Course = Type.Object(
  {
    id: Type.Integer({ description: 'Course number: 1 Kinyarwanda, 2 English, 3 French' }),
    slug: TargetLanguageSchema,
    title: Type.String(),
    language: Type.String(),
    level: Type.String(),
    flag_emoji: Type.String(),
    price: Type.Number({ description: 'Always 0' }),
    instructor: Type.String(),
    instructor_initials: Type.String(),
    completion: Type.Number({ minimum: 0, maximum: 100, description: "Share of the track's lessons I completed, one decimal" }),
    completed_lessons: Type.Integer({ minimum: 0 }),
    lesson_count: Type.Integer({ minimum: 0 }),
    rating: Type.Number({ description: 'Always 0: there are no reviews' }),
    enrolled_at: DateTime({ description: 'My sign-up time' }),
  },
  { description: 'A language track: every lesson of one target language' },
);

export const CourseLesson = Type.Object({
  id: Type.String(),
  title: Type.String(),
  lesson_type: Type.Literal('text'),
  duration_min: Type.Integer({ minimum: 1 }),
  order: Type.Integer({ minimum: 1, description: 'Position in the track' }),
  description: Type.String(),
  video_url: Type.Null(),
  content: Type.String({ description: 'Vocabulary, phrases and cultural notes as readable text' }),
  resource_url: Type.Null(),
  is_preview: Type.Boolean(),
  module_id: DifficultySchema,
  module_title: Type.String({ description: 'The level: Beginner, Intermediate or Advanced' }),
  is_completed: Type.Boolean({ description: 'Whether I completed it' }),
});

export const CompletedLesson = Type.Object({
  ok: Type.Literal(true),
  completion: Type.Number({ minimum: 0, maximum: 100, description: 'My completion of the track now' }),
  xp: Type.Integer({ minimum: 0, description: 'My XP now' }),
});
