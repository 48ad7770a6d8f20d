// Redis is an accelerator: short timeouts, no offline queue, and every caller has a local fallback.
import type { Redis as RedisClient } from 'ioredis';
import { createRequire } from 'node:module';

// Loaded only when REDIS_URL is set.
const requireCjs = createRequire(import.meta.url);
import type { Logger } from 'pino';

export interface RedisHandle {
  /** Prefix of every key and pub/sub channel (REDIS_KEY_PREFIX): deployments sharing one Redis stay apart. */
  readonly prefix: string;
  /** Commands (rate limits, caches, publish). Fails fast while disconnected. */
  client: RedisClient;
  /** Subscriber connection (pub/sub needs its own). */
  sub: RedisClient;
  /** Connected and not recently failing: callers skip Redis (and use their fallback) while this is false. */
  isUp(): boolean;
  /** A command failed (timeout through a partition): stop trying Redis for `ms` instead of waiting on every call. */
  markDown(ms?: number): void;
  /** Resolves when Redis answers a PING; a success ends a markDown pause at once, a failure starts one. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function connectRedis(url: string, log: Logger, prefix = 'quintet:'): RedisHandle {
  const { Redis } = requireCjs('ioredis') as typeof import('ioredis');
  let lastLog = 0;
  const onError = (err: Error) => {
    // Reconnect attempts fail every second while Redis is down; say so once in a while, not every time.
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log.warn({ err: err.message }, 'redis unavailable; continuing with local fallbacks');
    }
  };
  const common = {
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(times * 200, 1000),
    lazyConnect: false,
  };
  // Callers gave up on a timed-out command (and used their fallback): never replay it after a reconnect, where a
  // stale INCR/SET/PUBLISH would land late (ioredis resends unanswered commands by default).
  const client = new Redis(url, { ...common, enableOfflineQueue: false, commandTimeout: 500, autoResendUnfulfilledCommands: false });
  const sub = new Redis(url, { ...common, enableOfflineQueue: true, autoResubscribe: true });
  client.on('error', onError);
  sub.on('error', onError);
  let downUntil = 0;
  client.on('ready', () => {
    downUntil = 0;
    log.info('redis connected');
  });
  return {
    prefix,
    client,
    sub,
    isUp: () => client.status === 'ready' && Date.now() >= downUntil,
    markDown(ms = 5000) {
      downUntil = Date.now() + ms;
    },
    async ping(timeoutMs = 1000) {
      let t: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.ping(),
          new Promise((_, rej) => {
            t = setTimeout(() => rej(new Error('redis ping timed out')), timeoutMs);
          }),
        ]);
        downUntil = 0;
      } catch (e) {
        downUntil = Date.now() + 5000;
        throw e;
      } finally {
        clearTimeout(t);
      }
    },
    async close() {
      client.disconnect();
      sub.disconnect();
    },
  };
}
