// Coaching sessions, their participants, recorded stats and nudges, reports: the only SQL of the coaching slice.
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { prepared } from '../../../core/db/prepared.js';
import { grantsLive } from '../consent/consent-rules.js';
import {
  consents,
  nudges,
  relationshipMembers,
  relationships,
  reports,
  sessionParticipants,
  sessions,
  sessionStats,
  type NudgeRow,
  type ReportRow,
  type SessionRow,
  type SessionStatsRow,
} from '../db.js';

/** Of `userIds`, the accepted members of the relationship (a member who has not accepted cannot take part). */
export async function memberIds(dz: Dz, relationshipId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await dz
    .select({ id: relationshipMembers.userId })
    .from(relationshipMembers)
    .where(
      and(
        eq(relationshipMembers.relationshipId, relationshipId),
        inArray(relationshipMembers.userId, userIds),
        eq(relationshipMembers.memberStatus, 'ACCEPTED'),
      ),
    );
  return rows.map((r) => r.id);
}

export async function insertSession(dz: Dz, s: { relationshipId: string; createdBy: string; participants: string[]; at: Date }): Promise<SessionRow> {
  const row = (await dz.insert(sessions).values({ relationshipId: s.relationshipId, createdBy: s.createdBy, createdAt: s.at }).returning())[0]!;
  await dz.insert(sessionParticipants).values(s.participants.map((userId) => ({ sessionId: row.id, userId, joinedAt: s.at })));
  return row;
}

export async function findSession(dz: Dz, id: string): Promise<SessionRow | undefined> {
  const q = prepared(dz, 'pi_find_session', (d) =>
    d
      .select()
      .from(sessions)
      .where(eq(sessions.id, sql.placeholder('id')))
      .limit(1)
      .prepare('pi_find_session'),
  );
  return (await q.execute({ id }))[0];
}

/** Participants, the creator first and then by id (the order of every participant list the API shows). */
export async function participantsOf(dz: Dz, sessionIds: string[]): Promise<{ sessionId: string; userId: string }[]> {
  if (sessionIds.length === 0) return [];
  return dz
    .select({ sessionId: sessionParticipants.sessionId, userId: sessionParticipants.userId })
    .from(sessionParticipants)
    .innerJoin(sessions, eq(sessions.id, sessionParticipants.sessionId))
    .where(inArray(sessionParticipants.sessionId, sessionIds))
    .orderBy(sql`(${sessionParticipants.userId} = ${sessions.createdBy}) desc`, sessionParticipants.userId);
}

/** Marks an active session finalized; undefined when it already was (a concurrent finalize won). */
export async function markFinalized(dz: Dz, id: string, at: Date): Promise<SessionRow | undefined> {
  return (
    await dz
      .update(sessions)
      .set({ status: 'FINALIZED', finalizedAt: at })
      .where(and(eq(sessions.id, id), eq(sessions.status, 'ACTIVE')))
      .returning()
  )[0];
}

export async function insertPendingReport(dz: Dz, sessionId: string, at: Date): Promise<void> {
  await dz.insert(reports).values({ sessionId, status: 'pending', createdAt: at }).onConflictDoNothing();
}

export async function findReport(dz: Dz, sessionId: string): Promise<ReportRow | undefined> {
  return (await dz.select().from(reports).where(eq(reports.sessionId, sessionId)).limit(1))[0];
}

/** Stores the built report once; a repeated job run finds it ready and changes nothing. */
export async function completeReport(
  dz: Dz,
  sessionId: string,
  r: { summary: string; moments: Record<string, unknown>[]; actionItems: string[]; stats: Record<string, unknown>; completedAt: Date },
): Promise<boolean> {
  const rows = await dz
    .update(reports)
    .set({ status: 'ready', summary: r.summary, moments: r.moments, actionItems: r.actionItems, stats: r.stats, completedAt: r.completedAt })
    .where(and(eq(reports.sessionId, sessionId), eq(reports.status, 'pending')))
    .returning({ id: reports.sessionId });
  return rows.length > 0;
}

export interface StatsDelta {
  sessionId: string;
  userId: string;
  frames: number;
  speakingFrames: number;
  speakingRateSum: number;
  overlapRatioSum: number;
  maxSpeakingRate: number;
  maxOverlapRatio: number;
  overSpeakingRate: number;
  overOverlap: number;
  firstFrameAt: Date;
  lastFrameAt: Date;
}

