// Tips: the catalogue, the seed's rule-based suggestions (run on demand and daily), and their status.
import type { Static } from '@sinclair/typebox';
import { AppError, notFound } from '../../../core/http/errors.js';
import type { Dz } from '../../../core/db/connect.js';
import type { ProductContext } from '../../../core/product.js';
import type { JournalRow, TipRow } from '../db.js';
import * as repo from './tips.repo.js';
import { recentJournals } from '../journals/journals.repo.js';
import { resultsWithType } from '../quizzes/quizzes.repo.js';
import { findProfile } from '../users/profiles.repo.js';
import { localDay } from '../../../core/time-zone.js';
import { SEED_TIPS } from '../shared/seed-content.js';
import type { ClientTip, Tip, UserTip } from './tips.schemas.js';
import { iso } from '../../../core/iso.js';

export const DAILY_GENERATIONS = 3;

export const presentTip = (t: TipRow): Static<typeof Tip> => ({
  id: t.id,
  title: t.title,
  content: t.content,
  category: t.category,
  tags: t.tags,
  priority_score: t.priorityScore,
});

export const presentUserTip = ({ ut, tip }: repo.UserTipWithTip): Static<typeof UserTip> => ({
  id: ut.id,
  user_id: ut.userId,
  tip_id: ut.tipId,
  status: ut.status,
  context_json: (ut.contextJson as Record<string, unknown> | null) ?? null,
  viewed_at: iso(ut.viewedAt),
  created_at: ut.createdAt.toISOString(),
  updated_at: iso(ut.updatedAt),
  tip: presentTip(tip),
});

/** Average sentiment of the recent journals, counting an unanalysed entry as neutral (3), as the seed does. */
export function averageSentiment(journals: Pick<JournalRow, 'sentimentScore'>[]): number | null {
  if (journals.length === 0) return null;
  return journals.reduce((s, j) => s + (j.sentimentScore ?? 3), 0) / journals.length;
}

/** The seed's `_generate_rule_based_tips`, skipping tips the user already has. */
export async function ruleBasedTips(dz: Dz, userId: string): Promise<{ tipId: string; context: Record<string, unknown> }[]> {
  const out: { tipId: string; context: Record<string, unknown> }[] = [];
  const avg = averageSentiment(await recentJournals(dz, userId, 5));
  if (avg !== null && avg < 2.5) {
    for (const t of await repo.freshTips(dz, userId, { category: 'stress_management' }, 2)) out.push({ tipId: t.id, context: { reason: 'recent_low_mood' } });
  }
  for (const r of await resultsWithType(dz, userId)) {
    const primary = r.type === 'love_language' ? (r.scores as { primary?: unknown }).primary : undefined;
    if (typeof primary === 'string') {
      for (const t of await repo.freshTips(dz, userId, { tag: primary }, 1)) {
        if (!out.some((o) => o.tipId === t.id)) out.push({ tipId: t.id, context: { reason: 'love_language_match', language: primary } });
      }
    }
  }
  return out;
}

export async function listCatalog(ctx: ProductContext, q: { category?: string; tag?: string; limit: number; offset: number }) {
  return (await repo.listTips(ctx.db.dz, q)).map(presentTip);
}

export async function myTips(ctx: ProductContext, userId: string, limit: number, offset: number) {
  return (await repo.listUserTips(ctx.db.dz, userId, limit, offset)).map(presentUserTip);
}

const LABELS: Record<string, string> = {
  communication: 'Communication',
  conflict: 'Conflict Resolution',
  stress_management: 'Emotional Support',
  connection: 'Quality Time',
  trust: 'Personal Growth',
  quality_time: 'Quality Time',
  words_of_affirmation: 'Words of Affirmation',
  physical_touch: 'Physical Touch',
  acts_of_service: 'Acts of Service',
  receiving_gifts: 'Receiving Gifts',
};

