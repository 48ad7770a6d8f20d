// Learners' notifications: the only place that touches `fluentfusion.notifications`.
import { and, asc, count, desc, eq, isNull } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { notifications } from '../db.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = Pick<NotificationRow, 'userId' | 'title' | 'message' | 'link'>;

/** Inserts with the caller's handle (the badge award's transaction: no badge without its notification). */
export async function insertNotifications(dz: Dz, rows: NewNotification[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await dz.insert(notifications).values(rows.map((r) => ({ ...r, createdAt: at })));
}

export async function listNotifications(dz: Dz, userId: string, page: { skip: number; limit: number }): Promise<NotificationRow[]> {
  return dz
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), asc(notifications.id))
    .offset(page.skip)
    .limit(page.limit);
}

export async function unreadCount(dz: Dz, userId: string): Promise<number> {
  const [r] = await dz
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return r?.n ?? 0;
}

/** Marks every unread notification of the learner read; answers how many. */
export async function markAllRead(dz: Dz, userId: string, at: Date): Promise<number> {
  const rows = await dz
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** All of a learner's notifications, oldest first (GDPR export). */
export async function notificationsOfUser(dz: Dz, userId: string): Promise<NotificationRow[]> {
  return dz.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.createdAt), asc(notifications.id));
}
