// Tips catalogue and the tips suggested to each user.
import { and, asc, count, desc, eq, gt, notInArray, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { users } from '../../../core/identity/db.js';
import { tipGenerations, tips, userTips, type TipRow, type UserTipRow } from '../db.js';

export async function listTips(dz: Dz, q: { category?: string; tag?: string; limit: number; offset: number }): Promise<TipRow[]> {
  return dz
    .select()
    .from(tips)
    .where(and(q.category ? eq(tips.category, q.category) : undefined, q.tag ? sql`${tips.tags} @> ${JSON.stringify([q.tag])}::jsonb` : undefined))
    .orderBy(desc(tips.priorityScore), asc(tips.key))
    .limit(q.limit)
    .offset(q.offset);
}

/** Catalogue tips matching a filter that the user has not been given yet, best first. */
export async function freshTips(dz: Dz, userId: string, f: { category?: string; tag?: string }, limit: number): Promise<TipRow[]> {
  const given = dz.select({ id: userTips.tipId }).from(userTips).where(eq(userTips.userId, userId));
  return dz
    .select()
    .from(tips)
    .where(
      and(
        f.category ? eq(tips.category, f.category) : undefined,
        f.tag ? sql`${tips.tags} @> ${JSON.stringify([f.tag])}::jsonb` : undefined,
        notInArray(tips.id, given),
      ),
    )
    .orderBy(desc(tips.priorityScore), asc(tips.key))
    .limit(limit);
}

/** Inserts suggestions, skipping any the user already has (unique per user and tip). */
export async function suggest(dz: Dz, userId: string, items: { tipId: string; context: unknown }[], now: Date): Promise<UserTipRow[]> {
  if (items.length === 0) return [];
  return dz
    .insert(userTips)
    .values(items.map((i) => ({ userId, tipId: i.tipId, contextJson: i.context, createdAt: now, updatedAt: now })))
    .onConflictDoNothing({ target: [userTips.userId, userTips.tipId] })
    .returning();
}

/** Suggests again the tip the user was given longest ago (every tip has been given): it becomes the newest. */
export async function resuggestOldest(dz: Dz, userId: string, now: Date): Promise<UserTipRow | undefined> {
  const [oldest] = await dz
    .select({ id: userTips.id })
    .from(userTips)
    .where(eq(userTips.userId, userId))
    .orderBy(asc(userTips.createdAt), asc(userTips.id))
    .limit(1);
  if (!oldest) return undefined;
  const rows = await dz
    .update(userTips)
    .set({ status: 'suggested', viewedAt: null, createdAt: now, contextJson: { reason: 'suggested_again' } })
    .where(eq(userTips.id, oldest.id))
    .returning();
  return rows[0];
}

export async function countUserTips(dz: Dz, userId: string): Promise<number> {
  return (await dz.select({ n: count() }).from(userTips).where(eq(userTips.userId, userId)))[0]!.n;
}

export type UserTipWithTip = { ut: UserTipRow; tip: TipRow };

export async function listUserTips(dz: Dz, userId: string, limit: number, offset: number): Promise<UserTipWithTip[]> {
  return dz
    .select({ ut: userTips, tip: tips })
    .from(userTips)
    .innerJoin(tips, eq(tips.id, userTips.tipId))
    .where(eq(userTips.userId, userId))
    .orderBy(desc(userTips.createdAt), asc(tips.key))
    .limit(limit)
    .offset(offset);
}

export async function findUserTip(dz: Dz, userId: string, ref: string): Promise<UserTipWithTip | undefined> {
  return (
    await dz
      .select({ ut: userTips, tip: tips })
      .from(userTips)
      .innerJoin(tips, eq(tips.id, userTips.tipId))
      .where(and(eq(userTips.userId, userId), sql`(${userTips.id} = ${ref} or ${userTips.tipId} = ${ref})`))
      .limit(1)
  )[0];
}

export async function setUserTipStatus(dz: Dz, id: string, status: string, viewedAt: Date | null): Promise<UserTipRow> {
  return (await dz.update(userTips).set({ status, viewedAt }).where(eq(userTips.id, id)).returning())[0]!;
}

export async function generationsOn(dz: Dz, userId: string, day: string): Promise<number> {
  return (
    await dz
      .select({ n: count() })
      .from(tipGenerations)
      .where(and(eq(tipGenerations.userId, userId), eq(tipGenerations.day, day)))
  )[0]!.n;
}

export async function recordGeneration(dz: Dz, userId: string, day: string): Promise<void> {
  await dz.insert(tipGenerations).values({ userId, day });
}

export async function lockUser(dz: Dz, userId: string): Promise<void> {
  await dz.execute(sql`select pg_advisory_xact_lock(hashtext(${'cc-tips:' + userId}))`);
}

/** Active Couple Compass users after `afterId`, in id order (the daily job walks them in pages). */
export async function activeUserPage(dz: Dz, product: string, afterId: string | null, limit: number): Promise<string[]> {
  const rows = await dz
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.product, product), eq(users.isActive, true), afterId ? gt(users.id, afterId) : undefined))
    .orderBy(asc(users.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function upsertTip(dz: Dz, t: typeof tips.$inferInsert): Promise<void> {
  await dz
    .insert(tips)
    .values(t)
    .onConflictDoUpdate({ target: tips.key, set: { title: t.title, content: t.content, category: t.category, tags: t.tags, priorityScore: t.priorityScore } });
}
