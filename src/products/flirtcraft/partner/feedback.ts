// End-of-conversation feedback: six metrics, an overall score and its tier, strengths, areas and suggestions —
// scored by local rules, or by a real AI whose answer is clamped and completed from the local one.
import { Type, type Static } from '@sinclair/typebox';
import type { Difficulty } from '../scenarios/catalogue.js';
import { analyseMessage, type MessageFeatures } from './analysis.js';

export type Tier = 'gold' | 'silver' | 'bronze';
export const tierFor = (score: number): Tier => (score >= 80 ? 'gold' : score >= 60 ? 'silver' : 'bronze');

const Score = Type.Integer({ minimum: 0, maximum: 100 });
const Line = (max: number) => Type.String({ minLength: 1, maxLength: max });

/** What a real AI is asked for. The six metrics are optional: missing ones come from the local scorer. */
export const AiFeedbackSchema = Type.Object({
  overall_score: Score,
  strengths: Type.Array(Line(300), { minItems: 1, maxItems: 5 }),
  areas_for_improvement: Type.Array(Line(300), { minItems: 1, maxItems: 5 }),
  specific_suggestions: Type.Array(Type.Object({ message: Line(1000), feedback: Line(500) }), { maxItems: 5 }),
  conversation_flow_score: Score,
  confidence_level_score: Score,
  engagement_score: Score,
  responsiveness_score: Type.Optional(Score),
  storytelling_score: Type.Optional(Score),
  emotional_intelligence_score: Type.Optional(Score),
  momentum_score: Type.Optional(Score),
  flirtation_score: Type.Optional(Score),
  next_practice_focus: Line(200),
  encouragement: Line(500),
});
export type AiFeedback = Static<typeof AiFeedbackSchema>;

export interface Feedback {
  overall_score: number;
  tier: Tier;
  engagement_score: number;
  responsiveness_score: number;
  storytelling_score: number;
  emotional_intelligence_score: number;
  momentum_score: number;
  /** Only scored on red difficulty. */
  flirtation_score: number | null;
  conversation_flow_score: number;
  confidence_level_score: number;
  strengths: string[];
  areas_for_improvement: string[];
  specific_suggestions: { message: string; feedback: string }[];
  suggestions: string[];
  next_practice_focus: string;
  encouragement: string;
  feedback_text: string;
  source: 'ai' | 'local';
}

export interface FeedbackInput {
  difficulty: Difficulty;
  scenarioName: string;
  goals: readonly string[];
  turns: readonly { sender: 'user' | 'ai'; content: string }[];
  contextWords: readonly string[];
}

type Metric = 'engagement' | 'responsiveness' | 'storytelling' | 'emotional_intelligence' | 'momentum' | 'flirtation';
type Five = Record<Exclude<Metric, 'flirtation'>, number>;
type Metrics = Five & { flirtation: number | null };

const METRIC_TEXT: Record<Metric, { label: string; strength: string; area: string; suggestion: string }> = {
  engagement: {
    label: 'Using the context',
    strength: 'You used what was around you to make the conversation feel natural.',
    area: 'Bring in more of the setting and what they are doing.',
    suggestion: "Try the 'observation + question' formula: notice something specific, then ask about it.",
  },
  responsiveness: {
    label: 'Active listening',
    strength: 'You listened and built on what they said.',
    area: 'Respond to the details they share before moving on.',
    suggestion: "Practise 'reflect and expand': repeat back one detail they mentioned, then ask a question about it.",
  },
  storytelling: {
    label: 'Sharing about yourself',
    strength: 'You shared about yourself, which gave them something to connect with.',
    area: 'Share a little more about yourself; questions alone can feel like an interview.',
    suggestion: "Use the 'story sandwich': set the scene, tell the interesting part, then hand it back with a question.",
  },
  emotional_intelligence: {
    label: 'Warmth and respect',
    strength: 'You were warm and respectful, which makes people comfortable.',
    area: 'Show more warmth and read how they are feeling.',
    suggestion: 'Name what you notice in a kind way ("you look deep in that book") and give them an easy way to respond.',
  },
  momentum: {
    label: 'Keeping the flow',
    strength: 'You kept the conversation moving with good questions.',
    area: 'Keep the momentum with open questions instead of short replies.',
    suggestion: 'Ask open questions (what, how, why) and avoid one-word answers.',
  },
  flirtation: {
    label: 'Playful confidence',
    strength: 'You showed playful confidence without being pushy.',
    area: 'Add a little playful confidence once there is rapport.',
    suggestion: 'A light, specific compliment about a choice they made (a book, a song) works better than one about looks.',
  },
};

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
const ratio = (a: number, b: number) => (b <= 0 ? 0 : Math.min(1, a / b));

