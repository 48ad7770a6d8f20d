// Relationship request/response schemas.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';

export const RELATIONSHIP_TYPES = ['romantic', 'couple', 'date', 'family', 'friend', 'parent_child', 'sibling', 'colleague', 'other'] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/** The stored type: a known one (any case), anything else is `other` (as the app's original server did). */
export function normalizeRelationshipType(raw: string): RelationshipType {
  const t = raw.trim().toLowerCase();
  return (RELATIONSHIP_TYPES as readonly string[]).includes(t) ? (t as RelationshipType) : 'other';
}

export const RelationshipCreate = Body({
  type: Type.String({
    minLength: 1,
    maxLength: 50,
    description: `Kind of relationship: ${RELATIONSHIP_TYPES.join(', ')} (any case); anything else is stored as other`,
  }),
  member_ids: Type.Optional(
    Type.Array(Uuid(), {
      maxItems: 20,
      uniqueItems: true,
      description: 'Other users to add (the creator is always a member). They are INVITED until they accept; someone who blocked me cannot be added',
    }),
  ),
});
export type RelationshipCreate = Static<typeof RelationshipCreate>;

const MemberStatus = StringEnum(['ACCEPTED', 'INVITED'], { description: 'INVITED: added by another member and not accepted yet' });

export const RelationshipMember = Type.Object({
  user_id: Uuid(),
  role: Type.String({ description: 'OWNER (the creator) or MEMBER' }),
  member_status: MemberStatus,
  display_name: Nullable(Type.String({ description: 'null for a member who has not accepted (they are invisible until then)' })),
  email: Nullable(Type.String({ description: 'Shown to accepted members only, and never of a member who has not accepted' })),
  joined_at: DateTime(),
});

export const Relationship = Type.Object({
  id: Uuid(),
  type: Type.String({ description: RELATIONSHIP_TYPES.join(' | ') }),
  status: Type.String({ description: 'ACTIVE' }),
  created_by: Nullable(Uuid()),
  created_at: DateTime(),
  member_status: Type.String({ description: 'My own status: ACCEPTED, or INVITED (answer with /accept or /decline)' }),
  members: Type.Array(RelationshipMember),
});
export type Relationship = Static<typeof Relationship>;

export const RelationshipParams = Type.Object({ rid: Uuid() });
export const Ok = Type.Object({ ok: Type.Boolean() });
