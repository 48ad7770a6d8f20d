// The hot-read cache: hits, TTL, invalidation, the generation guard against racing loads, bounds, and Redis
// (shared between two handles, bypassed while down, invalidations sent once it is back).
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import pino from 'pino';
import { createCache, type Cache } from './cache.js';
import { connectRedis, type RedisHandle } from '../redis.js';

const redisUrl = process.env.TEST_REDIS_URL;

/** A loader that counts its calls and returns the current value of `state`. */
function source<T>(initial: T) {
  const s = { value: initial, calls: 0 };
  const load = async () => {
    s.calls++;
    return s.value;
  };
  return { s, load };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function behaviour(name: string, make: (now: () => number) => Promise<Cache>) {
  describe(name, () => {
    let clock = 1_000_000;
    const now = () => clock;

    test('a second read is served from the cache; other fields and groups are separate', async () => {
      const c = await make(now);
      const g = `g-${randomBytes(4).toString('hex')}`;
      const { s, load } = source({ n: 1, list: ['a'] });
      assert.deepEqual(await c.get(g, 'f', 60, load), { n: 1, list: ['a'] });
      s.value = { n: 2, list: ['b'] };
      assert.deepEqual(await c.get(g, 'f', 60, load), { n: 1, list: ['a'] });
      assert.equal(s.calls, 1);
      assert.deepEqual(await c.get(g, 'other', 60, load), { n: 2, list: ['b'] });
      assert.deepEqual(await c.get(`${g}-2`, 'f', 60, load), { n: 2, list: ['b'] });
      assert.equal(s.calls, 3);
    });

    test('the caller gets a copy: changing it does not change the cache', async () => {
      const c = await make(now);
      const g = `g-${randomBytes(4).toString('hex')}`;
      const { load } = source({ items: [1, 2] });
      await c.get(g, 'f', 60, load);
      const first = await c.get(g, 'f', 60, load);
      first.items.push(3);
      assert.deepEqual(await c.get(g, 'f', 60, load), { items: [1, 2] });
    });

    test('an entry expires after its TTL', async () => {
      const c = await make(now);
      const g = `g-${randomBytes(4).toString('hex')}`;
      const { s, load } = source('v1');
      await c.get(g, 'f', 30, load);
      s.value = 'v2';
      clock += 29_000;
      assert.equal(await c.get(g, 'f', 30, load), 'v1');
      clock += 2_000;
      assert.equal(await c.get(g, 'f', 30, load), 'v2');
      assert.equal(s.calls, 2);
    });

    test('invalidate drops every field of the group and only that group', async () => {
      const c = await make(now);
      const g = `g-${randomBytes(4).toString('hex')}`;
      const h = `h-${randomBytes(4).toString('hex')}`;
      const { s, load } = source(1);
      await c.get(g, 'a', 60, load);
      await c.get(g, 'b', 60, load);
      await c.get(h, 'a', 60, load);
      s.value = 2;
      await c.invalidate(g);
      assert.equal(await c.get(g, 'a', 60, load), 2);
      assert.equal(await c.get(g, 'b', 60, load), 2);
      assert.equal(await c.get(h, 'a', 60, load), 1);
      // Invalidating twice, or a group never read, is fine.
      await c.invalidate(g, g, `never-${randomBytes(4).toString('hex')}`);
      assert.equal(await c.get(g, 'a', 60, load), 2);
    });

    test('a load that raced an invalidation does not store its (possibly stale) result', async () => {
      const c = await make(now);
      const g = `g-${randomBytes(4).toString('hex')}`;
      const gate = deferred();
      let calls = 0;
      const slow = async () => {
        calls++;
        await gate.promise;
        return 'read before the write';
      };
      const reading = c.get(g, 'f', 60, slow);
      // The write lands and invalidates while the read is still loading.
      await new Promise((r) => setTimeout(r, 20));
      await c.invalidate(g);
      gate.resolve();
      assert.equal(await reading, 'read before the write');
      // The next read loads again: the stale value was not stored.
      assert.equal(await c.get(g, 'f', 60, async () => 'after the write'), 'after the write');
      assert.equal(await c.get(g, 'f', 60, async () => 'not called'), 'after the write');
      assert.equal(calls, 1);
    });

    test('undefined is not cached; null and falsy values are', async () => {
      const c = await make(now);
      const g = `g-${randomBytes(4).toString('hex')}`;
      let calls = 0;
      const load = async () => {
        calls++;
        return undefined;
      };
      await c.get(g, 'u', 60, load);
      await c.get(g, 'u', 60, load);
      assert.equal(calls, 2);
      for (const v of [null, 0, false, '']) {
        const { s, load: l } = source(v);
        const f = `f-${String(v)}`;
        await c.get(g, f, 60, l);
        assert.equal(await c.get(g, f, 60, l), v);
        assert.equal(s.calls, 1, `${JSON.stringify(v)} cached`);
      }
    });

    test('a failing load is not cached and its error reaches the caller', async () => {
      const c = await make(now);
      const g = `g-${randomBytes(4).toString('hex')}`;
      await assert.rejects(
        c.get(g, 'f', 60, async () => {
          throw new Error('db down');
        }),
        /db down/,
      );
      assert.equal(await c.get(g, 'f', 60, async () => 'ok'), 'ok');
    });
  });
}

behaviour('memory cache', async (now) => createCache({ namespace: 'test', now }));

describe('memory cache bounds', () => {
  test('least recently used groups go first; fields per group are capped', async () => {
    const c = createCache({ namespace: 'test', maxGroups: 2, maxFieldsPerGroup: 2 });
    assert.equal(c.kind, 'memory');
    const { s, load } = source('x');
    await c.get('a', 'f', 60, load);
    await c.get('b', 'f', 60, load);
    await c.get('a', 'f', 60, load); // a is now the most recent
    await c.get('c', 'f', 60, load); // evicts b
    assert.equal(s.calls, 3);
    await c.get('a', 'f', 60, load);
    assert.equal(s.calls, 3, 'a kept');
    await c.get('b', 'f', 60, load);
    assert.equal(s.calls, 4, 'b was evicted');

    const f = source(1);
    await c.get('d', 'f1', 60, f.load);
    await c.get('d', 'f2', 60, f.load);
    await c.get('d', 'f3', 60, f.load); // evicts f1
    await c.get('d', 'f3', 60, f.load);
    assert.equal(f.s.calls, 3);
    await c.get('d', 'f1', 60, f.load);
    assert.equal(f.s.calls, 4);
  });
});

if (redisUrl) {
  const handles: RedisHandle[] = [];
  const log = pino({ level: 'silent' });
  const handle = async () => {
    const h = connectRedis(redisUrl, log);
    handles.push(h);
    if (h.client.status !== 'ready') await once(h.client, 'ready');
    return h;
  };
  after(async () => {
    for (const h of handles) await h.close();
  });

  behaviour('redis cache', async (now) => createCache({ namespace: `test-${randomBytes(3).toString('hex')}`, redis: await handle(), now }));

  describe('redis cache across processes', () => {
    test('two instances share entries and invalidations', async () => {
      const ns = `test-${randomBytes(3).toString('hex')}`;
      const a = createCache({ namespace: ns, redis: await handle() });
      const b = createCache({ namespace: ns, redis: await handle() });
      assert.equal(a.kind, 'redis');
      const { s, load } = source('v1');
      await a.get('g', 'f', 60, load);
      s.value = 'v2';
      assert.equal(await b.get('g', 'f', 60, load), 'v1');
      await b.invalidate('g');
      assert.equal(await a.get('g', 'f', 60, load), 'v2');
      assert.equal(s.calls, 2);
    });

    test('while Redis is down reads go to the source; invalidations made meanwhile are sent when it is back', async () => {
      const ns = `test-${randomBytes(3).toString('hex')}`;
      const h = await handle();
      const c = createCache({ namespace: ns, redis: h });
      const other = createCache({ namespace: ns, redis: await handle() });
      const { s, load } = source('before');
      await c.get('g', 'f', 60, load);
      h.markDown(150);
      s.value = 'after';
      await c.invalidate('g');
      assert.equal(await c.get('g', 'f', 60, load), 'after', 'bypassed while down');
      assert.equal(s.calls, 2);
      await new Promise((r) => setTimeout(r, 200));
      // Back up: the first use sends the pending invalidation, so neither instance serves 'before'.
      assert.equal(await c.get('g', 'f', 60, load), 'after');
      assert.equal(await other.get('g', 'f', 60, load), 'after');
    });
  });
}
