// Redis is an accelerator: short timeouts, no offline queue, and every caller has a local fallback.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface RedisHandle {
  /** Commands (rate limits, caches, publish). Fails fast while disconnected. */
  client: Redis;
  /** Subscriber connection (pub/sub needs its own). */
  sub: Redis;
  isUp(): boolean;
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function connectRedis(url: string, log: Logger): RedisHandle {
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
  client.on('ready', () => log.info('redis connected'));
  return {
    client,
    sub,
    isUp: () => client.status === 'ready',
    async ping(timeoutMs = 1000) {
      let t: NodeJS.Timeout | undefined;
      await Promise.race([
        client.ping(),
        new Promise((_, rej) => {
          t = setTimeout(() => rej(new Error('redis ping timed out')), timeoutMs);
        }),
      ]).finally(() => clearTimeout(t));
    },
    async close() {
      client.disconnect();
      sub.disconnect();
    },
  };
}
