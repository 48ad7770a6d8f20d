// The practice partner's character: what the AI is asked for, and the local engine's deterministic one.
import { Type, type Static } from '@sinclair/typebox';
import { Seeded } from '../shared/random.js';
import type { ContextTemplates, Difficulty, DifficultyModifier } from '../scenarios/catalogue.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

/** What the AI must answer when asked for a character (validated; anything else falls back to the local one). */
export const CharacterSchema = Type.Object({
  name: Text(40),
  age: Type.Integer({ minimum: 18, maximum: 100 }),
  appearance: Text(400),
  body_language: Text(300),
  current_activity: Text(200),
  personality_traits: Type.Array(Text(60), { minItems: 1, maxItems: 6 }),
  conversation_interests: Type.Array(Text(80), { minItems: 1, maxItems: 8 }),
  approach_style: Text(300),
  conversation_starters: Type.Array(Text(200), { minItems: 1, maxItems: 5 }),
  character_background: Text(300),
});
export type Character = Static<typeof CharacterSchema>;

export type TargetGender = 'male' | 'female' | 'everyone';

/** Everything a character is made from: the scenario row, the difficulty and the user's preferences. */
export interface CharacterInput {
  scenario: { type: string; display_name: string; context_templates: ContextTemplates; difficulty_modifiers: Record<Difficulty, DifficultyModifier> };
  difficulty: Difficulty;
  targetGender: TargetGender | null;
  ageMin: number | null;
  ageMax: number | null;
  /** Varies the character between calls with otherwise equal inputs (user and time). */
  variant: string;
}

const NAMES = {
  female: ['Maya', 'Sofia', 'Chloe', 'Priya', 'Emma', 'Zoe', 'Lena', 'Amara', 'Julia', 'Nora', 'Hana', 'Camila'],
  male: ['Liam', 'Noah', 'Marco', 'Daniel', 'Ethan', 'Kai', 'Samuel', 'Theo', 'Omar', 'Lucas', 'Ravi', 'Jonas'],
};
const HAIR = [
  'short curly hair',
  'long dark hair',
  'a messy bun',
  'wavy auburn hair',
  'cropped blond hair',
  'braided hair',
  'tousled brown hair',
  'a neat fade',
];
const TRAITS = [
  'witty',
  'curious',
  'warm',
  'thoughtful',
  'playful',
  'a little shy',
  'direct',
  'sarcastic in a friendly way',
  'adventurous',
  'calm',
  'easily amused',
  'opinionated about small things',
];
const APPROACH: Record<Difficulty, string[]> = {
  green: ['Enjoys meeting new people and responds warmly to a friendly hello', 'Likes a bit of banter and gives plenty to work with'],
  yellow: ['Polite at first; warms up to genuine curiosity and a sense of humour', 'Gives short answers until something interesting comes up'],
  red: ['Busy and guarded; respects people who are brief, light and not pushy', 'Answers in a word or two unless the conversation earns their attention'],
};

/** "the window table" — lower-cases the first letter so a fragment reads inside a sentence. */
const inline = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function localCharacter(input: CharacterInput): Character {
  const t = input.scenario.context_templates;
  const rnd = new Seeded(`${input.scenario.type}|${input.difficulty}|${input.targetGender ?? ''}|${input.ageMin ?? ''}-${input.ageMax ?? ''}|${input.variant}`);
  const gender = input.targetGender === 'male' || input.targetGender === 'female' ? input.targetGender : rnd.pick(['female', 'male'] as const);
  const lo = Math.max(18, Math.min(100, input.ageMin ?? 22));
  const hi = Math.max(lo, Math.min(100, input.ageMax ?? Math.max(lo, 32)));
  const age = rnd.int(lo, hi);
  const name = rnd.pick(NAMES[gender]);
  const person = gender === 'female' ? 'woman' : 'man';
  const activity = rnd.pick(t.activities);
  return {
    name,
    age,
    appearance: `A ${age}-year-old ${person} with ${rnd.pick(HAIR)}, wearing ${rnd.pick(t.outfits)}`,
    body_language: input.scenario.difficulty_modifiers[input.difficulty].body_language,
    current_activity: inline(activity),
    personality_traits: rnd.sample(TRAITS, 3),
    conversation_interests: rnd.sample(t.interests, 3),
    approach_style: rnd.pick(APPROACH[input.difficulty]),
    conversation_starters: [...t.starters[input.difficulty]].slice(0, 3),
    character_background: `${name} is ${inline(rnd.pick(t.backgrounds))}`,
  };
}

/** The instruction that asks a real AI for the same object. */
export function characterInstruction(input: CharacterInput): string {
  const t = input.scenario.context_templates;
  const m = input.scenario.difficulty_modifiers[input.difficulty];
  const who = input.targetGender === 'male' ? 'Create a man.' : input.targetGender === 'female' ? 'Create a woman.' : 'The character may be of any gender.';
  const ages = input.ageMin && input.ageMax ? ` Their age is between ${input.ageMin} and ${input.ageMax}.` : '';
  return [
    `You create a realistic person for a dating-conversation practice app. Scenario: ${input.scenario.display_name} — ${t.setting}, ${t.time_of_day}, ${t.crowd_level}.`,
    `Difficulty ${input.difficulty} (${m.label}): ${m.behaviour} Their visible body language must match: ${m.body_language}.`,
    `${who}${ages} Adults only. Keep it natural and respectful; no explicit content.`,
    'Give: name, age, appearance (what they look like and wear), body_language, current_activity, 3–4 personality_traits, conversation_interests, approach_style (how they react to being approached), 3 conversation_starters the user could say, and a one-sentence character_background.',
  ].join('\n');
}