/** The six metric scores of the user's turns. */
export function scoreTurns(input: FeedbackInput): { metrics: Metrics; features: MessageFeatures[]; userTurns: string[] } {
  const features: MessageFeatures[] = [];
  const userTurns: string[] = [];
  let lastPartner: string | undefined;
  let afterPartner = 0;
  for (const t of input.turns) {
    if (t.sender === 'ai') {
      lastPartner = t.content;
      continue;
    }
    const f = analyseMessage(t.content, { contextWords: input.contextWords, previousPartnerMessage: lastPartner });
    if (lastPartner !== undefined) afterPartner++;
    features.push(f);
    userTurns.push(t.content);
  }
  const n = Math.max(1, features.length);
  const count = (p: (f: MessageFeatures) => boolean) => features.filter(p).length;
  const questions = count((f) => f.question);
  const context = count((f) => f.contextReference);
  const responsive = count((f) => f.respondsToPartner);
  const disclosures = count((f) => f.disclosure);
  const warm = count((f) => f.compliment || f.greeting);
  const low = count((f) => f.lowEffort);
  const red = count((f) => f.redFlag);
  const avgWords = features.reduce((a, f) => a + Math.min(f.words, 40), 0) / n;

  const engagement = 35 + 55 * ratio(context, Math.ceil(n / 2)) + Math.min(10, avgWords);
  const responsiveness = afterPartner === 0 ? 50 : 35 + 65 * ratio(responsive, afterPartner);
  const storytelling = 35 + 50 * ratio(disclosures, Math.ceil(n / 3)) + Math.min(15, avgWords / 2);
  const emotional = 55 + 15 * Math.min(2, warm) + 15 * ratio(questions, n) - 35 * red;
  const momentum = 30 + Math.min(25, n * 5) + 35 * ratio(questions, Math.ceil(n / 2)) - 40 * ratio(low, n);
  const flirtation =
    input.difficulty === 'red'
      ? 40 +
        20 *
          Math.min(
            1,
            count((f) => f.compliment),
          ) +
        20 * ratio(context, n) +
        20 * ratio(questions, n) -
        40 * red
      : null;
  const penalty = (v: number) => v - 10 * red;
  return {
    metrics: {
      engagement: clamp(penalty(engagement)),
      responsiveness: clamp(penalty(responsiveness)),
      storytelling: clamp(penalty(storytelling)),
      emotional_intelligence: clamp(emotional),
      momentum: clamp(penalty(momentum)),
      flirtation: flirtation === null ? null : clamp(flirtation),
    },
    features,
    userTurns,
  };
}

const WEIGHTS: Record<Metric, number> = {
  engagement: 0.2,
  responsiveness: 0.2,
  storytelling: 0.15,
  emotional_intelligence: 0.2,
  momentum: 0.25,
  flirtation: 0.1,
};

export function overallFrom(metrics: Metrics, redFlags: number): number {
  let sum = 0;
  let weight = 0;
  for (const [k, v] of Object.entries(metrics) as [Metric, number | null][]) {
    if (v === null) continue;
    sum += v * WEIGHTS[k];
    weight += WEIGHTS[k];
  }
  return clamp(sum / weight - 15 * redFlags);
}

