// The report job: after finalize, builds a session's report from its recorded stats and nudges (the summary from the
// AI port, the rule-based one offline or when it fails). Runs again harmlessly.
import { Type } from '@sinclair/typebox';
import { defineJob } from '../../../core/jobs/define.js';
import type { ProductContext } from '../../../core/product.js';
import { buildReport } from './report.js';
import * as repo from './sessions.repo.js';
import { grantsReport } from '../consent/consent-rules.js';
import { aiSummary } from './coach-ai.js';

/**
 * The report job starts this long after finalize: other instances flush their recorded frames every second and
 * on the "session ended" signal, so by then everything a socket saw is in the database.
 */
export const REPORT_DELAY_S = 3;

export async function buildReportJob(ctx: ProductContext, data: { sessionId: string }): Promise<void> {
  const dz = ctx.db.dz;
  const existing = await repo.findReport(dz, data.sessionId);
  const session = await repo.findSession(dz, data.sessionId);
  if (!existing || existing.status !== 'pending' || !session) return;
  // Only members whose consent (as it stands now) shares their summary appear: stats, talk share, nudges, moments.
  const all = (await repo.participantsOf(dz, [session.id])).map((p) => p.userId);
  const consents = await repo.consentsOfMembers(dz, session.relationshipId, all);
  const sharing = new Set(consents.filter((c) => grantsReport(c)).map((c) => c.userId));
  const participants = all.filter((id) => sharing.has(id));
  const stats = (await repo.statsOf(dz, [session.id])).filter((r) => sharing.has(r.userId));
  const nudgeRows = (await repo.nudgesOf(dz, session.id)).filter((n) => sharing.has(n.userId));
  const built = buildReport(session, participants, stats, nudgeRows);
  const summary = await aiSummary(ctx, built.stats, built.action_items, built.fallback_summary);
  await repo.completeReport(dz, session.id, {
    summary,
    moments: built.moments as unknown as Record<string, unknown>[],
    actionItems: built.action_items,
    stats: built.stats as unknown as Record<string, unknown>,
    completedAt: new Date(ctx.now()),
  });
}

export const sessionReport = defineJob(
  'session-report',
  Type.Object({ sessionId: Type.String({ format: 'uuid' }) }),
  (ctx: ProductContext, data) => buildReportJob(ctx, data),
  {
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 120,
  },
);
