// Coaching sessions: create, finalize (report job), report, history, socket access, activity suggestions.
import { AppError, forbidden, notFound } from '../../core/http/errors.js';
import type { ProductContext } from '../../core/product.js';
import { requireMember } from './access.js';
import { cleanSuggestions, suggestActivities, type SessionSignals } from './activities.js';
import type { Finalized, HistoryItem, Report, Session, SessionCreate, Suggestions } from './coach.schemas.js';
import type { SessionRow } from './db.js';
import { isActiveMember } from './relationships.repo.js';
import { buildReport } from './report.js';
import * as repo from './sessions.repo.js';
import { announceSessionEnded, existingSessionLive } from './session-live.js';
import { CONSENT_GRANTED } from './consent.schemas.js';

export const SESSION_REPORT = 'session-report';
/**
 * The report job starts this long after finalize: other instances flush their recorded frames every second and
 * on the "session ended" signal, so by then everything a socket saw is in the database.
 */
export const REPORT_DELAY_S = 3;

/** Consent scopes that allow using a relationship's session data for suggestions. */
export const SESSION_DATA_SCOPES = ['activity_suggestions', 'session_reports'];

/** Defines the session jobs (report generation). Called once from the product's setup. */
export function setupSessions(ctx: ProductContext): void {
  ctx.jobs.define(ctx.jobName(SESSION_REPORT), (data: { sessionId: string }) => buildReportJob(ctx, data), {
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 120,
  });
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentSession(s: SessionRow, participants: string[]): Session {
  return { id: s.id, relationship_id: s.relationshipId, status: s.status, participants, created_by: s.createdBy, created_at: s.createdAt.toISOString() };
}

export async function createSession(ctx: ProductContext, userId: string, input: SessionCreate): Promise<Session> {
  const dz = ctx.db.dz;
  await requireMember(dz, userId, input.relationship_id);
  // The creator first, then by id: the same order every later read shows.
  const participants = [userId, ...input.participants.filter((id) => id !== userId).sort()];
  const members = new Set(await repo.memberIds(dz, input.relationship_id, participants));
  const outsider = participants.find((id) => !members.has(id));
  if (outsider) throw forbidden(`Participant ${outsider} is not a member of this relationship`, 'participant_not_member');
  const row = await ctx.db.transaction((tx) => repo.insertSession(tx.dz, { relationshipId: input.relationship_id, createdBy: userId, participants }));
  return presentSession(row, participants);
}

/** The session, if the user takes part in it; a stranger and a non-participant member learn nothing more than 404/403. */
async function requireParticipant(ctx: ProductContext, userId: string, sid: string): Promise<{ session: SessionRow; participants: string[] }> {
  const session = await repo.findSession(ctx.db.dz, sid);
  if (!session) throw notFound('Session not found', 'session_not_found');
  const participants = (await repo.participantsOf(ctx.db.dz, [sid])).map((p) => p.userId);
  if (!participants.includes(userId)) throw forbidden('You are not a participant of this session', 'not_a_participant');
  return { session, participants };
}

export async function finalizeSession(ctx: ProductContext, userId: string, rawSid: string): Promise<Finalized> {
  const { session } = await requireParticipant(ctx, userId, rawSid);
  const sid = session.id; // canonical (lower-case) form: the sockets' and the recorder's key
  if (session.status !== 'ACTIVE') return finalizedView(ctx, session);
  // What this instance recorded goes in before the report can be built.
  await existingSessionLive(ctx)?.recorder.flush(sid).catch((err: Error) => ctx.log.warn({ err: err.message, sid }, 'frames not flushed before finalize'));
  const at = new Date(ctx.now());
  const updated = await ctx.db.transaction(async (tx) => {
    const row = await repo.markFinalized(tx.dz, sid, at);
    if (!row) return undefined; // a concurrent finalize won and enqueued the job
    await repo.insertPendingReport(tx.dz, sid);
    await ctx.jobs.enqueue(ctx.jobName(SESSION_REPORT), { sessionId: sid }, { tx, startAfterSeconds: REPORT_DELAY_S });
    return row;
  });
  if (!updated) return finalizedView(ctx, (await repo.findSession(ctx.db.dz, sid)) ?? session);
  announceSessionEnded(ctx, { sid, finalized_at: at.toISOString() });
  return { id: sid, status: 'FINALIZED', finalized_at: at.toISOString(), report_status: 'pending' };
}

async function finalizedView(ctx: ProductContext, s: SessionRow): Promise<Finalized> {
  const report = await repo.findReport(ctx.db.dz, s.id);
  return { id: s.id, status: s.status, finalized_at: (s.finalizedAt ?? new Date(ctx.now())).toISOString(), report_status: report?.status ?? 'pending' };
}

/** Before finalize there is no report: 404. After: status "pending" until the job ran, then "ready". */
export async function getReport(ctx: ProductContext, userId: string, rawSid: string): Promise<Report> {
  const { session } = await requireParticipant(ctx, userId, rawSid);
  const sid = session.id;
  const r = session.status === 'FINALIZED' ? await repo.findReport(ctx.db.dz, sid) : undefined;
  if (!r) throw notFound('No report yet: the session has not been finalized', 'report_not_found');
  return {
    sid,
    status: r.status,
    summary: r.summary,
    moments: r.moments as Report['moments'],
    action_items: r.actionItems,
    stats: (r.stats as Report['stats']) ?? null,
  };
}

/** The report job: builds the report from the recorded stats and nudges. Runs again harmlessly. */
export async function buildReportJob(ctx: ProductContext, data: { sessionId: string }): Promise<void> {
  const dz = ctx.db.dz;
  if (typeof data?.sessionId !== 'string') return;
  const existing = await repo.findReport(dz, data.sessionId);
  const session = await repo.findSession(dz, data.sessionId);
  if (!existing || existing.status !== 'pending' || !session) return;
  const participants = (await repo.participantsOf(dz, [session.id])).map((p) => p.userId);
  const built = buildReport(session, participants, await repo.statsOf(dz, [session.id]), await repo.nudgesOf(dz, session.id));
  const summary = await aiSummary(ctx, built.stats, built.action_items, built.fallback_summary);
  await repo.completeReport(dz, session.id, {
    summary,
    moments: built.moments as unknown as Record<string, unknown>[],
    actionItems: built.action_items,
    stats: built.stats as unknown as Record<string, unknown>,
    completedAt: new Date(ctx.now()),
  });
}

async function aiSummary(ctx: ProductContext, stats: unknown, actionItems: string[], fallback: string): Promise<string> {
  try {
    const r = await ctx.ai.json<{ summary: unknown }>(
      'Summarise this coached conversation for both partners in two or three warm, non-judgemental sentences. ' +
        'Use the talk balance, pace and nudges. Answer as JSON {"summary": string}.',
      { stats, action_items: actionItems },
      { summary: fallback },
    );
    return typeof r?.summary === 'string' && r.summary.trim() ? r.summary.trim().slice(0, 2000) : fallback;
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message }, 'AI summary failed; using the rule-based one');
    return fallback;
  }
}

