// /v1/history: the coaching sessions I took part in.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { HistoryItem, HistoryQuery } from './coach.schemas.js';
import * as svc from './sessions.service.js';

export const historyRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.get(
    '/sessions',
    {
      preHandler: ctx.auth.preHandler,
      schema: {
        tags: ['history'],
        security: [{ bearerAuth: [] }],
        summary: 'Sessions I took part in, newest first (limit 1–100, offset)',
        querystring: HistoryQuery,
        response: { 200: Type.Array(HistoryItem) },
      },
    },
    async (req) => svc.history(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );
};
