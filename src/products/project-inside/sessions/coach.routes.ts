// Coaching sessions and activity suggestions, mounted at /v1 (the seed's paths) and /v1/coach (the mobile app's).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { Finalized, Report, Session, SessionCreate, SessionParams, Suggestions, SuggestionsQuery } from './coach.schemas.js';
import * as svc from './sessions.service.js';

const tags = ['coach'];
const security = [{ bearerAuth: [] }];

export const coachRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const auth = { preHandler: ctx.auth.preHandler };
  app.post(
    '/sessions',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'Start a coaching session with members of a relationship (I am always a participant)',
        body: SessionCreate,
        response: { 200: Session },
      },
    },
    async (req) => svc.createSession(ctx, currentUser(req).id, req.body),
  );
  app.post(
    '/sessions/:sid/finalize',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'End the session (participants only, idempotent): live sockets close and the report is built in the background',
        params: SessionParams,
        response: { 200: Finalized },
      },
    },
    async (req) => svc.finalizeSession(ctx, currentUser(req).id, req.params.sid),
  );
  app.get(
    '/sessions/:sid/report',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'The session report (participants only): 404 before finalize, status "pending" until it is built, then "ready"',
        params: SessionParams,
        response: { 200: Report },
      },
    },
    async (req) => svc.getReport(ctx, currentUser(req).id, req.params.sid),
  );
  app.get(
    '/activities/suggestions',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'Activity suggestions for a relationship (members only), from its recent sessions when every member shares their summaries (SUMMARY_SHARED)',
        querystring: SuggestionsQuery,
        response: { 200: Suggestions },
      },
    },
    async (req) => svc.suggestions(ctx, currentUser(req).id, req.query.rid, req.query.debug === true),
  );
};
