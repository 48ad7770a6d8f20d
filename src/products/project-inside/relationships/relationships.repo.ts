// Relationships and their members: the access boundary of every other Project Inside feature.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { alias } from 'drizzle-orm/pg-core';
import { prepared } from '../../../core/db/prepared.js';
import { users } from '../../../core/identity/db.js';
import { profiles, relationshipMembers, relationships, type RelationshipRow } from '../db.js';

export async function findRelationship(dz: Dz, id: string): Promise<RelationshipRow | undefined> {
  return (await dz.select().from(relationships).where(eq(relationships.id, id)).limit(1))[0];
}

export const ACCEPTED = 'ACCEPTED' as const;
export const INVITED = 'INVITED' as const;
export type MemberStatus = typeof ACCEPTED | typeof INVITED;

/** Whether the user is an accepted member of the (active) relationship; the hot check of sockets and pokes. */
export async function isActiveMember(dz: Dz, relationshipId: string, userId: string): Promise<boolean> {
  const q = prepared(dz, 'pi_is_member', (d) =>
    d
      .select({ one: sql<number>`1` })
      .from(relationshipMembers)
      .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
      .where(
        and(
          eq(relationshipMembers.relationshipId, sql.placeholder('rid')),
          eq(relationshipMembers.userId, sql.placeholder('uid')),
          eq(relationshipMembers.memberStatus, ACCEPTED),
          eq(relationships.status, 'ACTIVE'),
        ),
      )
      .limit(1)
      .prepare('pi_is_member'),
  );
  return (await q.execute({ rid: relationshipId, uid: userId })).length > 0;
}

export interface Membership {
  memberStatus: MemberStatus;
  addedBy: string | null;
  role: string;
}

/** The user's membership row in the relationship (any status), if any. */
export async function findMembership(dz: Dz, relationshipId: string, userId: string): Promise<Membership | undefined> {
  const rows = await dz
    .select({ memberStatus: relationshipMembers.memberStatus, addedBy: relationshipMembers.addedBy, role: relationshipMembers.role })
    .from(relationshipMembers)
    .where(and(eq(relationshipMembers.relationshipId, relationshipId), eq(relationshipMembers.userId, userId)))
    .limit(1);
  return rows[0] as Membership | undefined;
}

export interface MemberView {
  userId: string;
  role: string;
  memberStatus: MemberStatus;
  addedBy: string | null;
  joinedAt: Date;
  email: string;
  displayName: string | null;
}

export async function listMembers(dz: Dz, relationshipIds: string[]): Promise<(MemberView & { relationshipId: string })[]> {
  if (relationshipIds.length === 0) return [];
  return dz
    .select({
      relationshipId: relationshipMembers.relationshipId,
      userId: relationshipMembers.userId,
      role: relationshipMembers.role,
      memberStatus: sql<MemberStatus>`${relationshipMembers.memberStatus}`,
      addedBy: relationshipMembers.addedBy,
      joinedAt: relationshipMembers.joinedAt,
      email: users.email,
      displayName: profiles.displayName,
    })
    .from(relationshipMembers)
    .innerJoin(users, eq(users.id, relationshipMembers.userId))
    .leftJoin(profiles, eq(profiles.userId, relationshipMembers.userId))
    .where(inArray(relationshipMembers.relationshipId, relationshipIds))
    .orderBy(relationshipMembers.joinedAt, relationshipMembers.userId);
}

/** Active relationships I am in: accepted, or invited and not answered yet (so I can answer). */
export async function listForUser(dz: Dz, userId: string, limit: number, offset: number): Promise<RelationshipRow[]> {
  return dz
    .select({ r: relationships })
    .from(relationshipMembers)
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .where(and(eq(relationshipMembers.userId, userId), inArray(relationshipMembers.memberStatus, [ACCEPTED, INVITED]), eq(relationships.status, 'ACTIVE')))
    .orderBy(desc(relationships.createdAt), desc(relationships.id))
    .limit(limit)
    .offset(offset)
    .then((rows) => rows.map((r) => r.r));
}

/** Active relationships I am an accepted member of. */
export async function countForUser(dz: Dz, userId: string): Promise<number> {
  const rows = await dz
    .select({ n: sql<number>`count(*)::int` })
    .from(relationshipMembers)
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .where(and(eq(relationshipMembers.userId, userId), eq(relationshipMembers.memberStatus, ACCEPTED), eq(relationships.status, 'ACTIVE')));
  return rows[0]?.n ?? 0;
}

export async function insertRelationship(dz: Dz, r: { type: string; createdBy: string; createdAt: Date }): Promise<RelationshipRow> {
  return (await dz.insert(relationships).values(r).returning())[0]!;
}

/**
 * Adds members. Someone already in the relationship keeps their row, except that joining as ACCEPTED (an invite they
 * accepted) accepts a pending membership.
 */
