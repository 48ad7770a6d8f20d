// Health with each service, the overview, development info, CORS, the general 100/60 s limits, the root mount.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../../../test/helpers/app.js';
import { callAs } from '../../../../test/helpers/accounts.js';
import { envelopeError, startFlirtcraft, verifiedUser } from '../../../../test/helpers/flirtcraft.js';
import { health } from './service.js';

let t: TestApp;
before(async () => {
  t = await startFlirtcraft();
});
after(() => t.close());

describe('works', () => {
  test('health reports api, database, redis, ai and mail; the product is also served at the root', async () => {
    for (const url of ['/flirtcraft/health', '/health']) {
      const r = await t.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, r.body);
      const h = r.json();
      assert.equal(h.status, 'healthy');
      assert.equal(h.version, '1.0.0');
      assert.deepEqual(Object.keys(h.services).sort(), ['ai', 'api', 'database', 'mail', 'redis']);
      assert.equal(h.services.database, 'healthy');
      assert.equal(h.details.database.connected, true);
      assert.equal(h.details.redis.configured, Boolean(process.env.TEST_REDIS_URL));
      assert.equal(h.details.ai.engine, 'local (deterministic)');
      assert.equal(h.details.ai.status, 'healthy');
      assert.equal(h.details.ai.model, null);
      assert.equal(h.services.ai, 'healthy');
      assert.deepEqual(h.details.mail, { status: 'healthy', transport: 'memory' });
      assert.equal(h.services.mail, 'healthy');
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/flirtcraft/ready' })).statusCode, 200);
    const root = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(root.json().message, 'FlirtCraft API - AI-Powered Conversation Training');
    assert.equal(root.json().endpoints.conversations, '/api/v1/conversations');
    const prefixed = await t.app.inject({ method: 'GET', url: '/flirtcraft' });
    assert.equal(prefixed.json().endpoints.auth, '/flirtcraft/api/v1/auth');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/scenarios' })).json().data.length, 5);
  });

  test('an OpenAI-compatible engine and SMTP are reported as configured (not probed), without changing the overall status', async () => {
    const external = {
      ...t.runtime,
      ai: { ...t.runtime.ai, kind: 'openai' as const },
      mailer: { ...t.runtime.mailer, kind: 'smtp' },
      config: { ...t.runtime.config, ai: { ...t.runtime.config.ai, model: 'gpt-test' } },
    };
    const r = await health(external);
    assert.equal(r.status, 200);
    const h = r.body as {
      status: string;
      services: Record<string, string>;
      details: { ai: { status: string; engine: string; model: string | null }; mail: { status: string; transport: string } };
    };
    assert.equal(h.status, 'healthy');
    assert.equal(h.services.ai, 'configured');
    assert.deepEqual(h.details.ai, { status: 'configured', engine: 'openai-compatible', model: 'gpt-test' });
    assert.equal(h.services.mail, 'configured');
    assert.deepEqual(h.details.mail, { status: 'configured', transport: 'smtp' });
  });

  test('a database that does not answer → unhealthy, 503', async () => {
    const down = { ...t.runtime, db: { ...t.runtime.db, ping: () => Promise.reject(new Error('connection refused')) } };
    const r = await health(down);
    assert.equal(r.status, 503);
    assert.equal((r.body as { status: string }).status, 'unhealthy');
  });

  test('development info in development only, without secret values', async () => {
    const dev = await startFlirtcraft({
      env: { NODE_ENV: 'development', OPENAI_API_KEY: 'sk-very-secret-value', SMTP_URL: 'smtp://user:hunter2@127.0.0.1:2525' },
    });
    try {
      const r = await dev.app.inject({ method: 'GET', url: '/flirtcraft/dev/info' });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().external_services.smtp_configured, true);
      assert.equal(r.json().limits.requests_per_user_per_window >= 100, true);
      assert.ok(!r.body.includes('sk-very-secret-value') && !r.body.includes('hunter2'));
    } finally {
      await dev.close();
    }
    envelopeError(await t.app.inject({ method: 'GET', url: '/flirtcraft/dev/info' }), 404);
  });

  test('CORS: the configured app origins, nothing for others', async () => {
    const ok = await t.app.inject({
      method: 'OPTIONS',
      url: '/flirtcraft/api/v1/scenarios',
      headers: { origin: 'http://localhost:19006', 'access-control-request-method': 'GET' },
    });
    assert.equal(ok.headers['access-control-allow-origin'], 'http://localhost:19006');
    const evil = await t.app.inject({ method: 'GET', url: '/flirtcraft/api/v1/scenarios', headers: { origin: 'http://evil.example' } });
    assert.equal(evil.headers['access-control-allow-origin'], undefined);
  });
});

describe('rejects bad input', () => {
  test('unknown paths and methods answer in the envelope', async () => {
    const r = envelopeError(await t.app.inject({ method: 'GET', url: '/flirtcraft/api/v1/nowhere?token=secret' }), 404, 'not_found');
    assert.equal(r.meta.path, '/flirtcraft/api/v1/nowhere');
    envelopeError(
      await t.app.inject({ method: 'POST', url: '/flirtcraft/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' }),
      422,
    );
  });
});

describe('refuses the wrong user (rate limits)', () => {
  test('100 requests / 60 s per IP when anonymous and per user when signed in → 429 with Retry-After', async () => {
    const lt = await startFlirtcraft({ env: { RATE_LIMIT_SCALE: '1' } });
    try {
      const ip = '10.77.0.1';
      const anon = await Promise.all(
        Array.from({ length: 101 }, () => lt.app.inject({ method: 'GET', url: '/flirtcraft/api/v1/scenarios', remoteAddress: ip })),
      );
      assert.equal(anon.filter((r) => r.statusCode === 200).length, 100);
      const limited = anon.find((r) => r.statusCode === 429)!;
      envelopeError(limited, 429, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) > 0);
      // Signed-in users behind the same address have their own budgets.
      const [a, b] = [await verifiedUser(lt, { remoteAddress: '10.77.0.2' }), await verifiedUser(lt, { remoteAddress: '10.77.0.3' })];
      const office = '10.77.1.1';
      const rs = await Promise.all(Array.from({ length: 101 }, () => callAs(lt, a, 'GET', '/flirtcraft/api/v1/auth/me', undefined, { remoteAddress: office })));
      assert.equal(rs.filter((r) => r.statusCode === 200).length, 100);
      assert.equal(rs.filter((r) => r.statusCode === 429).length, 1);
      assert.equal((await callAs(lt, b, 'GET', '/flirtcraft/api/v1/auth/me', undefined, { remoteAddress: office })).statusCode, 200);
      // Health is a probe: never limited.
      assert.equal((await lt.app.inject({ method: 'GET', url: '/flirtcraft/health', remoteAddress: ip })).statusCode, 200);
    } finally {
      await lt.close();
    }
  });
});
