// The notification centre: every notification is stored in the recipient's inbox, sent live to their sockets
// (notification.new) and pushed to their devices by a job (retried; the request never waits on a push provider).
import { badRequest, forbidden, invalidField, notFound } from '../../../core/http/errors.js';
import type { Tx } from '../../../core/db/connect.js';
import type { ProductContext } from '../../../core/product.js';
import type { NotificationRow } from '../db.js';
import * as repo from './notifications.repo.js';
import type { NotificationData } from './notifications.repo.js';
import type { NotificationItem, NotificationListQuery, PushTokenRegister, SendEmotion, SendHeart } from './notifications.schemas.js';
import { isBlocked } from '../users/blocks.repo.js';
import { shareRelationship } from '../relationships/relationships.repo.js';
import { displayNameOf } from '../users/users.repo.js';
import { userTopic } from '../shared/topics.js';
import { notificationPush } from './notification-push.job.js';

export interface NewNotification {
  userId: string;
  senderId?: string | null;
  type: string;
  title: string;
  message: string;
  data?: NotificationData;
}

export function presentNotification(n: NotificationRow): NotificationItem {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    message: n.message,
    read: n.read,
    timestamp: n.createdAt.getTime(),
    created_at: n.createdAt.toISOString(),
    data: n.data,
  };
}

/** What the recipient's notification sockets receive: the app reads payload.type/title/message/sender_id/…. */
export function notificationEvent(n: NotificationRow) {
  const { data, created_at: _created, ...item } = presentNotification(n);
  return { type: 'notification.new', payload: { ...data, ...item } };
}

/** Inside the caller's transaction: the row and its push job; answers what to do after the commit (go live). */
export async function queueNotification(ctx: ProductContext, tx: Tx, n: NewNotification): Promise<() => void> {
  const row = await repo.insertNotification(tx.dz, {
    userId: n.userId,
    senderId: n.senderId ?? null,
    type: n.type,
    title: n.title.slice(0, 200),
    message: n.message.slice(0, 1000),
    data: n.data ?? {},
    createdAt: new Date(ctx.now()),
  });
  await notificationPush.enqueue(ctx, { notificationId: row.id }, { tx });
  return () => ctx.hub.publish(userTopic(n.userId), notificationEvent(row));
}

/** Stores, sends live and queues the push of one notification. */
export async function deliverNotification(ctx: ProductContext, n: NewNotification): Promise<void> {
  const live = await ctx.db.transaction((tx) => queueNotification(ctx, tx, n));
  live();
}

export async function list(ctx: ProductContext, userId: string, q: NotificationListQuery): Promise<NotificationItem[]> {
  return (await repo.listNotifications(ctx.db.dz, userId, { limit: q.limit, offset: q.offset, ...(q.type !== undefined ? { type: q.type } : {}) })).map(
    presentNotification,
  );
}

export async function unreadCount(ctx: ProductContext, userId: string): Promise<{ unread: number }> {
  return { unread: await repo.countUnread(ctx.db.dz, userId) };
}

const missing = () => notFound('Notification not found', 'notification_not_found');

export async function markRead(ctx: ProductContext, userId: string, id: string): Promise<{ ok: true }> {
  if (!(await repo.markRead(ctx.db.dz, userId, id))) throw missing();
  return { ok: true };
}

export async function markAllRead(ctx: ProductContext, userId: string): Promise<{ ok: true; updated: number }> {
  return { ok: true, updated: await repo.markAllRead(ctx.db.dz, userId) };
}

export async function remove(ctx: ProductContext, userId: string, id: string): Promise<{ ok: true }> {
  if (!(await repo.deleteNotification(ctx.db.dz, userId, id))) throw missing();
  return { ok: true };
}

/**
 * Hearts and emotions go to someone I share an active relationship with (both accepted) who has not blocked me.
 * Anyone else — unknown, a stranger, pending, blocking — gets the same 403, so nothing is learnt about them.
 */
async function requireReachable(ctx: ProductContext, senderId: string, targetId: string, what: string): Promise<string> {
  if (targetId === senderId) throw badRequest(`Cannot send ${what} to yourself`, 'self_target');
  const dz = ctx.db.dz;
  if (!(await shareRelationship(dz, senderId, targetId)) || (await isBlocked(dz, targetId, senderId))) {
    throw forbidden(`You can only send ${what} to people in a relationship with you`, 'not_related');
  }
  return (await displayNameOf(dz, senderId)) ?? 'Someone';
}

export async function sendHeart(ctx: ProductContext, senderId: string, body: SendHeart): Promise<{ ok: true }> {
  const name = await requireReachable(ctx, senderId, body.target_user_id, 'hearts');
  await deliverNotification(ctx, {
    userId: body.target_user_id,
    senderId,
    type: 'message',
    title: 'Heart',
    message: `${name} sent you a heart`,
    data: { kind: 'heart', sender_id: senderId, sender_name: name },
  });
  return { ok: true };
}

export async function sendEmotion(ctx: ProductContext, senderId: string, body: SendEmotion): Promise<{ ok: true }> {
  const name = await requireReachable(ctx, senderId, body.target_user_id, 'emotions');
  const kind = body.emotion_kind?.trim() || 'love';
  await deliverNotification(ctx, {
    userId: body.target_user_id,
    senderId,
    type: 'emotion',
    title: kind.charAt(0).toUpperCase() + kind.slice(1),
    message: `${name} sent you ${kind}`,
    data: { kind: 'emotion', sender_id: senderId, sender_name: name, emotion_kind: kind },
  });
  return { ok: true };
}

/** Device tokens are printable ASCII without spaces (FCM and APNs both are). */
const TOKEN = /^[\x21-\x7E]+$/;

export async function registerPushToken(ctx: ProductContext, userId: string, body: PushTokenRegister): Promise<{ ok: true }> {
  if (!TOKEN.test(body.token)) throw invalidField(['body', 'token'], 'Value error, a push token is printable ASCII without spaces', body.token.slice(0, 100));
  await repo.upsertDevice(ctx.db.dz, { userId, token: body.token, platform: body.platform.toLowerCase(), at: new Date(ctx.now()) });
  return { ok: true };
}

export async function removePushToken(ctx: ProductContext, userId: string, token: string): Promise<{ ok: true }> {
  if (!(await repo.deleteDevice(ctx.db.dz, userId, token))) throw notFound('Push token not found', 'push_token_not_found');
  return { ok: true };
}