function encouragementFor(tier: Tier): string {
  return tier === 'gold'
    ? 'Excellent conversation! You are building real confidence. Try a harder difficulty next.'
    : tier === 'silver'
      ? 'Good work! You are getting more comfortable. Keep practising and you will see steady improvement.'
      : 'Every conversation builds your skills. Keep practising; small changes make a big difference.';
}

function finish(
  metrics: Five,
  flirtation: number | null,
  overall: number,
  extra: Pick<Feedback, 'strengths' | 'areas_for_improvement' | 'specific_suggestions' | 'suggestions' | 'next_practice_focus' | 'encouragement'>,
  o: { flow?: number | undefined; confidence?: number | undefined; source: 'ai' | 'local'; scenarioName: string },
): Feedback {
  const tier = tierFor(overall);
  const flow = o.flow ?? clamp((metrics.responsiveness + metrics.momentum) / 2);
  const confidence = o.confidence ?? clamp((metrics.storytelling + metrics.momentum + (flirtation ?? metrics.emotional_intelligence)) / 3);
  const feedback_text =
    `${tier === 'gold' ? 'Outstanding' : tier === 'silver' ? 'Solid' : 'A good start to'} practice at the ${o.scenarioName}: ${overall}/100. ${extra.strengths[0] ?? ''} Next, focus on ${extra.next_practice_focus.charAt(0).toLowerCase()}${extra.next_practice_focus.slice(1)}`
      .replace(/\s+/g, ' ')
      .trim();
  return {
    overall_score: overall,
    tier,
    engagement_score: metrics.engagement,
    responsiveness_score: metrics.responsiveness,
    storytelling_score: metrics.storytelling,
    emotional_intelligence_score: metrics.emotional_intelligence,
    momentum_score: metrics.momentum,
    flirtation_score: flirtation,
    conversation_flow_score: flow,
    confidence_level_score: confidence,
    ...extra,
    feedback_text: feedback_text.endsWith('.') ? feedback_text : `${feedback_text}.`,
    source: o.source,
  };
}

/** The local scorer's whole feedback. */
export function localFeedback(input: FeedbackInput): Feedback {
  const { metrics, features, userTurns } = scoreTurns(input);
  const reds = features.filter((f) => f.redFlag).length;
  const overall = overallFrom(metrics, reds);
  const ranked = (Object.entries(metrics) as [Metric, number | null][]).filter((e): e is [Metric, number] => e[1] !== null).sort((a, b) => b[1] - a[1]);
  const best = ranked.slice(0, 2).map(([k]) => k);
  const worst = ranked
    .slice(-2)
    .reverse()
    .map(([k]) => k);
  const specific: { message: string; feedback: string }[] = [];
  features.forEach((f, i) => {
    if (specific.length >= 3) return;
    const message = userTurns[i]!.slice(0, 1000);
    if (f.redFlag) specific.push({ message, feedback: 'This is likely to make them uncomfortable. Keep it friendly and respectful.' });
    else if (f.lowEffort) specific.push({ message, feedback: 'A one-word reply stalls things. Add a question or a detail about yourself.' });
    else if (!f.question && !f.disclosure && !f.contextReference)
      specific.push({ message, feedback: 'Turn this into an invitation: add an open question or connect it to something around you.' });
  });
  const focus = METRIC_TEXT[worst[0] ?? 'momentum'];
  const tier = tierFor(overall);
  const { flirtation: _f, ...five } = metrics;
  return finish(
    five,
    metrics.flirtation,
    overall,
    {
      strengths: best.map((k) => METRIC_TEXT[k].strength),
      areas_for_improvement: worst.map((k) => METRIC_TEXT[k].area),
      specific_suggestions: specific,
      suggestions: worst.map((k) => METRIC_TEXT[k].suggestion),
      next_practice_focus: focus.label,
      encouragement: encouragementFor(tier),
    },
    { source: 'local', scenarioName: input.scenarioName },
  );
}

