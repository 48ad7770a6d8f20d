// Quiz scoring rules (pure): the seed's category count (love languages, communication styles) and the
// web client's weighted relationship evaluation.

export const LOVE_LANGUAGES = ['words_of_affirmation', 'quality_time', 'physical_touch', 'acts_of_service', 'receiving_gifts'] as const;

/**
 * Communication styles. The four classic styles: assertive (direct and respectful), passive (avoids conflict,
 * puts own needs last), aggressive (wins at the other's expense), passive-aggressive (indirect resistance).
 */
export const COMMUNICATION_STYLES = ['assertive', 'passive', 'aggressive', 'passive_aggressive'] as const;

export interface CategoryScores {
  scores: Record<string, number>;
  primary: string;
  secondary: string | null;
  percentages: Record<string, number>;
}

/**
 * The seed's rule: every answer that names a category counts one for it. Ties keep the categories' listed
 * order; with no matching answer every percentage is 0 (the seed divided by zero there).
 */
export function scoreByCategory(categories: readonly string[], responses: Record<string, unknown>): CategoryScores {
  const scores: Record<string, number> = Object.fromEntries(categories.map((c) => [c, 0]));
  for (const answer of Object.values(responses)) {
    if (typeof answer === 'string' && Object.hasOwn(scores, answer)) scores[answer]! += 1;
  }
  const sorted = categories.map((c, i) => ({ c, n: scores[c]!, i })).sort((a, b) => b.n - a.n || a.i - b.i);
  const total = sorted.reduce((s, x) => s + x.n, 0);
  return {
    scores,
    primary: sorted[0]!.c,
    secondary: sorted.length > 1 ? sorted[1]!.c : null,
    percentages: Object.fromEntries(categories.map((c) => [c, total === 0 ? 0 : Math.round((scores[c]! / total) * 1000) / 10])),
  };
}

export function scoreQuiz(type: string, responses: Record<string, unknown>): Record<string, unknown> {
  if (type === 'love_language') return { ...scoreByCategory(LOVE_LANGUAGES, responses) };
  if (type === 'communication_style') return { ...scoreByCategory(COMMUNICATION_STYLES, responses) };
  return {};
}

export interface RelationshipCategory {
  key: string;
  name: string;
  weight: number;
  description: string;
  icon: string;
}

export const RELATIONSHIP_CATEGORIES: RelationshipCategory[] = [
  { key: 'communication', name: 'Communication', weight: 0.3, description: 'Talking openly, listening well and working through disagreements', icon: '💬' },
  { key: 'trust_security', name: 'Trust & Security', weight: 0.25, description: 'Feeling safe, relying on each other and keeping promises', icon: '🔒' },
  { key: 'intimacy_affection', name: 'Intimacy & Affection', weight: 0.25, description: 'Closeness, warmth and desire, in words and in touch', icon: '💕' },
  { key: 'support_partnership', name: 'Support & Partnership', weight: 0.2, description: 'Backing each other up and sharing the load fairly', icon: '🤝' },
];

export type Interpretation = 'strong' | 'stable' | 'strained' | 'at_risk';

export function interpret(score: number): Interpretation {
  if (score >= 85) return 'strong';
  if (score >= 70) return 'stable';
  if (score >= 55) return 'strained';
  return 'at_risk';
}

export interface InterpretationRange {
  min_score: number;
  max_score: number;
  level: Interpretation;
  title: string;
  description: string;
  /** A colour the client paints the score with. */
  color: string;
}

export const INTERPRETATION_RANGES: InterpretationRange[] = [
  {
    min_score: 85,
    max_score: 100,
    level: 'strong',
    title: 'A strong, thriving relationship',
    description: 'You talk openly, trust each other and feel close. Keep investing in what works.',
    color: '#16a34a',
  },
  {
    min_score: 70,
    max_score: 84.99,
    level: 'stable',
    title: 'A stable relationship with room to grow',
    description: 'Most things work well; a few areas would benefit from some attention together.',
    color: '#2563eb',
  },
  {
    min_score: 55,
    max_score: 69.99,
    level: 'strained',
    title: 'A relationship under some strain',
    description: 'Several areas are hard right now. Small, deliberate steps together can turn this around.',
    color: '#d97706',
  },
  {
    min_score: 0,
    max_score: 54.99,
    level: 'at_risk',
    title: 'A relationship that needs care',
    description: 'Many areas are difficult. Talking with a couples counsellor could help you both.',
    color: '#dc2626',
  },
];

export const rangeOf = (level: string): InterpretationRange =>
  INTERPRETATION_RANGES.find((r) => r.level === level) ?? INTERPRETATION_RANGES[INTERPRETATION_RANGES.length - 1]!;

/** The word shown beside one category's percentage. */
export function categoryLabel(percentage: number): string {
  if (percentage >= 85) return 'Thriving';
  if (percentage >= 70) return 'Solid';
  if (percentage >= 55) return 'Needs attention';
  return 'Struggling';
}

export interface CategoryScore {
  category: string;
  display_name: string;
  score: number;
  percentage: number;
  max_possible: number;
  interpretation: string;
  icon: string;
}

