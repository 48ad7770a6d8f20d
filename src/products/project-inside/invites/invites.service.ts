// Invites: a member invites an e-mail into a relationship; the mailed link signs a new user up into it, or an existing
// user accepts it. The token is derived from the invite id with a server secret (so the link can be shown again) and
// only its SHA-256 is stored.
import { randomUUID } from 'node:crypto';
import { AppError, badRequest, conflict, forbidden, invalidField, notFound } from '../../../core/http/errors.js';
import type { Tx } from '../../../core/db/connect.js';
import { sha256 } from '../../../core/identity/tokens.js';
import type { ProductContext } from '../../../core/product.js';
import { requireMember } from '../relationships/access.js';
import type { InviteRow } from '../db.js';
import * as repo from './invites.repo.js';
import type { Invite, InviteAccepted, InviteCreate, InviteLink, InviteValidation } from './invites.schemas.js';
import { ACCEPTED, addMembers, findRelationship, isActiveMember } from '../relationships/relationships.repo.js';
import { displayNameOf, findContactByEmail, findUserWithProfile } from '../users/users.repo.js';
import { isBlocked } from '../users/blocks.repo.js';
import { cleanNote, containsLink, subjectName } from './invite-text.js';
import { queueNotification } from '../notifications/notifications.service.js';

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const TOKEN_PURPOSE = 'pi-invite';

const invalidInvite = () => new AppError('invalid_invite', 400, 'Invalid or expired invite token');

export const inviteToken = (ctx: ProductContext, inviteId: string) => ctx.identity.derivedToken(TOKEN_PURPOSE, inviteId);
const inviteLink = (appBase: string, token: string) => `${appBase}/signup?token=${encodeURIComponent(token)}`;

/** Stored PENDING / ACCEPTED / REVOKED; shown in the app's words (SENT, ACCEPTED, CANCELED, EXPIRED). */
function statusOf(i: InviteRow, now: number): Invite['status'] {
  if (i.status === 'ACCEPTED') return 'ACCEPTED';
  if (i.status === 'REVOKED') return 'CANCELED';
  return i.expiresAt.getTime() <= now ? 'EXPIRED' : 'SENT';
}

const isUsable = (i: InviteRow, now: number) => statusOf(i, now) === 'SENT';

export function presentInvite(i: InviteRow, now: number, inviteUrl?: string): Invite {
  return {
    id: i.id,
    invite_id: i.id,
    relationship_id: i.relationshipId,
    email: i.email,
    role: i.role,
    message: i.message,
    status: statusOf(i, now),
    expires_at: i.expiresAt.toISOString(),
    created_at: i.createdAt.toISOString(),
    inviter_id: i.inviterId,
    inviter_user_id: i.inviterId,
    ...(inviteUrl ? { invite_url: inviteUrl } : {}),
  };
}

/** How the signup screen names a relationship type. */
const TYPE_LABELS: Record<string, string> = {
  romantic: 'Partner',
  couple: 'Partner',
  date: 'Date',
  family: 'Family',
  parent_child: 'Family',
  sibling: 'Family',
  friend: 'Friend',
  colleague: 'Colleague',
};
export const relationshipTypeLabel = (type: string) => TYPE_LABELS[type] ?? 'Other';

/**
 * POST /{rid}/invites: replaces a pending invite to the same e-mail; a current member can't be invited (409), nor
 * someone who blocked me (403). The note may not carry links (422); mails are limited per sender and per recipient.
 */