/** The category as the client shows it: love-language tips by their language, the rest by their category. */
export function categoryLabel(t: Pick<TipRow, 'category' | 'tags'>): string {
  const key = t.category === 'love_language' ? (t.tags[0] ?? t.category) : (t.category ?? 'general');
  return LABELS[key] ?? key.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

export const presentClientTip = ({ ut, tip }: repo.UserTipWithTip): Static<typeof ClientTip> => ({
  id: ut.id,
  tip_id: tip.id,
  title: tip.title,
  content: tip.content,
  category: categoryLabel(tip),
  status: ut.status,
  created_at: ut.createdAt.toISOString(),
});

/**
 * Suggests one tip now (at most 3 times per user per local day): one the rules pick (taking turns between the rules
 * that apply), else the best tip not given yet, else — with the whole catalogue given — the one given longest ago.
 */
export async function generateNow(ctx: ProductContext, userId: string) {
  const tz = (await findProfile(ctx.db.dz, userId))?.timezone ?? 'UTC';
  const now = new Date(ctx.now());
  const day = localDay(tz, now);
  const result = await ctx.db.transaction(async (tx) => {
    await repo.lockUser(tx.dz, userId);
    const used = await repo.generationsOn(tx.dz, userId, day);
    if (used >= DAILY_GENERATIONS) return { limited: true as const };
    // Take turns between the rules that apply: a different reason than the last suggestion's, when there is one.
    const picks = await ruleBasedTips(tx.dz, userId);
    const [last] = await repo.listUserTips(tx.dz, userId, 1, 0);
    const lastReason = (last?.ut.contextJson as { reason?: unknown } | null)?.reason;
    const pick = picks.find((p) => p.context.reason !== lastReason) ?? picks[0];
    const fresh = pick ? [pick] : (await repo.freshTips(tx.dz, userId, {}, 1)).map((t) => ({ tipId: t.id, context: { reason: 'general' } }));
    const [row] = fresh.length ? await repo.suggest(tx.dz, userId, fresh, now) : [];
    const id = row?.id ?? (await repo.resuggestOldest(tx.dz, userId, now))?.id;
    if (id) await repo.recordGeneration(tx.dz, userId, day);
    return { id, remaining: DAILY_GENERATIONS - used - 1 };
  });
  if ('limited' in result) throw new AppError('daily_limit', 400, `You can generate tips ${DAILY_GENERATIONS} times per day; try again tomorrow`);
  const found = result.id ? await repo.findUserTip(ctx.db.dz, userId, result.id) : undefined;
  if (!found) throw new AppError('no_tips', 503, 'No tips are available yet; please try again later');
  return { ...presentClientTip(found), remaining_today: result.remaining };
}

export async function setStatus(ctx: ProductContext, userId: string, userTipId: string, status: 'viewed' | 'dismissed' | 'helpful') {
  const found = await repo.findUserTip(ctx.db.dz, userId, userTipId);
  if (!found || found.ut.id !== userTipId) throw notFound('Tip not found');
  const ut = await repo.setUserTipStatus(ctx.db.dz, found.ut.id, status, found.ut.viewedAt ?? new Date(ctx.now()));
  return presentUserTip({ ut, tip: found.tip });
}

export async function latest(ctx: ProductContext, userId: string) {
  const [first] = await repo.listUserTips(ctx.db.dz, userId, 1, 0);
  return first ? presentClientTip(first) : null;
}

/** The web client's history: my suggestions, newest first. */
export async function history(ctx: ProductContext, userId: string, limit: number, offset: number) {
  const [rows, total] = await Promise.all([repo.listUserTips(ctx.db.dz, userId, limit, offset), repo.countUserTips(ctx.db.dz, userId)]);
  return { tips: rows.map(presentClientTip), total_count: total, offset, limit };
}

/** The web client's "mark as viewed": accepts the suggestion's id or the catalogue tip's id. */
export async function view(ctx: ProductContext, userId: string, ref: string) {
  const found = await repo.findUserTip(ctx.db.dz, userId, ref);
  if (!found) throw notFound('Tip not found');
  const status = found.ut.status === 'suggested' ? 'viewed' : found.ut.status;
  const ut = await repo.setUserTipStatus(ctx.db.dz, found.ut.id, status, found.ut.viewedAt ?? new Date(ctx.now()));
  return presentUserTip({ ut, tip: found.tip });
}

/** The seed's `generate_daily_tips`: the rules for every active user, a page at a time. */
export async function dailyTips(ctx: ProductContext): Promise<{ users_processed: number; tips_created: number }> {
  let after: string | null = null;
  let users = 0;
  let created = 0;
  for (;;) {
    const page = await repo.activeUserPage(ctx.db.dz, ctx.slug, after, 200);
    if (page.length === 0) break;
    for (const userId of page) {
      const picks = await ruleBasedTips(ctx.db.dz, userId);
      created += (await repo.suggest(ctx.db.dz, userId, picks, new Date(ctx.now()))).length;
      users++;
    }
    after = page[page.length - 1]!;
  }
  return { users_processed: users, tips_created: created };
}

export async function seedTips(ctx: ProductContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const t of SEED_TIPS) {
      await repo.upsertTip(tx.dz, { key: t.key, title: t.title, content: t.content, category: t.category, tags: t.tags, priorityScore: t.priority });
    }
  });
}
