// Onboarding request and response schemas.
import { Type } from '@sinclair/typebox';
import { Body, Nullable, StringEnum } from '../../../core/http/schemas.js';
import { EXPERIENCE_LEVELS, PERSONAS, PRACTICE_FREQUENCIES, PRIVACY_LEVELS, RELATIONSHIP_GOALS, SKILLS, STEP_IDS, TARGET_GENDERS } from './steps.js';

const mutable = <T extends readonly string[]>(v: T) => [...v] as [...T];

export const AgeBody = Body({
  birth_year: Type.Integer({ minimum: 1900, maximum: 2100, description: 'Year of birth; the age by year must be 18–100. Only the year is stored.' }),
});

export const PreferencesBody = Body({
  target_gender: StringEnum(mutable(TARGET_GENDERS)),
  target_age_min: Type.Integer({ minimum: 18, maximum: 100 }),
  target_age_max: Type.Integer({ minimum: 18, maximum: 100, description: 'At least target_age_min' }),
  relationship_goal: StringEnum(mutable(RELATIONSHIP_GOALS)),
});

export const SkillGoalsBody = Body({
  primary_skills: Type.Array(StringEnum(mutable(SKILLS)), { minItems: 1, maxItems: 5, uniqueItems: true }),
  specific_challenges: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 10, default: [] })),
  experience_level: StringEnum(mutable(EXPERIENCE_LEVELS)),
  practice_frequency: StringEnum(mutable(PRACTICE_FREQUENCIES)),
});

export const PrivacyBody = Body({
  notifications_enabled: Type.Boolean(),
  analytics_opt_in: Type.Optional(Type.Boolean({ description: 'Unchanged when absent (false until set)' })),
  privacy_level: Type.Optional(StringEnum(mutable(PRIVACY_LEVELS), { description: 'Unchanged when absent (standard until set)' })),
  marketing_opt_in: Type.Optional(Type.Boolean({ description: 'Unchanged when absent (the sign-up choice)' })),
});

export const ProgressBody = Body({
  step_id: StringEnum(mutable(STEP_IDS)),
  step_data: Type.Optional(
    Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50, description: 'Accepted for compatibility; not stored' }),
  ),
  completed: Type.Optional(Type.Boolean({ default: false })),
  skipped: Type.Optional(Type.Boolean({ default: false })),
});

export const Step = Type.Object({
  id: Type.String(),
  title: Type.String(),
  component: Type.String(),
  required: Type.Boolean(),
  completed: Type.Boolean(),
  skipped: Type.Boolean(),
  skippable: Type.Boolean(),
  estimated_duration: Type.Integer(),
});

export const Flow = Type.Object({
  current_step_index: Type.Integer(),
  total_steps: Type.Integer(),
  steps: Type.Array(Step),
  can_go_back: Type.Boolean(),
  can_skip_current: Type.Boolean(),
  is_complete: Type.Boolean(),
});

export const Profile = Type.Object({
  user_id: Type.String({ format: 'uuid' }),
  age_verified: Type.Boolean(),
  birth_year: Nullable(Type.Integer()),
  age: Nullable(Type.Integer()),
  target_gender: Nullable(StringEnum(mutable(TARGET_GENDERS))),
  target_age_min: Nullable(Type.Integer()),
  target_age_max: Nullable(Type.Integer()),
  relationship_goal: Nullable(StringEnum(mutable(RELATIONSHIP_GOALS))),
  primary_skills: Type.Array(Type.String()),
  specific_challenges: Type.Array(Type.String()),
  experience_level: Nullable(StringEnum(mutable(EXPERIENCE_LEVELS))),
  practice_frequency: Nullable(StringEnum(mutable(PRACTICE_FREQUENCIES))),
  notifications_enabled: Nullable(Type.Boolean()),
  analytics_opt_in: Type.Boolean(),
  privacy_level: StringEnum(mutable(PRIVACY_LEVELS)),
  marketing_opt_in: Type.Boolean(),
  detected_persona: Nullable(StringEnum(mutable(PERSONAS))),
  onboarding_completed: Type.Boolean(),
  onboarding_steps_completed: Type.Array(Type.String()),
  onboarding_steps_skipped: Type.Array(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const AgeResult = Type.Object({ age_verified: Type.Literal(true), birth_year: Type.Integer(), age: Type.Integer() });
export const CompleteResult = Type.Object({ achievements_unlocked: Type.Array(Type.String()), ready_for_conversations: Type.Literal(true) });
