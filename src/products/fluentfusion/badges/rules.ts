// The eight badges and the rules that award them, from a learner's progress and activity days.
import { CATEGORIES, type Category } from '../content/types.js';

export type BadgeId = 'B001' | 'B002' | 'B003' | 'B004' | 'B005' | 'B006' | 'B007' | 'B008';

export interface BadgeDefinition {
  badge_id: BadgeId;
  name: string;
  description: string;
  icon: string;
  criteria: string;
}

export const QUICK_LEARNER_SECONDS = 600;
export const VOCABULARY_MASTER_WORDS = 100;
export const STREAK_DAYS = 7;

export const BADGES: readonly BadgeDefinition[] = [
  { badge_id: 'B001', name: 'First Steps', description: 'Completed your first lesson', icon: '🎯', criteria: 'Complete 1 lesson' },
  { badge_id: 'B002', name: 'Conversationalist', description: 'Completed 5 lessons', icon: '💬', criteria: 'Complete 5 lessons' },
  { badge_id: 'B003', name: 'Language Enthusiast', description: 'Completed 10 lessons', icon: '🌟', criteria: 'Complete 10 lessons' },
  { badge_id: 'B004', name: 'Perfect Score', description: 'Scored 100% on a lesson', icon: '💯', criteria: 'Complete a lesson with a score of 100%' },
  {
    badge_id: 'B005',
    name: 'Quick Learner',
    description: 'Completed a lesson in under 10 minutes',
    icon: '⚡',
    criteria: `Complete a lesson in less than ${QUICK_LEARNER_SECONDS} seconds`,
  },
  {
    badge_id: 'B006',
    name: 'Culture Explorer',
    description: 'Completed a lesson in every category of one language',
    icon: '🌍',
    criteria: `Complete lessons in all ${CATEGORIES.length} categories (${CATEGORIES.join(', ')}) of one language`,
  },
  {
    badge_id: 'B007',
    name: 'Vocabulary Master',
    description: 'Met 100 words',
    icon: '📚',
    criteria: `Meet ${VOCABULARY_MASTER_WORDS} different vocabulary words across completed lessons`,
  },
  { badge_id: 'B008', name: 'Week Streak', description: 'Learned 7 days in a row', icon: '🔥', criteria: `Record progress on ${STREAK_DAYS} consecutive days` },
];

export const badgeById = (id: string): BadgeDefinition | undefined => BADGES.find((b) => b.badge_id === id);

/** One progress record of the learner, with what the rules need to know about its lesson. */
export interface ProgressFact {
  lessonId: string;
  language: string;
  category: Category;
  /** The lesson's vocabulary words. */
  words: string[];
  score: number;
  timeSpent: number;
  completed: boolean;
}

/** Longest run of consecutive calendar days in a list of `YYYY-MM-DD` days (any order, repeats allowed). */
export function longestStreak(days: string[]): number {
  const ordinals = [...new Set(days.map((d) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000)))].sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  for (let i = 0; i < ordinals.length; i++) {
    run = i > 0 && ordinals[i] === ordinals[i - 1]! + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

/** Every badge the learner's record earns (the caller stores the ones not held yet). */
export function earnedBadges(facts: ProgressFact[], activityDays: string[]): Set<BadgeId> {
  const out = new Set<BadgeId>();
  const completed = facts.filter((f) => f.completed);
  const lessons = new Set(completed.map((f) => f.lessonId)).size;
  if (lessons >= 1) out.add('B001');
  if (lessons >= 5) out.add('B002');
  if (lessons >= 10) out.add('B003');
  if (completed.some((f) => f.score >= 100)) out.add('B004');
  if (completed.some((f) => f.timeSpent < QUICK_LEARNER_SECONDS)) out.add('B005');
  const categoriesByLanguage = new Map<string, Set<Category>>();
  for (const f of completed) {
    const set = categoriesByLanguage.get(f.language) ?? new Set<Category>();
    set.add(f.category);
    categoriesByLanguage.set(f.language, set);
  }
  if ([...categoriesByLanguage.values()].some((s) => CATEGORIES.every((c) => s.has(c)))) out.add('B006');
  const words = new Set(completed.flatMap((f) => f.words.map((w) => `${f.language}\u0000${w.normalize('NFC').trim().toLowerCase()}`)));
  if (words.size >= VOCABULARY_MASTER_WORDS) out.add('B007');
  if (longestStreak(activityDays) >= STREAK_DAYS) out.add('B008');
  return out;
}
