// The partner's turn: receptiveness, the local engine's in-character reply, the prompt a real AI gets, and the
// clean-up of whatever comes back (body language in [brackets] split from the words).
import type { ChatMessage } from '../../../core/ai/port.js';
import { Seeded } from '../shared/random.js';
import type { ContextTemplates, Difficulty, DifficultyModifier } from '../scenarios/catalogue.js';
import type { Character } from './character.js';
import { contentWords, type MessageFeatures } from './analysis.js';

export const RECEPTIVENESS = ['low receptiveness', 'guarded', 'moderately receptive', 'highly receptive'] as const;
export type ReceptivenessLevel = 0 | 1 | 2 | 3;

const BASE: Record<Difficulty, ReceptivenessLevel> = { green: 3, yellow: 2, red: 0 };

/**
 * How open the partner is now: the difficulty's starting point, moved by the last three messages' quality; a crude
 * or pushy message closes them whatever the difficulty.
 */
export function receptivenessLevel(difficulty: Difficulty, qualities: readonly number[], redFlagNow: boolean): ReceptivenessLevel {
  if (redFlagNow) return 0;
  const momentum = qualities.slice(-3).reduce((a, b) => a + b, 0);
  const shift = momentum >= 4 ? 2 : momentum >= 2 ? 1 : momentum <= -3 ? -2 : momentum <= -1 ? -1 : 0;
  return Math.max(0, Math.min(3, BASE[difficulty] + shift)) as ReceptivenessLevel;
}

type Band = 'high' | 'mid' | 'low';
const band = (level: ReceptivenessLevel): Band => (level === 3 ? 'high' : level === 2 ? 'mid' : 'low');

const LINES: Record<Exclude<MessageFeatures['intent'], 'inappropriate' | 'ask_out'>, Record<Band, string[]>> = {
  greeting: {
    high: ["Hi! I'm {name}, nice to meet you.", "Hey there! Wasn't expecting anyone to say hi, that's nice.", 'Oh hi! Are you a regular here too?'],
    mid: ['Hi.', "Hey, how's it going?", 'Oh, hello.'],
    low: ['Hm? Oh, hi.', 'Hey.', '...hi.'],
  },
  question: {
    high: [
      "Good question! Honestly I'm really into {interest} lately. What about you?",
      "Ha, I'd say {interest}, no contest. What made you ask?",
      "Right now? Mostly {activity}. But I'd much rather talk about {interest}. You?",
    ],
    mid: ['Mostly {interest}, I guess. Why do you ask?', 'Hm, {activity}, pretty much. What about you?', 'Depends on the day. Lately {interest}.'],
    low: ["Not sure. I'm kind of in the middle of something.", 'Mm, {interest}, I guess.', 'Sorry, what? Oh. Yeah, sure.'],
  },
  compliment: {
    high: ["Aw, thank you! That's really sweet of you to say.", 'Ha, you just made my day, thanks!', "That's kind of you. I like your style too, honestly."],
    mid: ['Oh, thanks.', "Ha, thank you. That's nice of you.", 'Thanks, I guess I did make an effort today.'],
    low: ['...thanks.', 'Okay. Thanks.', 'Hm. Thank you.'],
  },
  disclosure: {
    high: [
      "No way, that's so cool! How did you get into that?",
      'I love that. I get the same way about {interest}.',
      "Haha, that's a great story. Then what happened?",
    ],
    mid: ['Oh, interesting. How long have you been doing that?', "That sounds nice. I'm more into {interest} myself.", "Huh, I wouldn't have guessed that."],
    low: ['Cool.', 'Huh. Okay.', 'Nice. Anyway, I should probably get back to this.'],
  },
  statement: {
    high: ['Totally agree! This place is kind of the best for that.', 'Ha, right? I was just thinking the same thing.', "That's funny, tell me more!"],
    mid: ['Yeah, I know what you mean.', "True. It's been a long day.", "Hm, maybe. I haven't thought about it much."],
    low: ['Mm-hmm.', 'Yeah.', 'Sure.'],
  },
  low_effort: {
    high: [
      'Haha, a person of few words! So what brings you here?',
      'Ha. Okay, your turn, tell me something interesting.',
      "You're making me do all the work here!",
    ],
    mid: ['...okay?', 'Right.', 'Hm.'],
    low: ['Okay.', 'Mm.', '...'],
  },
  goodbye: {
    high: ['Aw, already? It was really nice talking to you!', 'Bye! Maybe I’ll see you around here again.', 'Take care! This was fun.'],
    mid: ['Bye, nice chatting.', 'See you around.', 'Okay, have a good one.'],
    low: ['Bye.', 'Okay, bye.', 'Mm, bye.'],
  },
};
const ASK_OUT: Record<'earned' | 'early' | 'mid' | 'low', string[]> = {
  earned: ["Ha, I'd like that actually. Let's see where this conversation goes first though!", "Maybe! You'll have to keep being this charming first."],
  early: ["Whoa, slow down, we just met! But I'm having fun talking.", 'Ha, bold! Ask me again once I know your name.'],
  mid: ["Let's not get ahead of ourselves. But you seem nice.", "Ha, maybe another time. I don't really know you yet."],
  low: ["I don't think so, sorry.", "I'm good, thanks."],
};
const INAPPROPRIATE = ["Wow. Okay, that's not okay.", "I'm going to stop you right there.", "That's really not cool. I'm going back to what I was doing."];
const BODY: Record<ReceptivenessLevel | 'offended', string[]> = {
  3: ['smiles and leans in', 'laughs and tucks hair behind ear', 'holds eye contact and grins', 'turns fully toward you'],
  2: ['smiles politely', 'glances up briefly', 'nods', 'raises an eyebrow, curious'],
  1: ['gives a brief polite smile', 'glances at phone', 'shifts weight, half-listening'],
  0: ['keeps eyes on what they were doing', 'half-turns away', 'answers without looking up'],
  offended: ['steps back, frowning', 'crosses arms', 'looks away, clearly uncomfortable'],
};

