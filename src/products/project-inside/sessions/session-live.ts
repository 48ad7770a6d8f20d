// Per-process state of the live coaching sockets: who is connected here, the frame recorder, the nudge limiter,
// and the "session ended" signal that reaches every instance. One per product context (both path families share it).
import type { WebSocket } from 'ws';
import type { ProductContext } from '../../../core/product.js';
import { FrameRecorder } from './frame-recorder.js';
import { createNudgeLimiter, type NudgeLimiter } from './nudge-limiter.js';
import { coachSettings, type CoachSettings } from '../shared/settings.js';
import * as repo from './sessions.repo.js';
import { grantsLive } from '../consent/consent-rules.js';

export interface LiveConnection {
  socket: WebSocket;
  sessionId: string;
  relationshipId: string;
  userId: string;
  /** Set once the session is finalized: later frames are answered with an error, not recorded. */
  ended: boolean;
  /** Whether this member's consent grants live features (frames recorded, nudges); kept current while open. */
  live: boolean;
}

export interface ConsentChangedSignal {
  relationshipId: string;
  userId: string;
  scopes: string[];
  status: string;
}

export interface SessionEndedSignal {
  sid: string;
  finalized_at: string;
}

const ENDED_CHANNEL = 'project-inside:coach:session-ended';
const RELATIONSHIP_ENDED_CHANNEL = 'project-inside:coach:relationship-ended';
const CONSENT_CHANNEL = 'project-inside:coach:consent-changed';
/** WebSocket close code for "your access ended" (the relationship is over). */
export const POLICY_VIOLATION = 1008;
/** How often an instance with live sockets re-reads which of their sessions ended (Redis pub/sub is best-effort). */
const WATCH_MS = 2000;

/** Tells every instance (this one included) that the session ended: its sockets get server.session_ended and close. */
export function announceSessionEnded(ctx: ProductContext, signal: SessionEndedSignal): void {
  ctx.bus.publish(ENDED_CHANNEL, signal);
}

/** Tells every instance that a relationship ended: the sockets of its sessions are closed (1008). */
export function announceRelationshipEnded(ctx: ProductContext, relationshipId: string): void {
  ctx.bus.publish(RELATIONSHIP_ENDED_CHANNEL, { relationshipId });
}

/** Tells every instance that a member's consent changed: their open session sockets follow it at once. */
export function publishConsentChanged(ctx: ProductContext, signal: ConsentChangedSignal): void {
  ctx.bus.publish(CONSENT_CHANNEL, signal);
}

export class SessionLive {
  readonly settings: CoachSettings;
  readonly recorder: FrameRecorder;
  readonly limiter: NudgeLimiter;
  private bySession = new Map<string, Set<LiveConnection>>();
  private unsubscribe: () => void;
  private unsubscribeRelationships: () => void;
  private unsubscribeConsent: () => void;
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
    this.unsubscribeRelationships = ctx.bus.subscribe(RELATIONSHIP_ENDED_CHANNEL, (p) =>
      this.onRelationshipEnded((p as { relationshipId?: unknown })?.relationshipId),
    );
    this.unsubscribeConsent = ctx.bus.subscribe(CONSENT_CHANNEL, (p) => this.onConsent(p as ConsentChangedSignal));
    this.watch = () => {
      if (this.watching || this.bySession.size === 0) return;
      this.watching = true;
      const conns = [...this.bySession.values()].flatMap((set) => [...set]);
      const pairs = conns.map((c) => ({ relationshipId: c.relationshipId, userId: c.userId }));
      Promise.all([
        repo.endedAmong(db.dz, [...this.bySession.keys()]).then((rows) => {
          for (const r of rows) {
            if (r.relationshipEnded) this.onRelationshipEnded(r.relationshipId);
            else this.onEnded({ sid: r.id, finalized_at: (r.finalizedAt ?? new Date(ctx.now())).toISOString() });
          }
        }),
        repo.liveConsents(db.dz, pairs).then((granted) => {
          for (const c of conns) c.live = granted.has(`${c.relationshipId}:${c.userId}`);
        }),
        // A member who left the relationship (their membership gone: account erased on another instance whose signal
        // was lost, or any future way out) hears nothing more of it.
        repo.acceptedMembers(db.dz, pairs).then((members) => {
          for (const c of conns) if (!members.has(`${c.relationshipId}:${c.userId}`)) this.onAccessLost(c, 'no longer a member');
        }),
      ])
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

  private onConsent(signal: ConsentChangedSignal): void {
    if (!signal || typeof signal.relationshipId !== 'string' || typeof signal.userId !== 'string') return;
    const live = grantsLive(signal);
    for (const set of this.bySession.values()) {
      for (const c of set) if (c.relationshipId === signal.relationshipId && c.userId === signal.userId) c.live = live;
    }
  }

  /** The relationship is over: its session sockets close with 1008 (what they recorded is kept). */
  private onRelationshipEnded(relationshipId: unknown): void {
    if (typeof relationshipId !== 'string') return;
    for (const [sid, set] of this.bySession) {
      const conns = [...set].filter((c) => c.relationshipId === relationshipId);
      if (conns.length === 0) continue;
      this.recorder.flush(sid).catch(() => undefined);
      for (const c of conns) {
        c.ended = true;
        if (c.socket.readyState === 1) c.socket.close(POLICY_VIOLATION, 'relationship ended');
      }
    }
  }

  /** This member may no longer be in the session: their socket closes with 1008 (what it recorded is kept). */
  private onAccessLost(c: LiveConnection, reason: string): void {
    if (c.ended) return;
    c.ended = true;
    this.recorder.flush(c.sessionId).catch(() => undefined);
    if (c.socket.readyState === 1) c.socket.close(POLICY_VIOLATION, reason);
  }

  private onEnded(signal: SessionEndedSignal): void {
    if (!signal || typeof signal.sid !== 'string') return;
    const conns = this.bySession.get(signal.sid);
    if (conns && [...conns].every((c) => c.ended)) return; // already told (signal and watcher both fired)
    // Whatever this instance still holds for the session goes to the database before the report job reads it.
    this.recorder.flush(signal.sid).catch(() => undefined);
    if (!conns) return;
    const text = JSON.stringify({
      type: 'server.session_ended',
      sid: signal.sid,
      payload: { sid: signal.sid, status: 'FINALIZED', finalized_at: signal.finalized_at },
    });
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
    this.unsubscribeRelationships();
    this.unsubscribeConsent();
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
