// /api/student/courses: my language tracks, a track's lessons, and marking one done (the origin client's pages).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Body } from '../../../core/http/schemas.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { security } from '../schemas.js';
import { CompletedLesson, Course, CourseLesson, CourseLessonParams, CourseParams } from './courses.schemas.js';
import { completeTrackLesson, myCourses, trackLessons } from './courses.service.js';

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
};
