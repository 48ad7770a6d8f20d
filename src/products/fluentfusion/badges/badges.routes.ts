// /api/badges/ (the catalogue) and /api/users/me/badges (mine, with when each was earned).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { security } from '../schemas.js';
import { Badge, EarnedBadge } from './badges.schemas.js';
import { catalogue, myBadges } from './badges.service.js';

const tags = ['Badges'];

/** Mounted under /api. */
export const badgesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.get('/badges/', { schema: { tags, summary: 'The eight badges and how to earn them', response: { 200: Type.Array(Badge) } } }, async () => catalogue());
  app.get(
    '/users/me/badges',
    {
      preValidation: ctx.auth.preHandler,
      schema: { tags, security, summary: 'Badges I have earned, oldest first', response: { 200: Type.Array(EarnedBadge) } },
    },
    async (req) => myBadges(ctx, currentUser(req).id),
  );
};
