// Who may touch a relationship: unknown (or ended) → 404; not an accepted member → 403 (a member someone else added
// is INVITED until they accept: they may only look at the relationship and answer). Every feature goes through here.
import { forbidden, notFound } from '../../../core/http/errors.js';
import type { Dz } from '../../../core/db/connect.js';
import type { RelationshipRow } from '../db.js';
import { ACCEPTED, findMembership, findRelationship, isActiveMember, type Membership } from './relationships.repo.js';

export async function requireMember(dz: Dz, userId: string, relationshipId: string): Promise<RelationshipRow> {
  const r = await findRelationship(dz, relationshipId);
  if (!r || r.status !== 'ACTIVE') throw notFound('Relationship not found', 'relationship_not_found');
  if (!(await isActiveMember(dz, relationshipId, userId))) throw forbidden('You are not a member of this relationship', 'not_a_member');
  return r;
}

/** An accepted member, or one invited by another member who has not answered yet. */
export async function requireAnyMember(dz: Dz, userId: string, relationshipId: string): Promise<{ relationship: RelationshipRow; membership: Membership }> {
  const r = await findRelationship(dz, relationshipId);
  if (!r || r.status !== 'ACTIVE') throw notFound('Relationship not found', 'relationship_not_found');
  const m = await findMembership(dz, relationshipId, userId);
  if (!m) throw forbidden('You are not a member of this relationship', 'not_a_member');
  return { relationship: r, membership: m };
}

export const isAccepted = (m: Membership) => m.memberStatus === ACCEPTED;
