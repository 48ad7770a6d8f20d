// Mood check-ins: the seed's log (every POST a new entry) and the web client's one-per-day check-in.
import type { Static } from '@sinclair/typebox';
import { notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import type { MoodRow } from '../db.js';
import * as repo from './moods.repo.js';
import { coupleIdOf } from '../couples/couples.service.js';
import { findActiveMembership, findPartner } from '../couples/couples.repo.js';
import { findProfile } from '../users/profiles.repo.js';
import { streaks, trend, addDays } from './mood-stats.js';
import { localDay } from '../../../core/time-zone.js';
import type { ClientMood, ClientMoodCreate, Mood, MoodCreate } from './moods.schemas.js';
import { iso } from '../../../core/iso.js';

export function presentMood(m: MoodRow): Static<typeof Mood> {
  return {
    id: m.id,
    user_id: m.userId,
    couple_id: m.coupleId,
    mood_level: m.moodLevel,
    notes: m.notes,
    context_tags: m.contextTags ?? null,
    created_at: m.createdAt.toISOString(),
    updated_at: iso(m.updatedAt),
  };
}

export function presentClientMood(m: MoodRow): Static<typeof ClientMood> {
  return {
    id: m.id,
    user_id: m.userId,
    mood_level: m.moodLevel,
    notes: m.notes,
    context_tags: Object.fromEntries((m.contextTags ?? []).map((t) => [t, true])),
    checkin_date: m.checkinDate,
    created_at: m.createdAt.toISOString(),
    updated_at: iso(m.updatedAt),
  };
}

const cleanTags = (tags: string[] | Record<string, boolean> | null | undefined): string[] | null => {
  if (!tags) return null;
  const list = Array.isArray(tags)
    ? tags
    : Object.entries(tags)
        .filter(([, on]) => on)
        .map(([t]) => t);
  return [...new Set(list.map((t) => t.trim()).filter(Boolean))];
};

async function today(ctx: ProductContext, userId: string): Promise<string> {
  const tz = (await findProfile(ctx.db.dz, userId))?.timezone ?? 'UTC';
  return localDay(tz, new Date(ctx.now()));
}

export async function createMood(ctx: ProductContext, userId: string, body: Static<typeof MoodCreate>) {
  const [coupleId, day] = await Promise.all([coupleIdOf(ctx.db.dz, userId), today(ctx, userId)]);
  const m = await repo.insertMood(ctx.db.dz, {
    userId,
    coupleId,
    moodLevel: body.mood_level,
    notes: body.notes ?? null,
    contextTags: cleanTags(body.context_tags),
    checkinDate: day,
  });
  return presentMood(m);
}

export async function listMoods(ctx: ProductContext, userId: string, limit: number, offset: number) {
  return (await repo.listMoods(ctx.db.dz, userId, limit, offset)).map(presentMood);
}

/** The partner's check-ins since we linked, as journals are shared (404 when not in a couple). */
export async function partnerMoods(ctx: ProductContext, userId: string, limit: number, offset: number) {
  const partner = await findPartner(ctx.db.dz, userId);
  if (!partner) throw notFound('You are not linked to a partner');
  const mine = await findActiveMembership(ctx.db.dz, userId);
  const linkedAt = new Date(Math.max(partner.joinedAt.getTime(), mine?.joinedAt.getTime() ?? 0));
  return (await repo.listMoodsSince(ctx.db.dz, partner.userId, linkedAt, limit, offset)).map(presentMood);
}

/** One check-in per local day: a second one the same day updates it. */
export async function checkIn(
  ctx: ProductContext,
  userId: string,
  body: Static<typeof ClientMoodCreate>,
): Promise<{ created: boolean; mood: Static<typeof ClientMood> }> {
  const [coupleId, day] = await Promise.all([coupleIdOf(ctx.db.dz, userId), today(ctx, userId)]);
  const tags = cleanTags(body.context_tags);
  return ctx.db.transaction(async (tx) => {
    await repo.lockUser(tx.dz, userId);
    const existing = await repo.latestOnDay(tx.dz, userId, day);
    if (existing) {
      const m = await repo.updateMood(tx.dz, existing.id, {
        moodLevel: body.mood_level,
        notes: body.notes === undefined ? existing.notes : body.notes,
        contextTags: body.context_tags === undefined ? existing.contextTags : tags,
        coupleId,
      });
      return { created: false, mood: presentClientMood(m) };
    }
    const m = await repo.insertMood(tx.dz, { userId, coupleId, moodLevel: body.mood_level, notes: body.notes ?? null, contextTags: tags, checkinDate: day });
    return { created: true, mood: presentClientMood(m) };
  });
}

export async function todayMood(ctx: ProductContext, userId: string) {
  const m = await repo.latestOnDay(ctx.db.dz, userId, await today(ctx, userId));
  return m ? presentClientMood(m) : null;
}

export async function history(ctx: ProductContext, userId: string, q: { days: number; limit: number; offset: number }) {
  const since = addDays(await today(ctx, userId), -(q.days - 1));
  const [rows, total] = await Promise.all([repo.listMoods(ctx.db.dz, userId, q.limit, q.offset, since), repo.countMoods(ctx.db.dz, userId, since)]);
  return { moods: rows.map(presentClientMood), total_count: total, offset: q.offset, limit: q.limit };
}

export async function stats(ctx: ProductContext, userId: string, days: number) {
  const day = await today(ctx, userId);
  const since = addDays(day, -Math.max(days - 1, 13));
  const rows = await repo.listMoods(ctx.db.dz, userId, 5000, 0, since);
  const windowStart = addDays(day, -(days - 1));
  const inWindow = rows.filter((r) => r.checkinDate >= windowStart);
  const distribution: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const r of inWindow) distribution[String(r.moodLevel)] = (distribution[String(r.moodLevel)] ?? 0) + 1;
  const avg = inWindow.length ? Math.round((inWindow.reduce((s, r) => s + r.moodLevel, 0) / inWindow.length) * 100) / 100 : null;
  return {
    average_mood: avg,
    total_entries: inWindow.length,
    mood_distribution: distribution,
    recent_trend: trend(
      rows.map((r) => ({ day: r.checkinDate, level: r.moodLevel })),
      day,
    ),
  };
}

export async function streak(ctx: ProductContext, userId: string) {
  const [days, day] = await Promise.all([repo.checkinDays(ctx.db.dz, userId), today(ctx, userId)]);
  const s = streaks(days, day);
  return { current_streak: s.current, longest_streak: s.longest, last_checkin: days[0] ?? null };
}
