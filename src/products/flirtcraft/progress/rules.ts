// Gamification rules: XP per conversation, levels, streaks and achievements (the design docs' numbers).
import { addDays, daysBetween } from '../shared/time.js';
import type { Difficulty } from '../scenarios/catalogue.js';

export const LEVELS: readonly { level: number; xp: number; title: string }[] = [
  { level: 1, xp: 0, title: 'Newcomer' },
  { level: 2, xp: 200, title: 'Getting Started' },
  { level: 3, xp: 500, title: 'Conversation Learner' },
  { level: 4, xp: 1000, title: 'Practicing Regularly' },
  { level: 5, xp: 1800, title: 'Building Confidence' },
  { level: 6, xp: 2800, title: 'Conversation Explorer' },
  { level: 7, xp: 4200, title: 'Socially Aware' },
  { level: 8, xp: 6000, title: 'Confident Conversationalist' },
  { level: 9, xp: 8500, title: 'Social Charisma' },
  { level: 10, xp: 12000, title: 'Master Conversationalist' },
];

export function levelFor(xp: number): { level: number; title: string; nextLevelXp: number | null } {
  let i = 0;
  while (i + 1 < LEVELS.length && xp >= LEVELS[i + 1]!.xp) i++;
  return { level: LEVELS[i]!.level, title: LEVELS[i]!.title, nextLevelXp: LEVELS[i + 1]?.xp ?? null };
}

/** XP multiplier of a streak length. */
export const streakMultiplier = (streak: number): number => (streak >= 30 ? 2 : streak >= 14 ? 1.5 : streak >= 7 ? 1.25 : streak >= 3 ? 1.1 : 1);

export const XP = {
  completion: 100,
  firstOfDay: 50,
  harderDifficulty: 25,
  newScenario: 20,
  qualityMax: 30,
  /** POST /users/streak: once per practised day. */
  dailyStreak: 25,
} as const;

export interface ConversationXpInput {
  score: number;
  difficulty: Difficulty;
  firstOfDay: boolean;
  newScenario: boolean;
  /** The streak including this conversation's day. */
  streak: number;
}

export function conversationXp(i: ConversationXpInput): { items: { source: string; points: number }[]; total: number; multiplier: number } {
  const items: { source: string; points: number }[] = [{ source: 'conversation_completed', points: XP.completion }];
  if (i.firstOfDay) items.push({ source: 'first_of_day', points: XP.firstOfDay });
  if (i.difficulty !== 'green') items.push({ source: 'difficulty_bonus', points: XP.harderDifficulty });
  if (i.newScenario) items.push({ source: 'new_scenario', points: XP.newScenario });
  const quality = Math.round((Math.max(0, Math.min(100, i.score) - 50) / 50) * XP.qualityMax);
  if (quality > 0) items.push({ source: 'quality_bonus', points: quality });
  const multiplier = streakMultiplier(i.streak);
  const base = items.reduce((a, b) => a + b.points, 0);
  const total = Math.round(base * multiplier);
  if (total > base) items.push({ source: 'streak_multiplier', points: total - base });
  return { items, total, multiplier };
}

/** The streak after practising on `today`, given the last practised day and the streak then. */
export function nextStreak(lastDay: string | null, streak: number, today: string): number {
  if (!lastDay) return 1;
  const gap = daysBetween(lastDay, today);
  if (gap <= 0) return Math.max(1, streak);
  return gap === 1 ? streak + 1 : 1;
}

/** The streak as it stands on `today`: it survives until a whole day passes without practice. */
export function currentStreak(lastDay: string | null, streak: number, today: string): number {
  if (!lastDay) return 0;
  return lastDay === today || addDays(lastDay, 1) === today ? streak : 0;
}

export interface AchievementDef {
  type: string;
  title: string;
  description: string;
  icon: string;
  xp_reward: number;
}

export const ACHIEVEMENTS: readonly AchievementDef[] = [
  { type: 'onboarding_complete', title: 'Ready to Practice', description: 'Finish onboarding', icon: 'rocket', xp_reward: 25 },
  { type: 'ice_breaker', title: 'Ice Breaker', description: 'Complete your first practice conversation', icon: 'snowflake', xp_reward: 25 },
  { type: 'smooth_operator', title: 'Smooth Operator', description: 'Earn a gold rating in a conversation', icon: 'star', xp_reward: 50 },
  {
    type: 'scenario_explorer',
    title: 'Scenario Explorer',
    description: 'Complete a conversation in each of the five free scenarios',
    icon: 'compass',
    xp_reward: 30,
  },
  { type: 'daily_practice', title: 'Daily Practice', description: 'Practise three days in a row', icon: 'calendar', xp_reward: 10 },
  { type: 'streak_warrior', title: 'Streak Warrior', description: 'Keep a seven-day practice streak', icon: 'flame', xp_reward: 100 },
  { type: 'weekly_warrior', title: 'Weekly Warrior', description: 'Complete five conversations in one week', icon: 'trophy', xp_reward: 50 },
  { type: 'confidence_builder', title: 'Confidence Builder', description: 'Complete five red-difficulty conversations', icon: 'shield', xp_reward: 40 },
  { type: 'social_charisma', title: 'Social Charisma', description: 'Earn ten gold ratings', icon: 'sparkles', xp_reward: 100 },
  { type: 'conversation_master', title: 'Conversation Master', description: 'Complete fifty conversations', icon: 'crown', xp_reward: 200 },
  { type: 'level_up', title: 'Level Up', description: 'Reach level 5', icon: 'arrow-up', xp_reward: 50 },
];

export const achievementDef = (type: string): AchievementDef | undefined => ACHIEVEMENTS.find((a) => a.type === type);

export interface AchievementStats {
  completed: number;
  golds: number;
  reds: number;
  streak: number;
  /** Distinct scenario types with a completed conversation. */
  scenarios: ReadonlySet<string>;
  /** Completed conversations in the current ISO week. */
  thisWeek: number;
  level: number;
  freeScenarios: readonly string[];
}

/** Every conversation achievement the stats qualify for (the caller skips those already earned). */
export function qualifyingAchievements(s: AchievementStats): string[] {
  const out: string[] = [];
  if (s.completed >= 1) out.push('ice_breaker');
  if (s.golds >= 1) out.push('smooth_operator');
  if (s.freeScenarios.every((t) => s.scenarios.has(t))) out.push('scenario_explorer');
  if (s.streak >= 3) out.push('daily_practice');
  if (s.streak >= 7) out.push('streak_warrior');
  if (s.thisWeek >= 5) out.push('weekly_warrior');
  if (s.reds >= 5) out.push('confidence_builder');
  if (s.golds >= 10) out.push('social_charisma');
  if (s.completed >= 50) out.push('conversation_master');
  if (s.level >= 5) out.push('level_up');
  return out;
}

/**
 * New achievements for the stats, and the XP after their rewards — repeated, because an achievement's XP can lift
 * the level that another achievement (level_up) asks for.
 */
export function awardAchievements(
  stats: Omit<AchievementStats, 'level'>,
  xpBefore: number,
  earned: ReadonlySet<string>,
): { newOnes: AchievementDef[]; xp: number } {
  const have = new Set(earned);
  const newOnes: AchievementDef[] = [];
  let xp = xpBefore;
  for (;;) {
    const found = qualifyingAchievements({ ...stats, level: levelFor(xp).level }).filter((t) => !have.has(t));
    if (found.length === 0) return { newOnes, xp };
    for (const t of found) {
      const def = achievementDef(t)!;
      have.add(t);
      newOnes.push(def);
      xp += def.xp_reward;
    }
  }
}