/**
 * One additive UPSERT for a whole batch of per-(session, user) aggregates. The batch travels as one JSON parameter:
 * a thousand live sockets make a thousand rows a second, and building 12 000 placeholders blocked the event loop
 * for tens of milliseconds (nudge latency p99 72 ms at 1000 sockets, see bench/).
 */
export async function addStats(dz: Dz, deltas: StatsDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const rows = JSON.stringify(
    deltas.map((d) => [
      d.sessionId,
      d.userId,
      d.frames,
      d.speakingFrames,
      d.speakingRateSum,
      d.overlapRatioSum,
      d.maxSpeakingRate,
      d.maxOverlapRatio,
      d.overSpeakingRate,
      d.overOverlap,
      d.firstFrameAt.toISOString(),
      d.lastFrameAt.toISOString(),
    ]),
  );
  await dz.execute(sql`
    INSERT INTO project_inside.session_stats AS s
      (session_id, user_id, frames, speaking_frames, speaking_rate_sum, overlap_ratio_sum, max_speaking_rate, max_overlap_ratio, over_speaking_rate, over_overlap, first_frame_at, last_frame_at)
    SELECT (r->>0)::uuid, (r->>1)::uuid, (r->>2)::int, (r->>3)::int, (r->>4)::float8, (r->>5)::float8, (r->>6)::float8, (r->>7)::float8,
           (r->>8)::int, (r->>9)::int, (r->>10)::timestamptz, (r->>11)::timestamptz
      FROM jsonb_array_elements(${rows}::jsonb) AS r
    ON CONFLICT (session_id, user_id) DO UPDATE SET
      frames = s.frames + excluded.frames,
      speaking_frames = s.speaking_frames + excluded.speaking_frames,
      speaking_rate_sum = s.speaking_rate_sum + excluded.speaking_rate_sum,
      overlap_ratio_sum = s.overlap_ratio_sum + excluded.overlap_ratio_sum,
      over_speaking_rate = s.over_speaking_rate + excluded.over_speaking_rate,
      over_overlap = s.over_overlap + excluded.over_overlap,
      max_speaking_rate = greatest(s.max_speaking_rate, excluded.max_speaking_rate),
      max_overlap_ratio = greatest(s.max_overlap_ratio, excluded.max_overlap_ratio),
      first_frame_at = least(s.first_frame_at, excluded.first_frame_at),
      last_frame_at = greatest(s.last_frame_at, excluded.last_frame_at)`);
}

export type NudgeInsert = Omit<NudgeRow, 'id'>;

export async function insertNudges(dz: Dz, rows: NudgeInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await dz.insert(nudges).values(rows);
}

/** Of these sessions, the ones that still exist (a batch for a deleted session must not fail the others). */
export async function existingSessions(dz: Dz, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await dz.select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, ids))).map((r) => r.id);
}

/**
 * Which of these sessions are finalized or belong to an ended relationship (the watcher of live sockets, in case a
 * pub/sub signal was lost).
 */
export async function endedAmong(
  dz: Dz,
  ids: string[],
): Promise<{ id: string; finalizedAt: Date | null; relationshipId: string; relationshipEnded: boolean }[]> {
  if (ids.length === 0) return [];
  return dz
    .select({
      id: sessions.id,
      finalizedAt: sessions.finalizedAt,
      relationshipId: sessions.relationshipId,
      relationshipEnded: sql<boolean>`${relationships.status} <> 'ACTIVE'`,
    })
    .from(sessions)
    .innerJoin(relationships, eq(relationships.id, sessions.relationshipId))
    .where(and(inArray(sessions.id, ids), or(sql`${sessions.status} <> 'ACTIVE'`, sql`${relationships.status} <> 'ACTIVE'`)));
}