/** Safe lines for when a real AI's answer is unusable after clean-up. */
export const CANNED_REPLY: Record<Difficulty, { content: string; bodyLanguage: string }> = {
  green: { content: "That's interesting! Tell me more about that.", bodyLanguage: 'maintains eye contact and leans in slightly' },
  yellow: { content: 'Oh? How so?', bodyLanguage: 'tilts head, listening' },
  red: { content: 'Mm. Sorry, what was that?', bodyLanguage: 'glances up from what they were doing' },
};

export interface ReplyInput {
  character: Character;
  scenario: { type: string; display_name: string; context_templates: ContextTemplates; difficulty_modifiers: Record<Difficulty, DifficultyModifier> };
  difficulty: Difficulty;
  /** Earlier turns, oldest first; AI turns carry their body language separately. */
  history: { sender: 'user' | 'ai'; content: string; bodyLanguage?: string | null }[];
  userMessage: string;
  features: MessageFeatures;
  level: ReceptivenessLevel;
}

const shortActivity = (a: string) => a.replace(/\s+(by|at|on|in|with|near)\s.*$/, '');

/** The local engine's reply: `[body language] words`, the same shape a real AI is asked for. */
export function localReply(input: ReplyInput): string {
  const userTurns = input.history.filter((m) => m.sender === 'user').length + 1;
  const rnd = new Seeded(`${input.character.name}|${input.userMessage}|${userTurns}|${input.level}`);
  const b = band(input.level);
  const f = input.features;
  let line: string;
  let body: string;
  if (f.intent === 'inappropriate') {
    line = rnd.pick(INAPPROPRIATE);
    body = rnd.pick(BODY.offended);
  } else {
    if (f.intent === 'ask_out') {
      const pool = input.level === 3 ? (userTurns >= 4 ? ASK_OUT.earned : ASK_OUT.early) : input.level === 2 ? ASK_OUT.mid : ASK_OUT.low;
      line = rnd.pick(pool);
    } else {
      line = rnd.pick(LINES[f.intent][b]);
    }
    body = rnd.pick(BODY[input.level]);
  }
  const interest = rnd.pick(input.character.conversation_interests);
  const filled = line
    .replaceAll('{name}', input.character.name)
    .replaceAll('{interest}', interest.toLowerCase())
    .replaceAll('{activity}', shortActivity(input.character.current_activity));
  return `[${body}] ${filled}`;
}

