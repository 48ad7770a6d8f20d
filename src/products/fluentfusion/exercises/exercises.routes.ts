// /api/lessons/{lesson_id}/exercises and /submit: practise a lesson and get each answer graded.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { LessonParams, security } from '../schemas.js';
import { Exercise, SubmitBody, SubmitResult } from './exercises.schemas.js';
import { listExercises, submitAnswer } from './exercises.service.js';

const tags = ['Exercises'];

/** Mounted under /api. */
export const exercisesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.get(
    '/lessons/:lesson_id/exercises',
    {
      preValidation: ctx.auth.preHandler,
      schema: { tags, security, summary: "A lesson's exercises (without their answers)", params: LessonParams, response: { 200: Type.Array(Exercise) } },
    },
    async (req) => listExercises(ctx, req.params.lesson_id),
  );
  app.post(
    '/lessons/:lesson_id/submit',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Answer one exercise: graded trimmed and case-insensitive',
        params: LessonParams,
        body: SubmitBody,
        response: { 200: SubmitResult },
      },
    },
    async (req) => submitAnswer(ctx, currentUser(req).id, req.params.lesson_id, req.body),
  );
};