export async function createInvite(ctx: ProductContext, inviterId: string, rid: string, body: InviteCreate, appBase: string): Promise<Invite> {
  const relationship = await requireMember(ctx.db.dz, inviterId, rid);
  const email = body.email.trim();
  const note = body.message === undefined ? null : cleanNote(body.message) || null;
  if (note && containsLink(note)) throw invalidField(['body', 'message'], 'Value error, the message must not contain links or addresses', body.message);
  const invitee = await findContactByEmail(ctx.db.dz, ctx.slug, email);
  if (invitee && (await isBlocked(ctx.db.dz, invitee.id, inviterId))) throw forbidden('You cannot invite this person', 'cannot_invite');
  const now = ctx.now();
  const id = randomUUID();
  const token = inviteToken(ctx, id);
  const alreadyMember = () => conflict('This person is already a member of the relationship', 'already_member');
  if (await repo.isMemberByEmail(ctx.db.dz, ctx.slug, rid, email)) throw alreadyMember();
  // Counted only for a mail that is about to go out (a refusal above costs nothing), and outside the transaction.
  // Per sender, and per address together with the reset and verification mails it gets (a flood or a relay costs at
  // most this); the store keys are hashed.
  await ctx.limits.consume('MAIL_PER_ACCOUNT', inviterId, 'Too many invitations: you have sent the most allowed for now');
  await ctx.limits.consume('MAIL_PER_RECIPIENT', email, 'Too many invitations: this address has received the most mails allowed for now');
  const row = await ctx.db.transaction(async (tx) => {
    await repo.lockRelationshipForInvites(tx.dz, rid);
    if (await repo.isMemberByEmail(tx.dz, ctx.slug, rid, email)) throw alreadyMember();
    await repo.revokePending(tx.dz, rid, email);
    return repo.insertInvite(tx.dz, {
      id,
      relationshipId: rid,
      inviterId,
      email,
      role: body.role ?? null,
      message: note,
      tokenHash: sha256(token),
      expiresAt: new Date(now + INVITE_TTL_MS),
      createdAt: new Date(now),
    });
  });
  // After the commit, never inside the transaction. A failed mail leaves the invite: the link can be shown again.
  const inviter = await findUserWithProfile(ctx.db.dz, ctx.slug, inviterId);
  await sendInviteMail(
    ctx,
    row,
    inviteLink(appBase, token),
    subjectName(inviter?.profile?.displayName),
    relationshipTypeLabel(relationship.type).toLowerCase(),
  ).catch((err: unknown) => ctx.log.error({ err, product: ctx.slug, invite: row.id }, 'invite mail failed'));
  return presentInvite(row, now, inviteLink(appBase, token));
}

/** The inviter appears only by a short plain name (never their e-mail); their note is quoted, without links. */
async function sendInviteMail(ctx: ProductContext, i: InviteRow, link: string, inviterName: string, relationshipType: string): Promise<void> {
  const note = i.message ? `\n\nTheir message:\n> ${i.message.replace(/\n/g, '\n> ')}` : '';
  await ctx.mailer.send({
    to: i.email,
    subject: `${inviterName} invited you to Project Inside`,
    text:
      `${inviterName} invited you to join their ${relationshipType} relationship on Project Inside.${note}\n\n` +
      `Open this link within 7 days to create your account and join:\n${link}\n\n` +
      `Already have an account? Accept the invite in the app with this code: ${inviteToken(ctx, i.id)}\n\n` +
      `If you don't know ${inviterName}, ignore this message.\n`,
  });
}

export async function listInvites(ctx: ProductContext, userId: string, rid: string, limit: number, offset: number): Promise<Invite[]> {
  await requireMember(ctx.db.dz, userId, rid);
  const now = ctx.now();
  return (await repo.listInvites(ctx.db.dz, rid, limit, offset)).map((i) => presentInvite(i, now));
}

export async function getInviteLink(ctx: ProductContext, userId: string, rid: string, inviteId: string, appBase: string): Promise<InviteLink> {
  await requireMember(ctx.db.dz, userId, rid);
  const i = await repo.findInviteInRelationship(ctx.db.dz, rid, inviteId);
  if (!i) throw notFound('Invite not found', 'invite_not_found');
  const token = inviteToken(ctx, i.id);
  const link = inviteLink(appBase, token);
  return { invite_id: i.id, token, link, invite_url: link, expires_at: i.expiresAt.toISOString() };
}

