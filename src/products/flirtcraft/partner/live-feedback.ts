// Feedback on one message while the conversation goes on (the client's `live_feedback`, and the message's own
// feedback_type / feedback_content / feedback_score).
import type { MessageFeatures } from './analysis.js';

export type FeedbackType = 'positive' | 'neutral' | 'warning' | 'tip';

export interface LiveFeedback {
  confidence: number;
  appropriateness: number;
  engagement: number;
  suggestion: string | null;
  feedback_type: FeedbackType;
  feedback_content: string;
  /** 1–5 for this message. */
  feedback_score: number;
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

export function liveFeedback(f: MessageFeatures, o: { contextHint?: string | undefined; firstMessage: boolean }): LiveFeedback {
  const appropriateness = f.redFlag ? 5 : f.intent === 'ask_out' && o.firstMessage ? 60 : 95;
  const engagement = clamp(45 + (f.question ? 20 : 0) + (f.contextReference ? 15 : 0) + (f.respondsToPartner ? 15 : 0) - (f.lowEffort ? 30 : 0));
  const confidence = clamp(40 + Math.min(30, f.words * 2) + (f.disclosure ? 10 : 0) + (f.question ? 10 : 0) - (f.lowEffort ? 20 : 0) - (f.words > 80 ? 10 : 0));

  let suggestion: string | null = null;
  if (f.redFlag) suggestion = 'Keep it respectful: crude or pushy lines end conversations. Try a light, friendly observation instead.';
  else if (f.lowEffort) suggestion = 'Give them something to respond to: a question, an observation or a bit about yourself.';
  else if (!f.question && !f.disclosure) suggestion = 'Ask an open question (what, how, why) to keep things flowing.';
  else if (!f.contextReference && o.contextHint) suggestion = `Use your surroundings: you could mention the ${o.contextHint}.`;
  else if (!f.respondsToPartner && !o.firstMessage) suggestion = 'Pick up on something they just said before changing topic.';

  const feedback_type: FeedbackType = f.redFlag ? 'warning' : f.quality >= 2 ? 'positive' : f.lowEffort ? 'tip' : 'neutral';
  const feedback_content =
    feedback_type === 'warning'
      ? 'This could make them uncomfortable.'
      : feedback_type === 'positive'
        ? f.question && f.contextReference
          ? 'Great: a question tied to what is around you.'
          : f.respondsToPartner
            ? 'Nice: you built on what they said.'
            : 'Good message: it gives them plenty to respond to.'
        : feedback_type === 'tip'
          ? 'Very short answers make the other person do all the work.'
          : 'Fine. A question or a personal detail would add momentum.';
  const feedback_score = f.quality <= -2 ? 1 : f.quality === -1 ? 2 : f.quality === 0 ? 3 : f.quality === 1 ? 4 : 5;
  return { confidence, appropriateness, engagement, suggestion, feedback_type, feedback_content, feedback_score };
}
