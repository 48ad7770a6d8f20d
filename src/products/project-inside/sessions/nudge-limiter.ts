// At most one nudge per window per (session, user), shared across instances through Redis when it is up.
// The time compared is the app's clock (ctx.now), not Redis' own, so an injected clock drives the window in tests.
import type { RedisHandle } from '../../../core/redis.js';

// KEYS[1] = the (session, user) key; ARGV = now ms, window ms, expiry ms. 1 = granted (and stored), 0 = too soon.
const TAKE = `
local last = redis.call('GET', KEYS[1])
if last then
  -- Also refuses when another instance's clock is ahead (elapsed < 0): never two nudges inside one window.
  if tonumber(ARGV[1]) - tonumber(last) < tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1`;

export interface NudgeLimiter {
  /** Whether a nudge may go out now for this (session, user); a granted call uses up the window. */
  take(sessionId: string, userId: string, nowMs: number): Promise<boolean>;
}

type RedisWithTake = RedisHandle['client'] & { piNudgeTake?(key: string, now: number, windowMs: number, px: number): Promise<number> };

export function createNudgeLimiter(windowMs: number, redis: RedisHandle | undefined, prefix = `${redis?.prefix ?? ''}project-inside:nudge:`): NudgeLimiter {
  // Grants this process made (or learnt of): a frame inside the window is refused without a Redis round trip.
  // A subset of the shared state, so it never grants what Redis would refuse; it is the whole state without Redis.
  const local = new Map<string, number>();
  let lastSweep = 0;
  const sweep = (now: number) => {
    if (local.size < 10_000 && now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [k, at] of local) if (now - at >= windowMs || at > now + windowMs) local.delete(k);
  };
  const client = redis?.client as RedisWithTake | undefined;
  if (client && typeof client.piNudgeTake !== 'function') client.defineCommand('piNudgeTake', { numberOfKeys: 1, lua: TAKE });

  const takeLocal = (key: string, now: number): boolean => {
    const last = local.get(key);
    if (last !== undefined && now - last < windowMs && now >= last) return false;
    local.set(key, now);
    return true;
  };

  return {
    async take(sessionId, userId, now) {
      const key = `${sessionId}:${userId}`;
      sweep(now);
      const last = local.get(key);
      if (last !== undefined && now >= last && now - last < windowMs) return false;
      if (!client || !redis?.isUp()) return takeLocal(key, now);
      try {
        const granted = (await client.piNudgeTake!(prefix + key, now, windowMs, windowMs + 5000)) === 1;
        if (granted) local.set(key, now);
        return granted;
      } catch {
        // Redis is an accelerator: a failed call pauses it and this process limits on its own meanwhile.
        redis.markDown();
        return takeLocal(key, now);
      }
    },
  };
}
