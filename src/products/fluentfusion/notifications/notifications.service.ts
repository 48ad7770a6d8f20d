// The learner's notifications: list, unread count, mark all read; and the wording of a badge notification.
import type { ProductContext } from '../../../core/product.js';
import type { BadgeDefinition } from '../badges/rules.js';
import * as repo from './notifications.repo.js';
import type { Notification } from './notifications.schemas.js';

export const ACHIEVEMENTS_LINK = '/dashboard/achievements';

export function badgeNotification(userId: string, b: Pick<BadgeDefinition, 'name' | 'description'>): repo.NewNotification {
  return { userId, title: `🏅 Badge earned: ${b.name}`, message: `${b.description}. Keep going!`, link: ACHIEVEMENTS_LINK };
}

const present = (n: repo.NotificationRow): Notification => ({
  id: n.id,
  title: n.title,
  message: n.message,
  link: n.link,
  sent_at: n.createdAt.toISOString(),
  is_read: n.readAt !== null,
});

export async function listMyNotifications(ctx: ProductContext, userId: string, page: { skip: number; limit: number }): Promise<Notification[]> {
  return (await repo.listNotifications(ctx.db.dz, userId, page)).map(present);
}

export async function myUnreadCount(ctx: ProductContext, userId: string): Promise<{ count: number }> {
  return { count: await repo.unreadCount(ctx.db.dz, userId) };
}

export async function markMineRead(ctx: ProductContext, userId: string): Promise<{ ok: true; marked: number }> {
  return { ok: true, marked: await repo.markAllRead(ctx.db.dz, userId, new Date(ctx.now())) };
}