/** The system prompt a real AI gets: the persona, the place, the difficulty and how to format the answer. */
export function partnerSystemPrompt(input: Pick<ReplyInput, 'character' | 'scenario' | 'difficulty' | 'level'>): string {
  const c = input.character;
  const t = input.scenario.context_templates;
  const m = input.scenario.difficulty_modifiers[input.difficulty];
  return [
    `You are ${c.name}, ${c.age}, a real person in a conversation-practice roleplay. Never say or hint that you are an AI; stay in character whatever happens.`,
    `Scenario: ${input.scenario.display_name} — ${t.setting}; ${t.time_of_day}, ${t.crowd_level}, ${t.atmosphere}.`,
    `Your appearance: ${c.appearance}. Right now you are ${c.current_activity}.`,
    `Personality: ${c.personality_traits.join(', ')}. Interests: ${c.conversation_interests.join(', ')}. Background: ${c.character_background}.`,
    `How you react to being approached: ${c.approach_style}.`,
    `Difficulty ${input.difficulty} (${m.label}): ${m.behaviour}`,
    `Your current receptiveness toward the other person: ${RECEPTIVENESS[input.level]}.`,
    'Answer as a real person texting would: 1–3 short sentences, natural and casual, no lists. Start with your body language in square brackets, e.g. [glances up and smiles]. If the other person is crude, insulting or pushy, react as a real person would: cool down or end the chat politely. Keep everything respectful and non-explicit.',
  ].join('\n');
}

/** The whole chat a real AI sees: system prompt, the history as turns, then the new message. */
export function partnerMessages(input: ReplyInput): ChatMessage[] {
  return [
    { role: 'system', content: partnerSystemPrompt(input) },
    ...input.history.map((m): ChatMessage =>
      m.sender === 'user'
        ? { role: 'user', content: m.content }
        : { role: 'assistant', content: m.bodyLanguage ? `[${m.bodyLanguage}] ${m.content}` : m.content },
    ),
    { role: 'user', content: input.userMessage },
  ];
}

const MAX_REPLY = 600;
const MAX_BODY = 300;

/**
 * Splits a reply into words and body language: `[…]` and `*…*` stage directions become the body language, role
 * prefixes ("Maya:", "AI:", "Response:") and wrapping quotes go, long answers are cut at a sentence end.
 */
export function splitReply(raw: string, name?: string): { content: string; bodyLanguage: string | null } {
  let text = raw.replace(/\r/g, '').trim();
  const prefixes = ['AI', 'Assistant', 'Response', 'Character', ...(name ? [name] : [])].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  text = text.replace(new RegExp(`^\\s*(${prefixes.join('|')})\\s*:\\s*`, 'i'), '');
  const gestures: string[] = [];
  text = text.replace(/\[([^\]]{0,400})\]|\*([^*\n]{1,400})\*/g, (_m, a: string | undefined, b: string | undefined) => {
    const g = (a ?? b ?? '').trim();
    if (g) gestures.push(g);
    return ' ';
  });
  text = text.replace(/\s+/g, ' ').trim();
  if (/^["“].*["”]$/.test(text)) text = text.slice(1, -1).trim();
  if (text.length > MAX_REPLY) {
    const cut = text.slice(0, MAX_REPLY);
    const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
    text = end > 40 ? cut.slice(0, end + 1) : `${cut.slice(0, MAX_REPLY - 1).trimEnd()}…`;
  }
  const bodyLanguage = gestures.join('; ').slice(0, MAX_BODY) || null;
  return { content: text, bodyLanguage };
}

/** A word of the user's message the partner could pick up (for tests and suggestions). */
export const topicOf = (text: string): string | undefined => contentWords(text)[0];
