// The Live Coach screen's turn reading, mounted at /v1/coach (the mobile app's path).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { AnalyzeTurnRequest, AnalyzeTurnResponse } from './analyze-turn.schemas.js';
import { analyzeTurn } from './analyze-turn.service.js';

export const liveCoachRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.post(
    '/analyze-turn',
    {
      preHandler: ctx.auth.preHandler,
      schema: {
        tags: ['coach'],
        security: [{ bearerAuth: [] }],
        summary: 'Read one turn of a live conversation: sentiment, Gottman horseman, level -5..5, a nudge and a rephrasing when it matters',
        description:
          'The AI reads the turn (with the recent turns when `include_history` is true); without an AI, or when it fails, the ' +
          'built-in cue rules answer (`source: "rules"`). Nothing is stored. Limited per user ' +
          '(PROJECT_INSIDE_RATE_LIMIT_ANALYZE_TURNS_PER_USER; 429 with Retry-After).',
        body: AnalyzeTurnRequest,
        response: { 200: AnalyzeTurnResponse },
      },
    },
    async (req) => analyzeTurn(ctx, currentUser(req).id, req.body),
  );
};
