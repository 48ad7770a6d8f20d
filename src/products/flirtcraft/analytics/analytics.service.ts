// Analytics for administrators, counted from the events table (never an e-mail in the output).
import { and, count, eq, sql } from 'drizzle-orm';
import { AppError, forbidden, invalidField } from '../../../core/http/errors.js';
import { users } from '../../../core/identity/db.js';
import type { Ctx } from '../shared/context.js';
import { conversations, profiles } from '../db.js';
import { STEP_IDS } from '../onboarding/steps.js';
import { findUserIdByEmail, updateProfile } from '../users/profiles.repo.js';
import {
  averageOf,
  countAll,
  countByType,
  distinctUsers,
  distributionOf,
  hourly,
  hourlyAverage,
  recordEvent,
  registeredWith,
  retention,
  stepCounts,
} from './events.repo.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : 0);
const round1 = (n: number | null) => (n === null ? 0 : Math.round(n * 10) / 10);

export async function requireAdmin(ctx: Ctx, userId: string): Promise<void> {
  const u = await ctx.identity.findUser(ctx.slug, userId);
  if (!u?.isSuperuser) throw forbidden('Admin access required', 'admin_required');
}

export async function dashboard(ctx: Ctx) {
  const dz = ctx.db.dz;
  const now = ctx.now();
  const to = new Date(now + 1);
  const today = new Date(Math.floor(now / DAY) * DAY);
  const types = await countByType(dz, ['user_registered', 'conversation_started', 'message_sent', 'onboarding_completed'], today, to);
  const since = new Date(Math.floor(now / HOUR) * HOUR - 23 * HOUR);
  const rows = await hourly(dz, since, to);
  const hours = Array.from({ length: 24 }, (_, i) => new Date(since.getTime() + i * HOUR).toISOString().slice(0, 13).replace(/[-T]/g, ''));
  const per = (h: string, type?: string) => rows.filter((r) => r.hour === h && (!type || r.type === type)).reduce((a, r) => a + r.n, 0);
  const [totals] = await dz
    .select({
      users: count(),
      verified: sql<number>`count(*) FILTER (WHERE ${users.isVerified})`.mapWith(Number),
      onboarded: sql<number>`count(*) FILTER (WHERE ${profiles.onboardingCompleted})`.mapWith(Number),
      premium:
        sql<number>`count(*) FILTER (WHERE ${profiles.isPremium} AND (${profiles.premiumExpiresAt} IS NULL OR ${profiles.premiumExpiresAt} > ${new Date(now).toISOString()}::timestamptz))`.mapWith(
          Number,
        ),
    })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(and(eq(users.product, ctx.slug), eq(users.isSuperuser, false)));
  const [convs] = await dz.select({ n: count() }).from(conversations);
  return {
    today: {
      total_events: await countAll(dz, today, to),
      registrations: types.user_registered ?? 0,
      conversations: types.conversation_started ?? 0,
      messages: types.message_sent ?? 0,
      onboarding_completions: types.onboarding_completed ?? 0,
    },
    totals: {
      users: totals?.users ?? 0,
      verified_users: totals?.verified ?? 0,
      onboarded_users: totals?.onboarded ?? 0,
      premium_users: totals?.premium ?? 0,
      conversations: convs?.n ?? 0,
    },
    hourly_trends: hours
      .reverse()
      .map((h) => ({ hour: h, events: per(h), conversations: per(h, 'conversation_started'), registrations: per(h, 'user_registered') })),
    generated_at: new Date(now).toISOString(),
  };
}

function range(ctx: Ctx, days: number) {
  const now = ctx.now();
  return { from: new Date(now - days * DAY), to: new Date(now + 1), now };
}

export async function onboardingFunnel(ctx: Ctx, days: number) {
  const { from, to, now } = range(ctx, days);
  const dz = ctx.db.dz;
  const verified = await registeredWith(dz, from, to, 'email_verified');
  const completed = await registeredWith(dz, from, to, 'onboarding_completed');
  const steps = await stepCounts(dz, from, to);
  const step_metrics = Object.fromEntries(
    STEP_IDS.map((id) => {
      const done = steps.find((s) => s.step === id && s.action === 'completed')?.users ?? 0;
      const skipped = steps.find((s) => s.step === id && s.action === 'skipped')?.users ?? 0;
      return [id, { completed: done, skipped, completion_rate: rate(done, verified.registered) }];
    }),
  );
  return {
    date_range_days: days,
    total_registrations: verified.registered,
    email_verified: verified.with,
    completed_onboarding: completed.with,
    onboarding_completion_rate: rate(completed.with, verified.registered),
    step_metrics,
    generated_at: new Date(now).toISOString(),
  };
}

