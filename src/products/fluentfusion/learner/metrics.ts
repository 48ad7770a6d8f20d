// The learner numbers the web client shows (XP, level, streaks, pulse, course completion), as pure functions: the
// repos gather the facts, these rules are the one definition (and SQL that ranks by XP uses the same constants).
import { longestStreak } from '../badges/rules.js';

/** XP for each completed lesson, on top of the points of each exercise's first correct answer. */
export const XP_PER_LESSON = 10;
export const XP_PER_LEVEL = 100;

export const PULSE_STATES = ['thriving', 'coasting', 'struggling', 'burning_out', 'disengaged'] as const;
export type PulseState = (typeof PULSE_STATES)[number];

/** Days without activity after which a learner is "disengaged". */
export const DISENGAGED_AFTER_DAYS = 14;
/** "Active lately" for thriving: activity today, yesterday or the day before. */
export const RECENT_DAYS = 3;
export const STRUGGLING_BELOW = 60;
export const THRIVING_FROM = 80;
/** A recorded lesson scored at least this counts as a success (public stats). */
export const SUCCESS_SCORE = 70;

export const PULSE_DESCRIPTION =
  'pulse_state is rule-based on my own records: no activity yet → coasting; last activity 14+ days ago → disengaged; ' +
  'average score of my recorded lessons < 60 with at least 2 lessons → struggling; active in the last 3 days (today, ' +
  'yesterday or the day before, UTC) with an average ≥ 80 → thriving; otherwise coasting. (burning_out is never given.)';

export const XP_DESCRIPTION =
  'xp = points of my first correct answer to each exercise + 10 per completed lesson; level = floor(xp/100)+1, next_level_xp = level×100.';

/** XP from the points of each exercise's first correct answer and the number of completed lessons. */
export function xpOf(firstCorrectPoints: readonly number[], completedLessons: number): number {
  return firstCorrectPoints.reduce((s, p) => s + p, 0) + XP_PER_LESSON * completedLessons;
}

export function levelOf(xp: number): { level: number; nextLevelXp: number } {
  const level = Math.floor(Math.max(0, xp) / XP_PER_LEVEL) + 1;
  return { level, nextLevelXp: level * XP_PER_LEVEL };
}

const dayNumber = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export const utcDay = (at: number | Date): string => new Date(at).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (UTC calendar days). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/**
 * Current streak: the run of consecutive activity days ending today or yesterday (a streak is not broken until a
 * whole day is missed); best: the longest run ever.
 */
export function streaks(days: readonly string[], today: string): { current: number; best: number } {
  const set = new Set(days.map(dayNumber));
  const t = dayNumber(today);
  let end = set.has(t) ? t : set.has(t - 1) ? t - 1 : undefined;
  let current = 0;
  while (end !== undefined && set.has(end)) {
    current++;
    end--;
  }
  return { current, best: longestStreak([...days]) };
}

export interface PulseFacts {
  /** Latest activity day (`YYYY-MM-DD`), or null when the learner has none. */
  lastActivityDay: string | null;
  /** Lessons with a progress record (completed or not). */
  recordedLessons: number;
  /** Average score of those records; null when there are none. */
  averageScore: number | null;
}

/** See PULSE_DESCRIPTION. */
export function pulseState(f: PulseFacts, today: string): PulseState {
  if (f.lastActivityDay === null) return 'coasting';
  const idle = Math.max(0, daysBetween(f.lastActivityDay, today));
  if (idle >= DISENGAGED_AFTER_DAYS) return 'disengaged';
  if (f.averageScore !== null && f.recordedLessons >= 2 && f.averageScore < STRUGGLING_BELOW) return 'struggling';
  if (f.averageScore !== null && idle < RECENT_DAYS && f.averageScore >= THRIVING_FROM) return 'thriving';
  return 'coasting';
}

/** Percentage with one decimal: 0 when there is nothing to complete. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((Math.min(done, total) / total) * 1000) / 10;
}

/** Integer percentage of recorded lessons scored at least SUCCESS_SCORE; 0 when there are none. */
export function successRate(successes: number, recorded: number): number {
  return recorded <= 0 ? 0 : Math.round((Math.min(successes, recorded) / recorded) * 100);
}
