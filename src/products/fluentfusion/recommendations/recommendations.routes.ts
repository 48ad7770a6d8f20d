// /api/recommendations/: what to learn next.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { security } from '../schemas.js';
import { Recommendation } from './recommendations.schemas.js';
import { recommendationsFor } from './recommendations.service.js';

/** Mounted under /api. */
export const recommendationsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.get(
    '/recommendations/',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags: ['Recommendations'],
        security,
        summary: 'Up to 5 lessons in my target language that I have not started, chosen from my progress',
        response: { 200: Type.Array(Recommendation, { maxItems: 5 }) },
      },
    },
    async (req) => recommendationsFor(ctx, currentUser(req).id),
  );
};
