// Relationships: create with members (others are INVITED until they accept or add the creator back), list mine, answer a
// request, end one.
import { conflict, forbidden } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import type { RelationshipRow } from '../db.js';
import { requireAnyMember, requireMember } from './access.js';
import { blockedBy } from '../users/blocks.repo.js';
import { relationshipTypeLabel } from '../invites/invites.service.js';
import { queueNotification } from '../notifications/notifications.service.js';
import * as repo from './relationships.repo.js';
import { ACCEPTED, INVITED, type MemberView } from './relationships.repo.js';
import { normalizeRelationshipType, type Relationship, type RelationshipCreate } from './relationships.schemas.js';
import { announceRelationshipEnded } from '../sessions/session-live.js';
import { displayNameOf } from '../users/users.repo.js';

/**
 * What a viewer sees of a member: themselves and (when the viewer accepted) other accepted members in full; a member
 * who has not accepted only as an id and INVITED; a viewer who has not accepted sees names but no e-mails.
 */
function presentMember(viewerId: string, viewerAccepted: boolean, m: MemberView): Relationship['members'][number] {
  const self = m.userId === viewerId;
  const visible = self || m.memberStatus === ACCEPTED;
  return {
    user_id: m.userId,
    role: m.role,
    member_status: m.memberStatus,
    display_name: visible ? m.displayName : null,
    email: self || (viewerAccepted && m.memberStatus === ACCEPTED) ? m.email : null,
    joined_at: m.joinedAt.toISOString(),
  };
}

export async function present(ctx: ProductContext, viewerId: string, rows: RelationshipRow[]): Promise<Relationship[]> {
  const members = await repo.listMembers(
    ctx.db.dz,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const own = members.filter((m) => m.relationshipId === r.id);
    const viewerAccepted = own.some((m) => m.userId === viewerId && m.memberStatus === ACCEPTED);
    return {
      id: r.id,
      type: r.type,
      status: r.status,
      created_by: r.createdBy,
      created_at: r.createdAt.toISOString(),
      member_status: own.find((m) => m.userId === viewerId)?.memberStatus ?? INVITED,
      members: own.map((m) => presentMember(viewerId, viewerAccepted, m)),
    };
  });
}

export async function create(ctx: ProductContext, userId: string, input: RelationshipCreate): Promise<Relationship> {
  const dz = ctx.db.dz;
  const others = [...new Set((input.member_ids ?? []).map((id) => id.toLowerCase()))].filter((id) => id !== userId);
  const known = await repo.existingUsers(dz, ctx.slug, others);
  const unknown = others.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw forbidden(`You cannot add user ${unknown[0]}`, 'cannot_add_member');
  // Someone who blocked me cannot be added by me: the same answer as an unknown id.
  const blocking = await blockedBy(dz, userId, others);
  if (blocking.length > 0) throw forbidden(`You cannot add user ${blocking[0]}`, 'cannot_add_member');
  const type = normalizeRelationshipType(input.type);
  // Adding someone who already asked to add me answers their request: the mobile app has no accept button, so two
  // people who add each other are connected, and nobody is connected by one side alone.
  if (others.length === 1) {
    const request = await repo.pendingRequestFrom(dz, others[0]!, userId, type);
    if (request) return accept(ctx, userId, request.id);
  }
  const name = (await displayNameOf(dz, userId)) ?? 'Someone';
  const at = new Date(ctx.now());
  const { row, live } = await ctx.db.transaction(async (tx) => {
    const r = await repo.insertRelationship(tx.dz, { type, createdBy: userId, createdAt: at });
    await repo.addMembers(
      tx.dz,
      r.id,
      [
        { userId, role: 'OWNER', memberStatus: ACCEPTED, addedBy: null },
        ...others.map((id) => ({ userId: id, role: 'MEMBER', memberStatus: INVITED, addedBy: userId })),
      ],
      at,
    );
    const live = [];
    for (const id of others) {
      live.push(
        await queueNotification(ctx, tx, {
          userId: id,
          senderId: userId,
          type: 'invite',
          title: 'Relationship request',
          message: `${name} wants to add you to their ${relationshipTypeLabel(type).toLowerCase()} relationship. Add them back in Project Inside to accept.`,
          data: { kind: 'relationship.invited', relationship_id: r.id, sender_id: userId, sender_name: name },
        }),
      );
    }
    return { row: r, live };
  });
  for (const go of live) go();
  return (await present(ctx, userId, [row]))[0]!;
}

