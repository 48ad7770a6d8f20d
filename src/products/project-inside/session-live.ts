// Per-process state of the live coaching sockets: who is connected here, the frame recorder, the nudge limiter,
// and the "session ended" signal that reaches every instance. One per product context (both path families share it).
import type { WebSocket } from 'ws';
import type { ProductContext } from '../../core/product.js';
import { FrameRecorder } from './frame-recorder.js';
import { createNudgeLimiter, type NudgeLimiter } from './nudge-limiter.js';
import { coachSettings, type CoachSettings } from './settings.js';
import * as repo from './sessions.repo.js';

export interface LiveConnection {
  socket: WebSocket;
  sessionId: string;
  userId: string;
  /** Set once the session is finalized: later frames are answered with an error, not recorded. */
  ended: boolean;
}

export interface SessionEndedSignal {
  sid: string;
  finalized_at: string;
}

const ENDED_CHANNEL = 'project-inside:coach:session-ended';
/** How often an instance with live sockets re-reads which of their sessions ended (Redis pub/sub is best-effort). */
const WATCH_MS = 2000;

/** Tells every instance (this one included) that the session ended: its sockets get server.session_ended and close. */
export function announceSessionEnded(ctx: ProductContext, signal: SessionEndedSignal): void {
  ctx.bus.publish(ENDED_CHANNEL, signal);
}

export class SessionLive {
  readonly settings: CoachSettings;
  readonly recorder: FrameRecorder;
  readonly limiter: NudgeLimiter;
  private bySession = new Map<string, Set<LiveConnection>>();
  private unsubscribe: () => void;
  private closed = false;
  private watcher: NodeJS.Timeout | undefined;
  private watching = false;

  constructor(ctx: ProductContext) {
    this.settings = coachSettings(ctx);
    const db = ctx.db;
    this.recorder = new FrameRecorder(
      {
        write: (stats, nudges) =>
          db.transaction(async (tx) => {
            await repo.addStats(tx.dz, stats);
            await repo.insertNudges(tx.dz, nudges);
          }),
        existing: (ids) => repo.existingSessions(db.dz, ids),
      },
      { speakingRate: this.settings.speakingRateThreshold, overlapRatio: this.settings.overlapRatioThreshold },
      ctx.log,
    );
    this.limiter = createNudgeLimiter(this.settings.nudgeRateLimitMs, ctx.redis);
    this.unsubscribe = ctx.bus.subscribe(ENDED_CHANNEL, (p) => this.onEnded(p as SessionEndedSignal));
    this.watch = () => {
      if (this.watching || this.bySession.size === 0) return;
      this.watching = true;
      repo
        .finalizedAmong(db.dz, [...this.bySession.keys()])
        .then((rows) => {
          for (const r of rows) this.onEnded({ sid: r.id, finalized_at: (r.finalizedAt ?? new Date(ctx.now())).toISOString() });
        })
        .catch(() => undefined)
        .finally(() => (this.watching = false));
    };
  }

  /**
   * The finalize signal travels over the bus; when Redis drops it (down, paused after a timeout) this instance
   * still learns from the database within WATCH_MS, while it has sockets at all.
   */
  private watch: () => void;

  add(c: LiveConnection): void {
    let set = this.bySession.get(c.sessionId);
    if (!set) this.bySession.set(c.sessionId, (set = new Set()));
    set.add(c);
    if (!this.watcher && !this.closed) {
      this.watcher = setInterval(() => this.watch(), WATCH_MS);
      this.watcher.unref();
    }
  }

  remove(c: LiveConnection): void {
    const set = this.bySession.get(c.sessionId);
    if (!set) return;
    set.delete(c);
    if (set.size === 0) this.bySession.delete(c.sessionId);
    if (this.bySession.size === 0 && this.watcher) {
      clearInterval(this.watcher);
      this.watcher = undefined;
    }
  }

  private onEnded(signal: SessionEndedSignal): void {
    if (!signal || typeof signal.sid !== 'string') return;
    const conns = this.bySession.get(signal.sid);
    if (conns && [...conns].every((c) => c.ended)) return; // already told (signal and watcher both fired)
    // Whatever this instance still holds for the session goes to the database before the report job reads it.
    this.recorder.flush(signal.sid).catch(() => undefined);
    if (!conns) return;
    const text = JSON.stringify({ type: 'server.session_ended', sid: signal.sid, payload: { sid: signal.sid, status: 'FINALIZED', finalized_at: signal.finalized_at } });
    for (const c of conns) {
      c.ended = true;
      if (c.socket.readyState === 1) {
        c.socket.send(text);
        c.socket.close(1000, 'session finalized');
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.watcher) clearInterval(this.watcher);
    this.unsubscribe();
    await this.recorder.close();
  }
}

const lives = new WeakMap<ProductContext, SessionLive>();

export function sessionLive(ctx: ProductContext): SessionLive {
  let l = lives.get(ctx);
  if (!l) lives.set(ctx, (l = new SessionLive(ctx)));
  return l;
}

/** The live state if this process has any (a worker process never creates it). */
export function existingSessionLive(ctx: ProductContext): SessionLive | undefined {
  return lives.get(ctx);
}
