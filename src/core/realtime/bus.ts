// Process-local pub/sub that also fans out through Redis when it is configured and up.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { RedisHandle } from '../redis.js';

export type BusHandler = (payload: unknown) => void;

export interface Bus {
  publish(channel: string, payload: unknown): void;
  subscribe(channel: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}

export function createBus(redis?: RedisHandle): Bus {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const origin = randomUUID();
  const redisChannels = new Map<string, number>();
  const PREFIX = redis?.prefix ?? '';

  if (redis) {
    redis.sub.on('message', (channel: string, message: string) => {
      if (!channel.startsWith(PREFIX)) return;
      try {
        const msg = JSON.parse(message) as { o: string; p: unknown };
        if (msg.o === origin) return; // already delivered locally
        local.emit(channel.slice(PREFIX.length), msg.p);
      } catch {
        /* not ours */
      }
    });
  }

  return {
    publish(channel, payload) {
      local.emit(channel, payload);
      if (redis?.isUp()) {
        redis.client.publish(PREFIX + channel, JSON.stringify({ o: origin, p: payload })).catch(() => undefined);
      }
    },
    subscribe(channel, handler) {
      local.on(channel, handler);
      if (redis) {
        const n = redisChannels.get(channel) ?? 0;
        redisChannels.set(channel, n + 1);
        if (n === 0) redis.sub.subscribe(PREFIX + channel).catch(() => undefined);
      }
      return () => {
        local.off(channel, handler);
        if (redis) {
          const n = (redisChannels.get(channel) ?? 1) - 1;
          if (n <= 0) {
            redisChannels.delete(channel);
            redis.sub.unsubscribe(PREFIX + channel).catch(() => undefined);
          } else redisChannels.set(channel, n);
        }
      };
    },
    async close() {
      local.removeAllListeners();
    },
  };
}
