// Consent rows: one per (relationship, member), versioned by a single UPSERT so concurrent writes never lose a bump.
import { and, eq, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { consents, relationshipMembers, relationships, type ConsentRow } from '../db.js';

/**
 * Writes the member's consent and answers its version: 1 when new, +1 when scopes or status changed, unchanged
 * otherwise. One statement: the row lock of ON CONFLICT orders concurrent writers, each sees the previous version.
 */
export async function upsertConsent(dz: Dz, c: { relationshipId: string; userId: string; scopes: string[]; status: string; at: Date }): Promise<number> {
  const changed = sql`(${consents.scopes} IS DISTINCT FROM excluded.scopes OR ${consents.status} IS DISTINCT FROM excluded.status)`;
  const rows = await dz
    .insert(consents)
    .values({ relationshipId: c.relationshipId, userId: c.userId, scopes: c.scopes, status: c.status, version: 1, updatedAt: c.at })
    .onConflictDoUpdate({
      target: [consents.relationshipId, consents.userId],
      set: {
        scopes: sql`excluded.scopes`,
        status: sql`excluded.status`,
        version: sql`${consents.version} + CASE WHEN ${changed} THEN 1 ELSE 0 END`,
        updatedAt: sql`CASE WHEN ${changed} THEN excluded.updated_at ELSE ${consents.updatedAt} END`,
      },
    })
    .returning({ version: consents.version });
  return rows[0]!.version;
}

export async function listConsents(dz: Dz, relationshipId: string): Promise<ConsentRow[]> {
  return dz.select().from(consents).where(eq(consents.relationshipId, relationshipId));
}

/** How many of the active relationships the user accepted have no consent row of theirs (onboarding's CONSENT step). */
export async function countRelationshipsWithoutConsent(dz: Dz, userId: string): Promise<number> {
  const rows = await dz
    .select({ n: sql<number>`count(*)::int` })
    .from(relationshipMembers)
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .leftJoin(consents, and(eq(consents.relationshipId, relationshipMembers.relationshipId), eq(consents.userId, relationshipMembers.userId)))
    .where(
      and(
        eq(relationshipMembers.userId, userId),
        eq(relationshipMembers.memberStatus, 'ACCEPTED'),
        eq(relationships.status, 'ACTIVE'),
        sql`${consents.userId} IS NULL`,
      ),
    );
  return rows[0]?.n ?? 0;
}
