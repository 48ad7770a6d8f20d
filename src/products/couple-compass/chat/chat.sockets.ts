// Which couple each open chat socket of this process belongs to, checked against the database every 2 s: when a
// couple ends, its members' sockets are closed by a signal on the bus at once; this re-check closes them too when
// that signal was lost (Redis down, a process that could not publish).
import type { WebSocket } from 'ws';
import type { Dz } from '../../../core/db/connect.js';
import { POLICY_VIOLATION } from '../../../core/realtime/sockets.js';
import { activeCouplesOf } from '../couples/couples.repo.js';

interface Watched {
  userId: string;
  /** The couple the user was in at the last check (null: none). */
  coupleId: string | null;
}

export class CoupleWatch {
  private sockets = new Map<WebSocket, Watched>();
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    private dz: () => Dz,
    private onError: (err: unknown) => void,
    private intervalMs = 2000,
  ) {}

  add(socket: WebSocket, userId: string, coupleId: string | null): void {
    this.sockets.set(socket, { userId, coupleId });
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (this.sockets.size === 0) this.stop();
    });
    this.timer ??= setInterval(() => void this.check(), this.intervalMs).unref();
  }

  /** Closes sockets whose couple is no longer the user's; remembers a couple formed since the last check. */
  async check(): Promise<void> {
    if (this.checking || this.sockets.size === 0) return;
    this.checking = true;
    try {
      const entries = [...this.sockets];
      const current = await activeCouplesOf(this.dz(), [...new Set(entries.map(([, w]) => w.userId))]);
      for (const [socket, w] of entries) {
        const now = current.get(w.userId) ?? null;
        if (w.coupleId && w.coupleId !== now) {
          socket.close(POLICY_VIOLATION, 'couple ended');
        } else w.coupleId = now;
      }
    } catch (err) {
      this.onError(err);
    } finally {
      this.checking = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
