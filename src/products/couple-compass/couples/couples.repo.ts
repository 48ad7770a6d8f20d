// Couples, memberships and partner-link codes.
import { and, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { prepared } from '../../../core/db/prepared.js';
import { users } from '../../../core/identity/db.js';
import { coupleMembers, couples, partnerLinks, profiles, type CoupleRow } from '../db.js';

export interface Membership {
  coupleId: string;
  status: string;
  joinedAt: Date;
}

/** The user's live couple (active or paused), if any. */
export async function findActiveMembership(dz: Dz, userId: string): Promise<Membership | undefined> {
  const q = prepared(dz, 'cc_active_membership', (d) =>
    d
      .select({ coupleId: coupleMembers.coupleId, status: couples.status, joinedAt: coupleMembers.joinedAt })
      .from(coupleMembers)
      .innerJoin(couples, eq(couples.id, coupleMembers.coupleId))
      .where(and(eq(coupleMembers.userId, sql.placeholder('id')), eq(coupleMembers.active, true)))
      .limit(1)
      .prepare('cc_active_membership'),
  );
  return (await q.execute({ id: userId }))[0];
}

export async function findCouple(dz: Dz, coupleId: string): Promise<CoupleRow | undefined> {
  const rows = await dz.select().from(couples).where(eq(couples.id, coupleId)).limit(1);
  return rows[0];
}

export interface MemberView {
  id: string;
  userId: string;
  role: string;
  joinedAt: Date;
  name: string | null;
  email: string;
}

export async function listMembers(dz: Dz, coupleId: string): Promise<MemberView[]> {
  return dz
    .select({
      id: coupleMembers.id,
      userId: coupleMembers.userId,
      role: coupleMembers.role,
      joinedAt: coupleMembers.joinedAt,
      name: profiles.name,
      email: users.email,
    })
    .from(coupleMembers)
    .innerJoin(users, eq(users.id, coupleMembers.userId))
    .leftJoin(profiles, eq(profiles.userId, coupleMembers.userId))
    .where(eq(coupleMembers.coupleId, coupleId))
    .orderBy(coupleMembers.joinedAt);
}

/** The other active member of the user's couple. */
export async function findPartner(dz: Dz, userId: string): Promise<(MemberView & { coupleId: string }) | undefined> {
  const m = await findActiveMembership(dz, userId);
  if (!m) return undefined;
  const rows = await dz
    .select({
      id: coupleMembers.id,
      userId: coupleMembers.userId,
      role: coupleMembers.role,
      joinedAt: coupleMembers.joinedAt,
      name: profiles.name,
      email: users.email,
    })
    .from(coupleMembers)
    .innerJoin(users, eq(users.id, coupleMembers.userId))
    .leftJoin(profiles, eq(profiles.userId, coupleMembers.userId))
    .where(and(eq(coupleMembers.coupleId, m.coupleId), eq(coupleMembers.active, true), ne(coupleMembers.userId, userId)))
    .limit(1);
  return rows[0] ? { ...rows[0], coupleId: m.coupleId } : undefined;
}

export async function insertCouple(dz: Dz): Promise<CoupleRow> {
  const rows = await dz.insert(couples).values({ status: 'active' }).returning();
  return rows[0]!;
}

export async function insertMember(dz: Dz, coupleId: string, userId: string, role: string, joinedAt: Date): Promise<void> {
  await dz.insert(coupleMembers).values({ coupleId, userId, role, joinedAt });
}

export async function updateCouple(dz: Dz, coupleId: string, patch: { status?: string; anniversaryDate?: Date | null }): Promise<CoupleRow> {
  const rows = await dz.update(couples).set(patch).where(eq(couples.id, coupleId)).returning();
  return rows[0]!;
}

export async function releaseMembers(dz: Dz, coupleId: string): Promise<void> {
  await dz.update(coupleMembers).set({ active: false }).where(eq(coupleMembers.coupleId, coupleId));
}

export async function retirePendingLinks(dz: Dz, userId: string): Promise<void> {
  await dz
    .update(partnerLinks)
    .set({ status: 'expired' })
    .where(and(eq(partnerLinks.createdByUserId, userId), eq(partnerLinks.status, 'pending')));
}

export async function insertLink(dz: Dz, l: { code: string; createdByUserId: string; expiresAt: Date }) {
  const rows = await dz.insert(partnerLinks).values(l).returning();
  return rows[0]!;
}

export async function findPendingLinkOf(dz: Dz, userId: string, now: Date) {
  const rows = await dz
    .select()
    .from(partnerLinks)
    .where(and(eq(partnerLinks.createdByUserId, userId), eq(partnerLinks.status, 'pending'), gt(partnerLinks.expiresAt, now)))
    .orderBy(desc(partnerLinks.createdAt))
    .limit(1);
  return rows[0];
}

export async function findLinkByCode(dz: Dz, code: string) {
  const rows = await dz.select().from(partnerLinks).where(eq(partnerLinks.code, code)).limit(1);
  return rows[0];
}

/**
 * Serialises linking for these users inside a transaction. Taken in one fixed order before any row lock, so two
 * joins that cross (A uses B's code while B uses A's) wait for each other instead of deadlocking.
 */
export async function lockUsers(dz: Dz, userIds: string[]): Promise<void> {
  for (const id of [...new Set(userIds)].sort()) await dz.execute(sql`select pg_advisory_xact_lock(hashtext(${'cc-couple:' + id}))`);
}

export async function findLinkByCodeForUpdate(dz: Dz, code: string) {
  const rows = await dz.select().from(partnerLinks).where(eq(partnerLinks.code, code)).for('update').limit(1);
  return rows[0];
}

export async function markLink(dz: Dz, id: string, patch: { status: string; coupleId?: string; usedByUserId?: string }): Promise<void> {
  await dz.update(partnerLinks).set(patch).where(eq(partnerLinks.id, id));
}

/** The live couple of each of these users (absent: none). */
export async function activeCouplesOf(dz: Dz, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await dz
    .select({ userId: coupleMembers.userId, coupleId: coupleMembers.coupleId })
    .from(coupleMembers)
    .where(and(inArray(coupleMembers.userId, userIds), eq(coupleMembers.active, true)));
  return new Map(rows.map((r) => [r.userId, r.coupleId]));
}
