// The learner's own numbers (XP, level, streaks, pulse, courses) gathered once per request, and the pages built on them.
import { createCache, type Cache } from '../../../core/cache/cache.js';
import { notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import type { TargetLanguage } from '../content/types.js';
import { COURSE_LEVEL, INSTRUCTOR, INSTRUCTOR_INITIALS, myTrackIds, trackById, TRACKS } from '../courses/tracks.js';
import { listActivityDays } from '../progress/progress.repo.js';
import { findProfile, type Profile } from '../users/users.repo.js';
import { initials } from '../users/users.service.js';
import { enrollmentsOf } from '../courses/courses.repo.js';
import * as repo from './learner.repo.js';
import { levelOf, percent, pulseState, streaks, successRate, utcDay, xpOf, type PulseState } from './metrics.js';

export interface MyCourse {
  id: number;
  slug: TargetLanguage;
  title: string;
  language: string;
  level: string;
  flag_emoji: string;
  instructor: string;
  instructor_initials: string;
  price: number;
  rating: number;
  completion: number;
  completed_lessons: number;
  lesson_count: number;
  enrolled_at: string;
}

/** Everything the learner pages compute from, read in a handful of indexed queries. */
export interface LearnerFacts {
  profile: Profile;
  today: string;
  records: repo.ProgressFactRow[];
  firsts: { points: number; at: Date }[];
  days: string[];
  badges: number;
  lessonCounts: Map<TargetLanguage, number>;
  /** Tracks I joined from the catalogue. */
  enrollments: { language: TargetLanguage; enrolledAt: Date }[];
}

export async function loadFacts(ctx: ProductContext, userId: string): Promise<LearnerFacts> {
  const dz = ctx.db.dz;
  const profile = await findProfile(dz, userId);
  if (!profile) throw notFound('User not found');
  const [records, firsts, days, badges, lessonCounts] = [
    await repo.progressFacts(dz, userId),
    await repo.firstCorrectAnswers(dz, userId),
    await listActivityDays(dz, userId),
    await repo.badgeCount(dz, userId),
    await repo.lessonCounts(dz),
  ];
  const enrolled = await enrollmentsOf(dz, userId);
  return { profile, today: utcDay(ctx.now()), records, firsts, days, badges, lessonCounts, enrollments: enrolled };
}

export const completedRecords = (f: LearnerFacts) => f.records.filter((r) => r.completed);
export const xpFrom = (f: LearnerFacts): number =>
  xpOf(
    f.firsts.map((a) => a.points),
    completedRecords(f).length,
  );

export function pulseFrom(f: LearnerFacts): PulseState {
  const scores = f.records.map((r) => r.score);
  return pulseState(
    {
      lastActivityDay: f.days.at(-1) ?? null,
      recordedLessons: scores.length,
      averageScore: scores.length ? scores.reduce((s, x) => s + x, 0) / scores.length : null,
    },
    f.today,
  );
}

export function coursesFrom(f: LearnerFacts): MyCourse[] {
  const done = completedRecords(f);
  return myTrackIds(
    f.profile.targetLanguage,
    f.records.map((r) => r.language),
    f.enrollments.map((e) => e.language),
  ).map((id) => {
    const track = trackById(id)!;
    const lessonCount = f.lessonCounts.get(id) ?? 0;
    const completed = done.filter((r) => r.language === id).length;
    return {
      id: track.courseId,
      slug: id,
      title: track.title,
      language: track.language,
      level: COURSE_LEVEL,
      flag_emoji: track.flagEmoji,
      instructor: INSTRUCTOR,
      instructor_initials: INSTRUCTOR_INITIALS,
      price: 0,
      rating: 0,
      completion: percent(completed, lessonCount),
      completed_lessons: completed,
      lesson_count: lessonCount,
      // When I joined it from the catalogue; my target track and tracks I just practised in: my sign-up.
      enrolled_at: (f.enrollments.find((e) => e.language === id)?.enrolledAt ?? f.profile.createdAt).toISOString(),
    };
  });
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function studentDashboard(ctx: ProductContext, userId: string) {
  const f = await loadFacts(ctx, userId);
  const courses = coursesFrom(f);
  const s = streaks(f.days, f.today);
  return {
    total_courses: courses.length,
    avg_completion: courses.length ? round1(courses.reduce((t, c) => t + c.completion, 0) / courses.length) : 0,
    total_spent: 0,
    xp: xpFrom(f),
    pulse_state: pulseFrom(f),
    enrolled_courses: courses.map((c) => ({
      id: c.id,
      slug: c.slug,
      title: c.title,
      language: c.language,
      level: c.level,
      flag_emoji: c.flag_emoji,
      instructor: c.instructor,
      completion: c.completion,
      lesson_count: c.lesson_count,
      enrolled_at: c.enrolled_at,
    })),
    upcoming_sessions: [],
    current_streak: s.current,
    best_streak: s.best,
    lessons_completed: completedRecords(f).length,
    badges_earned: f.badges,
  };
}

export async function myDashboardStats(ctx: ProductContext, userId: string) {
  const f = await loadFacts(ctx, userId);
  const done = completedRecords(f);
  const xp = xpFrom(f);
  const onDay = (d: Date | null) => d !== null && utcDay(d) === f.today;
  const month = f.today.slice(0, 7);
  const s = streaks(f.days, f.today);
  const { level, nextLevelXp } = levelOf(xp);
  return {
    xp_points: xp,
    xp_today: xpOf(
      f.firsts.filter((a) => onDay(a.at)).map((a) => a.points),
      done.filter((r) => onDay(r.completedAt)).length,
    ),
    current_streak: s.current,
    best_streak: s.best,
    lessons_completed: done.length,
    lessons_this_month: done.filter((r) => r.completedAt !== null && utcDay(r.completedAt).startsWith(month)).length,
    fluency_score: done.length ? round1(done.reduce((t, r) => t + r.score, 0) / done.length) : 0,
    time_spent_today: f.records.filter((r) => onDay(r.updatedAt)).reduce((t, r) => t + r.timeSpent, 0),
    achievements_unlocked: f.badges,
    next_level_xp: nextLevelXp,
    level,
  };
}

export async function studentProfile(ctx: ProductContext, userId: string) {
  const [account, f] = [await ctx.identity.findUser(ctx.slug, userId), await loadFacts(ctx, userId)];
  if (!account) throw notFound('User not found');
  return {
    id: userId,
    name: f.profile.username,
    email: account.email,
    bio: f.profile.bio,
    avatar_initials: initials(f.profile.username),
    xp: xpFrom(f),
    pulse_state: pulseFrom(f),
    created_at: f.profile.createdAt.toISOString(),
  };
}

export async function leaderboard(ctx: ProductContext, userId: string, page: { skip: number; limit: number }) {
  const today = utcDay(ctx.now());
  const rows = await repo.leaderboard(ctx.db.dz, userId, page);
  return rows.map((r) => ({
    rank: r.rank,
    id: r.userId,
    name: r.username,
    avatar_initials: initials(r.username),
    xp: r.xp,
    pulse_state: pulseState({ lastActivityDay: r.lastDay, recordedLessons: r.recorded, averageScore: r.averageScore }, today),
    courses: r.courses,
    is_me: r.userId === userId,
  }));
}

const caches = new WeakMap<object, Cache>();

/** This product's read cache (Redis when configured, memory otherwise), one per context. */
export function cacheOf(ctx: ProductContext): Cache {
  let c = caches.get(ctx);
  if (!c) {
    c = createCache({ redis: ctx.redis, namespace: ctx.slug, now: ctx.now });
    caches.set(ctx, c);
  }
  return c;
}

/** How long the public numbers are served from the cache (and may be cached by browsers and proxies). */
export const STATS_TTL_S = 60;
/** "Active": activity on one of the last 30 UTC days, today included. */
export const ACTIVE_DAYS = 30;

export async function computePlatformStats(ctx: ProductContext) {
  const since = utcDay(ctx.now() - (ACTIVE_DAYS - 1) * 86_400_000);
  const c = await repo.platformCounts(ctx.db.dz, since);
  return {
    active_learners: c.activeLearners,
    total_users: c.totalUsers,
    languages: TRACKS.length,
    courses: TRACKS.length,
    instructors: 0,
    success_rate: successRate(c.successes, c.recorded),
  };
}

export const platformStats = (ctx: ProductContext) => cacheOf(ctx).get('public', 'stats', STATS_TTL_S, () => computePlatformStats(ctx));
