// What live sockets saw, kept in memory per (session, user) and written in batches: no database work per frame.
// Flushed every `intervalMs`, when a socket closes, when its session is finalized and at shutdown.
import type { Logger } from 'pino';
import type { FeatureFrame, Nudge } from './coach-engine.js';
import type { NudgeInsert, StatsDelta } from './sessions.repo.js';

export interface RecorderStore {
  /** Writes one batch (stats upsert + nudge inserts); throws when the database refuses it. */
  write(stats: StatsDelta[], nudges: NudgeInsert[]): Promise<void>;
  /** Of these session ids, the ones that still exist (used after a batch failed on a deleted session). */
  existing(sessionIds: string[]): Promise<string[]>;
}

/** Nudges kept for one failing database at most; beyond, the oldest are dropped (stats stay exact). */
const MAX_PENDING_NUDGES = 50_000;

export class FrameRecorder {
  private stats = new Map<string, StatsDelta>();
  private nudges: NudgeInsert[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private store: RecorderStore,
    private thresholds: { speakingRate: number; overlapRatio: number },
    private log: Logger,
    private intervalMs = 1000,
  ) {}

  /** Counts one valid frame. Synchronous and allocation-light: this is the per-frame hot path. */
  frame(sessionId: string, userId: string, f: FeatureFrame, at: Date): void {
    const key = `${sessionId}:${userId}`;
    let s = this.stats.get(key);
    if (!s) {
      s = {
        sessionId,
        userId,
        frames: 0,
        speakingFrames: 0,
        speakingRateSum: 0,
        overlapRatioSum: 0,
        maxSpeakingRate: 0,
        maxOverlapRatio: 0,
        overSpeakingRate: 0,
        overOverlap: 0,
        firstFrameAt: at,
        lastFrameAt: at,
      };
      this.stats.set(key, s);
    }
    s.frames++;
    if (f.speaking_rate > 0) s.speakingFrames++;
    s.speakingRateSum += f.speaking_rate;
    s.overlapRatioSum += f.overlap_ratio;
    if (f.speaking_rate > s.maxSpeakingRate) s.maxSpeakingRate = f.speaking_rate;
    if (f.overlap_ratio > s.maxOverlapRatio) s.maxOverlapRatio = f.overlap_ratio;
    if (f.speaking_rate > this.thresholds.speakingRate) s.overSpeakingRate++;
    if (f.overlap_ratio > this.thresholds.overlapRatio) s.overOverlap++;
    if (at < s.firstFrameAt) s.firstFrameAt = at;
    if (at > s.lastFrameAt) s.lastFrameAt = at;
    this.arm();
  }

  nudge(sessionId: string, userId: string, n: Nudge, f: FeatureFrame, at: Date): void {
    this.nudges.push({
      sessionId,
      userId,
      nudgeType: n.nudge_type,
      intensity: n.intensity,
      speakingRate: f.speaking_rate,
      overlapRatio: f.overlap_ratio,
      frameTimestampMs: f.timestamp_ms,
      createdAt: at,
    });
    if (this.nudges.length > MAX_PENDING_NUDGES) this.nudges.splice(0, this.nudges.length - MAX_PENDING_NUDGES);
    this.arm();
  }

  get pending(): number {
    return this.stats.size + this.nudges.length;
  }

  /** Writes everything recorded so far (or only one session's). Concurrent calls queue behind each other. */
  async flush(sessionId?: string): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    if (this.stats.size === 0 && this.nudges.length === 0) return;
    const run = this.write(sessionId).finally(() => {
      this.flushing = undefined;
    });
    this.flushing = run;
    await run;
  }

  /** Last flush at shutdown; afterwards frames are no longer accepted. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch((err: Error) => this.log.warn({ err: err.message }, 'coaching frames not saved at shutdown'));
  }

  private arm(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      if (this.pending === 0) {
        // Idle: no timer left running between sessions.
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      this.flush().catch(() => undefined);
    }, this.intervalMs);
    this.timer.unref();
  }

  private async write(sessionId?: string): Promise<void> {
    const stats: StatsDelta[] = [];
    for (const [k, s] of this.stats) {
      if (sessionId && s.sessionId !== sessionId) continue;
      stats.push(s);
      this.stats.delete(k);
    }
    let nudges: NudgeInsert[];
    if (sessionId) {
      nudges = this.nudges.filter((n) => n.sessionId === sessionId);
      this.nudges = this.nudges.filter((n) => n.sessionId !== sessionId);
    } else {
      nudges = this.nudges;
      this.nudges = [];
    }
    if (stats.length === 0 && nudges.length === 0) return;
    try {
      await this.store.write(stats, nudges);
    } catch (err) {
      // A session deleted meanwhile (its relationship or a user erased) fails the batch's foreign keys: drop only its rows.
      const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      if (code === '23503') {
        const live = new Set(await this.store.existing([...new Set([...stats, ...nudges].map((r) => r.sessionId))]).catch(() => null));
        if (live) {
          const keep = <T extends { sessionId: string }>(rows: T[]) => rows.filter((r) => live.has(r.sessionId));
          try {
            await this.store.write(keep(stats), keep(nudges));
            return;
          } catch {
            /* fall through: keep it for the next flush */
          }
        }
      }
      this.log.warn({ err: (err as Error).message, stats: stats.length, nudges: nudges.length }, 'coaching frames not saved yet; retrying');
      for (const s of stats) this.merge(s);
      this.nudges = [...nudges, ...this.nudges].slice(-MAX_PENDING_NUDGES);
      this.arm();
      throw err;
    }
  }

  private merge(s: StatsDelta): void {
    const key = `${s.sessionId}:${s.userId}`;
    const cur = this.stats.get(key);
    if (!cur) {
      this.stats.set(key, s);
      return;
    }
    cur.frames += s.frames;
    cur.speakingFrames += s.speakingFrames;
    cur.speakingRateSum += s.speakingRateSum;
    cur.overlapRatioSum += s.overlapRatioSum;
    cur.overSpeakingRate += s.overSpeakingRate;
    cur.overOverlap += s.overOverlap;
    cur.maxSpeakingRate = Math.max(cur.maxSpeakingRate, s.maxSpeakingRate);
    cur.maxOverlapRatio = Math.max(cur.maxOverlapRatio, s.maxOverlapRatio);
    if (s.firstFrameAt < cur.firstFrameAt) cur.firstFrameAt = s.firstFrameAt;
    if (s.lastFrameAt > cur.lastFrameAt) cur.lastFrameAt = s.lastFrameAt;
  }
}