export async function history(ctx: ProductContext, userId: string, limit: number, offset: number): Promise<HistoryItem[]> {
  const rows = await repo.historyOf(ctx.db.dz, userId, limit, offset);
  const parts = await repo.participantsOf(ctx.db.dz, rows.map((r) => r.session.id));
  return rows.map(({ session: s, reportStatus }) => ({
    id: s.id,
    relationship_id: s.relationshipId,
    status: s.status,
    created_at: s.createdAt.toISOString(),
    finalized_at: iso(s.finalizedAt),
    participants: parts.filter((p) => p.sessionId === s.id).map((p) => p.userId),
    report_status: reportStatus,
  }));
}

/**
 * The socket handshake's check, done once per connection: unknown session 404; not a participant (or no longer a
 * member of its relationship) 403; finalized 403. Answers the participant list for session_state.
 */
export async function socketAccess(ctx: ProductContext, userId: string, sid: string): Promise<{ participants: string[] }> {
  const { session, participants } = await requireParticipant(ctx, userId, sid);
  if (!(await isActiveMember(ctx.db.dz, session.relationshipId, userId))) throw forbidden('You are not a member of this relationship', 'not_a_member');
  if (session.status !== 'ACTIVE') throw new AppError('session_finalized', 403, 'This session has been finalized');
  return { participants };
}

/** Whether every member allows using session data for suggestions (one granted scope of SESSION_DATA_SCOPES). */
function sessionDataAllowed(members: string[], consents: { userId: string; scopes: string[]; status: string }[]): boolean {
  return members.every((m) => {
    const c = consents.find((x) => x.userId === m);
    return !!c && c.status === CONSENT_GRANTED && Array.isArray(c.scopes) && c.scopes.some((s) => SESSION_DATA_SCOPES.includes(s));
  });
}

export async function suggestions(ctx: ProductContext, userId: string, rid: string): Promise<Suggestions> {
  const dz = ctx.db.dz;
  const rel = await requireMember(dz, userId, rid);
  const members = await repo.relationshipMemberIds(dz, rid);
  let signals: SessionSignals | undefined;
  if (sessionDataAllowed(members, await repo.consentsOf(dz, rid))) {
    const ids = await repo.recentSessionIds(dz, rid, 10);
    const stats = await repo.statsOf(dz, ids);
    const counts = await repo.nudgeCounts(dz, ids);
    const speaking = new Map<string, number>();
    for (const s of stats) speaking.set(s.userId, (speaking.get(s.userId) ?? 0) + s.speakingFrames);
    const totalSpeaking = [...speaking.values()].reduce((a, b) => a + b, 0);
    signals = {
      sessions: ids.length,
      frames: stats.reduce((a, s) => a + s.frames, 0),
      slowDown: counts.filter((c) => c.nudgeType === 'SLOW_DOWN').reduce((a, c) => a + c.n, 0),
      pause: counts.filter((c) => c.nudgeType === 'PAUSE').reduce((a, c) => a + c.n, 0),
      maxTalkShare: speaking.size >= 2 && totalSpeaking > 0 ? Math.max(...speaking.values()) / totalSpeaking : 0,
    };
  }
  const rules = suggestActivities(signals);
  let picked = rules;
  try {
    const answer = await ctx.ai.json(
      'Suggest 3 to 5 short activities for this relationship. Answer as JSON {"suggestions": [{"id", "title", "description", ' +
        '"category", "duration_minutes", "reason"}]}; the rule-based picks are a good default.',
      // No user ids or e-mails leave the process: only the relationship type and aggregate signals.
      { relationship_type: rel.type, signals: signals ?? null, rule_based: rules },
      { suggestions: rules },
    );
    picked = cleanSuggestions(answer) ?? rules;
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message }, 'AI suggestions failed; using the rule-based ones');
  }
  return { relationship_id: rid, suggestions: picked };
}
