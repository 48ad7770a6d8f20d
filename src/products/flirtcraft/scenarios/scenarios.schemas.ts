// Scenario catalogue and pre-conversation context schemas.
import { Type } from '@sinclair/typebox';
import { Body, StringEnum } from '../../../core/http/schemas.js';
import { DIFFICULTIES } from './catalogue.js';

export const DifficultyEnum = StringEnum([...DIFFICULTIES], { description: 'green (friendly), yellow (realistic stranger), red (busy and distracted)' });

const PerDifficulty = <T extends import('@sinclair/typebox').TSchema>(s: T) => Type.Object({ green: s, yellow: s, red: s });

export const ContextTemplates = Type.Object({
  setting: Type.String(),
  environment: Type.String(),
  time_of_day: Type.String(),
  crowd_level: Type.String(),
  atmosphere: Type.String(),
  activities: Type.Array(Type.String()),
  backgrounds: Type.Array(Type.String()),
  interests: Type.Array(Type.String()),
  outfits: Type.Array(Type.String()),
  starters: PerDifficulty(Type.Array(Type.String())),
  context_words: Type.Array(Type.String()),
});

export const DifficultyModifiers = PerDifficulty(
  Type.Object({ label: Type.String(), behaviour: Type.String(), body_language: Type.String(), receptiveness: Type.String(), tips: Type.Array(Type.String()) }),
);

export const Scenario = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String(),
  display_name: Type.String(),
  description: Type.String(),
  is_premium: Type.Boolean(),
  is_active: Type.Boolean(),
  is_available: Type.Boolean({ description: 'Whether the caller may start it (premium scenarios need premium)' }),
  context_templates: ContextTemplates,
  difficulty_modifiers: DifficultyModifiers,
  created_at: Type.String({ format: 'date-time' }),
});

export const ScenarioListQuery = Type.Object({
  include_premium: Type.Optional(Type.Boolean({ default: false, description: 'List premium scenarios too (marked is_premium)' })),
  available_only: Type.Optional(Type.Boolean({ default: false, description: 'Only what the caller may start' })),
});
export const ScenarioListMeta = Type.Object({ total_scenarios: Type.Integer(), premium_user: Type.Boolean(), includes_premium: Type.Boolean() });

export const TypeParams = Type.Object({
  type: Type.String({ minLength: 1, maxLength: 50, description: 'coffee_shop, bookstore, park, campus, grocery, gym, bar, gallery' }),
});
export const ContextBody = Type.Union([Body({ difficulty_level: Type.Optional(DifficultyEnum) }), Type.Null()], { description: 'Optional; green when absent' });
export const ContextQuery = Type.Object({ difficulty_level: Type.Optional(DifficultyEnum) });
export const ClientContextBody = Body({ scenario_type: Type.String({ minLength: 1, maxLength: 50 }), difficulty_level: DifficultyEnum });

export const Character = {
  name: Type.String(),
  age: Type.Integer(),
  appearance: Type.String(),
  body_language: Type.String(),
  current_activity: Type.String(),
  personality_traits: Type.Array(Type.String()),
  conversation_interests: Type.Array(Type.String()),
  approach_style: Type.String(),
  conversation_starters: Type.Array(Type.String()),
  character_background: Type.String(),
};

export const Context = Type.Object({
  scenario_type: Type.String(),
  difficulty_level: DifficultyEnum,
  ...Character,
  environment: Type.String(),
  environment_details: Type.Object({ time_of_day: Type.String(), crowd_level: Type.String(), atmosphere: Type.String() }),
  receptiveness: Type.String(),
  context_tips: Type.Array(Type.String()),
  generated_at: Type.String({ format: 'date-time' }),
});
export const ContextMeta = Type.Object({ scenario_type: Type.String(), difficulty_level: DifficultyEnum, personalized: Type.Boolean() });
