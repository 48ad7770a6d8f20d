// /users schemas: the app's User, stats, streak, achievements, XP and limits.
import { Type } from '@sinclair/typebox';
import { Body, Nullable, StringEnum } from '../../../core/http/schemas.js';
import { SKILLS } from '../onboarding/steps.js';

export const ClientUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  email_verified: Type.Boolean(),
  onboarding_completed: Type.Boolean(),
  age: Nullable(Type.Integer()),
  birth_year: Nullable(Type.Integer()),
  target_gender: Nullable(StringEnum(['male', 'female', 'randomized'], { description: "The app's word for everyone is randomized" })),
  target_age_min: Nullable(Type.Integer()),
  target_age_max: Nullable(Type.Integer()),
  skill_goals: Type.Array(Type.String()),
  relationship_goal: Nullable(Type.String()),
  experience_level: Nullable(Type.String()),
  practice_frequency: Nullable(Type.String()),
  premium_tier: StringEnum(['free', 'premium']),
  premium_expires_at: Nullable(Type.String({ format: 'date-time' })),
  daily_conversations_used: Type.Integer(),
  daily_limit: Type.Integer(),
  daily_limit_reset_at: Type.String({ format: 'date-time' }),
  xp_points: Type.Integer(),
  level: Type.Integer(),
  streak_count: Type.Integer(),
  streak_updated_at: Nullable(Type.String({ format: 'date' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const ProfileUpdateBody = Body(
  {
    age: Type.Optional(Type.Integer({ minimum: 18, maximum: 100 })),
    target_gender: Type.Optional(StringEnum(['male', 'female', 'randomized', 'everyone'])),
    target_age_min: Type.Optional(Type.Integer({ minimum: 18, maximum: 100 })),
    target_age_max: Type.Optional(Type.Integer({ minimum: 18, maximum: 100 })),
    skill_goals: Type.Optional(
      Type.Array(StringEnum([...SKILLS, 'keeping_flow']), { minItems: 1, maxItems: 5, description: "keeping_flow (the app's name) is flow_maintenance" }),
    ),
  },
  { minProperties: 1 },
);

export const Stats = Type.Object({
  xp_points: Type.Integer(),
  level: Type.Integer(),
  level_title: Type.String(),
  next_level_xp: Nullable(Type.Integer()),
  streak_count: Type.Integer(),
  longest_streak: Type.Integer(),
  conversations_completed: Type.Integer(),
  successful_conversations: Type.Integer(),
  achievements_earned: Type.Integer(),
  total_practice_minutes: Type.Integer(),
  average_score: Nullable(Type.Integer()),
});

export const StreakResult = Type.Object({ streak_count: Type.Integer(), xp_earned: Type.Integer() });

export const Achievement = Type.Object({
  id: Type.String({ format: 'uuid' }),
  user_id: Type.String({ format: 'uuid' }),
  achievement_type: Type.String(),
  earned_at: Type.String({ format: 'date-time' }),
  conversation_id: Nullable(Type.String({ format: 'uuid' })),
  title: Type.String(),
  description: Type.String(),
  icon: Type.String(),
  xp_reward: Type.Integer(),
});

export const XpBody = Body({
  points: Type.Integer({ minimum: 1, maximum: 100 }),
  source: Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z][a-z0-9_:-]*$' }),
});
export const XpResult = Type.Object({
  total_xp: Type.Integer(),
  level: Type.Integer(),
  level_up: Type.Boolean(),
  awarded: Type.Integer({ description: 'Points actually added (the daily cap may cut them)' }),
});

export const Limits = Type.Object({
  daily_conversations_used: Type.Integer(),
  daily_limit: Type.Integer(),
  remaining: Type.Integer(),
  premium_tier: StringEnum(['free', 'premium']),
  premium_expires_at: Nullable(Type.String({ format: 'date-time' })),
  can_start_conversation: Type.Boolean(),
  resets_at: Type.String({ format: 'date-time' }),
});