/** A real AI's answer, clamped, with what it left out taken from the local scorer. */
export function mergeAiFeedback(ai: AiFeedback, local: Feedback, input: Pick<FeedbackInput, 'difficulty' | 'scenarioName'>): Feedback {
  const metrics = {
    engagement: clamp(ai.engagement_score),
    responsiveness: clamp(ai.responsiveness_score ?? local.responsiveness_score),
    storytelling: clamp(ai.storytelling_score ?? local.storytelling_score),
    emotional_intelligence: clamp(ai.emotional_intelligence_score ?? local.emotional_intelligence_score),
    momentum: clamp(ai.momentum_score ?? local.momentum_score),
  };
  const flirtation = input.difficulty === 'red' ? clamp(ai.flirtation_score ?? local.flirtation_score ?? 50) : null;
  const overall = clamp(ai.overall_score);
  return finish(
    metrics,
    flirtation,
    overall,
    {
      strengths: ai.strengths,
      areas_for_improvement: ai.areas_for_improvement,
      specific_suggestions: ai.specific_suggestions,
      suggestions: ai.specific_suggestions.length > 0 ? ai.specific_suggestions.map((s) => s.feedback) : local.suggestions,
      next_practice_focus: ai.next_practice_focus,
      encouragement: ai.encouragement,
    },
    { flow: clamp(ai.conversation_flow_score), confidence: clamp(ai.confidence_level_score), source: 'ai', scenarioName: input.scenarioName },
  );
}

/** Local feedback in the AI's answer shape (the port's `local` answer for the JSON request). */
export function localAsAi(f: Feedback): AiFeedback {
  return {
    overall_score: f.overall_score,
    strengths: f.strengths,
    areas_for_improvement: f.areas_for_improvement,
    specific_suggestions: f.specific_suggestions,
    conversation_flow_score: f.conversation_flow_score,
    confidence_level_score: f.confidence_level_score,
    engagement_score: f.engagement_score,
    responsiveness_score: f.responsiveness_score,
    storytelling_score: f.storytelling_score,
    emotional_intelligence_score: f.emotional_intelligence_score,
    momentum_score: f.momentum_score,
    ...(f.flirtation_score === null ? {} : { flirtation_score: f.flirtation_score }),
    next_practice_focus: f.next_practice_focus,
    encouragement: f.encouragement,
  };
}

export function feedbackInstruction(input: FeedbackInput): string {
  return [
    "You are a supportive dating-conversation coach. Score the USER's side of this practice conversation (the partner is a roleplayed character).",
    `Scenario: ${input.scenarioName}. Difficulty: ${input.difficulty}. The user's goals: ${input.goals.length > 0 ? input.goals.join(', ') : 'general conversation skills'}.`,
    "Scores are integers 0–100: engagement (use of the setting and the partner's context), responsiveness (active listening), storytelling (sharing about themselves), emotional_intelligence (warmth, respect, reading the partner), momentum (keeping the flow)" +
      (input.difficulty === 'red' ? ', flirtation (playful confidence without pushiness)' : '') +
      ', conversation_flow, confidence_level and overall. Crude or disrespectful messages score low.',
    'Give 2–3 strengths, 2–3 areas_for_improvement, up to 3 specific_suggestions quoting a user message with how to improve it, next_practice_focus and a short encouragement.',
  ].join('\n');
}

/** The transcript a real AI scores. */
export const transcript = (turns: FeedbackInput['turns']) => turns.map((t) => `${t.sender === 'user' ? 'User' : 'Partner'}: ${t.content}`).join('\n');

export const METRIC_LABELS = Object.fromEntries((Object.keys(METRIC_TEXT) as Metric[]).map((k) => [k, METRIC_TEXT[k].label])) as Record<Metric, string>;
