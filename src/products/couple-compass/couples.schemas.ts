// Couple, members and invite-code schemas.
import { Type } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../core/http/schemas.js';

export const InviteCode = Type.Object({ code: Type.String(), expires_at: DateTime() });

export const JoinRequest = Body({ code: Type.String({ minLength: 1, maxLength: 20 }) });

export const CoupleMember = Type.Object({
  id: Uuid(),
  user_id: Uuid(),
  role: Type.String(),
  joined_at: DateTime(),
  name: Nullable(Type.String()),
  email: Type.String(),
});

export const Couple = Type.Object({
  id: Uuid(),
  status: StringEnum(['active', 'paused', 'ended']),
  anniversary_date: Nullable(DateTime()),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
  members: Type.Array(CoupleMember),
});

export const CoupleUpdate = Body({
  status: Type.Optional(StringEnum(['active', 'paused', 'ended'])),
  anniversary_date: Type.Optional(Nullable(Type.Union([DateTime(), Type.String({ format: 'date' })]))),
});

export const PartnerStatus = Type.Object({
  is_linked: Type.Boolean(),
  couple_id: Nullable(Uuid()),
  partner: Nullable(Type.Object({ id: Uuid(), name: Nullable(Type.String()), email: Type.String() })),
  linked_at: Nullable(DateTime()),
  pending_code: Nullable(InviteCode),
});

export const LinkRequest = Body({ code: Type.String({ minLength: 1, maxLength: 20 }) });
export const LinkResponse = Type.Object({ message: Type.String(), couple: Couple });
export const MessageResponse = Type.Object({ message: Type.String() });
