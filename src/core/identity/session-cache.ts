// Per-process cache of "this session is still valid", cleared at once on revocation (across processes via the bus).
import type { Bus } from '../realtime/bus.js';

const CHANNEL = 'identity:session-revoked';
const MAX_ENTRIES = 50_000;

export interface CachedSession {
  userId: string;
  product: string;
  until: number;
}

export class SessionCache {
  private map = new Map<string, CachedSession>();
  private unsubscribe: () => void;

  constructor(
    private ttlMs: number,
    private bus: Bus,
    private now: () => number = Date.now,
  ) {
    this.unsubscribe = bus.subscribe(CHANNEL, (p) => {
      for (const id of p as string[]) this.map.delete(id);
    });
  }

  get(sessionId: string): CachedSession | undefined {
    const hit = this.map.get(sessionId);
    if (!hit) return undefined;
    if (hit.until <= this.now()) {
      this.map.delete(sessionId);
      return undefined;
    }
    return hit;
  }

  set(sessionId: string, entry: Omit<CachedSession, 'until'>, sessionExpiresAt: number): void {
    if (this.ttlMs <= 0) return;
    if (this.map.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest tenth.
      let n = MAX_ENTRIES / 10;
      for (const k of this.map.keys()) {
        this.map.delete(k);
        if (--n <= 0) break;
      }
    }
    this.map.set(sessionId, { ...entry, until: Math.min(this.now() + this.ttlMs, sessionExpiresAt) });
  }

  /** Forget these sessions here and in every other process. */
  revoked(sessionIds: string[]): void {
    if (sessionIds.length === 0) return;
    this.bus.publish(CHANNEL, sessionIds);
  }

  close(): void {
    this.unsubscribe();
    this.map.clear();
  }
}
