// Pokes: a small "thinking of you" from one member of a relationship to another, delivered live to the receiver.
import { badRequest, forbidden, invalidField } from '../../core/http/errors.js';
import type { ProductContext } from '../../core/product.js';
import type { PokeRow } from './db.js';
import { requireMember } from './access.js';
import { isActiveMember } from './relationships.repo.js';
import * as repo from './pokes.repo.js';
import type { Poke, PokeCreate, PokeEvent } from './pokes.schemas.js';
import { userTopic } from './topics.js';

/** Per sender, across both path families and (with Redis) every instance: a poke is a nudge, not a chat. */
export const POKE_LIMIT = { max: 30, windowMs: 60_000 };

export function present(p: PokeRow): Poke {
  return {
    id: p.id,
    relationship_id: p.relationshipId,
    sender_id: p.senderId,
    receiver_id: p.receiverId,
    type: p.type,
    emoji: p.emoji,
    created_at: p.createdAt.toISOString(),
  };
}

export async function sendPoke(ctx: ProductContext, senderId: string, input: PokeCreate): Promise<Poke> {
  const emoji = input.emoji ?? null;
  if (input.type === 'EMOJI' && emoji === null) throw invalidField(['body', 'emoji'], 'An EMOJI poke needs an emoji', null, 'missing');
  if (emoji !== null && emoji.trim() === '') throw invalidField(['body', 'emoji'], 'The emoji must not be blank', emoji);
  const dz = ctx.db.dz;
  await requireMember(dz, senderId, input.relationship_id);
  if (input.receiver_id === senderId) throw badRequest('You cannot poke yourself', 'self_poke');
  if (!(await isActiveMember(dz, input.relationship_id, input.receiver_id))) throw forbidden('The receiver is not a member of this relationship', 'receiver_not_a_member');
  const senderName = await repo.displayName(dz, senderId);
  const row = await repo.insertPoke(dz, { relationshipId: input.relationship_id, senderId, receiverId: input.receiver_id, type: input.type, emoji });
  const poke = present(row);
  const event: PokeEvent = {
    type: 'emoji_poke',
    payload: { id: poke.id, relationship_id: poke.relationship_id, sender_id: senderId, sender_name: senderName, type: poke.type, emoji: poke.emoji, created_at: poke.created_at },
  };
  ctx.hub.publish(userTopic(input.receiver_id), event);
  return poke;
}

export async function listPokes(ctx: ProductContext, userId: string, relationshipId: string, limit: number, offset: number): Promise<Poke[]> {
  await requireMember(ctx.db.dz, userId, relationshipId);
  return (await repo.listForRelationship(ctx.db.dz, relationshipId, limit, offset)).map(present);
}
