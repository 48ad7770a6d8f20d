// `/` (overview) and `/dev/info` (development only; names of settings and whether they are set, never values).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../../core/http/errors.js';
import type { Ctx } from '../shared/context.js';
import { errors } from '../shared/envelope.js';
import { DevInfo, Overview, VERSION } from './service.js';

export const serviceRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx; base: string }> = async (app, { ctx, base }) => {
  const tags = ['service'];
  app.get('/', { schema: { tags, summary: 'What this API is and where its parts are', response: { 200: Overview } } }, async () => ({
    message: 'FlirtCraft API - AI-Powered Conversation Training',
    version: VERSION,
    status: 'running',
    environment: ctx.config.env,
    timestamp: new Date(ctx.now()).toISOString(),
    docs: ctx.config.docs ? `${base}/docs` : 'disabled',
    endpoints: Object.fromEntries(['auth', 'onboarding', 'scenarios', 'conversations', 'users', 'analytics'].map((k) => [k, `${base}/api/v1/${k}`])),
  }));

  app.get(
    '/dev/info',
    { schema: { tags, summary: 'Configuration overview (development only; no secret values)', response: { 200: DevInfo, ...errors(404) } } },
    async () => {
      if (ctx.config.env !== 'development') throw notFound();
      return {
        message: 'Development environment information',
        settings: { environment: ctx.config.env, cors_origins: ctx.product.corsOrigins, api_docs_enabled: ctx.config.docs },
        database: { kind: ctx.db.kind, url_configured: Boolean(ctx.config.databaseUrl) },
        external_services: {
          ai_engine: ctx.ai.kind,
          ai_configured: Boolean(ctx.config.ai.baseUrl && ctx.config.ai.apiKey),
          redis_configured: Boolean(ctx.config.redisUrl),
          smtp_configured: Boolean(ctx.config.mail.smtpUrl),
        },
        limits: {
          requests_per_user_per_window: ctx.product.rateLimit.userMax,
          requests_per_ip_per_window: ctx.product.rateLimit.ipMax,
          window_seconds: ctx.product.rateLimit.windowS,
          free_conversations_per_day: ctx.settings.FREE_CONVERSATIONS_PER_DAY,
          premium_conversations_per_day: ctx.settings.PREMIUM_CONVERSATIONS_PER_DAY,
          max_messages_per_conversation: ctx.settings.MAX_MESSAGES_PER_CONVERSATION,
        },
      };
    },
  );
};
