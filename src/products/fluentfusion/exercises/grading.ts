// Grading learners' answers: forgiving about case, spacing and typography, strict about the words.
import type { ExerciseType } from '../content/types.js';

/**
 * The form two answers are compared in: Unicode NFC (é typed as e + accent equals é), typographic apostrophes
 * and quotes made plain, trimmed, inner whitespace collapsed, lower case, trailing sentence punctuation dropped.
 */
export function normalizeAnswer(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[\s.!?。]+$/u, '')
    .trim();
}

/** `left=right` pairs separated by `;` or line breaks → the set of normalised pairs; null when malformed. */
export function parseMatchingAnswer(answer: string): Set<string> | null {
  const parts = answer
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) return null;
  const out = new Set<string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) return null;
    const left = normalizeAnswer(part.slice(0, eq));
    const right = normalizeAnswer(part.slice(eq + 1));
    if (!left || !right) return null;
    out.add(`${left}\u0000${right}`);
  }
  return out;
}

/** Whether `answer` is right for an exercise of `type` whose key is `correctAnswer` (or one of `alternatives`). */
export function isCorrect(type: ExerciseType, answer: string, correctAnswer: string, alternatives: readonly string[] = []): boolean {
  if (type === 'matching') {
    const given = parseMatchingAnswer(answer);
    const wanted = parseMatchingAnswer(correctAnswer);
    if (!given || !wanted || given.size !== wanted.size) return false;
    for (const p of wanted) if (!given.has(p)) return false;
    return true;
  }
  const a = normalizeAnswer(answer);
  return a.length > 0 && [correctAnswer, ...alternatives].some((k) => a === normalizeAnswer(k));
}

/** Points for one attempt: all or nothing. */
export const pointsFor = (correct: boolean, points: number): number => (correct ? points : 0);

/**
 * A lesson's score from a learner's attempts: for each exercise the best attempt counts once.
 * Returns the percentage of the lesson's points earned and how many exercises were tried.
 */
export function scoreFromAttempts(
  exercises: { id: string; points: number }[],
  attempts: { exerciseId: string; pointsEarned: number }[],
): { score: number; exercisesCompleted: number; totalExercises: number } {
  const total = exercises.reduce((s, e) => s + e.points, 0);
  const best = new Map<string, number>();
  for (const a of attempts) best.set(a.exerciseId, Math.max(best.get(a.exerciseId) ?? 0, a.pointsEarned));
  const known = exercises.filter((e) => best.has(e.id));
  const earned = known.reduce((s, e) => s + Math.min(best.get(e.id)!, e.points), 0);
  return {
    score: total === 0 ? 0 : Math.round((earned / total) * 10000) / 100,
    exercisesCompleted: known.length,
    totalExercises: exercises.length,
  };
}

/** A stable shuffle (same exercise → same order) so the right-hand column of a matching exercise doesn't give the answer away. */
export function stableShuffle<T>(items: T[], seed: string): T[] {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  if (h === 0) h = 1;
  const next = () => {
    h ^= h << 13;
    h >>>= 0;
    h ^= h >>> 17;
    h ^= h << 5;
    h >>>= 0;
    return h / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  // A shuffle that happens to keep the original order would still reveal the pairs: rotate by one.
  if (out.length > 1 && out.every((x, i) => x === items[i])) out.push(out.shift()!);
  return out;
}
