// /api/student/notifications: my notifications (newest first), the bell's unread count, mark all read.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Body } from '../../../core/http/schemas.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { security } from '../schemas.js';
import { MarkedRead, Notification, NotificationQuery, UnreadCount } from './notifications.schemas.js';
import { listMyNotifications, markMineRead, myUnreadCount } from './notifications.service.js';

const tags = ['Notifications'];

/** Mounted under /api/student. */
export const notificationsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.get(
    '/notifications',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'My notifications, newest first (a badge earned creates one)',
        querystring: NotificationQuery,
        response: { 200: Type.Array(Notification) },
      },
    },
    async (req) => listMyNotifications(ctx, currentUser(req).id, req.query),
  );
  app.get(
    '/notifications/unread-count',
    { preValidation: ctx.auth.preHandler, schema: { tags, security, summary: 'How many of my notifications are unread', response: { 200: UnreadCount } } },
    async (req) => myUnreadCount(ctx, currentUser(req).id),
  );
  app.post(
    '/notifications/mark-read',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Mark all my notifications read',
        body: Type.Union([Body({}), Type.Null()], { description: 'None needed (the client sends no body)' }),
        response: { 200: MarkedRead },
      },
    },
    async (req) => markMineRead(ctx, currentUser(req).id),
  );
};
