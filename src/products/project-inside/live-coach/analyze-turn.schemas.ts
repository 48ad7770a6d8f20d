// POST /v1/coach/analyze-turn: one spoken turn in, the coach's reading of it out (the Live Coach screen's shapes).
import { Type, type Static } from '@sinclair/typebox';

export const SENTIMENTS = ['Positive', 'Neutral', 'Negative', 'Hostile'] as const;
export const HORSEMEN = ['None', 'Criticism', 'Contempt', 'Defensiveness', 'Stonewalling'] as const;

export const TRANSCRIPT_MAX = 4000;
export const HISTORY_MAX_TURNS = 50;

const Speaker = Type.String({ maxLength: 100, description: 'display name or an anonymous label such as Unknown_1' });

export const HistoryTurn = Type.Object({
  speaker: Speaker,
  transcript: Type.String({ maxLength: TRANSCRIPT_MAX }),
});

// The app sends `transcript` and `include_history` always, the rest only when it has them (segment ids as strings).
export const AnalyzeTurnRequest = Type.Object({
  transcript: Type.String({ minLength: 1, maxLength: TRANSCRIPT_MAX, pattern: '\\S', description: 'the turn to read (not blank)' }),
  speaker: Type.Optional(Type.Union([Speaker, Type.Null()])),
  segment_id: Type.Optional(
    Type.Union([Type.String({ maxLength: 128, description: 'echoed back so the client can merge the answer into its row' }), Type.Null()]),
  ),
  include_history: Type.Optional(Type.Boolean({ default: false, description: 'read the turn with `history` as its context' })),
  history: Type.Optional(
    Type.Union([
      Type.Array(HistoryTurn, {
        maxItems: HISTORY_MAX_TURNS,
        description: 'recent turns, oldest first (used only with include_history)',
      }),
      Type.Null(),
    ]),
  ),
  debug: Type.Optional(Type.Boolean({ default: false, description: 'also answer `debug_prompt`: what the coach was asked' })),
});
export type AnalyzeTurnRequest = Static<typeof AnalyzeTurnRequest>;

/** What the AI must answer (and what the built-in rules produce). */
export const TurnReading = Type.Object({
  sentiment: Type.Union(SENTIMENTS.map((s) => Type.Literal(s))),
  horseman: Type.Union(HORSEMEN.map((h) => Type.Literal(h))),
  /** -5 (contempt, threats) … 0 (neutral) … 5 (strong warmth or repair). */
  level: Type.Integer({ minimum: -5, maximum: 5 }),
  nudgeText: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  suggestedRephrasing: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type TurnReading = Static<typeof TurnReading>;

export const AnalyzeTurnResponse = Type.Object({
  sentiment: TurnReading.properties.sentiment,
  horseman: TurnReading.properties.horseman,
  level: TurnReading.properties.level,
  nudgeText: Type.Union([Type.String(), Type.Null()], { description: 'a short nudge, only for strong moments (level ≤ -3 or ≥ 4)' }),
  suggestedRephrasing: Type.Union([Type.String(), Type.Null()], { description: 'a calmer way to say it, only for escalations (level ≤ -4)' }),
  segment_id: Type.Union([Type.String(), Type.Null()]),
  latency_ms: Type.Integer({ minimum: 0 }),
  source: Type.Union([Type.Literal('ai'), Type.Literal('rules')], { description: 'who read the turn: the AI, or the built-in rules' }),
  debug_prompt: Type.Optional(Type.String({ description: 'only when the request had `debug: true`' })),
});
export type AnalyzeTurnResponse = Static<typeof AnalyzeTurnResponse>;
