// Who may touch a relationship: unknown (or ended) → 404, not a member → 403. Every feature goes through here.
import { forbidden, notFound } from '../../core/http/errors.js';
import type { Dz } from '../../core/db/connect.js';
import type { RelationshipRow } from './db.js';
import { findRelationship, isActiveMember } from './relationships.repo.js';

export async function requireMember(dz: Dz, userId: string, relationshipId: string): Promise<RelationshipRow> {
  const r = await findRelationship(dz, relationshipId);
  if (!r || r.status !== 'ACTIVE') throw notFound('Relationship not found', 'relationship_not_found');
  if (!(await isActiveMember(dz, relationshipId, userId))) throw forbidden('You are not a member of this relationship', 'not_a_member');
  return r;
}
