// After each ended conversation: XP, level, streak and achievements, once (the conversation row says it is counted).
import { Type } from '@sinclair/typebox';
import { defineJob } from '../../../core/jobs/define.js';
import type { Ctx } from '../shared/context.js';
import { recordEvent } from '../analytics/events.repo.js';
import { lockProgress, updateProgress } from '../users/profiles.repo.js';
import { countedBefore, countedStats, lockById, updateConversation, abandonStale } from '../conversations/conversations.repo.js';
import { FREE_SCENARIOS } from '../scenarios/catalogue.js';
import { addDays, utcDay } from '../shared/time.js';
import { awardXp, grantAchievement, listAchievements } from './progress.repo.js';
import { awardAchievements, conversationXp, nextStreak } from './rules.js';

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
/** Monday 00:00 UTC of the ISO week containing `day`. */
const weekStart = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

export async function applyProgress(ctx: Ctx, conversationId: string): Promise<{ applied: boolean; xp?: number; achievements?: string[] }> {
  return ctx.db.transaction(async (tx) => {
    const c = await lockById(tx.dz, conversationId);
    // Gone (erased), not ended, or already counted: nothing to do (a retry or a duplicate is harmless).
    if (!c || c.status !== 'completed' || c.progressAppliedAt || !c.endTime || c.sessionScore === null) return { applied: false };
    const prog = await lockProgress(tx.dz, c.userId);
    if (!prog) return { applied: false };
    const at = new Date(ctx.now());
    const day = utcDay(c.endTime.getTime());
    const before = await countedBefore(tx.dz, c.userId, c.id, dayStart(day), dayStart(addDays(day, 1)), c.scenarioType);
    const streak = nextStreak(prog.lastPracticeDay, prog.currentStreak, day);
    const xp = conversationXp({
      score: c.sessionScore,
      difficulty: c.difficultyLevel,
      firstOfDay: before.sameDay === 0,
      newScenario: before.sameScenario === 0,
      streak,
    });

    let last = { xp: prog.xpPoints, level: prog.level };
    for (const item of xp.items) {
      const r = await awardXp(tx.dz, {
        userId: c.userId,
        source: item.source,
        points: item.points,
        dedupeKey: `conversation:${c.id}:${item.source}`,
        at,
        conversationId: c.id,
      });
      last = { xp: r.xp, level: r.level };
    }
    await updateProgress(tx.dz, c.userId, {
      totalConversations: prog.totalConversations + 1,
      successfulConversations: prog.successfulConversations + (c.sessionScore >= 60 ? 1 : 0),
      totalPracticeSeconds: prog.totalPracticeSeconds + Math.max(0, Math.round((c.endTime.getTime() - c.startTime.getTime()) / 1000)),
      scoreSum: prog.scoreSum + c.sessionScore,
      currentStreak: streak,
      longestStreak: Math.max(prog.longestStreak, streak),
      lastPracticeDay: prog.lastPracticeDay && prog.lastPracticeDay > day ? prog.lastPracticeDay : day,
    });
    await updateConversation(tx.dz, c.id, { progressAppliedAt: at });

    const week = weekStart(day);
    const stats = await countedStats(tx.dz, c.userId, dayStart(week), dayStart(addDays(week, 7)));
    const earned = new Set((await listAchievements(tx.dz, c.userId)).map((a) => a.achievementType));
    const { newOnes } = awardAchievements({ ...stats, streak, freeScenarios: FREE_SCENARIOS }, last.xp, earned);
    for (const a of newOnes) {
      if (!(await grantAchievement(tx.dz, { userId: c.userId, type: a.type, at, conversationId: c.id }))) continue;
      const r = await awardXp(tx.dz, {
        userId: c.userId,
        source: `achievement:${a.type}`,
        points: a.xp_reward,
        dedupeKey: `achievement:${a.type}`,
        at,
        conversationId: c.id,
      });
      last = { xp: r.xp, level: r.level };
      await recordEvent(tx.dz, { userId: c.userId, type: 'achievement_unlocked', at, data: { achievement_type: a.type, conversation_id: c.id } });
    }
    if (last.level > prog.level) await recordEvent(tx.dz, { userId: c.userId, type: 'level_up', at, data: { from: prog.level, to: last.level } });
    return { applied: true, xp: last.xp - prog.xpPoints, achievements: newOnes.map((a) => a.type) };
  });
}

export const progressUpdate = defineJob(
  'progress-update',
  Type.Object({ conversation_id: Type.String({ format: 'uuid' }) }),
  async (ctx: Ctx, data) => applyProgress(ctx, data.conversation_id),
  {
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 60,
  },
);

/** Hourly: conversations left open past the setting become `abandoned` (they stop counting as active). */
export const abandonStaleConversations = defineJob(
  'abandon-stale-conversations',
  Type.Object({}),
  async (ctx: Ctx) => {
    const before = new Date(ctx.now() - ctx.settings.ABANDON_AFTER_HOURS * 3_600_000);
    return ctx.db.transaction(async (tx) => {
      const gone = await abandonStale(tx.dz, before);
      const at = new Date(ctx.now());
      for (const g of gone)
        await recordEvent(tx.dz, {
          userId: g.userId,
          type: 'conversation_abandoned',
          at,
          data: { conversation_id: g.id, scenario_type: g.scenarioType, messages: g.totalMessages },
        });
      return { abandoned: gone.length };
    });
  },
  { retryLimit: 1, expireInSeconds: 300, schedule: { cron: '17 * * * *' } },
);
