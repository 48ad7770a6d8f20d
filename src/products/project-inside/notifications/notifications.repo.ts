// The inbox and device tokens: the only place their SQL lives.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { devices, notifications, type DeviceRow, type NotificationRow } from '../db.js';

export type NotificationData = Record<string, string | number | boolean | null>;

export async function insertNotification(
  dz: Dz,
  n: { userId: string; senderId: string | null; type: string; title: string; message: string; data: NotificationData; createdAt: Date },
): Promise<NotificationRow> {
  return (await dz.insert(notifications).values(n).returning())[0]!;
}

export async function findNotification(dz: Dz, id: string): Promise<NotificationRow | undefined> {
  return (await dz.select().from(notifications).where(eq(notifications.id, id)).limit(1))[0];
}

/** Newest first; ties broken by id so pages never overlap. */
export async function listNotifications(dz: Dz, userId: string, o: { limit: number; offset: number; type?: string }): Promise<NotificationRow[]> {
  return dz
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), o.type === undefined ? undefined : eq(notifications.type, o.type)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(o.limit)
    .offset(o.offset);
}

export async function countUnread(dz: Dz, userId: string): Promise<number> {
  const rows = await dz
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.read, false)));
  return rows[0]?.n ?? 0;
}

/** Only the owner's row: false when it is not theirs (or gone). */
export async function markRead(dz: Dz, userId: string, id: string): Promise<boolean> {
  const rows = await dz
    .update(notifications)
    .set({ read: true })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllRead(dz: Dz, userId: string): Promise<number> {
  const rows = await dz
    .update(notifications)
    .set({ read: true })
    .where(and(eq(notifications.userId, userId), eq(notifications.read, false)))
    .returning({ id: notifications.id });
  return rows.length;
}

export async function deleteNotification(dz: Dz, userId: string, id: string): Promise<boolean> {
  const rows = await dz
    .delete(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

/** One row per token: registering a token again (or from another account on the same phone) moves it. */
export async function upsertDevice(dz: Dz, d: { userId: string; token: string; platform: string; at: Date }): Promise<void> {
  await dz
    .insert(devices)
    .values({ userId: d.userId, token: d.token, platform: d.platform, createdAt: d.at, updatedAt: d.at })
    .onConflictDoUpdate({ target: devices.token, set: { userId: d.userId, platform: d.platform, updatedAt: d.at } });
}

export async function deleteDevice(dz: Dz, userId: string, token: string): Promise<boolean> {
  const rows = await dz
    .delete(devices)
    .where(and(eq(devices.userId, userId), eq(devices.token, token)))
    .returning({ id: devices.id });
  return rows.length > 0;
}

export async function devicesOf(dz: Dz, userId: string): Promise<DeviceRow[]> {
  return dz.select().from(devices).where(eq(devices.userId, userId));
}

export async function forgetTokens(dz: Dz, tokens: string[]): Promise<void> {
  for (const token of tokens) await dz.delete(devices).where(eq(devices.token, token));
}
