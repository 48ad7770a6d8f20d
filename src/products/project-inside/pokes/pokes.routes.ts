// /v1/pokes (seed) and /v1/interaction/pokes (mobile app): send a poke to another member, list a relationship's pokes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ProductContext } from '../../../core/product.js';
import { AppError } from '../../../core/http/errors.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { Poke, PokeCreate, PokeList, PokeListQuery } from './pokes.schemas.js';
import { POKE_LIMIT, listPokes, sendPoke } from './pokes.service.js';

const tags = ['pokes'];
const security = [{ bearerAuth: [] }];

export const pokesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  // Counted per sender in the product's rate-limit store (Redis when configured), so both path families and every
  // instance share one allowance; the per-IP limit of every route still applies on top.
  const countPoke = app.createRateLimit({ max: POKE_LIMIT.max, timeWindow: POKE_LIMIT.windowMs, keyGenerator: (req) => `pokes:${currentUser(req).id}` });
  const limitSender = async (req: FastifyRequest) => {
    const r = await countPoke(req);
    if (!r.isAllowed && r.isExceeded) {
      throw new AppError('rate_limited', 429, `Too many pokes, retry in ${r.ttlInSeconds} seconds`, { 'retry-after': String(Math.max(1, r.ttlInSeconds)) });
    }
  };

  app.post(
    '/pokes',
    {
      preHandler: [ctx.auth.preHandler, limitSender],
      schema: {
        tags,
        security,
        summary: `Poke another member of a relationship (live to their notification socket; ${POKE_LIMIT.max} per minute per sender)`,
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
