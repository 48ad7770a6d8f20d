// Builds a session's report from what it recorded (per-user aggregates and nudges). Pure: the job feeds it rows.
import type { NudgeRow, SessionRow, SessionStatsRow } from '../db.js';

export interface ParticipantStats {
  user_id: string;
  frames: number;
  speaking_frames: number;
  /** This participant's share of all speaking frames, 0..1 (0 when nobody spoke). */
  talk_share: number;
  avg_speaking_rate: number;
  avg_overlap_ratio: number;
  max_speaking_rate: number;
  max_overlap_ratio: number;
  nudges: { SLOW_DOWN: number; PAUSE: number };
}

export interface ReportStats {
  duration_seconds: number;
  frames: number;
  nudges: { SLOW_DOWN: number; PAUSE: number; total: number };
  participants: ParticipantStats[];
}

export interface Moment {
  type: string;
  intensity: number;
  at: string;
  user_id: string;
  timestamp_ms: number | null;
}

export interface BuiltReport {
  stats: ReportStats;
  moments: Moment[];
  action_items: string[];
  /** The summary used when the AI port fails or answers nonsense. */
  fallback_summary: string;
}

const MAX_MOMENTS = 10;
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

export function buildReport(
  session: Pick<SessionRow, 'createdAt' | 'finalizedAt'>,
  participantIds: string[],
  rows: SessionStatsRow[],
  nudgeRows: NudgeRow[],
): BuiltReport {
  const byUser = new Map(rows.map((r) => [r.userId, r]));
  const ids = [...participantIds, ...rows.map((r) => r.userId).filter((u) => !participantIds.includes(u))];
  const speakingTotal = rows.reduce((a, r) => a + r.speakingFrames, 0);
  const participants: ParticipantStats[] = ids.map((id) => {
    const r = byUser.get(id);
    const frames = r?.frames ?? 0;
    const count = (type: string) => nudgeRows.filter((n) => n.userId === id && n.nudgeType === type).length;
    return {
      user_id: id,
      frames,
      speaking_frames: r?.speakingFrames ?? 0,
      talk_share: speakingTotal > 0 ? round((r?.speakingFrames ?? 0) / speakingTotal) : 0,
      avg_speaking_rate: frames > 0 ? round(r!.speakingRateSum / frames) : 0,
      avg_overlap_ratio: frames > 0 ? round(r!.overlapRatioSum / frames) : 0,
      max_speaking_rate: r?.maxSpeakingRate ?? 0,
      max_overlap_ratio: r?.maxOverlapRatio ?? 0,
      nudges: { SLOW_DOWN: count('SLOW_DOWN'), PAUSE: count('PAUSE') },
    };
  });
  const slow = nudgeRows.filter((n) => n.nudgeType === 'SLOW_DOWN').length;
  const pause = nudgeRows.filter((n) => n.nudgeType === 'PAUSE').length;
  const end =
    session.finalizedAt ?? rows.reduce<Date | null>((a, r) => (r.lastFrameAt && (!a || r.lastFrameAt > a) ? r.lastFrameAt : a), null) ?? session.createdAt;
  const stats: ReportStats = {
    duration_seconds: Math.max(0, Math.round((end.getTime() - session.createdAt.getTime()) / 1000)),
    frames: rows.reduce((a, r) => a + r.frames, 0),
    nudges: { SLOW_DOWN: slow, PAUSE: pause, total: slow + pause },
    participants,
  };

  // The strongest nudges, shown in the order they happened.
  const chrono = (a: NudgeRow, b: NudgeRow) => a.createdAt.getTime() - b.createdAt.getTime() || (a.frameTimestampMs ?? 0) - (b.frameTimestampMs ?? 0);
  const moments = [...nudgeRows]
    .sort((a, b) => b.intensity - a.intensity || chrono(a, b))
    .slice(0, MAX_MOMENTS)
    .sort(chrono)
    .map((n) => ({ type: n.nudgeType, intensity: n.intensity, at: n.createdAt.toISOString(), user_id: n.userId, timestamp_ms: n.frameTimestampMs }));

  return { stats, moments, action_items: actionItems(stats), fallback_summary: fallbackSummary(stats) };
}

export function actionItems(s: ReportStats): string[] {
  const items: string[] = [];
  if (s.frames === 0) return ['No live data was recorded: keep the app open and the microphone on during your next session.'];
  if (s.nudges.SLOW_DOWN > 0) items.push('Slow your pace: leave a breath between thoughts, especially when the topic matters to you.');
  if (s.nudges.PAUSE > 0) items.push('Let each other finish: wait two seconds after your partner stops before you answer.');
  const speakers = s.participants.filter((p) => p.speaking_frames > 0);
  const top = [...s.participants].sort((a, b) => b.talk_share - a.talk_share)[0];
  if (s.participants.length >= 2 && top && top.talk_share > 0.65)
    items.push('Balance the conversation: let the quieter partner open the next topic and ask a follow-up question.');
  else if (s.participants.length >= 2 && speakers.length < 2) items.push('Invite everyone in: ask an open question so each of you gets a turn to speak.');
  if (items.length === 0) items.push('Good pacing and turn-taking: keep the same rhythm in your next conversation.');
  return items;
}

export function fallbackSummary(s: ReportStats): string {
  if (s.frames === 0) return 'This session ended before any live data was recorded.';
  const minutes = Math.max(1, Math.round(s.duration_seconds / 60));
  const shares = s.participants.map((p) => `${Math.round(p.talk_share * 100)}%`).join(' / ');
  const nudges =
    s.nudges.total === 0
      ? 'no nudges were needed'
      : `${s.nudges.total} nudge${s.nudges.total === 1 ? '' : 's'} (${s.nudges.SLOW_DOWN} to slow down, ${s.nudges.PAUSE} to pause)`;
  return `About ${minutes} minute${minutes === 1 ? '' : 's'} of conversation; talk balance ${shares}; ${nudges}.`;
}
