// /api/v1/analytics (administrators; tracking for any user) and /api/v1/admin/users/premium.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import { invalidField } from '../../../core/http/errors.js';
import { bearer, type Ctx } from '../shared/context.js';
import { Envelope, Message, errors, ok } from '../shared/envelope.js';
import {
  ConversationMetrics,
  Dashboard,
  Engagement,
  Funnel,
  HoursQuery,
  MetricParams,
  Performance,
  PremiumBody,
  PremiumResult,
  RangeQuery,
  TrackBody,
  TrackQuery,
} from './analytics.schemas.js';
import { conversationMetrics, dashboard, engagement, onboardingFunnel, performance, requireAdmin, setPremium, trackClientEvent } from './analytics.service.js';

export const analyticsRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  const tags = ['analytics'];
  const admin = {
    preValidation: ctx.auth.preHandler,
    preHandler: async (req: FastifyRequest) => requireAdmin(ctx, currentUser(req).id),
  };
  const doc = <T extends object>(summary: string, extra: T) => ({ tags, security: bearer, summary: `${summary} (administrators)`, ...extra });
  const range = <T extends TSchema>(r: T) => ({ querystring: RangeQuery, response: { 200: Envelope(r), ...errors(401, 403, 422) } });

  app.get('/dashboard', { ...admin, schema: doc("Today's activity and totals", { response: { 200: Envelope(Dashboard), ...errors(401, 403) } }) }, async () =>
    ok(await dashboard(ctx)),
  );
  app.get('/onboarding-funnel', { ...admin, schema: doc('Sign-ups → verified → onboarded, step by step', range(Funnel)) }, async (req) =>
    ok(await onboardingFunnel(ctx, req.query.date_range ?? 7)),
  );
  app.get('/conversations', { ...admin, schema: doc('Conversations: volume, completion, scores, scenarios', range(ConversationMetrics)) }, async (req) =>
    ok(await conversationMetrics(ctx, req.query.date_range ?? 7)),
  );
  app.get('/engagement', { ...admin, schema: doc('DAU / WAU / MAU, retention, premium conversion', range(Engagement)) }, async (req) =>
    ok(await engagement(ctx, req.query.date_range ?? 7)),
  );
  app.get(
    '/performance/:metric_name',
    {
      ...admin,
      schema: doc('AI latency or fallback rate per hour', {
        params: MetricParams,
        querystring: HoursQuery,
        response: { 200: Envelope(Performance), ...errors(401, 403, 422) },
      }),
    },
    async (req) => ok(await performance(ctx, req.params.metric_name, req.query.hours ?? 24)),
  );
  app.post(
    '/track',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security: bearer,
        summary: 'Record an event from the app (any user)',
        body: TrackBody,
        querystring: TrackQuery,
        response: { 200: Message, ...errors(401, 422) },
      },
    },
    async (req) => {
      const type = req.body?.event_type ?? req.query.event_type;
      if (!type) throw invalidField(['body', 'event_type'], 'Field required', undefined, 'missing');
      await trackClientEvent(ctx, currentUser(req).id, type, req.body?.event_data ?? {});
      return { success: true as const, message: 'Event tracked successfully' };
    },
  );
};

export const adminRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.put(
    '/users/premium',
    {
      preValidation: ctx.auth.preHandler,
      preHandler: async (req) => requireAdmin(ctx, currentUser(req).id),
      schema: {
        tags: ['admin'],
        security: bearer,
        summary: "Switch a user's premium on or off (administrators)",
        body: PremiumBody,
        response: { 200: Envelope(PremiumResult), ...errors(401, 403, 404, 422) },
      },
    },
    async (req) => ok(await setPremium(ctx, req.body), 'Premium status updated'),
  );
};
