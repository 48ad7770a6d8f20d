// /api/student: the course catalogue and enrolment, my language tracks, a track's lessons, marking one done, and my
// quizzes (the origin web client's course pages).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Body } from '../../../core/http/schemas.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { security } from '../schemas.js';
import {
  CatalogCourse,
  CatalogQuery,
  CompletedLesson,
  Course,
  CourseDetail,
  CourseLesson,
  CourseLessonParams,
  CourseParams,
  Enrolled,
  Quiz,
  QuizzesQuery,
} from './courses.schemas.js';
import { catalogue, completeTrackLesson, courseDetail, enroll, myCourses, myQuizzes, trackLessons } from './courses.service.js';

const tags = ['Courses'];

/** Mounted under /api/student. */
export const coursesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const limit = ctx.product.limits.LESSON_COMPLETIONS_PER_USER!;
  app.get(
    '/courses',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: "My courses: my target language's track first, then any other track I have progress in",
        response: { 200: Type.Array(Course) },
      },
    },
    async (req) => myCourses(ctx, currentUser(req).id),
  );
  app.get(
    '/courses/:course_id/lessons',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: "A track's lessons, beginner first; module = level (unknown course → 404)",
        params: CourseParams,
        response: { 200: Type.Array(CourseLesson) },
      },
    },
    async (req) => trackLessons(ctx, currentUser(req).id, req.params.course_id),
  );
  app.post(
    '/courses/:course_id/lessons/:lesson_id/complete',
    {
      preValidation: ctx.auth.preHandler,
      preHandler: async (req) => ctx.limits.consume('LESSON_COMPLETIONS_PER_USER', currentUser(req).id),
      schema: {
        tags,
        security,
        summary: 'Mark a lesson of the track completed (score from my graded answers; awards badges; repeat → same answer)',
        description: `Time spent is my earlier record of the lesson, else its nominal duration. At most ${limit.max} per ${limit.windowS} s per learner.`,
        params: CourseLessonParams,
        body: Type.Union([Body({}), Type.Null()], { description: 'Empty: the client sends {} (no body is fine too)' }),
        response: { 200: CompletedLesson },
      },
    },
    async (req) => completeTrackLesson(ctx, currentUser(req).id, req.params.course_id, req.params.lesson_id),
  );
  app.get(
    '/catalog',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'The course catalogue: the three language tracks, with whether each is one of my courses',
        querystring: CatalogQuery,
        response: { 200: Type.Array(CatalogCourse) },
      },
    },
    async (req) => catalogue(ctx, currentUser(req).id, req.query),
  );
  app.get(
    '/catalog/:course_id',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: "A track's course page: what it teaches, for whom, and its lessons by level (unknown course → 404)",
        params: CourseParams,
        response: { 200: CourseDetail },
      },
    },
    async (req) => courseDetail(ctx, currentUser(req).id, req.params.course_id),
  );
  app.post(
    '/courses/:course_id/enroll',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Join a track: it stays among my courses even if I change my target language (repeat → already_enrolled)',
        params: CourseParams,
        body: Type.Union([Body({}), Type.Null()], { description: 'Empty: the client sends {} (no body is fine too)' }),
        response: { 200: Enrolled },
      },
    },
    async (req) => enroll(ctx, currentUser(req).id, req.params.course_id),
  );
  app.get(
    '/quizzes',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: "My quizzes: each lesson of my courses as the quiz of its exercises, with my answers' count and success rate",
        description: 'Answered through GET /api/lessons/{lesson_id}/exercises and POST /api/lessons/{lesson_id}/submit.',
        querystring: QuizzesQuery,
        response: { 200: Type.Array(Quiz) },
      },
    },
    async (req) => myQuizzes(ctx, currentUser(req).id, req.query),
  );
};