/** Each answer is worth 1..4; a category scores its average as a percentage of 4; overall is the weighted sum. */
export function scoreRelationship(answerPoints: { category: string; points: number }[]): {
  overall_score: number;
  interpretation: Interpretation;
  category_scores: Record<string, number>;
  categories: CategoryScore[];
} {
  const category_scores: Record<string, number> = {};
  const categories: CategoryScore[] = [];
  let overall = 0;
  let weightSum = 0;
  for (const cat of RELATIONSHIP_CATEGORIES) {
    const pts = answerPoints.filter((a) => a.category === cat.key).map((a) => Math.min(4, Math.max(1, a.points)));
    if (pts.length === 0) continue;
    const sum = pts.reduce((s, p) => s + p, 0);
    const pct = (sum / pts.length / 4) * 100;
    const rounded = Math.round(pct * 10) / 10;
    category_scores[cat.key] = rounded;
    categories.push({
      category: cat.key,
      display_name: cat.name,
      score: sum,
      percentage: rounded,
      max_possible: pts.length * 4,
      interpretation: categoryLabel(rounded),
      icon: cat.icon,
    });
    overall += pct * cat.weight;
    weightSum += cat.weight;
  }
  const overall_score = weightSum === 0 ? 0 : Math.round((overall / weightSum) * 10) / 10;
  return { overall_score, interpretation: interpret(overall_score), category_scores, categories };
}

export interface Insight {
  category: string;
  insight_type: 'strength' | 'improvement' | 'tip';
  message: string;
  recommendation: string | null;
}

export interface RelationshipTip {
  title: string;
  description: string;
}

const IMPROVE: Record<string, { recommendation: string; tips: RelationshipTip[] }> = {
  communication: {
    recommendation: 'Set a short weekly check-in where each of you talks without interruption, then summarise what you heard.',
    tips: [
      { title: 'Weekly check-in', description: 'Set a 20-minute weekly check-in to talk about how you are both doing, phones away.' },
      { title: 'Reflect before you reply', description: 'Repeat back what you heard before you answer; most misunderstandings end there.' },
    ],
  },
  trust_security: {
    recommendation: 'Keep small promises consistently and share plans and changes early, before your partner has to ask.',
    tips: [
      { title: 'Small promises, kept', description: 'Keep every small promise this week, even "I will call at six". Trust grows in small steps.' },
      { title: 'Share early', description: 'Tell your partner about plans and changes before they have to ask.' },
    ],
  },
  intimacy_affection: {
    recommendation: 'Make room for closeness every day: a long hug, a kind word, time together without screens.',
    tips: [
      { title: 'Date night', description: 'Plan a regular date night without phones, and take turns choosing what you do.' },
      { title: 'Daily affection', description: 'Show affection every day: a long hug, a kiss hello, holding hands on a walk.' },
    ],
  },
  support_partnership: {
    recommendation: 'Review together how chores, money and plans are shared, and agree on one change that feels fairer.',
    tips: [
      { title: 'Rebalance the load', description: 'List the chores and money tasks together and rebalance them so both feel it is fair.' },
      { title: 'Ask what helps', description: 'Ask each other what support would help most this month, and follow through.' },
    ],
  },
};

const GENERAL_TIP: RelationshipTip = {
  title: 'Say thank you',
  description: 'Each evening, tell your partner one specific thing you appreciated about them that day.',
};

/** Strengths, areas to work on and tips, from the category percentages (weakest areas first). */
export function relationshipAdvice(categories: CategoryScore[]): { insights: Insight[]; tips: RelationshipTip[] } {
  const ranked = [...categories].sort((a, b) => b.percentage - a.percentage);
  const insights: Insight[] = [];
  const best = ranked[0];
  if (best && best.percentage >= 75) {
    insights.push({
      category: best.category,
      insight_type: 'strength',
      message: `${best.display_name} is a real strength in your relationship (${best.percentage}%).`,
      recommendation: 'Keep doing what works here; it carries the rest.',
    });
  }
  const weakFirst = [...ranked].reverse();
  for (const c of weakFirst) {
    if (c.percentage < 70) {
      insights.push({
        category: c.category,
        insight_type: 'improvement',
        message: `${c.display_name} could use some attention (${c.percentage}%).`,
        recommendation: IMPROVE[c.category]?.recommendation ?? null,
      });
    }
  }
  if (insights.length === 0 && weakFirst[0]) {
    const w = weakFirst[0];
    insights.push({
      category: w.category,
      insight_type: 'tip',
      message: `Your scores are balanced; ${w.display_name} is where you have the most room to grow.`,
      recommendation: IMPROVE[w.category]?.recommendation ?? null,
    });
  }
  const tips: RelationshipTip[] = [];
  for (const c of weakFirst) {
    if (c.percentage < 85) tips.push(...(IMPROVE[c.category]?.tips ?? []).slice(0, c.percentage < 70 ? 2 : 1));
  }
  if (tips.length < 3) tips.push(GENERAL_TIP);
  return { insights, tips: tips.slice(0, 3) };
}

/** A short paragraph summing the result up. */
export function summarizeRelationship(overall: number, level: string, categories: CategoryScore[]): string {
  const range = rangeOf(level);
  const ranked = [...categories].sort((a, b) => b.percentage - a.percentage);
  const parts = [`Your overall score is ${overall.toFixed(1)}%: ${range.title.charAt(0).toLowerCase()}${range.title.slice(1)}.`];
  const best = ranked[0];
  const worst = ranked[ranked.length - 1];
  if (best && best.percentage >= 75) parts.push(`Your strongest area is ${best.display_name.toLowerCase()} (${best.percentage}%).`);
  if (worst && worst !== best && worst.percentage < 70)
    parts.push(`Focusing on ${worst.display_name.toLowerCase()} (${worst.percentage}%) is likely to make the biggest difference.`);
  else parts.push('Your areas are well balanced.');
  return parts.join(' ');
}
