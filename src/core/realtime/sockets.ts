// Who holds each open socket (product, user, session, IP): caps per user and per IP, and every socket of a session
// closed (1008) within seconds when the session ends — logout, password reset, erase, a revoked refresh family —
// on every instance: through the bus at once, and by a re-check of the live sessions every few seconds in case a
// signal was lost (Redis down, another process without Redis).
import type { WebSocket } from 'ws';
import type { Bus } from './bus.js';

export const POLICY_VIOLATION = 1008;
const REVOKED_CHANNEL = 'identity:session-revoked';

export interface SocketOwner {
  product: string;
  userId: string;
  sessionId: string;
  ip: string;
}

export interface SocketRegistryOptions {
  perUserMax: number;
  perIpMax: number;
  /** Sessions (of open sockets) that have ended; called every `recheckMs` while sockets are open. */
  endedSessions(sessionIds: string[]): Promise<string[]>;
  recheckMs?: number;
  onError?(err: unknown): void;
}

export class SocketRegistry {
  private bySession = new Map<string, Set<WebSocket>>();
  private perUser = new Map<string, number>();
  private perIp = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: () => void;
  private checking = false;

  constructor(
    bus: Bus,
    private o: SocketRegistryOptions,
  ) {
    this.unsubscribe = bus.subscribe(REVOKED_CHANNEL, (p) => this.closeSessions(p as string[], 'session ended'));
  }

  /**
   * Registers an authenticated socket. Over a cap it is closed (1008) and false is returned: the handler stops.
   */
  admit(socket: WebSocket, owner: SocketOwner): boolean {
    const userKey = `${owner.product}:${owner.userId}`;
    if ((this.perUser.get(userKey) ?? 0) >= this.o.perUserMax || (this.perIp.get(owner.ip) ?? 0) >= this.o.perIpMax) {
      socket.close(POLICY_VIOLATION, 'too many connections');
      return false;
    }
    this.perUser.set(userKey, (this.perUser.get(userKey) ?? 0) + 1);
    this.perIp.set(owner.ip, (this.perIp.get(owner.ip) ?? 0) + 1);
    let set = this.bySession.get(owner.sessionId);
    if (!set) this.bySession.set(owner.sessionId, (set = new Set()));
    set.add(socket);
    this.timer ??= setInterval(() => void this.recheck(), this.o.recheckMs ?? 2000).unref();
    socket.once('close', () => {
      const dec = (m: Map<string, number>, k: string) => {
        const n = (m.get(k) ?? 1) - 1;
        if (n <= 0) m.delete(k);
        else m.set(k, n);
      };
      dec(this.perUser, userKey);
      dec(this.perIp, owner.ip);
      const s = this.bySession.get(owner.sessionId);
      s?.delete(socket);
      if (s && s.size === 0) this.bySession.delete(owner.sessionId);
      if (this.bySession.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    });
    return true;
  }

  /** Closes this process's sockets of these sessions. */
  closeSessions(sessionIds: string[], reason: string): void {
    for (const id of sessionIds) {
      for (const s of this.bySession.get(id) ?? []) {
        try {
          s.close(POLICY_VIOLATION, reason);
        } catch {
          s.terminate();
        }
      }
    }
  }

  get size(): number {
    let n = 0;
    for (const s of this.bySession.values()) n += s.size;
    return n;
  }

  private async recheck(): Promise<void> {
    if (this.checking || this.bySession.size === 0) return;
    this.checking = true;
    try {
      const ended = await this.o.endedSessions([...this.bySession.keys()]);
      this.closeSessions(ended, 'session ended');
    } catch (err) {
      this.o.onError?.(err);
    } finally {
      this.checking = false;
    }
  }

  close(): void {
    this.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
