// /v1/pokes (seed) and /v1/interaction/pokes (mobile app): send a poke to another member, list a relationship's pokes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { Poke, PokeCreate, PokeList, PokeListQuery } from './pokes.schemas.js';
import { listPokes, sendPoke } from './pokes.service.js';
import { describeLimit, perUser } from '../shared/limits.js';

const tags = ['pokes'];
const security = [{ bearerAuth: [] }];

export const pokesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  // Counted per sender in the product's limiter store (Redis when configured), so both path families and every
  // instance share one allowance; the general per-user limit still applies on top.
  const limitSender = perUser(ctx, 'POKES_PER_USER', 'Too many pokes');

  app.post(
    '/pokes',
    {
      preHandler: [ctx.auth.preHandler, limitSender],
      schema: {
        tags,
        security,
        summary: `Poke another member of a relationship (live to their notification socket; ${describeLimit(ctx, 'POKES_PER_USER')} per sender)`,
        body: PokeCreate,
        response: { 200: Poke },
      },
    },
    async (req) => sendPoke(ctx, currentUser(req).id, req.body),
  );
  app.get(
    '/pokes',
    {
      preHandler: ctx.auth.preHandler,
      schema: { tags, security, summary: "A relationship's pokes, newest first (members only)", querystring: PokeListQuery, response: { 200: PokeList } },
    },
    async (req) => listPokes(ctx, currentUser(req).id, req.query.rid, req.query.limit, req.query.offset),
  );
};
