// Relationship request/response schemas.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../core/http/schemas.js';

export const RELATIONSHIP_TYPES = ['romantic', 'couple', 'date', 'family', 'friend', 'other'] as const;

export const RelationshipCreate = Body({
  type: StringEnum([...RELATIONSHIP_TYPES], { description: 'Kind of relationship' }),
  member_ids: Type.Optional(Type.Array(Uuid(), { maxItems: 20, uniqueItems: true, description: 'Other members (the creator is always one)' })),
});
export type RelationshipCreate = Static<typeof RelationshipCreate>;

export const RelationshipMember = Type.Object({
  user_id: Uuid(),
  role: Type.String({ description: 'OWNER (the creator) or MEMBER' }),
  display_name: Nullable(Type.String()),
  email: Type.String(),
  joined_at: DateTime(),
});

export const Relationship = Type.Object({
  id: Uuid(),
  type: Type.String(),
  status: Type.String({ description: 'ACTIVE' }),
  created_by: Nullable(Uuid()),
  created_at: DateTime(),
  members: Type.Array(RelationshipMember),
});
export type Relationship = Static<typeof Relationship>;

export const RelationshipParams = Type.Object({ rid: Uuid() });
export const Ok = Type.Object({ ok: Type.Boolean() });
