// Named strict limits: counting, checking without counting, reset, the 429 shape, and keys kept out of the store.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLimits, RateLimited } from './limits.js';
import { connectRedis } from '../redis.js';
import { createLogger } from './server.js';

const redisUrl = process.env.TEST_REDIS_URL;
const redis = redisUrl ? connectRedis(redisUrl, createLogger({ level: 'silent' })) : undefined;
after(async () => {
  await redis?.close();
});

describe(`limits (${redis ? 'Redis' : 'in process'})`, () => {
  const ns = () => `limits-test-${Math.random().toString(36).slice(2)}`;
  const specs = { A: { max: 3, windowS: 60 } };

  test('consume: the (max+1)th event → 429 with Retry-After within the window', async () => {
    if (redis) await new Promise((r) => setTimeout(r, 300)); // connected
    const l = createLimits(specs, redis, ns());
    for (let i = 0; i < 3; i++) await l.consume('A', 'k');
    await assert.rejects(
      l.consume('A', 'k'),
      (e) => e instanceof RateLimited && e.status === 429 && Number(e.headers!['retry-after']) > 0 && Number(e.headers!['retry-after']) <= 60,
    );
    await l.consume('A', 'other-key');
  });

  test('check does not count; reset forgets', async () => {
    const l = createLimits(specs, redis, ns());
    for (let i = 0; i < 10; i++) await l.check('A', 'k');
    for (let i = 0; i < 3; i++) await l.consume('A', 'k');
    await assert.rejects(l.check('A', 'k'), RateLimited);
    await l.reset('A', 'k');
    await l.check('A', 'k');
  });

  test('keys are compared trimmed and case-insensitively (e-mails), and hashed in the store', async () => {
    const name = ns();
    const l = createLimits(specs, redis, name);
    for (let i = 0; i < 3; i++) await l.consume('A', ' Person@Example.com');
    await assert.rejects(l.consume('A', 'person@example.com'), RateLimited);
    if (redis) {
      const keys = await redis.client.keys(`quintet:lim:${name}:*`);
      assert.equal(keys.length, 1);
      assert.ok(!keys[0]!.includes('example'), keys[0]);
    }
  });

  test('an unknown limit name is a programming error', async () => {
    const l = createLimits(specs, redis, ns());
    await assert.rejects(l.consume('NOPE', 'k'), /unknown limit NOPE/);
  });
});