/** Of these (relationship, member) pairs, the ones still accepted members of their relationship, as "rid:uid" keys. */
export async function acceptedMembers(dz: Dz, pairs: { relationshipId: string; userId: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await dz
    .select({ relationshipId: relationshipMembers.relationshipId, userId: relationshipMembers.userId })
    .from(relationshipMembers)
    .where(
      and(
        inArray(relationshipMembers.relationshipId, [...new Set(pairs.map((p) => p.relationshipId))]),
        inArray(relationshipMembers.userId, [...new Set(pairs.map((p) => p.userId))]),
        eq(relationshipMembers.memberStatus, 'ACCEPTED'),
      ),
    );
  return new Set(rows.map((m) => `${m.relationshipId}:${m.userId}`));
}

/** Of these (relationship, member) pairs, the ones whose consent grants live features, as "rid:uid" keys. */
export async function liveConsents(dz: Dz, pairs: { relationshipId: string; userId: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await dz
    .select({ relationshipId: consents.relationshipId, userId: consents.userId, scopes: consents.scopes, status: consents.status })
    .from(consents)
    .where(
      and(
        inArray(consents.relationshipId, [...new Set(pairs.map((p) => p.relationshipId))]),
        inArray(consents.userId, [...new Set(pairs.map((p) => p.userId))]),
      ),
    );
  return new Set(rows.filter((c) => grantsLive(c)).map((c) => `${c.relationshipId}:${c.userId}`));
}

/** One member's consent in one relationship. */
export async function consentOf(dz: Dz, relationshipId: string, userId: string): Promise<{ scopes: string[]; status: string } | undefined> {
  const rows = await dz
    .select({ scopes: consents.scopes, status: consents.status })
    .from(consents)
    .where(and(eq(consents.relationshipId, relationshipId), eq(consents.userId, userId)))
    .limit(1);
  return rows[0];
}

export async function statsOf(dz: Dz, sessionIds: string[]): Promise<SessionStatsRow[]> {
  if (sessionIds.length === 0) return [];
  return dz.select().from(sessionStats).where(inArray(sessionStats.sessionId, sessionIds));
}

export async function nudgesOf(dz: Dz, sessionId: string): Promise<NudgeRow[]> {
  return dz.select().from(nudges).where(eq(nudges.sessionId, sessionId)).orderBy(nudges.createdAt, nudges.id);
}

/** Nudge counts by type per session. */
export async function nudgeCounts(dz: Dz, sessionIds: string[]): Promise<{ sessionId: string; userId: string; nudgeType: string; n: number }[]> {
  if (sessionIds.length === 0) return [];
  return dz
    .select({ sessionId: nudges.sessionId, userId: nudges.userId, nudgeType: nudges.nudgeType, n: sql<number>`count(*)::int` })
    .from(nudges)
    .where(inArray(nudges.sessionId, sessionIds))
    .groupBy(nudges.sessionId, nudges.userId, nudges.nudgeType);
}

export interface HistoryRow {
  session: SessionRow;
  reportStatus: string | null;
}

/** Sessions the user took part in, newest first. */
export async function historyOf(dz: Dz, userId: string, limit: number, offset: number): Promise<HistoryRow[]> {
  return dz
    .select({ session: sessions, reportStatus: reports.status })
    .from(sessionParticipants)
    .innerJoin(sessions, eq(sessions.id, sessionParticipants.sessionId))
    .leftJoin(reports, eq(reports.sessionId, sessions.id))
    .where(eq(sessionParticipants.userId, userId))
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(limit)
    .offset(offset);
}

/** The relationship's latest sessions (any status), newest first. */
export async function recentSessionIds(dz: Dz, relationshipId: string, limit: number): Promise<string[]> {
  const rows = await dz
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.relationshipId, relationshipId))
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function consentsOf(dz: Dz, relationshipId: string): Promise<{ userId: string; scopes: string[]; status: string }[]> {
  return dz
    .select({ userId: consents.userId, scopes: consents.scopes, status: consents.status })
    .from(consents)
    .where(eq(consents.relationshipId, relationshipId));
}

/** Accepted members of the relationship. */
export async function relationshipMemberIds(dz: Dz, relationshipId: string): Promise<string[]> {
  const rows = await dz
    .select({ id: relationshipMembers.userId })
    .from(relationshipMembers)
    .where(and(eq(relationshipMembers.relationshipId, relationshipId), eq(relationshipMembers.memberStatus, 'ACCEPTED')));
  return rows.map((r) => r.id);
}

/** Consents of these members in the relationship (the report job: whose stats may appear). */
export async function consentsOfMembers(dz: Dz, relationshipId: string, userIds: string[]): Promise<{ userId: string; scopes: string[]; status: string }[]> {
  if (userIds.length === 0) return [];
  return dz
    .select({ userId: consents.userId, scopes: consents.scopes, status: consents.status })
    .from(consents)
    .where(and(eq(consents.relationshipId, relationshipId), inArray(consents.userId, userIds)));
}
