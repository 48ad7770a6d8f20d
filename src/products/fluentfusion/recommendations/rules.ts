// Which lessons to suggest next: the seed's three rules, on the learner's target language.
import { nextDifficulty, type Difficulty } from '../content/types.js';

export const MAX_RECOMMENDATIONS = 5;

export const RULES = {
  newcomer: { reason: 'Perfect for beginners', confidence: 0.9 },
  excelling: { reason: 'Based on your excellent progress', confidence: 0.85 },
  practising: { reason: 'Practice makes perfect', confidence: 0.75 },
} as const;

export const EXCELLENT_AVERAGE = 80;

export interface CandidateLesson {
  lessonId: string;
  difficulty: Difficulty;
}

export interface ProgressRecord {
  lessonId: string;
  difficulty: Difficulty;
  score: number;
  completed: boolean;
  /** When it was completed, or last recorded when not completed. */
  at: Date;
}

export interface Recommendation<L extends CandidateLesson> {
  lesson: L;
  reason: string;
  confidence: number;
}

/** The record the "last completed lesson" rule looks at: the latest completed one, else the latest of any. */
export function lastRecord(records: ProgressRecord[]): ProgressRecord | undefined {
  const latest = (rs: ProgressRecord[]) => rs.reduce<ProgressRecord | undefined>((best, r) => (!best || r.at > best.at ? r : best), undefined);
  return latest(records.filter((r) => r.completed)) ?? latest(records);
}

/**
 * `lessons` are the target language's lessons in catalogue order; `records` are all of the learner's progress
 * (any language). Lessons with any progress are never suggested.
 */
export function recommend<L extends CandidateLesson>(lessons: L[], records: ProgressRecord[]): Recommendation<L>[] {
  const started = new Set(records.map((r) => r.lessonId));
  const open = lessons.filter((l) => !started.has(l.lessonId));
  const pick = (levels: Difficulty[], rule: { reason: string; confidence: number }) =>
    open
      .filter((l) => levels.includes(l.difficulty))
      .slice(0, MAX_RECOMMENDATIONS)
      .map((lesson) => ({ lesson, reason: rule.reason, confidence: rule.confidence }));

  const last = lastRecord(records);
  if (!last) return pick(['beginner'], RULES.newcomer);
  const average = records.reduce((s, r) => s + r.score, 0) / records.length;
  if (average >= EXCELLENT_AVERAGE) return pick([...new Set([last.difficulty, nextDifficulty(last.difficulty)])], RULES.excelling);
  return pick([last.difficulty], RULES.practising);
}
