// Named strict limits (login failures, sign-ups, mail, guessable codes, costly calls): counted per key, shared
// through Redis when it is up, answered with 429 + Retry-After in the product's error format.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LimitSpec } from '../../config.js';
import type { RedisHandle } from '../redis.js';
import { AppError } from './errors.js';
import { createCounter } from './rate-limit.js';

export class RateLimited extends AppError {
  constructor(retryAfterS: number, message = 'Too many requests') {
    super('rate_limited', 429, `${message}; retry in ${retryAfterS} seconds`, { 'retry-after': String(retryAfterS) });
  }
}

export interface Limits {
  /** Counts one event for `key`; throws 429 once the limit is passed (with `message` when given). */
  consume(name: string, key: string, message?: string): Promise<void>;
  /** Throws 429 when `key` is already at the limit, without counting (check before an attempt, count failures). */
  check(name: string, key: string): Promise<void>;
  /** Forgets `key`'s count (e.g. failed logins after a success). */
  reset(name: string, key: string): Promise<void>;
  /** A route preHandler counting every request, keyed by client IP unless `keyOf` says otherwise. */
  preHandler(name: string, keyOf?: (req: FastifyRequest) => string): (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

/** E-mails and other personal keys are hashed: the limiter store holds no personal data. */
const keyHash = (key: string) => createHash('sha256').update(key.trim().toLowerCase()).digest('base64url').slice(0, 22);

export function createLimits(specs: Record<string, LimitSpec>, redis: RedisHandle | undefined, namespace: string): Limits {
  const counter = createCounter(redis, `${redis?.prefix ?? ''}lim:${namespace}:`);
  const spec = (name: string): LimitSpec => {
    const s = specs[name];
    if (!s) throw new Error(`unknown limit ${name}`);
    return s;
  };
  const retryAfter = (ttlMs: number, s: LimitSpec) => Math.max(1, Math.ceil((ttlMs > 0 ? ttlMs : s.windowS * 1000) / 1000));
  const limits: Limits = {
    async consume(name, key, message) {
      const s = spec(name);
      const c = await counter.incr(`${name}:${keyHash(key)}`, s.windowS * 1000);
      if (c.current > s.max) throw new RateLimited(retryAfter(c.ttl, s), message);
    },
    async check(name, key) {
      const s = spec(name);
      const c = await counter.peek(`${name}:${keyHash(key)}`);
      if (c.current >= s.max) throw new RateLimited(retryAfter(c.ttl, s));
    },
    async reset(name, key) {
      spec(name);
      await counter.del(`${name}:${keyHash(key)}`);
    },
    preHandler(name, keyOf = (req) => req.ip) {
      spec(name);
      return async (req) => limits.consume(name, keyOf(req));
    },
  };
  return limits;
}
