// Counters for rate limits: in Redis when it is up (shared by every process), in process memory when it is not.
import type { RedisHandle } from '../redis.js';

export interface Count {
  current: number;
  /** Milliseconds until the window resets. */
  ttl: number;
}

class LocalCounter {
  private map = new Map<string, { n: number; resetAt: number }>();
  incr(key: string, windowMs: number): Count {
    const now = Date.now();
    let e = this.map.get(key);
    if (!e || e.resetAt <= now) {
      if (this.map.size > 100_000) this.sweep(now);
      e = { n: 0, resetAt: now + windowMs };
      this.map.set(key, e);
    }
    e.n++;
    return { current: e.n, ttl: e.resetAt - now };
  }
  peek(key: string): Count {
    const now = Date.now();
    const e = this.map.get(key);
    return !e || e.resetAt <= now ? { current: 0, ttl: 0 } : { current: e.n, ttl: e.resetAt - now };
  }
  del(key: string): void {
    this.map.delete(key);
  }
  private sweep(now: number) {
    for (const [k, v] of this.map) if (v.resetAt <= now) this.map.delete(k);
  }
}

const INCR_LUA = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}`;

/** Fixed-window counters under one key prefix. */
export interface Counter {
  incr(key: string, windowMs: number): Promise<Count>;
  peek(key: string): Promise<Count>;
  del(key: string): Promise<void>;
}

export function createCounter(redis: RedisHandle | undefined, prefix: string): Counter {
  const local = new LocalCounter();
  const viaRedis = <T>(op: (r: RedisHandle) => Promise<T>, fallback: () => T): Promise<T> => {
    if (!redis || !redis.isUp()) return Promise.resolve(fallback());
    // Through a partition every command waits out its timeout: count locally for a while instead.
    return op(redis).catch(() => {
      redis.markDown();
      return fallback();
    });
  };
  return {
    incr: (key, windowMs) =>
      viaRedis(
        async (r) => {
          const [current, ttl] = (await r.client.eval(INCR_LUA, 1, prefix + key, String(windowMs))) as [number, number];
          return { current, ttl: ttl > 0 ? ttl : windowMs };
        },
        () => local.incr(prefix + key, windowMs),
      ),
    peek: (key) =>
      viaRedis(
        async (r) => {
          const [n, ttl] = await Promise.all([r.client.get(prefix + key), r.client.pttl(prefix + key)]);
          return { current: n === null ? 0 : Number(n), ttl: Math.max(0, ttl) };
        },
        () => local.peek(prefix + key),
      ),
    del: (key) =>
      viaRedis(
        async (r) => {
          await r.client.del(prefix + key);
        },
        () => local.del(prefix + key),
      ),
  };
}

type Cb = (err: Error | null, res?: Count) => void;

/** A @fastify/rate-limit store on a Counter (one per product, shared by its mounts). */
export function fallbackStore(redis: RedisHandle | undefined, namespace: string) {
  const counter = createCounter(redis, '');
  return class FallbackStore {
    private prefix: string;
    // @fastify/rate-limit calls `new Store(globalParams)`; children pass their own key prefix.
    constructor(_params?: unknown, prefix = `${redis?.prefix ?? ''}rl:${namespace}:`) {
      this.prefix = prefix;
    }
    incr(key: string, cb: Cb, timeWindow: number): void {
      counter.incr(this.prefix + key, timeWindow).then(
        (c) => cb(null, c),
        (e: Error) => cb(e),
      );
    }
    child(routeOptions: unknown) {
      const r = (routeOptions as { routeInfo?: { method?: string; url?: string } }).routeInfo;
      return new FallbackStore(undefined, `${this.prefix}${r?.method ?? ''}${r?.url ?? ''}:`);
    }
  };
}
