// Course shapes: a language track as the origin web client's course pages read it, and its lessons.
import { Type } from '@sinclair/typebox';
import { DateTime, StringEnum } from '../../../core/http/schemas.js';
import { DifficultySchema, Pagination, TargetLanguageSchema } from '../schemas.js';
import { CATALOGUE_LEVELS } from './tracks.js';

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

export const CatalogQuery = Type.Object({
  search: Type.String({ maxLength: 100, default: '', description: 'Words in the title, description or language (any case); empty: all' }),
  language: Type.String({ maxLength: 50, default: '', description: 'Part of the language name (any case), e.g. French; empty: all' }),
  level: Type.Union([StringEnum([...CATALOGUE_LEVELS]), Type.Literal('')], {
    default: '',
    description: 'Tracks with lessons at this level (every track runs from beginner to advanced); empty: all',
  }),
});

const CatalogFields = {
  id: Course.properties.id,
  slug: TargetLanguageSchema,
  title: Type.String(),
  description: Type.String(),
  language: Type.String(),
  level: Type.String({ description: 'All Levels: beginner to advanced' }),
  flag_emoji: Type.String(),
  thumbnail_url: Type.Null(),
  price: Type.Number({ description: 'Always 0: every track is free' }),
  instructor: Type.String(),
  instructor_initials: Type.String(),
  lesson_count: Type.Integer({ minimum: 0 }),
  student_count: Type.Integer({ minimum: 0, description: 'Learners who have this track among their courses' }),
  rating: Type.Number({ description: 'Always 0: there are no reviews' }),
  enrolled: Type.Boolean({ description: 'Whether the track is one of my courses' }),
};

export const CatalogCourse = Type.Object(CatalogFields, { description: 'A language track in the course catalogue' });

export const CourseDetail = Type.Object(
  {
    ...CatalogFields,
    subtitle: Type.String(),
    is_free: Type.Literal(true),
    what_you_learn: Type.String({ description: 'One outcome per line' }),
    requirements: Type.String(),
    target_audience: Type.String(),
    instructor_bio: Type.String(),
    curriculum: Type.Array(
      Type.Object({
        title: Type.String({ description: 'The level: Beginner, Intermediate or Advanced' }),
        description: Type.String(),
        lessons: Type.Array(
          Type.Object({
            id: Type.String(),
            title: Type.String(),
            lesson_type: Type.Literal('text'),
            duration_min: Type.Integer({ minimum: 1 }),
            is_preview: Type.Boolean(),
          }),
        ),
      }),
      { description: 'The lessons by level, beginner first' },
    ),
  },
  { description: 'A track as its course page reads it' },
);

export const Enrolled = Type.Union([
  Type.Object({ ok: Type.Literal(true), enrolled: Type.Literal(true) }, { description: 'Newly enrolled' }),
  Type.Object({ ok: Type.Literal(true), already_enrolled: Type.Literal(true) }, { description: 'The track was already one of my courses' }),
]);

export const QuizzesQuery = Type.Object(Pagination);

export const Quiz = Type.Object(
  {
    id: Type.String({ description: 'The lesson id: a quiz is the exercise set of one lesson' }),
    lesson_id: Type.String(),
    title: Type.String(),
    course: Type.String({ description: 'Track title' }),
    course_id: Course.properties.id,
    flag_emoji: Type.String(),
    difficulty: DifficultySchema,
    question_count: Type.Integer({ minimum: 0 }),
    avg_score: Type.Number({ minimum: 0, maximum: 100, description: 'Share of my answers to it that were right, in %, one decimal (0 before any)' }),
    attempts: Type.Integer({ minimum: 0, description: 'Answers I have submitted to its exercises' }),
  },
  { description: "A lesson's exercises as a quiz, with my own numbers" },
);
