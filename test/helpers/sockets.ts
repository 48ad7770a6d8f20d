// The client sockets a WebSocket test opened, so each test can end with none left behind.
import type WebSocket from 'ws';

export class SocketSet extends Set<WebSocket> {
  /** Terminates every socket (a refused handshake reports an error nobody needs) and forgets them. */
  closeAll(): void {
    for (const ws of this) {
      ws.on('error', () => undefined);
      ws.terminate();
    }
    this.clear();
  }
}

/** A JSON frame of a product's socket protocol. */
export type Frame = Record<string, unknown> & { type?: string; sid?: string; payload?: Record<string, unknown> };

/** A connected client that keeps every JSON frame it has not been asked for yet, and can wait for one by type. */
export class FrameClient {
  frames: Frame[] = [];
  /** Resolves with the close code and reason once the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as Frame;
      const w = this.waiters.find((x) => x.pred(f));
      if (w) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(f);
      } else this.frames.push(f);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** The first frame of `type` (already received or still to come) that matches `pred`. */
  next(type: string, pred: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const match = (f: Frame) => f.type === type && pred(f);
    const have = this.frames.find(match);
    if (have) {
      this.frames.splice(this.frames.indexOf(have), 1);
      return Promise.resolve(have);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`)), timeoutMs);
      this.waiters.push({ pred: match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  send(data: unknown): void {
    this.ws.send(typeof data === 'string' ? data : JSON.stringify(data));
  }

  /** Everything sent before has been handled: the server answers frames in order, and a broken one with invalid_json. */
  async sync(): Promise<void> {
    this.send('{sync');
    await this.next('server.error', (f) => f.payload?.code === 'invalid_json');
  }

  /** How many unclaimed frames of `type` (and error `code`) have arrived. */
  count(type: string, code?: string): number {
    return this.frames.filter((f) => f.type === type && (code === undefined || f.payload?.code === code)).length;
  }
}
