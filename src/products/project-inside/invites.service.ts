// Invites: a member invites an e-mail into a relationship; the mailed link signs a new user up into it, or an existing
// user accepts it. The token is derived from the invite id with a server secret (so the link can be shown again) and
// only its SHA-256 is stored.
import { randomUUID } from 'node:crypto';
import { AppError, badRequest, conflict, notFound } from '../../core/http/errors.js';
import type { Tx } from '../../core/db/connect.js';
import { sha256 } from '../../core/identity/tokens.js';
import type { ProductContext } from '../../core/product.js';
import { requireMember } from './access.js';
import type { InviteRow } from './db.js';
import * as repo from './invites.repo.js';
import type { Invite, InviteAccepted, InviteCreate, InviteLink, InviteValidation } from './invites.schemas.js';
import { addMembers, findRelationship, isActiveMember } from './relationships.repo.js';
import { userTopic } from './topics.js';
import { findUserWithProfile } from './users.repo.js';

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const TOKEN_PURPOSE = 'pi-invite';

const invalidInvite = () => new AppError('invalid_invite', 400, 'Invalid or expired invite token');

export const inviteToken = (ctx: ProductContext, inviteId: string) => ctx.identity.derivedToken(TOKEN_PURPOSE, inviteId);
const inviteLink = (appBase: string, token: string) => `${appBase}/signup?token=${encodeURIComponent(token)}`;

function statusOf(i: InviteRow, now: number): Invite['status'] {
  if (i.status === 'PENDING' && i.expiresAt.getTime() <= now) return 'EXPIRED';
  return i.status as Invite['status'];
}

const isUsable = (i: InviteRow, now: number) => statusOf(i, now) === 'PENDING';

export function presentInvite(i: InviteRow, now: number): Invite {
  return {
    id: i.id,
    relationship_id: i.relationshipId,
    email: i.email,
    role: i.role,
    message: i.message,
    status: statusOf(i, now),
    expires_at: i.expiresAt.toISOString(),
    created_at: i.createdAt.toISOString(),
    inviter_id: i.inviterId,
  };
}

/** POST /{rid}/invites: replaces a pending invite to the same e-mail; a current member can't be invited (409). */
export async function createInvite(ctx: ProductContext, inviterId: string, rid: string, body: InviteCreate, appBase: string): Promise<Invite> {
  const relationship = await requireMember(ctx.db.dz, inviterId, rid);
  const email = body.email.trim();
  const now = ctx.now();
  const id = randomUUID();
  const token = inviteToken(ctx, id);
  const row = await ctx.db.transaction(async (tx) => {
    await repo.lockRelationshipForInvites(tx.dz, rid);
    if (await repo.isMemberByEmail(tx.dz, ctx.slug, rid, email)) throw conflict('This person is already a member of the relationship', 'already_member');
    await repo.revokePending(tx.dz, rid, email);
    return repo.insertInvite(tx.dz, {
      id,
      relationshipId: rid,
      inviterId,
      email,
      role: body.role ?? null,
      message: body.message ?? null,
      tokenHash: sha256(token),
      expiresAt: new Date(now + INVITE_TTL_MS),
      createdAt: new Date(now),
    });
  });
  // After the commit, never inside the transaction. A failed mail leaves the invite: the link can be shown again.
  const inviter = await findUserWithProfile(ctx.db.dz, ctx.slug, inviterId);
  await sendInviteMail(ctx, row, inviteLink(appBase, token), inviter?.profile?.displayName ?? inviter?.email ?? 'Someone', relationship.type).catch((err: unknown) =>
    ctx.log.error({ err, product: ctx.slug, invite: row.id }, 'invite mail failed'),
  );
  return presentInvite(row, now);
}

async function sendInviteMail(ctx: ProductContext, i: InviteRow, link: string, inviterName: string, relationshipType: string): Promise<void> {
  const note = i.message ? `\n\nTheir message:\n${i.message}` : '';
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
  return { invite_id: i.id, token, link: inviteLink(appBase, token), expires_at: i.expiresAt.toISOString() };
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
    relationship_type: relationshipType,
    inviter_name: inviterName,
  };
}

/** Throws a 400 when the token is not a valid pending invite. */
export async function checkInviteForSignup(ctx: ProductContext, token: string): Promise<void> {
  const found = await repo.findByTokenHash(ctx.db.dz, sha256(token));
  if (!found || !isUsable(found.invite, ctx.now()) || found.relationshipStatus !== 'ACTIVE') throw invalidInvite();
}

interface AcceptedInvite {
  invite: InviteRow;
  userId: string;
}

/** Inside the caller's transaction: lock the invite, re-check it, mark it accepted and add the user as MEMBER. */
async function acceptInTx(ctx: ProductContext, tx: Tx, userId: string, token: string): Promise<AcceptedInvite> {
  const invite = await repo.lockByTokenHash(tx.dz, sha256(token));
  if (!invite || !isUsable(invite, ctx.now())) throw invalidInvite();
  const relationship = await findRelationship(tx.dz, invite.relationshipId);
  if (!relationship || relationship.status !== 'ACTIVE') throw badRequest('This relationship has ended', 'relationship_ended');
  await repo.markAccepted(tx.dz, invite.id, userId, new Date(ctx.now()));
  await addMembers(tx.dz, invite.relationshipId, [{ userId, role: 'MEMBER' }]);
  return { invite, userId };
}

function publishAccepted(ctx: ProductContext, a: AcceptedInvite): void {
  if (!a.invite.inviterId) return;
  ctx.hub.publish(userTopic(a.invite.inviterId), {
    type: 'notification.new',
    payload: { kind: 'invite.accepted', relationship_id: a.invite.relationshipId, invite_id: a.invite.id, user_id: a.userId },
  });
}

/**
 * Inside the sign-up transaction: marks the invite accepted and adds the new user to its relationship.
 * Returns what to do once that transaction has committed (tell the inviter).
 */
export async function acceptInviteOnSignup(ctx: ProductContext, tx: Tx, u: { userId: string; email: string; token: string }): Promise<() => void> {
  const accepted = await acceptInTx(ctx, tx, u.userId, u.token);
  return () => publishAccepted(ctx, accepted);
}

/** POST /invites/accept: an existing account joins the invite's relationship (already a member → 409). */
export async function acceptInvite(ctx: ProductContext, userId: string, token: string): Promise<InviteAccepted> {
  const found = await repo.findByTokenHash(ctx.db.dz, sha256(token));
  if (found && (await isActiveMember(ctx.db.dz, found.invite.relationshipId, userId))) {
    throw conflict('You are already a member of this relationship', 'already_member');
  }
  const accepted = await ctx.db.transaction((tx) => acceptInTx(ctx, tx, userId, token));
  publishAccepted(ctx, accepted);
  return { ok: true, relationship_id: accepted.invite.relationshipId, invite_id: accepted.invite.id };
}
