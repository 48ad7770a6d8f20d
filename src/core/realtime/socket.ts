// Per-socket hygiene shared by every WebSocket route: heartbeats, idle timeout, message rate limit, safe JSON.
import type { WebSocket } from 'ws';

/** Pings every `intervalMs`; a peer silent (no pong, no message) for `timeoutMs` is dropped. */
export function keepAlive(socket: WebSocket, intervalMs: number, timeoutMs: number, now: () => number = Date.now): () => void {
  let lastSeen = now();
  const seen = () => {
    lastSeen = now();
  };
  socket.on('pong', seen);
  socket.on('message', seen);
  const timer = setInterval(() => {
    if (now() - lastSeen >= timeoutMs) {
      socket.terminate();
      return;
    }
    if (socket.readyState === 1) socket.ping();
  }, intervalMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  socket.once('close', stop);
  return stop;
}

/** A token bucket: `burst` messages at once, refilled at `perSecond`. */
export function messageLimiter(perSecond: number, burst: number, now: () => number = Date.now): () => boolean {
  let tokens = burst;
  let last = now();
  return () => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - last) / 1000) * perSecond);
    last = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

export type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** Parses a client frame as a JSON object; anything else is an explained error, never an exception. */
export function parseFrame(data: unknown, isBinary: boolean): Parsed {
  if (isBinary) return { ok: false, error: 'binary frames are not supported' };
  const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data as Buffer[]).toString('utf8') : String(data);
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, error: 'expected a JSON object' };
    return { ok: true, value: v as Record<string, unknown> };
  } catch {
    return { ok: false, error: 'invalid JSON' };
  }
}
