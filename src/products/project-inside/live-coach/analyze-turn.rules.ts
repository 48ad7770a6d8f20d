// The built-in reading of a turn (no AI configured, or its answer unusable): cue phrases for Gottman's four horsemen
// and for repair, a level from -5 to 5, a nudge only for strong moments and a rephrasing only for escalations.
import type { TurnReading } from './analyze-turn.schemas.js';

type Horseman = TurnReading['horseman'];

const has = (text: string, cues: readonly (string | RegExp)[]) => cues.some((c) => (typeof c === 'string' ? text.includes(c) : c.test(text)));

const CONTEMPT = ['idiot', 'stupid', 'pathetic', 'disgusting', 'loser', 'worthless', 'shut up', 'rolls eyes', 'grow up', /\bmoron\b/, /\bhate you\b/];
const CRITICISM = [
  'you always',
  'you never',
  "what's wrong with you",
  'what is wrong with you',
  "you're so",
  'you are so',
  "you're such a",
  'you are such a',
  'you only care about',
];
const DEFENSIVENESS = [
  'not my fault',
  'yeah but you',
  'yes but you',
  'but you',
  "i didn't do anything",
  "that's not true",
  "don't blame me",
  'i was only',
  'well you',
];
const STONEWALLING = ["i'm done", 'i am done', "i don't care", 'leave me alone', 'not talking about this', 'forget it', /^whatever[.!]*$/, /^fine[.!]*$/];
const REPAIR = [
  "i'm sorry",
  'i am sorry',
  'i apologize',
  'my fault',
  'my mistake',
  'you were right',
  "you're right",
  'i understand',
  'i hear you',
  'that makes sense',
];
const WARMTH = [
  'thank you',
  'thanks',
  'i appreciate',
  'i love you',
  'how can i help',
  'what do you need',
  "let's",
  'let us',
  'together',
  'i feel',
  'could we',
  'can we',
];

const REPHRASE: Record<Exclude<Horseman, 'None'>, string> = {
  Contempt: 'I am really upset right now. Can we take a breath and talk about what happened?',
  Criticism: 'When this happened I felt hurt, because it matters to me. Could we talk about what would help next time?',
  Defensiveness: 'I can see my part in this. Can you tell me more about how it felt for you?',
  Stonewalling: 'I need a short break to calm down. Can we come back to this in twenty minutes?',
};

const NUDGE: Record<Exclude<Horseman, 'None'>, string> = {
  Contempt: 'That may land as contempt. Try saying how you feel instead.',
  Criticism: 'That sounds like blame of the person. Try describing the behaviour and what you need.',
  Defensiveness: 'That may sound defensive. Try taking responsibility for a part of it.',
  Stonewalling: 'Shutting down can feel like walls. If you need a break, say so and when you will come back.',
};

export function readTurn(transcript: string): TurnReading {
  const text = transcript.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  const shouting = transcript.length >= 8 && transcript === transcript.toUpperCase() && /[A-Z]/.test(transcript);
  const escalated = shouting || /!{2,}/.test(transcript);
  let horseman: Horseman = 'None';
  let level = 0;
  if (has(text, CONTEMPT)) [horseman, level] = ['Contempt', -5];
  else if (has(text, CRITICISM)) [horseman, level] = ['Criticism', escalated ? -4 : -3];
  else if (has(text, STONEWALLING)) [horseman, level] = ['Stonewalling', -3];
  else if (has(text, DEFENSIVENESS)) [horseman, level] = ['Defensiveness', escalated ? -3 : -2];
  if (horseman === 'None') {
    const repair = has(text, REPAIR);
    const warmth = has(text, WARMTH);
    if (repair && warmth) level = 4;
    else if (repair) level = 3;
    else if (warmth) level = 2;
    else if (escalated) level = -2;
  }
  const sentiment: TurnReading['sentiment'] = level <= -5 ? 'Hostile' : level <= -2 ? 'Negative' : level >= 2 ? 'Positive' : 'Neutral';
  return settle({ sentiment, horseman, level, nudgeText: null, suggestedRephrasing: null }, horseman);
}

/**
 * The product's rules on any reading (the AI's too): level within -5..5, a nudge only at ≤ -3 or ≥ 4, a rephrasing
 * only at ≤ -4; the built-in ones fill in when the reading has none.
 */
export function settle(r: TurnReading, horseman: Horseman = r.horseman): TurnReading {
  const level = Math.max(-5, Math.min(5, Math.round(r.level)));
  const clean = (s: string | null | undefined) => (typeof s === 'string' && s.trim() ? s.trim().slice(0, 500) : null);
  let nudgeText = level <= -3 || level >= 4 ? clean(r.nudgeText) : null;
  let suggestedRephrasing = level <= -4 ? clean(r.suggestedRephrasing) : null;
  if (level <= -3 && !nudgeText) nudgeText = horseman === 'None' ? 'Things are heating up. Try slowing down and naming what you need.' : NUDGE[horseman];
  if (level >= 4 && !nudgeText) nudgeText = 'That was a real repair. Owning your part helps you both calm down.';
  if (level <= -4 && !suggestedRephrasing) suggestedRephrasing = horseman === 'None' ? REPHRASE.Criticism : REPHRASE[horseman];
  return { sentiment: r.sentiment, horseman: r.horseman, level, nudgeText, suggestedRephrasing };
}
