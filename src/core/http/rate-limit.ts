// A @fastify/rate-limit store that counts in Redis when it is up and in process memory when it is not.
import type { RedisHandle } from '../redis.js';

type Cb = (err: Error | null, res?: { current: number; ttl: number }) => void;

class LocalCounter {
  private map = new Map<string, { n: number; resetAt: number }>();
  incr(key: string, windowMs: number): { current: number; ttl: number } {
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
  private sweep(now: number) {
    for (const [k, v] of this.map) if (v.resetAt <= now) this.map.delete(k);
  }
}

const INCR_LUA = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}`;

export function fallbackStore(redis: RedisHandle | undefined, namespace: string) {
  const local = new LocalCounter();
  return class FallbackStore {
    private prefix: string;
    // @fastify/rate-limit calls `new Store(globalParams)`; children pass their own key prefix.
    constructor(_params?: unknown, prefix = `quintet:rl:${namespace}:`) {
      this.prefix = prefix;
    }
    incr(key: string, cb: Cb, timeWindow: number): void {
      if (!redis || !redis.isUp()) {
        cb(null, local.incr(this.prefix + key, timeWindow));
        return;
      }
      redis.client
        .eval(INCR_LUA, 1, this.prefix + key, String(timeWindow))
        .then((r) => {
          const [current, ttl] = r as [number, number];
          cb(null, { current, ttl: ttl > 0 ? ttl : timeWindow });
        })
        .catch(() => {
          // Through a partition every command waits out its timeout: count locally for a while instead.
          redis.markDown();
          cb(null, local.incr(this.prefix + key, timeWindow));
        });
    }
    child(routeOptions: unknown) {
      const r = (routeOptions as { routeInfo?: { method?: string; url?: string } }).routeInfo;
      return new FallbackStore(undefined, `${this.prefix}${r?.method ?? ''}${r?.url ?? ''}:`);
    }
  };
}
