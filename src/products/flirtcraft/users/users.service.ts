// The app's /users paths: profile, stats, the daily streak bonus, achievements, client-awarded XP, limits.
import { randomUUID } from 'node:crypto';
import { AppError, invalidField } from '../../../core/http/errors.js';
import type { Ctx } from '../shared/context.js';
import { ageFromBirthYear, startOfUtcDay, utcDay } from '../shared/time.js';
import { recordEvent } from '../analytics/events.repo.js';
import { findAccount, findProfile, isPremium, lockProfile, lockProgress, updateProfile, updateProgress, type Account } from './profiles.repo.js';
import { awardXp, listAchievements, xpSince } from '../progress/progress.repo.js';
import { XP, achievementDef, currentStreak, levelFor } from '../progress/rules.js';
import { dailyUsage } from '../conversations/conversations.service.js';

async function accountOr404(ctx: Ctx, userId: string): Promise<Account> {
  const a = await findAccount(ctx.db.dz, ctx.slug, userId);
  if (!a?.profile || !a.progress) throw new AppError('not_found', 404, 'User profile not found');
  return a;
}

export async function clientProfile(ctx: Ctx, userId: string) {
  const a = await accountOr404(ctx, userId);
  const p = a.profile!;
  const g = a.progress!;
  const usage = await dailyUsage(ctx, userId, p);
  const now = ctx.now();
  return {
    id: a.id,
    email: a.email,
    email_verified: a.isVerified,
    onboarding_completed: p.onboardingCompleted,
    age: p.birthYear === null ? null : ageFromBirthYear(p.birthYear, now),
    birth_year: p.birthYear,
    target_gender: p.targetGender === null ? null : p.targetGender === 'everyone' ? ('randomized' as const) : (p.targetGender as 'male' | 'female'),
    target_age_min: p.targetAgeMin,
    target_age_max: p.targetAgeMax,
    skill_goals: p.primarySkills,
    relationship_goal: p.relationshipGoal,
    experience_level: p.experienceLevel,
    practice_frequency: p.practiceFrequency,
    premium_tier: usage.premium ? ('premium' as const) : ('free' as const),
    premium_expires_at: p.premiumExpiresAt?.toISOString() ?? null,
    daily_conversations_used: usage.used,
    daily_limit: usage.limit,
    daily_limit_reset_at: usage.resetsAt.toISOString(),
    xp_points: g.xpPoints,
    level: g.level,
    streak_count: currentStreak(g.lastPracticeDay, g.currentStreak, utcDay(now)),
    streak_updated_at: g.lastPracticeDay,
    created_at: a.createdAt.toISOString(),
    updated_at: (p.updatedAt ?? p.createdAt).toISOString(),
  };
}

export async function updateClientProfile(
  ctx: Ctx,
  userId: string,
  b: {
    age?: number | undefined;
    target_gender?: string | undefined;
    target_age_min?: number | undefined;
    target_age_max?: number | undefined;
    skill_goals?: string[] | undefined;
  },
) {
  await ctx.db.transaction(async (tx) => {
    const p = await lockProfile(tx.dz, userId);
    if (!p) throw new AppError('not_found', 404, 'User profile not found');
    const min = b.target_age_min ?? p.targetAgeMin;
    const max = b.target_age_max ?? p.targetAgeMax;
    if (min !== null && max !== null && max < min) {
      throw invalidField(
        ['body', b.target_age_max !== undefined ? 'target_age_max' : 'target_age_min'],
        'Maximum age must be greater than or equal to minimum age',
        b.target_age_max ?? b.target_age_min,
      );
    }
    const skills = b.skill_goals ? [...new Set(b.skill_goals.map((s) => (s === 'keeping_flow' ? 'flow_maintenance' : s)))] : undefined;
    await updateProfile(tx.dz, userId, {
      ...(b.age !== undefined ? { birthYear: new Date(ctx.now()).getUTCFullYear() - b.age, ageVerified: true } : {}),
      ...(b.target_gender !== undefined ? { targetGender: b.target_gender === 'randomized' ? 'everyone' : b.target_gender } : {}),
      ...(b.target_age_min !== undefined ? { targetAgeMin: b.target_age_min } : {}),
      ...(b.target_age_max !== undefined ? { targetAgeMax: b.target_age_max } : {}),
      ...(skills ? { primarySkills: skills } : {}),
    });
    await recordEvent(tx.dz, { userId, type: 'profile_updated', at: new Date(ctx.now()), data: { fields: Object.keys(b) } });
  });
  return clientProfile(ctx, userId);
}

