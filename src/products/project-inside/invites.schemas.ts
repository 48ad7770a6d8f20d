// Invites into a relationship: create (mailed link), list, show the link again, validate a token, accept.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Email, Nullable, StringEnum, Uuid } from '../../core/http/schemas.js';

export const INVITE_STATUSES = ['PENDING', 'ACCEPTED', 'REVOKED', 'EXPIRED'] as const;

export const InviteCreate = Body({
  email: Email({ description: 'Who is invited; the link is mailed there' }),
  role: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'How the inviter describes the invitee (e.g. partner, sibling); they join as MEMBER' })),
  message: Type.Optional(Type.String({ maxLength: 1000, description: 'A personal note included in the e-mail' })),
});
export type InviteCreate = Static<typeof InviteCreate>;

export const Invite = Type.Object({
  id: Uuid(),
  relationship_id: Uuid(),
  email: Type.String(),
  role: Nullable(Type.String()),
  message: Nullable(Type.String()),
  status: StringEnum([...INVITE_STATUSES], { description: 'EXPIRED is a PENDING invite past expires_at; REVOKED when replaced by a newer invite' }),
  expires_at: DateTime(),
  created_at: DateTime(),
  inviter_id: Nullable(Uuid()),
});
export type Invite = Static<typeof Invite>;

export const InviteParams = Type.Object({ rid: Uuid() });
export const InviteLinkParams = Type.Object({ rid: Uuid(), invite_id: Uuid() });

export const InviteLink = Type.Object({
  invite_id: Uuid(),
  token: Type.String(),
  link: Type.String({ description: '<app base>/signup?token=<token>' }),
  expires_at: DateTime(),
});
export type InviteLink = Static<typeof InviteLink>;

const Token = Type.String({ minLength: 1, maxLength: 200, description: 'The token from the invite link' });

export const ValidateQuery = Type.Object({ token: Token });

export const InviteValidation = Type.Object({
  email: Type.String(),
  valid: Type.Boolean({ description: 'false when expired, accepted, revoked, or the relationship ended' }),
  expires_at: DateTime(),
  relationship_type: Type.String(),
  inviter_name: Nullable(Type.String()),
});
export type InviteValidation = Static<typeof InviteValidation>;

export const InviteAccept = Body({ token: Token });

export const InviteAccepted = Type.Object({ ok: Type.Boolean(), relationship_id: Uuid(), invite_id: Uuid() });
export type InviteAccepted = Static<typeof InviteAccepted>;
