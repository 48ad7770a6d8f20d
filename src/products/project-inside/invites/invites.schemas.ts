// Invites into a relationship: create (mailed link), list, show the link again, validate a token, accept.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Email, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';

/** As the app reads them: SENT (usable), ACCEPTED, CANCELED (replaced by a newer invite), EXPIRED. */
export const INVITE_STATUSES = ['SENT', 'ACCEPTED', 'CANCELED', 'EXPIRED'] as const;

export const InviteCreate = Body({
  email: Email({ description: 'Who is invited; the link is mailed there' }),
  role: Type.Optional(
    Type.String({ minLength: 1, maxLength: 50, description: 'How the inviter describes the invitee (e.g. partner, sibling); they join as MEMBER' }),
  ),
  message: Type.Optional(Type.String({ maxLength: 500, description: 'A personal note quoted in the e-mail: no links or addresses (422)' })),
});
export type InviteCreate = Static<typeof InviteCreate>;

export const Invite = Type.Object({
  id: Uuid(),
  invite_id: Uuid({ description: 'The same as id (the mobile app reads invite_id)' }),
  relationship_id: Uuid(),
  email: Type.String(),
  role: Nullable(Type.String()),
  message: Nullable(Type.String()),
  status: StringEnum([...INVITE_STATUSES], { description: 'SENT while usable; EXPIRED past expires_at; CANCELED when replaced by a newer invite; ACCEPTED' }),
  expires_at: DateTime(),
  created_at: DateTime(),
  inviter_id: Nullable(Uuid()),
  inviter_user_id: Nullable(Uuid({ description: 'The same as inviter_id' })),
  invite_url: Type.Optional(Type.String({ description: 'Only when the invite is created: <app base>/signup?token=<token>, to share another way' })),
});
export type Invite = Static<typeof Invite>;

export const InviteParams = Type.Object({ rid: Uuid() });
export const InviteLinkParams = Type.Object({ rid: Uuid(), invite_id: Uuid() });

export const InviteLink = Type.Object({
  invite_id: Uuid(),
  token: Type.String(),
  link: Type.String({ description: '<app base>/signup?token=<token>' }),
  invite_url: Type.String({ description: 'The same as link (the mobile app reads invite_url)' }),
  expires_at: DateTime(),
});
export type InviteLink = Static<typeof InviteLink>;

const Token = Type.String({ minLength: 1, maxLength: 200, description: 'The token from the invite link' });

export const ValidateQuery = Type.Object({ token: Token });

export const InviteValidation = Type.Object({
  email: Type.String(),
  valid: Type.Boolean({ description: 'false when expired, accepted, revoked, or the relationship ended' }),
  expires_at: DateTime(),
  relationship_type: Type.String({ description: 'As the app shows it: Partner, Date, Family, Friend, Colleague or Other' }),
  inviter_name: Type.String({ description: "The inviter's display name, or Someone" }),
});
export type InviteValidation = Static<typeof InviteValidation>;

export const InviteAccept = Body({ token: Token });

export const InviteAccepted = Type.Object({ ok: Type.Boolean(), relationship_id: Uuid(), invite_id: Uuid() });
export type InviteAccepted = Static<typeof InviteAccepted>;
