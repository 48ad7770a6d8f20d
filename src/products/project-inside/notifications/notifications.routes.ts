// /v1/notifications (inbox, hearts, emotions) and /v1/devices/push-token: the mobile app's notification centre.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
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
import { describeLimit, perUser } from '../shared/limits.js';

const tags = ['notifications'];
const security = [{ bearerAuth: [] }];

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  // Hearts and emotions per sender, across instances (the product's limiter store): a signal, not a chat.
  const limitSender = perUser(ctx, 'SIGNALS_PER_USER', 'Too many hearts and emotions');

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
        summary: `Send a heart to someone I share a relationship with (${describeLimit(ctx, 'SIGNALS_PER_USER')}, hearts and emotions together)`,
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
        summary: `Send an emotion (default love) to someone I share a relationship with (${describeLimit(ctx, 'SIGNALS_PER_USER')} with hearts)`,
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
