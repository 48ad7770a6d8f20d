// Outages of the servers behind the process, simulated with a TCP proxy (./proxy.ts) — the real PostgreSQL and
// Redis keep running. Operations contract: during a DB outage /ready is 503, requests fail fast with 503 (never
// hang, never 500) and the process stays up; after recovery everything works again without a restart. Redis is an
// accelerator: while it is down the API, rate limiting (in-process fallback) and /ready keep working, unless
// REDIS_REQUIRED=true, which makes /ready follow Redis.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startTestApp, uniqueEmail, bearer, usingPostgres, usingRedis, REDIS_PREFIX, type TestApp } from '../helpers/app.js';
import { startProxy, type CutMode, type TcpProxy } from './proxy.js';

const P = '/couple-compass/api/v1';
const PASSWORD = 'correct-horse';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
  ms: number;
}

async function call(
  t: TestApp,
  method: 'GET' | 'POST',
  url: string,
  o: { payload?: object; headers?: Record<string, string>; ip?: string } = {},
): Promise<Answer> {
  const t0 = Date.now();
  const r = await t.app.inject({ method, url, payload: o.payload, headers: o.headers, remoteAddress: o.ip ?? '127.0.0.1' });
  let body: Record<string, unknown> = {};
  try {
    body = r.json();
  } catch {
    body = { raw: r.body };
  }
  return { status: r.statusCode, body, headers: r.headers, ms: Date.now() - t0 };
}

const signup = (t: TestApp, email: string, ip?: string) => call(t, 'POST', `${P}/auth/signup`, { payload: { email, password: PASSWORD, name: 'Outage' }, ip });
const login = (t: TestApp, email: string, ip?: string) => call(t, 'POST', `${P}/auth/login`, { payload: { email, password: PASSWORD }, ip });
const me = (t: TestApp, token: string | undefined, ip?: string) => call(t, 'GET', `${P}/users/me`, { headers: token ? bearer(token) : {}, ip });
const show = (a: Answer) => `${a.status} in ${a.ms} ms: ${JSON.stringify(a.body)}`;
/** A client address of our own, so rate-limit counters never collide with other tests sharing the Redis. */
const randomIp = () => `10.${[...randomBytes(3)].join('.')}`;

/** Polls `probe` until `ok` (each probe's own duration counts); returns elapsed ms or fails with the last answer. */
async function waitUntil(what: string, timeoutMs: number, probe: () => Promise<Answer>, ok: (a: Answer) => boolean): Promise<number> {
  const t0 = Date.now();
  let last: Answer | undefined;
  while (Date.now() - t0 < timeoutMs) {
    last = await probe();
    if (ok(last)) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${last ? show(last) : 'none'})`);
}

// Nothing may reject unhandled while a server is unreachable (it would take a real process down).
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
before(() => {
  process.on('unhandledRejection', onUnhandled);
});
after(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('PostgreSQL outage', { skip: usingPostgres ? false : 'needs TEST_DATABASE_URL (a PostgreSQL server to cut off)' }, () => {
  for (const mode of ['refuse', 'blackhole'] as CutMode[]) {
    // refuse: the server is gone (connections reset, new ones refused). blackhole: a partition (nothing answers).
    const bound = mode === 'refuse' ? 4000 : 6000;
    test(`${mode}: /ready 503, requests 503 within ${bound / 1000} s, process stays up; recovers without a restart`, { timeout: 110_000 }, async () => {
      const target = new URL(process.env.TEST_DATABASE_URL!);
      const proxy = await startProxy(target.hostname, Number(target.port || 5432));
      const url = proxy.url(process.env.TEST_DATABASE_URL!);
      let t: TestApp | undefined;
      try {
        t = await startTestApp({
          env: { DATABASE_URL: url, DB_CONNECT_TIMEOUT_MS: '1000', DB_QUERY_TIMEOUT_MS: '2000' },
          overrides: { database: { kind: 'postgres', url, poolSize: 3, connectTimeoutMs: 1000, queryTimeoutMs: 2000 } },
        });
        const app = t;
        const ready = (path = '/couple-compass/ready') => call(app, 'GET', path);
        assert.equal((await ready()).status, 200);
        const user = await signup(app, uniqueEmail('pg-before'));
        assert.equal(user.status, 200, show(user));
        const token = user.body.access_token as string;
        const email = uniqueEmail('pg-known');
        const known = await signup(app, email);
        assert.equal(known.status, 200, show(known));
        assert.equal((await me(app, token)).status, 200);

        await proxy.cut(mode);
        const down = await waitUntil('/ready 503 after the cut', 8000, ready, (a) => a.status === 503);
        const r = await ready();
        assert.equal(r.status, 503);
        assert.equal(r.body.status, 'not ready');
        assert.match(String(r.body.error), /database/i, show(r));
        const procReady = await ready('/ready');
        assert.equal(procReady.status, 503, show(procReady));
        assert.equal((procReady.body.checks as { database: string }).database, 'unavailable');

        // Three rounds of concurrent traffic, more requests than the pool has connections.
        const seen: string[] = [];
        for (let round = 0; round < 3; round++) {
          const answers = await Promise.all([
            signup(app, uniqueEmail('pg-during')),
            signup(app, uniqueEmail('pg-during')),
            login(app, email),
            login(app, email),
            me(app, token),
          ]);
          answers.forEach((a, i) => {
            seen.push(`${a.status}/${a.ms}ms`);
            assert.ok(a.ms < bound, `round ${round} request ${i} took ${a.ms} ms: ${show(a)}`);
            if (i < 4) {
              assert.equal(a.status, 503, `round ${round} request ${i}: ${show(a)}`);
              assert.deepEqual(a.body, { detail: 'Service temporarily unavailable' });
              assert.equal(a.headers['retry-after'], '5');
            } else {
              // users/me may be served from the per-process session cache; never a 500 either way.
              assert.ok(a.status === 503 || a.status === 200, `users/me during the outage: ${show(a)}`);
            }
          });
        }
        const health = await call(app, 'GET', '/health');
        assert.equal(health.status, 200, 'liveness does not touch the database');
        assert.ok(health.ms < 1000);
        assert.equal((await call(app, 'GET', '/couple-compass/health')).status, 200);

        await proxy.restore();
        const back = await waitUntil('/ready 200 after restore', 10_000, ready, (a) => a.status === 200);
        const fresh = uniqueEmail('pg-recovered');
        const s = await signup(app, fresh);
        assert.equal(s.status, 200, show(s));
        assert.equal((await login(app, fresh)).status, 200);
        assert.equal((await login(app, email)).status, 200);
        assert.equal((await me(app, s.body.access_token as string)).status, 200);
        assert.equal((await ready('/ready')).status, 200);
        assert.equal(app.runtime.jobs.isStarted, true);
        assert.deepEqual(unhandled, [], 'unhandled rejections during the outage');
        console.log(`# ${mode}: /ready 503 ${down} ms after cut; requests during outage (status/ms): ${seen.join(' ')}; /ready 200 ${back} ms after restore`);
      } finally {
        if (proxy.state !== 'up') await proxy.restore();
        await t?.close();
        await proxy.close();
      }
    });
  }
});

