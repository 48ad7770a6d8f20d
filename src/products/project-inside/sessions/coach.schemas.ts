// Coaching sessions, reports, history and activity suggestions: request/response schemas (the OpenAPI docs).
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, Uuid } from '../../../core/http/schemas.js';

export const SessionCreate = Body({
  relationship_id: Uuid({ description: 'The relationship the session belongs to (I must be a member)' }),
  participants: Type.Array(Uuid(), { maxItems: 20, uniqueItems: true, description: 'Members taking part; I am always one of them' }),
});
export type SessionCreate = Static<typeof SessionCreate>;

export const SessionParams = Type.Object({ sid: Uuid() });

export const Session = Type.Object({
  id: Uuid(),
  relationship_id: Uuid(),
  status: Type.String({ description: 'ACTIVE, then FINALIZED' }),
  participants: Type.Array(Uuid()),
  created_by: Nullable(Uuid()),
  created_at: DateTime(),
});
export type Session = Static<typeof Session>;

export const Finalized = Type.Object({
  id: Uuid(),
  status: Type.String({ description: 'FINALIZED' }),
  finalized_at: DateTime(),
  report_status: Type.String({ description: 'pending until the report job ran, then ready' }),
});
export type Finalized = Static<typeof Finalized>;

const NudgeCounts = Type.Object({ SLOW_DOWN: Type.Integer(), PAUSE: Type.Integer() });

export const ReportStats = Type.Object({
  duration_seconds: Type.Integer(),
  frames: Type.Integer(),
  nudges: Type.Object({ SLOW_DOWN: Type.Integer(), PAUSE: Type.Integer(), total: Type.Integer() }),
  participants: Type.Array(
    Type.Object({
      user_id: Uuid(),
      frames: Type.Integer(),
      speaking_frames: Type.Integer(),
      talk_share: Type.Number({ description: 'Share of all speaking frames, 0..1' }),
      avg_speaking_rate: Type.Number(),
      avg_overlap_ratio: Type.Number(),
      max_speaking_rate: Type.Number(),
      max_overlap_ratio: Type.Number(),
      nudges: NudgeCounts,
    }),
  ),
});

export const Moment = Type.Object({
  type: Type.String({ description: 'Nudge type: SLOW_DOWN or PAUSE' }),
  intensity: Type.Integer({ minimum: 1, maximum: 3 }),
  at: DateTime(),
  user_id: Uuid(),
  timestamp_ms: Nullable(Type.Number({ description: "The frame's own timestamp_ms" })),
});

export const Report = Type.Object({
  sid: Uuid(),
  status: Type.String({ description: 'pending until the report job ran, then ready' }),
  summary: Nullable(Type.String()),
  moments: Type.Array(Moment),
  action_items: Type.Array(Type.String()),
  stats: Nullable(ReportStats),
});
export type Report = Static<typeof Report>;

export const HistoryQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page (1–100)' }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Items to skip' }),
});

export const HistoryItem = Type.Object({
  id: Uuid(),
  relationship_id: Uuid(),
  status: Type.String(),
  created_at: DateTime(),
  finalized_at: Nullable(DateTime()),
  participants: Type.Array(Uuid()),
  report_status: Nullable(Type.String({ description: 'null before finalize, then pending / ready' })),
});
export type HistoryItem = Static<typeof HistoryItem>;

export const SuggestionsQuery = Type.Object({
  rid: Uuid({ description: 'The relationship' }),
  debug: Type.Optional(Type.Boolean({ description: 'Also say where each suggestion came from (debug_source: rules | ai)' })),
});

export const Suggestion = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  explanation: Type.String({ description: 'Why this activity (the app shows it)' }),
  category: Type.String(),
  duration_minutes: Type.Integer(),
  reason: Type.String({ description: 'The same as explanation' }),
  debug_source: Type.Optional(Type.String({ description: 'rules or ai; only with debug=true' })),
});

export const Suggestions = Type.Array(Suggestion, { description: 'Three to five activities (a bare array, as the app reads it)' });
export type Suggestions = Static<typeof Suggestions>;

export const SocketParams = SessionParams;
export const SocketQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096, description: 'Access token' })) });
