// Two API instances on one PostgreSQL + Redis: revocations, rate limits and realtime messages cross processes.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApp, uniqueEmail, bearer, usingPostgres, usingRedis, type TestApp } from '../helpers/app.js';

const skip = usingPostgres && usingRedis ? false : 'needs TEST_DATABASE_URL and TEST_REDIS_URL (two instances need a shared database and Redis)';
const P = '/couple-compass/api/v1';

describe('two instances', { skip }, () => {
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    // Long cache TTL: only the Redis invalidation can make B notice the logout in time.
    const env = { SESSION_CACHE_TTL_MS: '600000', RATE_LIMIT_SCALE: '1', RATE_LIMIT_IP_MAX: '6' };
    const secret = new Uint8Array(randomBytes(32)); // one deployment, one signing secret
    a = await startTestApp({ env, jobs: false, overrides: { secret } });
    b = await startTestApp({ env, jobs: false, overrides: { secret } });
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  const randomIp = () => `10.8.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

  test('logout on A kills the access token on B at once, although B had it cached', async () => {
    const s = await a.app.inject({
      method: 'POST',
      url: `${P}/auth/signup`,
      payload: { email: uniqueEmail(), password: 'password-1', name: 'Multi' },
      remoteAddress: randomIp(),
    });
    assert.equal(s.statusCode, 200);
    const { access_token } = s.json();
    assert.equal((await b.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(access_token), remoteAddress: randomIp() })).statusCode, 200);
    assert.equal((await a.app.inject({ method: 'POST', url: `${P}/auth/logout`, headers: bearer(access_token), remoteAddress: randomIp() })).statusCode, 200);
    let status = 0;
    for (let i = 0; i < 20 && status !== 401; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await b.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(access_token), remoteAddress: randomIp() })).statusCode;
    }
    assert.equal(status, 401);
  });

  test('the rate limit is shared through Redis', async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const app = i % 2 === 0 ? a : b;
      const r = await app.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email: uniqueEmail(), password: 'x' }, remoteAddress: ip });
      statuses.push(r.statusCode);
    }
    // 6 allowed in total across both instances, not 6 each.
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 429, 429]);
  });

  test('a message published on A reaches subscribers on B', async () => {
    const got = new Promise<unknown>((resolve) => {
      const off = b.runtime.bus.subscribe('test:cross', (p) => {
        off();
        resolve(p);
      });
    });
    await new Promise((r) => setTimeout(r, 200)); // let the SUBSCRIBE reach Redis
    a.runtime.bus.publish('test:cross', { hello: 'from A' });
    assert.deepEqual(await Promise.race([got, new Promise((r) => setTimeout(() => r('timeout'), 3000))]), { hello: 'from A' });
  });
});