export async function conversationMetrics(ctx: Ctx, days: number) {
  const { from, to, now } = range(ctx, days);
  const dz = ctx.db.dz;
  const n = await countByType(dz, ['conversation_started', 'conversation_completed', 'conversation_abandoned'], from, to);
  const started = n.conversation_started ?? 0;
  const completed = n.conversation_completed ?? 0;
  const outcomes = await distributionOf(dz, 'conversation_completed', 'outcome', from, to);
  return {
    date_range_days: days,
    total_conversations: started,
    completed_conversations: completed,
    abandoned_conversations: n.conversation_abandoned ?? 0,
    completion_rate: rate(completed, started),
    average_session_score: round1((await averageOf(dz, 'conversation_completed', 'score', from, to)).avg),
    average_messages_per_conversation: round1((await averageOf(dz, 'conversation_completed', 'messages', from, to)).avg),
    scenario_distribution: await distributionOf(dz, 'conversation_started', 'scenario_type', from, to),
    difficulty_distribution: await distributionOf(dz, 'conversation_started', 'difficulty_level', from, to),
    outcome_distribution: { gold: outcomes.gold ?? 0, silver: outcomes.silver ?? 0, bronze: outcomes.bronze ?? 0 },
    generated_at: new Date(now).toISOString(),
  };
}

export async function engagement(ctx: Ctx, days: number) {
  const { from, to, now } = range(ctx, days);
  const dz = ctx.db.dz;
  // Nested windows ending now: DAU ≤ WAU ≤ MAU by construction.
  const dau = await distinctUsers(dz, new Date(now - DAY), to);
  const wau = await distinctUsers(dz, new Date(now - 7 * DAY), to);
  const mau = await distinctUsers(dz, new Date(now - 30 * DAY), to);
  const ret = await retention(dz, from, to);
  const premium = await registeredWith(dz, from, to, 'premium_activated');
  return {
    date_range_days: days,
    daily_active_users: dau,
    weekly_active_users: wau,
    monthly_active_users: mau,
    retention: { active_users: ret.active, retained_users: ret.retained, retention_rate: rate(ret.retained, ret.active) },
    premium_conversion: { total_users: premium.registered, premium_users: premium.with, conversion_rate: rate(premium.with, premium.registered) },
    engagement_ratio: { dau_wau: rate(dau, wau), wau_mau: rate(wau, mau) },
    generated_at: new Date(now).toISOString(),
  };
}

export const PERFORMANCE_METRICS = { ai_response_time: 'ms', ai_fallback_rate: 'fallback' } as const;

export async function performance(ctx: Ctx, metric: keyof typeof PERFORMANCE_METRICS, hours: number) {
  const now = ctx.now();
  const rows = await hourlyAverage(ctx.db.dz, 'ai_call', PERFORMANCE_METRICS[metric], new Date(now - hours * HOUR), new Date(now + 1));
  const scale = metric === 'ai_fallback_rate' ? 100 : 1;
  return {
    metric_name: metric,
    time_range_hours: hours,
    data_points: rows.length,
    metrics: rows.map((r) => ({ hour: r.hour, average: round1(r.average * scale), count: r.count })),
    generated_at: new Date(now).toISOString(),
  };
}

const EVENT_DATA_MAX = 4096;

/** An event from the app; kept apart from server events (source client), so it never skews the metrics. */
export async function trackClientEvent(ctx: Ctx, userId: string, type: string, data: Record<string, unknown>): Promise<void> {
  if (JSON.stringify(data).length > EVENT_DATA_MAX) throw invalidField(['body', 'event_data'], `At most ${EVENT_DATA_MAX} characters of JSON`, '[too large]');
  await recordEvent(ctx.db.dz, { userId, type, data, source: 'client', at: new Date(ctx.now()) });
}

export async function setPremium(ctx: Ctx, b: { email: string; is_premium: boolean; premium_expires_at?: string | null | undefined }) {
  const userId = await findUserIdByEmail(ctx.db.dz, ctx.slug, b.email);
  if (!userId) throw new AppError('user_not_found', 404, 'User not found');
  const expires = b.premium_expires_at ? new Date(b.premium_expires_at) : null;
  if (expires && b.is_premium && expires.getTime() <= ctx.now())
    throw invalidField(['body', 'premium_expires_at'], 'Must be in the future', b.premium_expires_at);
  const p = await ctx.db.transaction(async (tx) => {
    const row = await updateProfile(tx.dz, userId, { isPremium: b.is_premium, premiumExpiresAt: b.is_premium ? expires : null });
    if (!row) throw new AppError('user_not_found', 404, 'User not found');
    await recordEvent(tx.dz, {
      userId,
      type: b.is_premium ? 'premium_activated' : 'premium_deactivated',
      at: new Date(ctx.now()),
      data: { expires_at: expires?.toISOString() ?? null },
    });
    return row;
  });
  return { user_id: userId, is_premium: p.isPremium, premium_expires_at: p.premiumExpiresAt?.toISOString() ?? null };
}
