// The pre-conversation context the app shows (and the conversation keeps): the character plus the place and tips.
import type { Character } from './character.js';
import type { ContextTemplates, Difficulty, DifficultyModifier } from '../scenarios/catalogue.js';

export interface ConversationContext extends Character {
  scenario_type: string;
  difficulty_level: Difficulty;
  /** The place as text (the client reads a string). */
  environment: string;
  environment_details: { time_of_day: string; crowd_level: string; atmosphere: string };
  receptiveness: string;
  context_tips: string[];
  generated_at: string;
}

type ScenarioLike = { type: string; context_templates: ContextTemplates; difficulty_modifiers: Record<Difficulty, DifficultyModifier> };

export function buildContext(scenario: ScenarioLike, difficulty: Difficulty, character: Character, nowMs: number): ConversationContext {
  const t = scenario.context_templates;
  const m = scenario.difficulty_modifiers[difficulty];
  return {
    ...character,
    scenario_type: scenario.type,
    difficulty_level: difficulty,
    environment: t.environment,
    environment_details: { time_of_day: t.time_of_day, crowd_level: t.crowd_level, atmosphere: t.atmosphere },
    receptiveness: m.receptiveness,
    context_tips: m.tips.slice(0, 3),
    generated_at: new Date(nowMs).toISOString(),
  };
}

/** Words that count as "using the context": the place's own words plus the character's activity and interests. */
export function contextWords(
  scenario: { context_templates: ContextTemplates },
  ctx: Pick<Character, 'current_activity' | 'conversation_interests' | 'appearance'>,
): string[] {
  const fromText = (s: string) => (s.toLowerCase().match(/[\p{L}]{4,}/gu) ?? []).filter((w) => !COMMON.has(w));
  return [
    ...new Set([
      ...scenario.context_templates.context_words,
      ...fromText(ctx.current_activity),
      ...ctx.conversation_interests.flatMap(fromText),
      ...fromText(ctx.appearance),
    ]),
  ];
}

const COMMON = new Set([
  'with',
  'wearing',
  'year',
  'old',
  'woman',
  'their',
  'from',
  'into',
  'over',
  'that',
  'this',
  'half',
  'finished',
  'small',
  'trying',
  'choose',
  'hair',
  'long',
  'short',
]);