/** Public: what the signup screen shows for a token. Unknown → 404; unusable → valid false. */
export async function validateInvite(ctx: ProductContext, token: string): Promise<InviteValidation> {
  const found = await repo.findByTokenHash(ctx.db.dz, sha256(token));
  if (!found) throw notFound('Invite not found', 'invite_not_found');
  const { invite, relationshipType, relationshipStatus, inviterName } = found;
  return {
    email: invite.email,
    valid: isUsable(invite, ctx.now()) && relationshipStatus === 'ACTIVE',
    expires_at: invite.expiresAt.toISOString(),
    relationship_type: relationshipTypeLabel(relationshipType),
    inviter_name: inviterName ?? 'Someone',
  };
}

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const wrongEmail = (status: number) => new AppError('invite_email_mismatch', status, 'This invite was sent to a different e-mail address');

/** Throws a 400 when the token is not a valid pending invite for this e-mail. */
export async function checkInviteForSignup(ctx: ProductContext, token: string, email: string): Promise<void> {
  const found = await repo.findByTokenHash(ctx.db.dz, sha256(token));
  if (!found || !isUsable(found.invite, ctx.now()) || found.relationshipStatus !== 'ACTIVE') throw invalidInvite();
  if (!sameEmail(found.invite.email, email)) throw wrongEmail(400);
}

/**
 * Inside the caller's transaction: lock the invite, re-check it (usable, for this e-mail), mark it accepted, add the
 * user as an ACCEPTED member (they chose to join) and queue the inviter's notification. Answers what to do after the
 * commit (send that notification live).
 */
async function acceptInTx(
  ctx: ProductContext,
  tx: Tx,
  u: { userId: string; email: string; token: string },
  mismatchStatus: number,
): Promise<{ invite: InviteRow; live: () => void }> {
  const invite = await repo.lockByTokenHash(tx.dz, sha256(u.token));
  if (!invite || !isUsable(invite, ctx.now())) throw invalidInvite();
  if (!sameEmail(invite.email, u.email)) throw wrongEmail(mismatchStatus);
  const relationship = await findRelationship(tx.dz, invite.relationshipId);
  if (!relationship || relationship.status !== 'ACTIVE') throw badRequest('This relationship has ended', 'relationship_ended');
  const at = new Date(ctx.now());
  await repo.markAccepted(tx.dz, invite.id, u.userId, at);
  await addMembers(tx.dz, invite.relationshipId, [{ userId: u.userId, role: 'MEMBER', memberStatus: ACCEPTED, addedBy: invite.inviterId }], at);
  if (!invite.inviterId) return { invite, live: () => undefined };
  const name = (await displayNameOf(tx.dz, u.userId)) ?? u.email.split('@')[0] ?? 'Someone';
  const live = await queueNotification(ctx, tx, {
    userId: invite.inviterId,
    senderId: u.userId,
    type: 'invite',
    title: 'Invitation accepted',
    message: `${name} joined your ${relationshipTypeLabel(relationship.type).toLowerCase()} relationship.`,
    data: { kind: 'invite.accepted', relationship_id: invite.relationshipId, invite_id: invite.id, sender_id: u.userId, sender_name: name },
  });
  return { invite, live };
}

/**
 * Inside the sign-up transaction: marks the invite accepted and adds the new user to its relationship.
 * Returns what to do once that transaction has committed (tell the inviter).
 */
export async function acceptInviteOnSignup(ctx: ProductContext, tx: Tx, u: { userId: string; email: string; token: string }): Promise<() => void> {
  return (await acceptInTx(ctx, tx, u, 400)).live;
}

/**
 * POST /invites/accept: an existing account joins the invite's relationship (already a member → 409). The invite
 * works only for the account with the invited e-mail (403 for anyone else holding the link).
 */
export async function acceptInvite(ctx: ProductContext, userId: string, token: string): Promise<InviteAccepted> {
  const user = await findUserWithProfile(ctx.db.dz, ctx.slug, userId);
  if (!user) throw notFound('User not found', 'user_not_found');
  const found = await repo.findByTokenHash(ctx.db.dz, sha256(token));
  if (found && (await isActiveMember(ctx.db.dz, found.invite.relationshipId, userId))) {
    throw conflict('You are already a member of this relationship', 'already_member');
  }
  const accepted = await ctx.db.transaction((tx) => acceptInTx(ctx, tx, { userId, email: user.email, token }, 403));
  accepted.live();
  return { ok: true, relationship_id: accepted.invite.relationshipId, invite_id: accepted.invite.id };
}