export async function list(ctx: ProductContext, userId: string, limit: number, offset: number): Promise<Relationship[]> {
  return present(ctx, userId, await repo.listForUser(ctx.db.dz, userId, limit, offset));
}

/** One of my relationships; a member who was added and has not answered may look at it too. */
export async function get(ctx: ProductContext, userId: string, rid: string): Promise<Relationship> {
  const { relationship } = await requireAnyMember(ctx.db.dz, userId, rid);
  return (await present(ctx, userId, [relationship]))[0]!;
}

/** I accept being added: I become a full member (visible, sessions, pokes); whoever added me hears it. */
export async function accept(ctx: ProductContext, userId: string, rid: string): Promise<Relationship> {
  const { relationship, membership } = await requireAnyMember(ctx.db.dz, userId, rid);
  if (membership.memberStatus === INVITED) {
    const name = (await displayNameOf(ctx.db.dz, userId)) ?? 'Someone';
    const live = await ctx.db.transaction(async (tx) => {
      if (!(await repo.acceptMembership(tx.dz, rid, userId, new Date(ctx.now())))) return undefined;
      if (!membership.addedBy) return undefined;
      return queueNotification(ctx, tx, {
        userId: membership.addedBy,
        senderId: userId,
        type: 'invite',
        title: 'Request accepted',
        message: `${name} accepted your ${relationshipTypeLabel(relationship.type).toLowerCase()} relationship request.`,
        data: { kind: 'relationship.accepted', relationship_id: rid, sender_id: userId, sender_name: name },
      });
    });
    live?.();
  }
  return (await present(ctx, userId, [relationship]))[0]!;
}

/** I decline being added: my pending membership goes (an accepted member ends the relationship instead). */
export async function decline(ctx: ProductContext, userId: string, rid: string): Promise<{ ok: true }> {
  const { membership } = await requireAnyMember(ctx.db.dz, userId, rid);
  if (membership.memberStatus !== INVITED) throw conflict('You already accepted this relationship; end it instead', 'already_accepted');
  await repo.removePendingMembership(ctx.db.dz, rid, userId);
  return { ok: true };
}

/**
 * Ends the relationship for everyone in it (accepted members only); its sessions and reports stay in each member's
 * history. Live coaching sockets of its sessions are closed on every instance.
 */
export async function remove(ctx: ProductContext, userId: string, rid: string): Promise<void> {
  const r = await requireMember(ctx.db.dz, userId, rid);
  const members = await repo.listMembers(ctx.db.dz, [rid]);
  const name = (await displayNameOf(ctx.db.dz, userId)) ?? 'Someone';
  const at = new Date(ctx.now());
  const live = await ctx.db.transaction(async (tx) => {
    await repo.endRelationship(tx.dz, rid, at);
    const out = [];
    for (const m of members) {
      if (m.userId === userId || m.memberStatus !== ACCEPTED) continue;
      out.push(
        await queueNotification(ctx, tx, {
          userId: m.userId,
          senderId: userId,
          type: 'system',
          title: 'Relationship ended',
          message: `${name} ended your ${relationshipTypeLabel(r.type).toLowerCase()} relationship.`,
          data: { kind: 'relationship.ended', relationship_id: rid, sender_id: userId, sender_name: name },
        }),
      );
    }
    return out;
  });
  announceRelationshipEnded(ctx, rid);
  for (const go of live) go();
}
