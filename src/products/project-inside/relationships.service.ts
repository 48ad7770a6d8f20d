// Relationships: create with members, list mine, end one (members only).
import { badRequest } from '../../core/http/errors.js';
import type { ProductContext } from '../../core/product.js';
import type { RelationshipRow } from './db.js';
import { requireMember } from './access.js';
import * as repo from './relationships.repo.js';
import type { Relationship, RelationshipCreate } from './relationships.schemas.js';
import { userTopic } from './topics.js';

export async function present(ctx: ProductContext, rows: RelationshipRow[]): Promise<Relationship[]> {
  const members = await repo.listMembers(ctx.db.dz, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    status: r.status,
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    members: members
      .filter((m) => m.relationshipId === r.id)
      .map((m) => ({ user_id: m.userId, role: m.role, display_name: m.displayName, email: m.email, joined_at: m.joinedAt.toISOString() })),
  }));
}

export async function create(ctx: ProductContext, userId: string, input: RelationshipCreate): Promise<Relationship> {
  const others = [...new Set(input.member_ids ?? [])].filter((id) => id !== userId);
  const known = await repo.existingUsers(ctx.db.dz, ctx.slug, others);
  const unknown = others.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw badRequest(`Unknown user id: ${unknown[0]}`, 'unknown_member');
  const row = await ctx.db.transaction(async (tx) => {
    const r = await repo.insertRelationship(tx.dz, { type: input.type, createdBy: userId });
    await repo.addMembers(tx.dz, r.id, [{ userId, role: 'OWNER' }, ...others.map((id) => ({ userId: id, role: 'MEMBER' }))]);
    return r;
  });
  const [view] = await present(ctx, [row]);
  for (const id of others) {
    ctx.hub.publish(userTopic(id), { type: 'notification.new', payload: { kind: 'relationship.added', relationship_id: row.id, by: userId } });
  }
  return view!;
}

export async function list(ctx: ProductContext, userId: string, limit: number, offset: number): Promise<Relationship[]> {
  return present(ctx, await repo.listForUser(ctx.db.dz, userId, limit, offset));
}

export async function get(ctx: ProductContext, userId: string, rid: string): Promise<Relationship> {
  const r = await requireMember(ctx.db.dz, userId, rid);
  return (await present(ctx, [r]))[0]!;
}

/** Ends the relationship for everyone in it; its sessions and reports stay in each member's history. */
export async function remove(ctx: ProductContext, userId: string, rid: string): Promise<void> {
  await requireMember(ctx.db.dz, userId, rid);
  const members = await repo.listMembers(ctx.db.dz, [rid]);
  await repo.endRelationship(ctx.db.dz, rid, new Date(ctx.now()));
  for (const m of members) {
    if (m.userId !== userId) ctx.hub.publish(userTopic(m.userId), { type: 'notification.new', payload: { kind: 'relationship.ended', relationship_id: rid, by: userId } });
  }
}
