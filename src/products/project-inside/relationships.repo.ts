// Relationships and their members: the access boundary of every other Project Inside feature.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Dz } from '../../core/db/connect.js';
import { alias } from 'drizzle-orm/pg-core';
import { prepared } from '../../core/db/prepared.js';
import { users } from '../../core/identity/db.js';
import { profiles, relationshipMembers, relationships, type RelationshipRow } from './db.js';

export async function findRelationship(dz: Dz, id: string): Promise<RelationshipRow | undefined> {
  return (await dz.select().from(relationships).where(eq(relationships.id, id)).limit(1))[0];
}

/** Whether the user is a member of the (active) relationship; the hot check of sockets and pokes. */
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
          eq(relationships.status, 'ACTIVE'),
        ),
      )
      .limit(1)
      .prepare('pi_is_member'),
  );
  return (await q.execute({ rid: relationshipId, uid: userId })).length > 0;
}

export interface MemberView {
  userId: string;
  role: string;
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

export async function listForUser(dz: Dz, userId: string, limit: number, offset: number): Promise<RelationshipRow[]> {
  return dz
    .select({ r: relationships })
    .from(relationshipMembers)
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .where(and(eq(relationshipMembers.userId, userId), eq(relationships.status, 'ACTIVE')))
    .orderBy(desc(relationships.createdAt), desc(relationships.id))
    .limit(limit)
    .offset(offset)
    .then((rows) => rows.map((r) => r.r));
}

export async function countForUser(dz: Dz, userId: string): Promise<number> {
  const rows = await dz
    .select({ n: sql<number>`count(*)::int` })
    .from(relationshipMembers)
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .where(and(eq(relationshipMembers.userId, userId), eq(relationships.status, 'ACTIVE')));
  return rows[0]?.n ?? 0;
}

export async function insertRelationship(dz: Dz, r: { type: string; createdBy: string }): Promise<RelationshipRow> {
  return (await dz.insert(relationships).values(r).returning())[0]!;
}

/** Adds members; someone already in the relationship is left as they are. */
export async function addMembers(dz: Dz, relationshipId: string, members: { userId: string; role: string }[]): Promise<void> {
  if (members.length === 0) return;
  await dz
    .insert(relationshipMembers)
    .values(members.map((m) => ({ relationshipId, ...m })))
    .onConflictDoNothing();
}

export async function endRelationship(dz: Dz, id: string, at: Date): Promise<void> {
  await dz.update(relationships).set({ status: 'ENDED', endedAt: at }).where(eq(relationships.id, id));
}

/** Users of this product among `ids` (others are unknown ids). */
export async function existingUsers(dz: Dz, product: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await dz.select({ id: users.id }).from(users).where(and(inArray(users.id, ids), eq(users.product, product)));
  return rows.map((r) => r.id);
}

/** Whether two users share an active relationship. */
export async function shareRelationship(dz: Dz, a: string, b: string): Promise<boolean> {
  const other = alias(relationshipMembers, 'other');
  const rows = await dz
    .select({ one: sql<number>`1` })
    .from(relationshipMembers)
    .innerJoin(other, eq(other.relationshipId, relationshipMembers.relationshipId))
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .where(and(eq(relationshipMembers.userId, a), eq(other.userId, b), eq(relationships.status, 'ACTIVE')))
    .limit(1);
  return rows.length > 0;
}
