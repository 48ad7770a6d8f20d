// /api/v1/quizzes (seed) and /api/v1/quiz/relationship (web client).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { PageQuery } from '../../../core/http/schemas.js';
import {
  EvaluationHistory,
  EvaluationQuiz,
  EvaluationResult,
  EvaluationStats,
  EvaluationSubmit,
  Quiz,
  QuizIdParams,
  QuizResult,
  QuizResultCreate,
  ResultIdParams,
  SlugParams,
} from './quizzes.schemas.js';
import * as quizzes from './quizzes.service.js';

const security = [{ bearerAuth: [] }];

export const quizzesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  const tags = ['quizzes'];

  app.get(
    '/',
    { schema: { tags, security, summary: 'Active quizzes with their items, by order', querystring: PageQuery, response: { 200: Type.Array(Quiz) } } },
    async (req) => quizzes.listQuizzes(ctx, req.query.limit, req.query.offset),
  );
  app.get('/:quiz_slug', { schema: { tags, security, summary: 'One quiz by slug', params: SlugParams, response: { 200: Quiz } } }, async (req) =>
    quizzes.getQuiz(ctx, req.params.quiz_slug),
  );
  app.post(
    '/:quiz_id/results',
    {
      schema: {
        tags,
        security,
        summary: 'Submit answers; scored and stored (a second submission replaces the first)',
        params: QuizIdParams,
        body: QuizResultCreate,
        response: { 200: QuizResult },
      },
    },
    async (req) => quizzes.submitResult(ctx, currentUser(req).id, req.params.quiz_id, req.body.responses),
  );
  app.get(
    '/:quiz_slug/results/me',
    { schema: { tags, security, summary: 'My result for a quiz', params: SlugParams, response: { 200: QuizResult } } },
    async (req) => quizzes.myResult(ctx, currentUser(req).id, req.params.quiz_slug),
  );
};

export const evaluationRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  const tags = ['relationship quiz'];

  app.get(
    '/',
    { schema: { tags, security, summary: 'The relationship evaluation: weighted categories and their questions', response: { 200: EvaluationQuiz } } },
    async () => quizzes.getEvaluation(ctx),
  );
  app.post(
    '/submit',
    { schema: { tags, security, summary: 'Submit every answer; returns the scored result', body: EvaluationSubmit, response: { 200: EvaluationResult } } },
    async (req) => quizzes.submitEvaluation(ctx, currentUser(req).id, req.body),
  );
  app.get(
    '/results/:result_id',
    { schema: { tags, security, summary: 'One of my results', params: ResultIdParams, response: { 200: EvaluationResult } } },
    async (req) => quizzes.getEvaluationResult(ctx, currentUser(req).id, req.params.result_id),
  );
  app.get(
    '/history',
    { schema: { tags, security, summary: 'My past results, newest first', querystring: PageQuery, response: { 200: EvaluationHistory } } },
    async (req) => quizzes.evaluationHistory(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );
  app.get(
    '/stats',
    { schema: { tags, security, summary: 'Latest, average and best score, trend, category averages', response: { 200: EvaluationStats } } },
    async (req) => quizzes.evaluationStats(ctx, currentUser(req).id),
  );
};
