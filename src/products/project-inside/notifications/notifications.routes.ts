// /v1/notifications (inbox, hearts, emotions) and /v1/devices/push-token: the mobile app's notification centre.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { AppError } from '../../../core/http/errors.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import {
  NotificationItem,
  NotificationListQuery,
  NotificationParams,
  Ok,
  PushTokenRegister,
  PushTokenRemove,
  ReadAll,
  SendEmotion,
  SendHeart,
  UnreadCount,
} from './notifications.schemas.js';
import * as svc from './notifications.service.js';

const tags = ['notifications'];
const security = [{ bearerAuth: [] }];

/** Hearts and emotions per sender, across instances (the product's rate-limit store): a signal, not a chat. */
export const SIGNAL_LIMIT = { max: 30, windowMs: 60_000 };

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  const countSignal = app.createRateLimit({
    max: SIGNAL_LIMIT.max,
    timeWindow: SIGNAL_LIMIT.windowMs,
    keyGenerator: (req) => `signals:${currentUser(req).id}`,
  });
  const limitSender = async (req: FastifyRequest) => {
    const r = await countSignal(req);
    if (!r.isAllowed && r.isExceeded) {
      throw new AppError('rate_limited', 429, `Too many hearts and emotions, retry in ${r.ttlInSeconds} seconds`, {
        'retry-after': String(Math.max(1, r.ttlInSeconds)),
      });
    }
  };

  app.get(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'My notifications, newest first (optionally one type)',
        querystring: NotificationListQuery,
        response: { 200: Type.Array(NotificationItem) },
      },
    },
    async (req) => svc.list(ctx, currentUser(req).id, req.query),
  );
  app.get('/unread-count', { schema: { tags, security, summary: 'How many of my notifications are unread', response: { 200: UnreadCount } } }, async (req) =>
    svc.unreadCount(ctx, currentUser(req).id),
  );
  app.post('/read-all', { schema: { tags, security, summary: 'Mark all my notifications read', response: { 200: ReadAll } } }, async (req) =>
    svc.markAllRead(ctx, currentUser(req).id),
  );
  app.patch(
    '/:notification_id/read',
    { schema: { tags, security, summary: 'Mark one of my notifications read (404 when it is not mine)', params: NotificationParams, response: { 200: Ok } } },
    async (req) => svc.markRead(ctx, currentUser(req).id, req.params.notification_id),
  );
  app.delete(
    '/:notification_id',
    { schema: { tags, security, summary: 'Delete one of my notifications (404 when it is not mine)', params: NotificationParams, response: { 200: Ok } } },
    async (req) => svc.remove(ctx, currentUser(req).id, req.params.notification_id),
  );
  app.post(
    '/send-heart',
    {
      preHandler: limitSender,
      schema: {
        tags,
        security,
        summary: `Send a heart to someone I share a relationship with (${SIGNAL_LIMIT.max} hearts and emotions per minute)`,
        body: SendHeart,
        response: { 200: Ok },
      },
    },
    async (req) => svc.sendHeart(ctx, currentUser(req).id, req.body),
  );
  app.post(
    '/send-emotion',
    {
      preHandler: limitSender,
      schema: {
        tags,
        security,
        summary: `Send an emotion (default love) to someone I share a relationship with (${SIGNAL_LIMIT.max} per minute with hearts)`,
        body: SendEmotion,
        response: { 200: Ok },
      },
    },
    async (req) => svc.sendEmotion(ctx, currentUser(req).id, req.body),
  );
};

export const devicesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  const dtags = ['notifications'];
  app.post(
    '/push-token',
    {
      schema: {
        tags: dtags,
        security,
        summary: "Register this device's push token (a token moves to whoever registers it last)",
        body: PushTokenRegister,
        response: { 200: Ok },
      },
    },
    async (req) => svc.registerPushToken(ctx, currentUser(req).id, req.body),
  );
  app.delete(
    '/push-token',
    {
      schema: {
        tags: dtags,
        security,
        summary: 'Stop pushes to this device (e.g. at logout); 404 when the token is not mine',
        body: PushTokenRemove,
        response: { 200: Ok },
      },
    },
    async (req) => svc.removePushToken(ctx, currentUser(req).id, req.body.token),
  );
};
