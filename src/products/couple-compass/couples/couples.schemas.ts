// Couple, members and invite-code schemas.
import { Type } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';

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

/** The web client's partner: who, and since when. */
export const PartnerInfo = Type.Object({ id: Uuid(), name: Type.String(), email: Type.String(), linked_at: DateTime() });

export const PartnerStatus = Type.Object({
  has_partner: Type.Boolean(),
  partner: Nullable(PartnerInfo),
  active_code: Nullable(Type.String({ description: 'My unused partner code, while it is valid' })),
  active_code_expires_at: Nullable(DateTime()),
  couple_id: Nullable(Uuid()),
});

export const PartnerCode = Type.Object({ code: Type.String(), expires_at: DateTime(), message: Type.String() });

export const LinkRequest = Body({ code: Type.String({ minLength: 1, maxLength: 20 }) });
export const LinkResponse = Type.Object({ success: Type.Boolean(), message: Type.String(), partner: PartnerInfo });
export const UnlinkResponse = Type.Object({ success: Type.Boolean(), message: Type.String() });
