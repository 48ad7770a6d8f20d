// /api/lessons: the catalogue (filtered, paginated), one lesson with its content, and its vocabulary.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { LessonParams, security } from '../schemas.js';
import { LessonDetail, LessonQuery, LessonSummary, Vocabulary } from './lessons.schemas.js';
import { getLesson, getVocabulary, listLessons } from './lessons.service.js';

const tags = ['Lessons'];

/** Mounted under /api. */
export const lessonsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.get(
    '/lessons/',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Lessons, optionally filtered by language, level and category',
        querystring: LessonQuery,
        response: { 200: Type.Array(LessonSummary) },
      },
    },
    async (req) => listLessons(ctx, req.query),
  );
  app.get(
    '/lessons/:lesson_id',
    {
      preValidation: ctx.auth.preHandler,
      schema: { tags, security, summary: 'One lesson with its vocabulary, phrases and cultural notes', params: LessonParams, response: { 200: LessonDetail } },
    },
    async (req) => getLesson(ctx, req.params.lesson_id),
  );
  app.get(
    '/lessons/:lesson_id/vocabulary',
    {
      preValidation: ctx.auth.preHandler,
      schema: { tags, security, summary: "A lesson's vocabulary (origin web client)", params: LessonParams, response: { 200: Vocabulary } },
    },
    async (req) => getVocabulary(ctx, req.params.lesson_id),
  );
};
