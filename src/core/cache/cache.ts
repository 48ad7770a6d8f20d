// A read-through cache for hot reads: shared in Redis when it is configured and up, per process in memory when
// there is no Redis, bypassed while a configured Redis is down (it is an accelerator, never a source of truth).
//
// Entries live in groups (`book-types`, `books:<userId>`); a write invalidates a whole group. Each group carries a
// generation number: a read that loaded from the database while an invalidation happened does not store what it
// read (it may be older than the write), so a racing reader can never put stale data back after a write.
import type { RedisHandle } from '../redis.js';

export interface Cache {
  /** The cached value of `field` in `group`, or `load()`'s result, stored for `ttlS` seconds. Values are JSON. */
  get<T>(group: string, field: string, ttlS: number, load: () => Promise<T>): Promise<T>;
  /** Drops every entry of the groups; a load that started before this call will not store its result. */
  invalidate(...groups: string[]): Promise<void>;
  readonly kind: 'redis' | 'memory';
}

export interface CacheOptions {
  redis?: RedisHandle | undefined;
  /** Key prefix of this user of the cache (a product slug). */
  namespace: string;
  /** Memory mode: at most this many groups are kept (least recently used go first). */
  maxGroups?: number;
  /** Memory mode: at most this many entries per group. */
  maxFieldsPerGroup?: number;
  now?: () => number;
}

const GEN = '__gen';
/**
 * How long an invalidated group keeps its generation: longer than any load takes. (A group that expired starts
 * again at 0, which no load that began before the expiry can match: those saw a higher generation or none.)
 */
const GEN_TTL_MS = 10 * 60 * 1000;

// HMGET the generation and the entry: one round trip per read.
const READ_LUA = `return redis.call('HMGET', KEYS[1], '${GEN}', ARGV[1])`;

// Store only when the generation is the one the reader saw before loading.
const WRITE_LUA = `
local gen = tonumber(redis.call('HGET', KEYS[1], '${GEN}') or '0')
if gen ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
if gen == 0 then redis.call('HSET', KEYS[1], '${GEN}', '0') end
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 1`;

// Drop the entries, keep (and bump) the generation.
const INVALIDATE_LUA = `
local gen = tonumber(redis.call('HGET', KEYS[1], '${GEN}') or '0')
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], '${GEN}', tostring(gen + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return gen + 1`;

/** An entry as stored: `<expires-at ms>:<json>`. */
const encode = (expiresAt: number, json: string) => `${expiresAt}:${json}`;
function decode(raw: string | null | undefined, now: number): { hit: true; json: string } | { hit: false } {
  if (!raw) return { hit: false };
  const i = raw.indexOf(':');
  if (i < 0 || Number(raw.slice(0, i)) <= now) return { hit: false };
  return { hit: true, json: raw.slice(i + 1) };
}

interface MemoryGroup {
  gen: number;
  fields: Map<string, string>;
}

export function createCache(o: CacheOptions): Cache {
  const now = o.now ?? Date.now;
  const redis = o.redis;
  const prefix = `${o.redis?.prefix ?? ''}cache:${o.namespace}:`;
  const maxGroups = o.maxGroups ?? 10_000;
  const maxFields = o.maxFieldsPerGroup ?? 200;

  if (!redis) {
    const groups = new Map<string, MemoryGroup>();
    const group = (name: string): MemoryGroup => {
      let g = groups.get(name);
      if (g) {
        // Most recently used last: eviction takes from the front.
        groups.delete(name);
      } else {
        g = { gen: 0, fields: new Map() };
        while (groups.size >= maxGroups) groups.delete(groups.keys().next().value!);
      }
      groups.set(name, g);
      return g;
    };
    return {
      kind: 'memory',
      async get<T>(name: string, field: string, ttlS: number, load: () => Promise<T>): Promise<T> {
        const g = group(name);
        const hit = decode(g.fields.get(field), now());
        if (hit.hit) return JSON.parse(hit.json) as T;
        const gen = g.gen;
        const value = await load();
        const json = JSON.stringify(value);
        // The group may have been evicted meanwhile: a fresh one starts at generation 0 and is safe to fill.
        const current = groups.get(name);
        if (json !== undefined && current && current.gen === gen) {
          if (current.fields.size >= maxFields) current.fields.delete(current.fields.keys().next().value!);
          current.fields.set(field, encode(now() + ttlS * 1000, json));
        }
        return value;
      },
      async invalidate(...names: string[]) {
        for (const name of names) {
          const g = groups.get(name);
          if (g) {
            g.gen++;
            g.fields.clear();
          }
        }
      },
    };
  }

  // Invalidations that could not reach Redis: sent before Redis is used again, so it never serves what they dropped.
  const pending = new Set<string>();
  const invalidateInRedis = async (names: string[]) => {
    for (const name of names) {
      await redis.client.eval(INVALIDATE_LUA, 1, prefix + name, String(GEN_TTL_MS));
      pending.delete(name);
    }
  };
  const usable = async (): Promise<boolean> => {
    if (!redis.isUp()) return false;
    if (pending.size === 0) return true;
    try {
      await invalidateInRedis([...pending]);
      return true;
    } catch {
      redis.markDown();
      return false;
    }
  };

  return {
    kind: 'redis',
    async get<T>(name: string, field: string, ttlS: number, load: () => Promise<T>): Promise<T> {
      if (!(await usable())) return load();
      let gen: string;
      try {
        const [g, raw] = (await redis.client.eval(READ_LUA, 1, prefix + name, field)) as [string | null, string | null];
        const hit = decode(raw, now());
        if (hit.hit) return JSON.parse(hit.json) as T;
        gen = g ?? '0';
      } catch {
        redis.markDown();
        return load();
      }
      const value = await load();
      const json = JSON.stringify(value);
      if (json !== undefined) {
        const ttlMs = ttlS * 1000;
        await redis.client.eval(WRITE_LUA, 1, prefix + name, gen, field, encode(now() + ttlMs, json), String(ttlMs)).catch(() => redis.markDown());
      }
      return value;
    },
    async invalidate(...names: string[]) {
      for (const n of names) pending.add(n);
      if (!redis.isUp()) return;
      try {
        await invalidateInRedis([...pending]);
      } catch {
        // Kept in `pending`: the next use of Redis sends them first.
        redis.markDown();
      }
    },
  };
}
