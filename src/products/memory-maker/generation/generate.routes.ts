// /books/generate: start writing a book (202 + task id) and follow the task.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { Ctx } from '../context.js';
import { errors } from '../errors.js';
import { actorOf } from '../users/actor.js';
import { GenerateAccepted, GenerateRequest, Task, TaskParams } from './generate.schemas.js';
import * as generation from './generate.service.js';

const tags = ['generation'];
const security = [{ bearerAuth: [] }];

export const generateRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.addHook('onRequest', ctx.auth.preHandler); // before the body is read or validated: 401 comes first

  app.post(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'Write a personalised book (5–7 pages) in the background',
        description: 'Answers at once with the task to follow; the book appears in `GET /books` with status `generating`, then `generated` (or `failed`).',
        body: GenerateRequest,
        response: { 202: GenerateAccepted, ...errors(401, 404, 422, 429) },
      },
    },
    async (req, reply) => reply.status(202).send(await generation.startGeneration(ctx, currentUser(req).id, req.body)),
  );

  app.get(
    '/:task_id',
    { schema: { tags, security, summary: 'How a generation stands, and its book', params: TaskParams, response: { 200: Task, ...errors(401, 404, 422) } } },
    async (req) => generation.getTask(ctx, await actorOf(ctx, req), req.params.task_id),
  );
};