export async function addMembers(
  dz: Dz,
  relationshipId: string,
  members: { userId: string; role: string; memberStatus: MemberStatus; addedBy: string | null }[],
  at: Date,
): Promise<void> {
  if (members.length === 0) return;
  await dz
    .insert(relationshipMembers)
    .values(members.map((m) => ({ relationshipId, ...m, joinedAt: at, respondedAt: m.memberStatus === ACCEPTED ? at : null })))
    .onConflictDoUpdate({
      target: [relationshipMembers.relationshipId, relationshipMembers.userId],
      set: {
        memberStatus: sql`CASE WHEN excluded.member_status = ${ACCEPTED} THEN excluded.member_status ELSE ${relationshipMembers.memberStatus} END`,
        respondedAt: sql`CASE WHEN excluded.member_status = ${ACCEPTED} AND ${relationshipMembers.memberStatus} <> ${ACCEPTED} THEN excluded.responded_at ELSE ${relationshipMembers.respondedAt} END`,
      },
    });
}

/** INVITED → ACCEPTED; false when there was no pending membership. */
export async function acceptMembership(dz: Dz, relationshipId: string, userId: string, at: Date): Promise<boolean> {
  const rows = await dz
    .update(relationshipMembers)
    .set({ memberStatus: ACCEPTED, respondedAt: at })
    .where(and(eq(relationshipMembers.relationshipId, relationshipId), eq(relationshipMembers.userId, userId), eq(relationshipMembers.memberStatus, INVITED)))
    .returning({ userId: relationshipMembers.userId });
  return rows.length > 0;
}

/**
 * The newest active relationship of the given type in which `requesterId` added `userId` and `userId` has not
 * answered yet. Only the same type: adding someone back as a friend never puts me in the couple they asked for.
 */
export async function pendingRequestFrom(dz: Dz, requesterId: string, userId: string, type: string): Promise<RelationshipRow | undefined> {
  const rows = await dz
    .select({ r: relationships })
    .from(relationshipMembers)
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .where(
      and(
        eq(relationshipMembers.userId, userId),
        eq(relationshipMembers.memberStatus, INVITED),
        eq(relationshipMembers.addedBy, requesterId),
        eq(relationships.status, 'ACTIVE'),
        eq(relationships.type, type),
      ),
    )
    .orderBy(desc(relationships.createdAt))
    .limit(1);
  return rows[0]?.r;
}

/** Removes a pending membership (declined); false when there was none. */
export async function removePendingMembership(dz: Dz, relationshipId: string, userId: string): Promise<boolean> {
  const rows = await dz
    .delete(relationshipMembers)
    .where(and(eq(relationshipMembers.relationshipId, relationshipId), eq(relationshipMembers.userId, userId), eq(relationshipMembers.memberStatus, INVITED)))
    .returning({ userId: relationshipMembers.userId });
  return rows.length > 0;
}

/** Pending memberships of `userId` that `addedBy` created (withdrawn when the user blocks them). */
export async function removePendingAddedBy(dz: Dz, userId: string, addedBy: string): Promise<string[]> {
  const rows = await dz
    .delete(relationshipMembers)
    .where(and(eq(relationshipMembers.userId, userId), eq(relationshipMembers.addedBy, addedBy), eq(relationshipMembers.memberStatus, INVITED)))
    .returning({ relationshipId: relationshipMembers.relationshipId });
  return rows.map((r) => r.relationshipId);
}

export async function endRelationship(dz: Dz, id: string, at: Date): Promise<void> {
  await dz.update(relationships).set({ status: 'ENDED', endedAt: at }).where(eq(relationships.id, id));
}

/** Users of this product among `ids` (others are unknown ids). */
export async function existingUsers(dz: Dz, product: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await dz
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.product, product)));
  return rows.map((r) => r.id);
}

/** Whether two users are both accepted members of one active relationship. */
export async function shareRelationship(dz: Dz, a: string, b: string): Promise<boolean> {
  const other = alias(relationshipMembers, 'other');
  const rows = await dz
    .select({ one: sql<number>`1` })
    .from(relationshipMembers)
    .innerJoin(other, eq(other.relationshipId, relationshipMembers.relationshipId))
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .where(
      and(
        eq(relationshipMembers.userId, a),
        eq(relationshipMembers.memberStatus, ACCEPTED),
        eq(other.userId, b),
        eq(other.memberStatus, ACCEPTED),
        eq(relationships.status, 'ACTIVE'),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Accepted members of the relationship. */
export async function acceptedMemberIds(dz: Dz, relationshipId: string): Promise<string[]> {
  const rows = await dz
    .select({ id: relationshipMembers.userId })
    .from(relationshipMembers)
    .where(and(eq(relationshipMembers.relationshipId, relationshipId), eq(relationshipMembers.memberStatus, ACCEPTED)));
  return rows.map((r) => r.id);
}
