// Coaching sessions: create, finalize (report job), report, history, socket access, activity suggestions.
import { AppError, forbidden, notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import { requireMember } from '../relationships/access.js';
import { suggestActivities, type SessionSignals } from './activities.js';
import { aiSuggestions } from './coach-ai.js';
import { REPORT_DELAY_S, sessionReport } from './session-report.job.js';
import type { Finalized, HistoryItem, Report, Session, SessionCreate, Suggestions } from './coach.schemas.js';
import type { SessionRow } from '../db.js';
import { isActiveMember } from '../relationships/relationships.repo.js';
import * as repo from './sessions.repo.js';
import { announceSessionEnded, existingSessionLive } from './session-live.js';
import { grantsLive, grantsReport } from '../consent/consent-rules.js';
import { iso } from '../../../core/iso.js';

function presentSession(s: SessionRow, participants: string[]): Session {
  return { id: s.id, relationship_id: s.relationshipId, status: s.status, participants, created_by: s.createdBy, created_at: s.createdAt.toISOString() };
}

export async function createSession(ctx: ProductContext, userId: string, input: SessionCreate): Promise<Session> {
  const dz = ctx.db.dz;
  await requireMember(dz, userId, input.relationship_id);
  // The creator first, then by id: the same order every later read shows.
  const participants = [userId, ...input.participants.filter((id) => id !== userId).sort()];
  const members = new Set(await repo.memberIds(dz, input.relationship_id, participants));
  // Only accepted members take part: someone added who has not accepted yet is not a member here.
  const outsider = participants.find((id) => !members.has(id));
  if (outsider) throw forbidden(`Participant ${outsider} is not a member of this relationship`, 'participant_not_member');
  const row = await ctx.db.transaction((tx) =>
    repo.insertSession(tx.dz, { relationshipId: input.relationship_id, createdBy: userId, participants, at: new Date(ctx.now()) }),
  );
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
  await existingSessionLive(ctx)
    ?.recorder.flush(sid)
    .catch((err: Error) => ctx.log.warn({ err: err.message, sid }, 'frames not flushed before finalize'));
  const at = new Date(ctx.now());
  const updated = await ctx.db.transaction(async (tx) => {
    const row = await repo.markFinalized(tx.dz, sid, at);
    if (!row) return undefined; // a concurrent finalize won and enqueued the job
    await repo.insertPendingReport(tx.dz, sid, at);
    await sessionReport.enqueue(ctx, { sessionId: sid }, { tx, startAfterSeconds: REPORT_DELAY_S });
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

export async function history(ctx: ProductContext, userId: string, limit: number, offset: number): Promise<HistoryItem[]> {
  const rows = await repo.historyOf(ctx.db.dz, userId, limit, offset);
  const parts = await repo.participantsOf(
    ctx.db.dz,
    rows.map((r) => r.session.id),
  );
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
export async function socketAccess(
  ctx: ProductContext,
  userId: string,
  sid: string,
): Promise<{ participants: string[]; relationshipId: string; live: boolean }> {
  const { session, participants } = await requireParticipant(ctx, userId, sid);
  if (!(await isActiveMember(ctx.db.dz, session.relationshipId, userId))) throw forbidden('You are not a member of this relationship', 'not_a_member');
  if (session.status !== 'ACTIVE') throw new AppError('session_finalized', 403, 'This session has been finalized');
  const live = grantsLive(await repo.consentOf(ctx.db.dz, session.relationshipId, userId));
  return { participants, relationshipId: session.relationshipId, live };
}

/** Whether every accepted member shares their session summaries (SUMMARY_SHARED): only then do sessions shape suggestions. */
function sessionDataAllowed(members: string[], consents: { userId: string; scopes: string[]; status: string }[]): boolean {
  return members.every((m) => grantsReport(consents.find((x) => x.userId === m)));
}

export async function suggestions(ctx: ProductContext, userId: string, rid: string, debug = false): Promise<Suggestions> {
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
  const { picked, source } = await aiSuggestions(ctx, { relationshipType: rel.type, signals, rules: suggestActivities(signals) });
  // A bare array, as the app reads it; `explanation` is the reason in the app's word.
  return picked.map((s) => ({ ...s, explanation: s.reason, ...(debug ? { debug_source: source } : {}) }));
}
