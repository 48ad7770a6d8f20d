// Blocking: someone I block can no longer add me to a relationship, poke me, send me hearts or emotions, invite my
// e-mail, see my profile or find me by e-mail. Their pending requests to me are withdrawn. I can block whoever I share
// or shared a relationship with (pending and ended ones included) or who sent me a notification.
import { badRequest, notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import * as repo from './blocks.repo.js';
import { removePendingAddedBy } from '../relationships/relationships.repo.js';
import { existingUsers } from '../relationships/relationships.repo.js';

export interface BlockView {
  user_id: string;
  created_at: string;
}

export async function block(ctx: ProductContext, userId: string, targetId: string): Promise<{ ok: true; blocked_user_id: string }> {
  const target = targetId.toLowerCase();
  if (target === userId) throw badRequest('You cannot block yourself', 'self_block');
  // Someone I have never been connected with is "not found", like an unknown id: blocking is no user directory.
  if ((await existingUsers(ctx.db.dz, ctx.slug, [target])).length === 0 || !(await repo.isConnected(ctx.db.dz, userId, target))) {
    throw notFound('User not found', 'user_not_found');
  }
  await ctx.db.transaction(async (tx) => {
    await repo.insertBlock(tx.dz, userId, target, new Date(ctx.now()));
    await removePendingAddedBy(tx.dz, userId, target);
  });
  return { ok: true, blocked_user_id: target };
}

export async function unblock(ctx: ProductContext, userId: string, targetId: string): Promise<{ ok: true }> {
  if (!(await repo.deleteBlock(ctx.db.dz, userId, targetId.toLowerCase()))) throw notFound('You have not blocked this user', 'not_blocked');
  return { ok: true };
}

export async function list(ctx: ProductContext, userId: string, limit: number, offset: number): Promise<BlockView[]> {
  return (await repo.listBlocks(ctx.db.dz, userId, limit, offset)).map((b) => ({ user_id: b.blockedId, created_at: b.createdAt.toISOString() }));
}
