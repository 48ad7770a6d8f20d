// Invite rows (token stored as SHA-256 only) and the membership checks around them.
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { users } from '../../../core/identity/db.js';
import { invites, profiles, relationshipMembers, relationships, type InviteRow } from '../db.js';

export async function insertInvite(
  dz: Dz,
  i: {
    id: string;
    relationshipId: string;
    inviterId: string;
    email: string;
    role: string | null;
    message: string | null;
    tokenHash: string;
    expiresAt: Date;
    createdAt: Date;
  },
): Promise<InviteRow> {
  return (await dz.insert(invites).values(i).returning())[0]!;
}

/** Serialises invite writes of one relationship (so "one pending invite per e-mail" holds under concurrency). */
export async function lockRelationshipForInvites(dz: Dz, relationshipId: string): Promise<void> {
  await dz.execute(sql`SELECT 1 FROM ${relationships} WHERE ${relationships.id} = ${relationshipId} FOR NO KEY UPDATE`);
}

/** Revokes the pending invites to this e-mail in this relationship (a new invite replaces them). */
export async function revokePending(dz: Dz, relationshipId: string, email: string): Promise<void> {
  await dz
    .update(invites)
    .set({ status: 'REVOKED' })
    .where(and(eq(invites.relationshipId, relationshipId), eq(invites.status, 'PENDING'), sql`lower(${invites.email}) = lower(${email})`));
}

/** Whether a user of this product with this e-mail is already an accepted member of the relationship. */
export async function isMemberByEmail(dz: Dz, product: string, relationshipId: string, email: string): Promise<boolean> {
  const rows = await dz
    .select({ one: sql<number>`1` })
    .from(relationshipMembers)
    .innerJoin(users, eq(users.id, relationshipMembers.userId))
    .where(
      and(
        eq(relationshipMembers.relationshipId, relationshipId),
        eq(relationshipMembers.memberStatus, 'ACCEPTED'),
        eq(users.product, product),
        sql`lower(${users.email}) = lower(${email})`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function listInvites(dz: Dz, relationshipId: string, limit: number, offset: number): Promise<InviteRow[]> {
  return dz
    .select()
    .from(invites)
    .where(eq(invites.relationshipId, relationshipId))
    .orderBy(desc(invites.createdAt), desc(invites.id))
    .limit(limit)
    .offset(offset);
}

export async function findInviteInRelationship(dz: Dz, relationshipId: string, inviteId: string): Promise<InviteRow | undefined> {
  return (
    await dz
      .select()
      .from(invites)
      .where(and(eq(invites.id, inviteId), eq(invites.relationshipId, relationshipId)))
      .limit(1)
  )[0];
}

export interface InviteWithContext {
  invite: InviteRow;
  relationshipType: string;
  relationshipStatus: string;
  inviterName: string | null;
}

export async function findByTokenHash(dz: Dz, tokenHash: string): Promise<InviteWithContext | undefined> {
  const rows = await dz
    .select({ invite: invites, relationshipType: relationships.type, relationshipStatus: relationships.status, inviterName: profiles.displayName })
    .from(invites)
    .innerJoin(relationships, eq(relationships.id, invites.relationshipId))
    .leftJoin(profiles, eq(profiles.userId, invites.inviterId))
    .where(eq(invites.tokenHash, tokenHash))
    .limit(1);
  return rows[0];
}

/** The invite row, locked until the caller's transaction ends (accepting it twice at once makes one member). */
export async function lockByTokenHash(dz: Dz, tokenHash: string): Promise<InviteRow | undefined> {
  return (await dz.select().from(invites).where(eq(invites.tokenHash, tokenHash)).limit(1).for('update'))[0];
}

export async function markAccepted(dz: Dz, inviteId: string, userId: string, at: Date): Promise<void> {
  await dz.update(invites).set({ status: 'ACCEPTED', acceptedBy: userId, acceptedAt: at }).where(eq(invites.id, inviteId));
}

/** Pending, unexpired invites addressed to this e-mail in active relationships (onboarding). */
export async function countPendingForEmail(dz: Dz, email: string, now: Date): Promise<number> {
  const rows = await dz
    .select({ n: sql<number>`count(*)::int` })
    .from(invites)
    .innerJoin(relationships, eq(relationships.id, invites.relationshipId))
    .where(and(sql`lower(${invites.email}) = lower(${email})`, eq(invites.status, 'PENDING'), gt(invites.expiresAt, now), eq(relationships.status, 'ACTIVE')));
  return rows[0]?.n ?? 0;
}
