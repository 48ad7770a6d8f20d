// Mood check-in schemas: the seed's /moods and the web client's /mood.
import { Type } from '@sinclair/typebox';
import { Body, DateTime, Nullable, Uuid } from '../../../core/http/schemas.js';

const Level = Type.Integer({ minimum: 1, maximum: 5, description: '1 (very low) … 5 (great)' });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20 });

export const MoodCreate = Body({
  mood_level: Level,
  notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  context_tags: Type.Optional(Nullable(Tags)),
});

export const Mood = Type.Object({
  id: Uuid(),
  user_id: Uuid(),
  couple_id: Nullable(Uuid()),
  mood_level: Type.Integer(),
  notes: Nullable(Type.String()),
  context_tags: Nullable(Type.Array(Type.String())),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});

export const MoodList = Type.Array(Mood);

/** The web client sends and reads tags as `{tag: true}`. */
const TagObject = Type.Record(Type.String({ minLength: 1, maxLength: 50 }), Type.Boolean(), { maxProperties: 20 });

export const ClientMoodCreate = Body({
  mood_level: Level,
  notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  context_tags: Type.Optional(Nullable(Type.Union([TagObject, Tags]))),
});

export const ClientMood = Type.Object({
  id: Uuid(),
  user_id: Uuid(),
  mood_level: Type.Integer(),
  notes: Nullable(Type.String()),
  context_tags: Type.Record(Type.String(), Type.Boolean()),
  checkin_date: Type.String({ format: 'date' }),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});

export const ClientMoodOrNull = Nullable(ClientMood);

export const HistoryQuery = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export const MoodHistory = Type.Object({
  moods: Type.Array(ClientMood),
  total_count: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
});

export const StatsQuery = Type.Object({ days: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }) });
export const MoodStats = Type.Object({
  average_mood: Nullable(Type.Number()),
  total_entries: Type.Integer(),
  mood_distribution: Type.Record(Type.String(), Type.Integer()),
  recent_trend: Type.String({ description: 'improving | declining | stable: the last 7 days against the 7 before (±0.3)' }),
});

export const MoodStreak = Type.Object({
  current_streak: Type.Integer(),
  longest_streak: Type.Integer(),
  last_checkin: Nullable(Type.String({ format: 'date' })),
});
