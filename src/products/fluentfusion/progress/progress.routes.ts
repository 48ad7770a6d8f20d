// /api/progress: record a lesson result (created 201 / updated 200) and list mine; plus the origin client's form.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { LessonParams, security } from '../schemas.js';
import { LessonProgressBody, LessonProgressResult, Progress, ProgressBody, ProgressQuery, RecordedProgress } from './progress.schemas.js';
import { listMyProgress, recordLessonProgress, recordProgress } from './progress.service.js';

const tags = ['Progress'];

/** Mounted under /api. */
export const progressRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.post(
    '/progress/',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Record my result for a lesson (one record per lesson: sending again updates it); awards badges',
        body: ProgressBody,
        response: { 200: RecordedProgress, 201: RecordedProgress },
      },
    },
    async (req, reply) => {
      const { progress, created } = await recordProgress(ctx, currentUser(req).id, req.body);
      return reply.status(created ? 201 : 200).send(progress);
    },
  );
  app.get(
    '/progress/',
    {
      preValidation: ctx.auth.preHandler,
      schema: { tags, security, summary: 'My progress, most recent first', querystring: ProgressQuery, response: { 200: Type.Array(Progress) } },
    },
    async (req) => listMyProgress(ctx, currentUser(req).id, req.query),
  );
};

/** Mounted under /api. */
export const lessonProgressRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.post(
    '/lessons/:lesson_id/progress',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Update my progress on a lesson from the origin web client (score from my graded answers)',
        params: LessonParams,
        body: LessonProgressBody,
        response: { 200: LessonProgressResult },
      },
    },
    async (req) => recordLessonProgress(ctx, currentUser(req).id, req.params.lesson_id, req.body),
  );
};
