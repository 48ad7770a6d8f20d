// WebSocket hub: local sockets grouped by topic (a user, a session); messages fan out across processes via the bus.
import type { WebSocket } from 'ws';
import type { Bus } from './bus.js';

export class Hub {
  private topics = new Map<string, { sockets: Set<WebSocket>; unsubscribe: () => void }>();
  /** Close orders travel on their own channel per topic, so a message can never be mistaken for one. */
  private static closeChannel = (topic: string) => `rtc:${topic}`;
  private all = new Set<WebSocket>();

  constructor(private bus: Bus) {}

  /** Adds a socket to a topic; returns a function that removes it. Sockets leave every topic on close. */
  join(topic: string, socket: WebSocket): () => void {
    let t = this.topics.get(topic);
    if (!t) {
      const sockets = new Set<WebSocket>();
      const offMessages = this.bus.subscribe(`rt:${topic}`, (payload) => {
        const text = JSON.stringify(payload);
        for (const s of sockets) if (s.readyState === 1) s.send(text);
      });
      const offClose = this.bus.subscribe(Hub.closeChannel(topic), (p) => {
        const { code, reason } = p as { code: number; reason: string };
        for (const s of [...sockets]) {
          try {
            s.close(code, reason);
          } catch {
            s.terminate();
          }
        }
      });
      t = { sockets, unsubscribe: () => (offMessages(), offClose()) };
      this.topics.set(topic, t);
    }
    t.sockets.add(socket);
    this.all.add(socket);
    const leave = () => {
      const cur = this.topics.get(topic);
      if (!cur) return;
      cur.sockets.delete(socket);
      if (cur.sockets.size === 0) {
        cur.unsubscribe();
        this.topics.delete(topic);
      }
    };
    socket.once('close', () => {
      leave();
      this.all.delete(socket);
    });
    return leave;
  }

  /** Sends to every socket on the topic, in every process. */
  publish(topic: string, message: unknown): void {
    this.bus.publish(`rt:${topic}`, message);
  }

  /**
   * Closes every socket on the topic, in every process (the end of a couple or a relationship): 1008 by default.
   */
  closeTopic(topic: string, reason: string, code = 1008): void {
    this.bus.publish(Hub.closeChannel(topic), { code, reason });
  }

  localCount(topic?: string): number {
    return topic ? (this.topics.get(topic)?.sockets.size ?? 0) : this.all.size;
  }

  /** Shutdown: 1001 "going away" to every client. */
  closeAll(code = 1001, reason = 'server shutting down'): void {
    for (const s of this.all) {
      try {
        s.close(code, reason);
      } catch {
        s.terminate();
      }
    }
  }
}