export async function stats(ctx: Ctx, userId: string) {
  const a = await accountOr404(ctx, userId);
  const g = a.progress!;
  const lv = levelFor(g.xpPoints);
  return {
    xp_points: g.xpPoints,
    level: g.level,
    level_title: lv.title,
    next_level_xp: lv.nextLevelXp,
    streak_count: currentStreak(g.lastPracticeDay, g.currentStreak, utcDay(ctx.now())),
    longest_streak: g.longestStreak,
    conversations_completed: g.totalConversations,
    successful_conversations: g.successfulConversations,
    achievements_earned: (await listAchievements(ctx.db.dz, userId)).length,
    total_practice_minutes: Math.round(g.totalPracticeSeconds / 60),
    average_score: g.totalConversations > 0 ? Math.round(g.scoreSum / g.totalConversations) : null,
  };
}

/** The streak as of today (a missed day ends it), and the daily streak bonus once per practised day. */
export async function checkStreak(ctx: Ctx, userId: string): Promise<{ streak_count: number; xp_earned: number }> {
  return ctx.db.transaction(async (tx) => {
    const g = await lockProgress(tx.dz, userId);
    if (!g) throw new AppError('not_found', 404, 'User profile not found');
    const today = utcDay(ctx.now());
    const streak = currentStreak(g.lastPracticeDay, g.currentStreak, today);
    if (streak !== g.currentStreak) await updateProgress(tx.dz, userId, { currentStreak: streak });
    if (streak === 0 || g.lastPracticeDay !== today) return { streak_count: streak, xp_earned: 0 };
    const r = await awardXp(tx.dz, { userId, source: 'daily_streak', points: XP.dailyStreak, dedupeKey: `streak:${today}`, at: new Date(ctx.now()) });
    return { streak_count: streak, xp_earned: r.awarded ? XP.dailyStreak : 0 };
  });
}

export async function achievements(ctx: Ctx, userId: string) {
  return (await listAchievements(ctx.db.dz, userId)).map((a) => {
    const def = achievementDef(a.achievementType);
    return {
      id: a.id,
      user_id: a.userId,
      achievement_type: a.achievementType,
      earned_at: a.earnedAt.toISOString(),
      conversation_id: a.conversationId,
      title: def?.title ?? a.achievementType,
      description: def?.description ?? '',
      icon: def?.icon ?? 'award',
      xp_reward: def?.xp_reward ?? 0,
    };
  });
}

/** XP the app awards (a tip read, a lesson…), capped per UTC day so the client cannot mint levels. */
export async function clientXp(ctx: Ctx, userId: string, points: number, source: string) {
  return ctx.db.transaction(async (tx) => {
    const g = await lockProgress(tx.dz, userId);
    if (!g) throw new AppError('not_found', 404, 'User profile not found');
    const used = await xpSince(tx.dz, userId, 'client:', startOfUtcDay(ctx.now()));
    const allowed = Math.max(0, Math.min(points, ctx.settings.CLIENT_XP_DAILY_CAP - used));
    if (allowed === 0) return { total_xp: g.xpPoints, level: g.level, level_up: false, awarded: 0 };
    const r = await awardXp(tx.dz, { userId, source: `client:${source}`, points: allowed, dedupeKey: `client:${randomUUID()}`, at: new Date(ctx.now()) });
    if (r.level > r.levelBefore) await recordEvent(tx.dz, { userId, type: 'level_up', at: new Date(ctx.now()), data: { from: r.levelBefore, to: r.level } });
    return { total_xp: r.xp, level: r.level, level_up: r.level > r.levelBefore, awarded: allowed };
  });
}

export async function limits(ctx: Ctx, userId: string) {
  const p = await findProfile(ctx.db.dz, userId);
  if (!p) throw new AppError('not_found', 404, 'User profile not found');
  const u = await dailyUsage(ctx, userId, p);
  return {
    daily_conversations_used: u.used,
    daily_limit: u.limit,
    remaining: Math.max(0, u.limit - u.used),
    premium_tier: isPremium(p, ctx.now()) ? ('premium' as const) : ('free' as const),
    premium_expires_at: p.premiumExpiresAt?.toISOString() ?? null,
    can_start_conversation: p.onboardingCompleted && u.used < u.limit,
    resets_at: u.resetsAt.toISOString(),
  };
}