describe('Redis outage', { skip: usingRedis ? false : 'needs TEST_REDIS_URL (a Redis server to cut off)' }, () => {
  let proxy: TcpProxy;
  let direct: Redis;
  const apps: TestApp[] = [];

  before(async () => {
    const target = new URL(process.env.TEST_REDIS_URL!);
    proxy = await startProxy(target.hostname, Number(target.port || 6379));
    direct = new Redis(process.env.TEST_REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await direct.connect();
  });
  // Each test leaves Redis reachable and its app closed, even when an assertion failed mid-outage.
  afterEach(async () => {
    if (proxy.state !== 'up') await proxy.restore();
    for (const a of apps.splice(0)) await a.close();
  });
  after(async () => {
    await proxy.close();
    direct.disconnect();
  });

  const isUp = (t: TestApp) => async (): Promise<Answer> => ({ status: t.runtime.redis!.isUp() ? 200 : 503, body: {}, headers: {}, ms: 0 });
  const start = async (env: Record<string, string>) => {
    const t = await startTestApp({ env: { REDIS_URL: proxy.url(process.env.TEST_REDIS_URL!), RATE_LIMIT_SCALE: '1', RATE_LIMIT_IP_MAX: '5', ...env } });
    apps.push(t);
    await waitUntil('redis connected', 10_000, isUp(t), (a) => a.status === 200);
    return t;
  };

  /** Six requests from one address to a limited route: five pass, the sixth is 429 with Retry-After. */
  async function assertRateLimited(t: TestApp, ip: string) {
    const answers: Answer[] = [];
    for (let i = 0; i < 6; i++) answers.push(await me(t, undefined, ip));
    answers.slice(0, 5).forEach((a, i) => assert.equal(a.status, 401, `request ${i + 1} of 5 allowed: ${show(a)}`));
    const limited = answers[5]!;
    assert.equal(limited.status, 429, `sixth request: ${show(limited)}`);
    assert.ok(Number(limited.headers['retry-after']) > 0, `Retry-After: ${String(limited.headers['retry-after'])}`);
    for (const a of answers) assert.ok(a.ms < 2000, `rate-limited request took ${a.ms} ms`);
  }
  const redisKeys = (ip: string) => direct.keys(`${REDIS_PREFIX}rl:couple-compass:*${ip}`);
  const redisCheck = async (t: TestApp) => ((await call(t, 'GET', '/ready')).body.checks as { redis: string }).redis;

  // refuse: Redis is gone (the client sees the disconnect). blackhole: a partition (the socket stays open, nothing answers).
  for (const mode of ['refuse', 'blackhole'] as CutMode[]) {
    test(`${mode}, REDIS_REQUIRED unset: API, rate limiting (in-process fallback) and /ready keep working`, { timeout: 60_000 }, async () => {
      const t = await start({});
      const ipUp = randomIp();
      await assertRateLimited(t, ipUp);
      assert.ok((await redisKeys(ipUp)).length > 0, 'while Redis is up the counters live in Redis');
      const ready0 = await call(t, 'GET', '/ready');
      assert.equal(ready0.status, 200, show(ready0));
      assert.equal((ready0.body.checks as { redis: string }).redis, 'ok');

      await proxy.cut(mode);
      if (mode === 'refuse') await waitUntil('redis seen as down', 5000, isUp(t), (a) => a.status === 503);
      const ip = randomIp();
      const email = uniqueEmail('redis-cut');
      const s = await signup(t, email, ip);
      assert.equal(s.status, 200, show(s));
      assert.ok(s.ms < 4000, show(s));
      const m = await me(t, s.body.access_token as string, ip);
      assert.equal(m.status, 200, show(m));
      assert.equal(m.body.email, email);
      assert.ok(m.ms < 2000, show(m));
      assert.equal((await login(t, email, ip)).status, 200);
      assert.equal((await call(t, 'GET', '/health')).status, 200);
      const ipCut = randomIp();
      await assertRateLimited(t, ipCut);
      for (const path of ['/ready', '/couple-compass/ready']) {
        const r = await call(t, 'GET', path);
        assert.equal(r.status, 200, `${path} with Redis down and not required: ${show(r)}`);
        assert.ok(r.ms < 2000, show(r));
      }
      // A disconnect shows at once; a partition after the next (cached for 500 ms) PING times out.
      await waitUntil(
        '/ready reports Redis unavailable',
        3000,
        async () => ({ status: (await redisCheck(t)) === 'unavailable' ? 200 : 0, body: {}, headers: {}, ms: 0 }),
        (a) => a.status === 200,
      );

      await proxy.restore();
      // Reconnected = /ready's real round trip succeeds (right after a blackhole the old socket still looks "ready").
      const back = await waitUntil(
        'redis reconnected',
        10_000,
        async () => ({ status: (await redisCheck(t)) === 'ok' ? 200 : 503, body: {}, headers: {}, ms: 0 }),
        (a) => a.status === 200,
      );
      assert.deepEqual(await redisKeys(ipCut), [], 'during the cut the counters were in-process only');
      const ipBack = randomIp();
      await assertRateLimited(t, ipBack);
      assert.ok((await redisKeys(ipBack)).length > 0, 'after recovery the counters are in Redis again');
      assert.deepEqual(unhandled, []);
      console.log(`# redis ${mode}: sign-up during the cut ${s.ms} ms, users/me ${m.ms} ms; reconnected ${back} ms after restore`);
    });

    test(`${mode}, REDIS_REQUIRED=true: /ready is 503 while Redis is cut and 200 after restore; the API still answers`, { timeout: 60_000 }, async () => {
      const t = await start({ REDIS_REQUIRED: 'true' });
      assert.equal((await call(t, 'GET', '/couple-compass/ready')).status, 200);
      await proxy.cut(mode);
      const down = await waitUntil(
        '/ready 503',
        5000,
        () => call(t, 'GET', '/couple-compass/ready'),
        (a) => a.status === 503,
      );
      const r = await call(t, 'GET', '/couple-compass/ready');
      assert.equal(r.status, 503, show(r));
      assert.equal(r.body.error, 'redis unavailable', show(r));
      assert.ok(r.ms < 2000, show(r));
      const proc = await call(t, 'GET', '/ready');
      assert.equal(proc.status, 503, show(proc));
      assert.equal(proc.body.reason, 'redis unavailable');
      const s = await signup(t, uniqueEmail('redis-req'), randomIp());
      assert.equal(s.status, 200, `requests do not need Redis even when readiness does: ${show(s)}`);

      await proxy.restore();
      const back = await waitUntil(
        '/ready 200 after restore',
        10_000,
        () => call(t, 'GET', '/couple-compass/ready'),
        (a) => a.status === 200,
      );
      assert.equal((await call(t, 'GET', '/ready')).status, 200);
      assert.deepEqual(unhandled, []);
      console.log(`# redis required, ${mode}: /ready 503 ${down} ms after cut, 200 ${back} ms after restore`);
    });
  }
});
