// Pokes: a small "thinking of you" from one member of a relationship to another, delivered live to the receiver.
import { badRequest, forbidden, invalidField } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import type { PokeRow } from '../db.js';
import { requireMember } from '../relationships/access.js';
import { isActiveMember } from '../relationships/relationships.repo.js';
import * as repo from './pokes.repo.js';
import { POKE_TYPES, type Poke, type PokeCreate, type PokeEvent, type PokeType } from './pokes.schemas.js';
import { isBlocked } from '../users/blocks.repo.js';
import { displayNameOf } from '../users/users.repo.js';
import { userTopic } from '../shared/topics.js';

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

/** The poke type a client named, in any case; anything else is a 422 naming the field. */
export function parsePokeType(raw: string): PokeType {
  const t = raw.trim().toUpperCase();
  if ((POKE_TYPES as readonly string[]).includes(t)) return t as PokeType;
  throw invalidField(['body', 'type'], `Input should be ${POKE_TYPES.map((p) => `'${p}'`).join(', ')} (any case)`, raw, 'enum');
}

export async function sendPoke(ctx: ProductContext, senderId: string, input: PokeCreate): Promise<Poke> {
  const dz = ctx.db.dz;
  // Who may poke whom is answered first: a stranger learns nothing from how their body is judged.
  await requireMember(dz, senderId, input.relationship_id);
  if (input.receiver_id === senderId) throw badRequest('You cannot poke yourself', 'self_poke');
  // A receiver who has not accepted, is not in the relationship, or blocked me: one answer for all three.
  if (!(await isActiveMember(dz, input.relationship_id, input.receiver_id)) || (await isBlocked(dz, input.receiver_id, senderId))) {
    throw forbidden('The receiver is not a member of this relationship', 'receiver_not_a_member');
  }
  const type = parsePokeType(input.type);
  const emoji = input.emoji ?? null;
  if (type === 'EMOJI' && emoji === null) throw invalidField(['body', 'emoji'], 'An EMOJI poke needs an emoji', null, 'missing');
  if (emoji !== null && emoji.trim() === '') throw invalidField(['body', 'emoji'], 'The emoji must not be blank', emoji);
  const senderName = await displayNameOf(dz, senderId);
  const row = await repo.insertPoke(dz, {
    relationshipId: input.relationship_id,
    senderId,
    receiverId: input.receiver_id,
    type,
    emoji,
    createdAt: new Date(ctx.now()),
  });
  const poke = present(row);
  const event: PokeEvent = {
    type: 'emoji_poke',
    poke_id: poke.id,
    sender_id: senderId,
    sender_name: senderName,
    emoji: poke.emoji ?? poke.type,
    poke_type: poke.type,
    relationship_id: poke.relationship_id,
    created_at: poke.created_at,
    payload: {
      id: poke.id,
      relationship_id: poke.relationship_id,
      sender_id: senderId,
      sender_name: senderName,
      type: poke.type,
      emoji: poke.emoji,
      created_at: poke.created_at,
    },
  };
  ctx.hub.publish(userTopic(input.receiver_id), event);
  return poke;
}

export async function listPokes(ctx: ProductContext, userId: string, relationshipId: string, limit: number, offset: number): Promise<Poke[]> {
  await requireMember(ctx.db.dz, userId, relationshipId);
  return (await repo.listForRelationship(ctx.db.dz, relationshipId, limit, offset)).map(present);
}
