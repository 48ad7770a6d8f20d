// Poke request/response schemas (these are the OpenAPI docs of /v1/pokes and /v1/interaction/pokes).
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, PageQuery, Uuid } from '../../../core/http/schemas.js';

/** What a poke says; sent in any case (the mobile app sends "emoji"), stored and shown upper case. */
export const POKE_TYPES = ['EMOJI', 'THINKING_OF_YOU', 'HUG', 'KISS', 'HIGH_FIVE', 'CHECK_IN'] as const;
export type PokeType = (typeof POKE_TYPES)[number];

/** At most this many characters (code points): room for a joined emoji sequence such as a family, not for a message. */
export const EMOJI_MAX_LENGTH = 16;

// No control characters (C0, DEL, C1) and no bidirectional overrides/isolates, which could disguise the text around it.
const PRINTABLE = '^[^\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]+$';

export const PokeCreate = Body({
  relationship_id: Uuid({ description: 'An active relationship both sender and receiver are members of' }),
  receiver_id: Uuid({ description: 'Another member of that relationship (not the sender)' }),
  type: Type.String({ minLength: 1, maxLength: 30, description: `One of ${POKE_TYPES.join(', ')}, in any case` }),
  emoji: Type.Optional(
    Nullable(
      Type.String({
        minLength: 1,
        maxLength: EMOJI_MAX_LENGTH,
        pattern: PRINTABLE,
        description: `Up to ${EMOJI_MAX_LENGTH} characters, no control characters; required when type is EMOJI`,
      }),
    ),
  ),
});
export type PokeCreate = Static<typeof PokeCreate>;

export const Poke = Type.Object({
  id: Uuid(),
  relationship_id: Uuid(),
  sender_id: Uuid(),
  receiver_id: Uuid(),
  type: Type.String({ description: POKE_TYPES.join(' | ') }),
  emoji: Nullable(Type.String()),
  created_at: DateTime(),
});
export type Poke = Static<typeof Poke>;

export const PokeListQuery = Type.Object({
  rid: Uuid({ description: 'The relationship whose pokes to list (members only)' }),
  ...PageQuery.properties,
});
export type PokeListQuery = Static<typeof PokeListQuery>;

export const PokeList = Type.Array(Poke, { description: "The relationship's pokes, newest first" });

/**
 * What the receiver's notification sockets get for a poke: the fields the app reads at the top level (emoji is the
 * poke type when no emoji was sent), and the same again in `payload`.
 */
export interface PokeEvent {
  type: 'emoji_poke';
  poke_id: string;
  sender_id: string;
  sender_name: string | null;
  emoji: string;
  poke_type: string;
  relationship_id: string;
  created_at: string;
  payload: { id: string; relationship_id: string; sender_id: string; sender_name: string | null; type: string; emoji: string | null; created_at: string };
}
