// Couple Compass's own deterministic AI answers: lexicon sentiment and keyword themes for journals, templated
// mediation replies for chats. Used when the AI port is the local engine and whenever a real engine falls back.
// Same input, same output.
import { createHash } from 'node:crypto';
import type { ChatMessage } from '../../../core/ai/port.js';

export interface TextAnalysis {
  /** 1 (very negative) … 5 (very positive). */
  sentiment: number;
  /** At most 3 short themes. */
  themes: string[];
}

const POSITIVE = new Set(
  'love loved loving happy happier happiest joy joyful grateful thankful thanks appreciate appreciated appreciative great good wonderful amazing awesome calm peaceful relaxed close closer connected support supported supportive kind kindness fun laugh laughed laughing excited proud hopeful hope trust trusted safe warm sweet beautiful enjoy enjoyed nice glad better best care cared caring together understood respect respected affection cuddle cuddled hug hugged kiss kissed romantic delighted content fantastic lovely'.split(
    ' ',
  ),
);
const NEGATIVE = new Set(
  'sad angry upset hurt hurting lonely alone stressed stress stressful anxious anxiety worried worry tired exhausted frustrated frustrating annoyed annoying fight fought fighting argue argued argument arguing cry cried crying bad worse worst hate hated distant ignored ignore jealous jealousy betrayed disappointed disappointing terrible awful miserable scared afraid fear resent resentful cold tense tension yelled yelling blame blamed overwhelmed broke broken lie lied lying cheat cheated unhappy depressed'.split(
    ' ',
  ),
);
const NEGATORS = new Set(['not', "don't", 'dont', 'never', 'no', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', "can't", 'cant', 'hardly']);

const THEMES: Record<string, string[]> = {
  communication: [
    'talk',
    'talked',
    'talking',
    'listen',
    'listened',
    'conversation',
    'communicate',
    'communication',
    'said',
    'told',
    'heard',
    'understand',
    'understood',
  ],
  conflict: ['fight', 'fought', 'argue', 'argued', 'argument', 'yelled', 'blame', 'conflict', 'disagree', 'disagreed'],
  trust: ['trust', 'trusted', 'honest', 'honesty', 'lie', 'lied', 'secret', 'jealous', 'betrayed', 'cheat'],
  intimacy: ['kiss', 'kissed', 'hug', 'hugged', 'cuddle', 'intimacy', 'intimate', 'touch', 'sex', 'romantic', 'affection'],
  quality_time: ['together', 'date', 'dinner', 'weekend', 'trip', 'walk', 'movie', 'time', 'vacation'],
  gratitude: ['grateful', 'thankful', 'thanks', 'appreciate', 'appreciated', 'gift', 'surprise'],
  stress: ['stress', 'stressed', 'work', 'job', 'deadline', 'tired', 'exhausted', 'overwhelmed', 'busy'],
  family: ['family', 'kids', 'children', 'parents', 'mother', 'father', 'mom', 'dad', 'in-laws', 'baby'],
  finances: ['money', 'bills', 'budget', 'rent', 'spend', 'spent', 'debt', 'finances', 'expensive'],
  health: ['sick', 'health', 'doctor', 'sleep', 'exercise', 'gym', 'ill', 'pain'],
};

const words = (text: string): string[] => text.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];

/** Sentiment from counted positive and negative words (a negator up to two words before flips one), themes by keyword count. */
export function analyzeLocally(text: string): TextAnalysis {
  const w = words(text);
  let pos = 0;
  let neg = 0;
  w.forEach((word, i) => {
    const negated = NEGATORS.has(w[i - 1] ?? '') || NEGATORS.has(w[i - 2] ?? '');
    if (POSITIVE.has(word)) negated ? neg++ : pos++;
    else if (NEGATIVE.has(word)) negated ? pos++ : neg++;
  });
  const sentiment = pos + neg === 0 ? 3 : Math.min(5, Math.max(1, Math.round(3 + 2 * ((pos - neg) / (pos + neg)))));
  const counts = Object.entries(THEMES)
    .map(([theme, keys]) => [theme, w.filter((x) => keys.includes(x)).length] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { sentiment, themes: counts.slice(0, 3).map(([t]) => t) };
}

/** An engine's sentiment as stored: an integer 1..5 (3 when it isn't a number). */
export const clampSentiment = (n: unknown): number => {
  // Only numbers and numeric text: Number() throws on symbols and prototype-less objects.
  const v = typeof n === 'number' ? n : typeof n === 'string' ? Number(n) : NaN;
  if (!Number.isFinite(v)) return 3;
  return Math.min(5, Math.max(1, Math.round(v)));
};

/** An engine's themes as stored: at most 3 distinct, trimmed, lower-case, 50 characters each. */
export const cleanThemes = (t: unknown): string[] =>
  Array.isArray(t)
    ? t
        .filter((x): x is string => typeof x === 'string')
        .map((x) => x.trim().toLowerCase().slice(0, 50))
        .filter(Boolean)
        .filter((x, i, a) => a.indexOf(x) === i)
        .slice(0, 3)
    : [];

const pick = <T>(items: T[], seed: string): T => {
  const h = createHash('sha256').update(seed).digest();
  return items[h.readUInt32BE(0) % items.length]!;
};

const REPLIES: Record<number, string[]> = {
  1: ['That sounds really hard. It makes sense that you feel this way.', "I'm sorry you're going through this. Your feelings are valid."],
  2: ['It sounds like something is weighing on you.', "That seems frustrating. Let's look at it together."],
  3: ['Thanks for sharing that.', 'I hear you. Tell me a bit more about it.'],
  4: ["That sounds good — it's great that you noticed it.", "It's nice to hear that."],
  5: ["That's wonderful to hear!", 'What a lovely moment — worth remembering.'],
};
const SUGGESTIONS: Record<string, string> = {
  communication: 'Try reflecting back what you heard before answering: "What I hear is…".',
  conflict: 'When things heat up, agree on a 20-minute pause and come back to it calmly.',
  trust: 'Small promises kept consistently rebuild trust more than big gestures.',
  intimacy: 'Plan a moment of physical closeness without any expectations attached.',
  quality_time: 'Put a phone-free hour together in the calendar this week.',
  gratitude: 'Tell your partner one specific thing you appreciated today.',
  stress: 'Ask your partner what kind of support would help most right now.',
  family: 'Agree together on one boundary that protects time for the two of you.',
  finances: 'Set a calm, scheduled money talk instead of discussing it in the moment.',
  health: 'Look after the basics together: sleep, food and a short walk.',
};

/** The mediator's reply to the last user message: an opener matching its tone, and a tip for its main theme. */
export function mediationReply(messages: ChatMessage[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const a = analyzeLocally(last);
  const opener = pick(REPLIES[a.sentiment]!, last);
  const tip = a.themes[0] ? ` ${SUGGESTIONS[a.themes[0]]}` : ' What would feel like a good next step for you?';
  return `${opener}${tip}`;
}

/** Two facts about a conversation (its user messages): how many, what about, and the overall tone. */
export function conversationSummary(userMessages: string[]): string {
  const a = analyzeLocally(userMessages.join(' '));
  const about = a.themes.length ? ` about ${a.themes.join(', ').replace(/_/g, ' ')}` : '';
  const tone = a.sentiment >= 4 ? 'positive' : a.sentiment <= 2 ? 'strained' : 'neutral';
  return `${userMessages.length} messages${about}; overall tone ${tone}.`;
}
