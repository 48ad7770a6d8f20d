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
}

export const RELATIONSHIP_CATEGORIES: RelationshipCategory[] = [
  { key: 'communication', name: 'Communication', weight: 0.3 },
  { key: 'trust_security', name: 'Trust & Security', weight: 0.25 },
  { key: 'intimacy_affection', name: 'Intimacy & Affection', weight: 0.25 },
  { key: 'support_partnership', name: 'Support & Partnership', weight: 0.2 },
];

export type Interpretation = 'strong' | 'stable' | 'strained' | 'at_risk';

export function interpret(score: number): Interpretation {
  if (score >= 85) return 'strong';
  if (score >= 70) return 'stable';
  if (score >= 55) return 'strained';
  return 'at_risk';
}

/** Each answer is worth 1..4; a category scores its average as a percentage of 4; overall is the weighted sum. */
export function scoreRelationship(answerPoints: { category: string; points: number }[]): {
  overall_score: number;
  interpretation: Interpretation;
  category_scores: Record<string, number>;
} {
  const category_scores: Record<string, number> = {};
  let overall = 0;
  let weightSum = 0;
  for (const cat of RELATIONSHIP_CATEGORIES) {
    const pts = answerPoints.filter((a) => a.category === cat.key).map((a) => Math.min(4, Math.max(1, a.points)));
    if (pts.length === 0) continue;
    const pct = (pts.reduce((s, p) => s + p, 0) / pts.length / 4) * 100;
    category_scores[cat.key] = Math.round(pct * 10) / 10;
    overall += pct * cat.weight;
    weightSum += cat.weight;
  }
  const overall_score = weightSum === 0 ? 0 : Math.round((overall / weightSum) * 10) / 10;
  return { overall_score, interpretation: interpret(overall_score), category_scores };
}
