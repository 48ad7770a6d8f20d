// Core HTTP behaviour every product gets: request ids, timing, CORS, helmet, 404/413/431/429, OpenAPI, root mount, log redaction.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { InjectOptions } from 'fastify';
import { captureLogs, startTestApp, uniqueEmail, bearer, type TestApp } from '../helpers/app.js';

const P = '/couple-compass';
const API = `${P}/api/v1`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A client address of its own: rate-limit counters may live in a Redis shared by every test process. */
const randomIp = () => `10.${[...randomBytes(3)].join('.')}`;

type Tokens = { access_token: string; refresh_token: string; token_type: string; expires_in: number };

async function signup(t: TestApp, base = API, password = 'correct-horse-1') {
  const email = uniqueEmail('core');
  const r = await t.app.inject({ method: 'POST', url: `${base}/auth/signup`, payload: { email, password, name: 'Core' }, remoteAddress: randomIp() });
  assert.equal(r.statusCode, 200, r.body);
  return { email, password, tokens: r.json() as Tokens };
}

function preflight(t: TestApp, origin: string, url = `${API}/auth/login`) {
  return t.app.inject({
    method: 'OPTIONS',
    url,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
  });
}

/** Sends raw bytes on a real socket and returns the status line's code and the whole response text. */
function rawRequest(port: number, request: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    sock.setTimeout(10_000, () => sock.destroy(new Error('raw request timed out')));
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', (e) => {
      // The server may reset after answering; keep what it sent.
      if (chunks.length) finish();
      else reject(e);
    });
    const finish = () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!m) reject(new Error(`no HTTP status line in ${JSON.stringify(text.slice(0, 200))}`));
      else resolve({ status: Number(m[1]), text });
    };
    sock.on('end', finish);
    sock.on('close', () => {
      if (chunks.length) finish();
    });
    sock.write(request);
  });
}

describe('default app (all products)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { BODY_LIMIT_BYTES: '4096', CORS_ORIGINS: 'http://192.168.*.*:*' } });
  });
  after(async () => {
    await t.close();
  });

  describe('X-Request-Id and X-Process-Time', () => {
    test('a valid incoming id is echoed', async () => {
      const id = `req-${randomBytes(6).toString('hex')}:a.b_c`;
      const r = await t.app.inject({ method: 'GET', url: `${P}/health`, headers: { 'x-request-id': id } });
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['x-request-id'], id);
    });

    test('without an incoming id a UUID is generated and echoed', async () => {
      const r1 = await t.app.inject({ method: 'GET', url: `${P}/health` });
      const r2 = await t.app.inject({ method: 'GET', url: `${P}/health` });
      assert.match(String(r1.headers['x-request-id']), UUID);
      assert.match(String(r2.headers['x-request-id']), UUID);
      assert.notEqual(r1.headers['x-request-id'], r2.headers['x-request-id']);
    });

    test('a malicious id (newlines, 500 chars) is replaced by a generated UUID', async () => {
      for (const bad of ['abc\r\nSet-Cookie: pwned=1', 'a'.repeat(500), 'id with spaces', '<script>']) {
        const r = await t.app.inject({ method: 'GET', url: `${P}/health`, headers: { 'x-request-id': bad } });
        assert.equal(r.statusCode, 200);
        const echoed = String(r.headers['x-request-id']);
        assert.match(echoed, UUID, `for ${JSON.stringify(bad.slice(0, 30))}`);
        assert.equal(r.headers['set-cookie'], undefined);
      }
    });

    test('X-Process-Time is a non-negative number on 200, 404 and 422 responses', async () => {
      const responses = [
        await t.app.inject({ method: 'GET', url: `${P}/health` }),
        await t.app.inject({ method: 'GET', url: `${P}/nope` }),
        await t.app.inject({ method: 'GET', url: '/nope' }),
        await t.app.inject({ method: 'POST', url: `${API}/auth/signup`, payload: { email: 'x' } }),
      ];
      assert.deepEqual(
        responses.map((r) => r.statusCode),
        [200, 404, 404, 422],
      );
      for (const r of responses) {
        const v = r.headers['x-process-time'];
        assert.equal(typeof v, 'string', `x-process-time on ${r.statusCode}`);
        assert.match(String(v), /^\d+(\.\d+)?$/);
        const n = Number(v);
        assert.ok(Number.isFinite(n) && n >= 0, `x-process-time=${String(v)}`);
        assert.match(String(r.headers['x-request-id']), UUID);
      }
    });
  });

  describe('CORS (couple-compass defaults + CORS_ORIGINS)', () => {
    test('preflight from http://localhost:3000 is allowed with credentials', async () => {
      const r = await preflight(t, 'http://localhost:3000');
      assert.ok(r.statusCode === 204 || r.statusCode === 200, `status ${r.statusCode}`);
      assert.equal(r.headers['access-control-allow-origin'], 'http://localhost:3000');
      assert.equal(r.headers['access-control-allow-credentials'], 'true');
      assert.match(String(r.headers['access-control-allow-methods']), /POST/);
      assert.match(String(r.headers.vary), /origin/i);
    });

    test('other default origins: https://localhost:8443, http://127.0.0.1:5173, http://localhost (no port)', async () => {
      for (const origin of ['https://localhost:8443', 'http://127.0.0.1:5173', 'http://localhost']) {
        const r = await preflight(t, origin);
        assert.equal(r.headers['access-control-allow-origin'], origin, origin);
      }
    });

    test('a simple request from an allowed origin gets the header and exposed headers', async () => {
      const r = await t.app.inject({ method: 'GET', url: `${P}/health`, headers: { origin: 'http://localhost:3000' } });
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['access-control-allow-origin'], 'http://localhost:3000');
      assert.match(String(r.headers['access-control-expose-headers']), /x-request-id/i);
    });

    test('foreign and look-alike origins get no allow-origin header', async () => {
      for (const origin of [
        'https://evil.example',
        'http://localhost.evil.example',
        'http://localhost:3000.evil.example',
        'http://evil-localhost:3000',
        'http://127.0.0.1.evil.example',
        'null',
      ]) {
        const r = await preflight(t, origin);
        assert.equal(r.headers['access-control-allow-origin'], undefined, origin);
        assert.equal(r.headers['access-control-allow-credentials'] === 'true' && r.headers['access-control-allow-origin'] !== undefined, false, origin);
        const g = await t.app.inject({ method: 'GET', url: `${P}/health`, headers: { origin } });
        assert.equal(g.headers['access-control-allow-origin'], undefined, origin);
      }
    });

    test('CORS_ORIGINS wildcard http://192.168.*.*:* matches a LAN address but not a suffix trick', async () => {
      const ok = await preflight(t, 'http://192.168.1.20:8080');
      assert.equal(ok.headers['access-control-allow-origin'], 'http://192.168.1.20:8080');
      assert.equal(ok.headers['access-control-allow-credentials'], 'true');
      const bad = await preflight(t, 'http://192.168.1.20.evil.com:8080');
      assert.equal(bad.headers['access-control-allow-origin'], undefined);
      const wrongScheme = await preflight(t, 'https://192.168.1.20:8080');
      assert.equal(wrongScheme.headers['access-control-allow-origin'], undefined);
    });
  });

  test('helmet security headers are set on every response: success, 404, 401, 422', async () => {
    const calls: InjectOptions[] = [
      { method: 'GET', url: `${P}/health` },
      { method: 'GET', url: `${P}/nope` },
      { method: 'GET', url: '/health' },
      { method: 'GET', url: `${API}/users/me` },
      { method: 'POST', url: `${API}/auth/login`, payload: { email: 'not-an-email' }, remoteAddress: randomIp() },
    ];
    const statuses: number[] = [];
    for (const call of calls) {
      const r = await t.app.inject(call);
      const url = `${call.method} ${String(call.url)} → ${r.statusCode}`;
      statuses.push(r.statusCode);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN', url);
      assert.match(String(r.headers['strict-transport-security']), /max-age=\d+/, url);
      assert.equal(r.headers['referrer-policy'], 'no-referrer', url);
      // HTML-only headers are deliberately off for a JSON API (see src/app.ts).
      assert.equal(r.headers['x-dns-prefetch-control'], undefined, url);
      assert.equal(r.headers['cross-origin-resource-policy'], undefined, url);
      assert.equal(r.headers['x-powered-by'], undefined, url);
    }
    assert.deepEqual(statuses, [200, 404, 200, 401, 422]);
  });

  describe('404 shapes', () => {
    test('unknown path under /couple-compass → {"message":"Resource not found"}', async () => {
      for (const [method, url] of [
        ['GET', `${P}/nope`],
        ['GET', `${API}/auth/nope`],
        ['POST', `${API}/users/unknown/deeper`],
        ['DELETE', `${API}/auth/signup`],
      ] as const) {
        const r = await t.app.inject({ method, url });
        assert.equal(r.statusCode, 404, `${method} ${url}`);
        assert.deepEqual(r.json(), { message: 'Resource not found' }, `${method} ${url}`);
        assert.match(String(r.headers['content-type']), /application\/json/);
      }
    });

    test('unknown path outside any product → {"detail":"Not Found"}', async () => {
      for (const url of ['/nope', '/api/v1/auth/signup', '/couple-compassX/health']) {
        const r = await t.app.inject({ method: 'GET', url });
        assert.equal(r.statusCode, 404, url);
        assert.deepEqual(r.json(), { detail: 'Not Found' }, url);
      }
    });

    test('with the default PRODUCTS the seed paths are not served at the root', async () => {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: uniqueEmail(), password: 'long-enough-1', name: 'R' } });
      assert.equal(r.statusCode, 404);
      assert.deepEqual(r.json(), { detail: 'Not Found' });
    });
  });

  describe('health and readiness', () => {
    test('process-level /health and /ready exist with several products selected', async () => {
      const h = await t.app.inject({ method: 'GET', url: '/health' });
      assert.equal(h.statusCode, 200);
      assert.equal(h.json().status, 'ok');
      const r = await t.app.inject({ method: 'GET', url: '/ready' });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().status, 'ready');
    });

    test('/couple-compass/health and /couple-compass/ready have the seed shapes', async () => {
      const h = await t.app.inject({ method: 'GET', url: `${P}/health` });
      assert.equal(h.statusCode, 200);
      const hb = h.json();
      assert.deepEqual(Object.keys(hb).sort(), ['status', 'timestamp', 'version']);
      assert.equal(hb.status, 'healthy');
      assert.equal(hb.version, '1.0.0');
      assert.equal(typeof hb.timestamp, 'number');
      assert.ok(Math.abs(hb.timestamp - Date.now() / 1000) < 60, `timestamp ${hb.timestamp} is seconds since epoch`);

      const r = await t.app.inject({ method: 'GET', url: `${P}/ready` });
      assert.equal(r.statusCode, 200, r.body);
      const rb = r.json();
      assert.deepEqual(Object.keys(rb).sort(), ['status', 'timestamp']);
      assert.equal(rb.status, 'ready');
      assert.equal(typeof rb.timestamp, 'number');
    });
  });

  describe('limits', () => {
    test('a body larger than BODY_LIMIT_BYTES → 413 in the product error shape', async () => {
      const payload = JSON.stringify({ email: uniqueEmail(), password: 'long-enough-1', name: 'x'.repeat(5000) });
      const r = await t.app.inject({ method: 'POST', url: `${API}/auth/signup`, headers: { 'content-type': 'application/json' }, payload });
      assert.equal(r.statusCode, 413, r.body);
      assert.deepEqual(r.json(), { detail: 'Request body too large' });
    });

    test('a body just under the limit is accepted (the limit is not simply "any body")', async () => {
      const payload = JSON.stringify({ email: uniqueEmail(), password: 'long-enough-1', name: 'y'.repeat(200) });
      const r = await t.app.inject({ method: 'POST', url: `${API}/auth/signup`, headers: { 'content-type': 'application/json' }, payload });
      assert.equal(r.statusCode, 200, r.body);
    });

    test('oversize headers (40 KB) on a real socket → 431', async () => {
      // The app keeps answering inject() after listen(); t.close() closes the server.
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const small = await rawRequest(port, `GET ${P}/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Small: ${'a'.repeat(4 * 1024)}\r\nConnection: close\r\n\r\n`);
      assert.equal(small.status, 200, small.text.slice(0, 300));
      const big = await rawRequest(port, `GET ${P}/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(40 * 1024)}\r\nConnection: close\r\n\r\n`);
      assert.equal(big.status, 431, big.text.slice(0, 300));
      const after = await rawRequest(port, `GET ${P}/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      assert.equal(after.status, 200, 'the server still answers');
    });
  });

  describe('OpenAPI and Swagger UI', () => {
    test('/couple-compass/openapi.json is an OpenAPI 3 document of the product', async () => {
      const r = await t.app.inject({ method: 'GET', url: `${P}/openapi.json` });
      assert.equal(r.statusCode, 200, r.body);
      const doc = r.json();
      assert.match(String(doc.openapi), /^3\./);
      assert.equal(doc.info.title, 'Couple Compass API');
      assert.equal(doc.info.version, '1.0.0');
      const paths = Object.keys(doc.paths);
      for (const p of ['/auth/signup', '/auth/login', '/auth/refresh', '/auth/logout', '/users/me']) {
        assert.ok(paths.includes(`${API}${p}`), `${API}${p} in ${paths.join(', ')}`);
      }
      for (const probe of ['health', 'ready']) {
        assert.deepEqual(doc.paths[`${P}/${probe}`]?.get?.tags, ['service'], `${P}/${probe} is listed under service`);
        assert.ok(doc.paths[`${P}/${probe}`].get.responses['200'], `${P}/${probe}: its answer is described`);
      }
      assert.ok(!paths.includes(`${P}/openapi.json`), 'openapi.json is hidden');

      const signupOp = doc.paths[`${API}/auth/signup`].post;
      const reqSchema = signupOp.requestBody.content['application/json'].schema;
      assert.equal(reqSchema.type, 'object');
      assert.deepEqual([...reqSchema.required].sort(), ['email', 'name', 'password']);
      assert.equal(reqSchema.properties.password.minLength, 8);
      const okSchema = signupOp.responses['200'].content['application/json'].schema;
      assert.ok(okSchema.properties.access_token && okSchema.properties.refresh_token, JSON.stringify(okSchema));
      const loginOp = doc.paths[`${API}/auth/login`].post;
      assert.ok(loginOp.requestBody.content['application/json'].schema.properties.email);
      assert.ok(loginOp.responses['200'].content['application/json'].schema.properties.access_token);

      assert.deepEqual(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      const me = doc.paths[`${API}/users/me`].get;
      assert.ok(me.responses['200'].content['application/json'].schema, 'users/me documents its 200 body');
    });

    test('/couple-compass/docs serves Swagger UI HTML', async () => {
      let r = await t.app.inject({ method: 'GET', url: `${P}/docs` });
      for (let hops = 0; hops < 3 && r.statusCode >= 300 && r.statusCode < 400; hops++) {
        const loc = String(r.headers.location);
        r = await t.app.inject({ method: 'GET', url: new URL(loc, `http://x${P}/docs`).pathname });
      }
      assert.equal(r.statusCode, 200, r.body.slice(0, 200));
      assert.match(String(r.headers['content-type']), /text\/html/);
      assert.match(r.body, /swagger-ui/i);
      const slash = await t.app.inject({ method: 'GET', url: `${P}/docs/` });
      assert.ok([200, 301, 302].includes(slash.statusCode), `docs/ → ${slash.statusCode}`);
    });

    test('every asset the Swagger UI page links is served under the product prefix', async () => {
      const page = await t.app.inject({ method: 'GET', url: `${P}/docs` });
      assert.equal(page.statusCode, 200);
      const assets = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => new URL(m[1]!, `http://x${P}/docs`).pathname);
      assert.ok(
        assets.some((a) => a.endsWith('/swagger-ui-bundle.js')),
        assets.join(', '),
      );
      assert.ok(
        assets.some((a) => a.endsWith('/swagger-initializer.js')),
        assets.join(', '),
      );
      for (const a of assets) {
        assert.ok(a.startsWith(`${P}/docs/`), `${a} is under ${P}/docs/`);
        const r = await t.app.inject({ method: 'GET', url: a });
        assert.equal(r.statusCode, 200, a);
      }
      const spec = await t.app.inject({ method: 'GET', url: `${P}/docs/json` });
      assert.equal(spec.statusCode, 200);
      assert.ok(Object.keys(spec.json().paths).includes(`${API}/auth/signup`));
    });
  });
});

describe('NODE_ENV=production, RATE_LIMIT_IP_MAX=3 (window 60 s)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: 'p'.repeat(40),
        MAIL_CONSOLE: 'true',
        RATE_LIMIT_SCALE: '1',
        RATE_LIMIT_IP_MAX: '3',
        RATE_LIMIT_WINDOW_S: '60',
      },
    });
  });
  after(async () => {
    await t.close();
  });

  test('docs are off by default', async () => {
    assert.equal(t.config.docs, false);
    for (const url of [`${P}/openapi.json`, `${P}/docs`]) {
      const r = await t.app.inject({ method: 'GET', url, remoteAddress: randomIp() });
      assert.equal(r.statusCode, 404, url);
    }
    const h = await t.app.inject({ method: 'GET', url: `${P}/health`, remoteAddress: randomIp() });
    assert.equal(h.statusCode, 200);
  });

  test('the 4th login from one client → 429 with Retry-After and {"detail": …}', async () => {
    const ip = randomIp();
    const login = () =>
      t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { email: uniqueEmail(), password: 'wrong-password' }, remoteAddress: ip });
    const first = [await login(), await login(), await login()];
    for (const r of first) assert.notEqual(r.statusCode, 429, r.body);
    for (const r of first) assert.equal(r.headers['x-ratelimit-limit'], '3');
    const fourth = await login();
    assert.equal(fourth.statusCode, 429, fourth.body);
    const retry = fourth.headers['retry-after'];
    assert.ok(retry !== undefined, 'Retry-After header');
    const secs = Number(retry);
    assert.ok(Number.isInteger(secs) && secs > 0 && secs <= 60, `Retry-After=${String(retry)}`);
    const body = fourth.json();
    assert.deepEqual(Object.keys(body), ['detail']);
    assert.equal(typeof body.detail, 'string');
    assert.match(body.detail, /rate limit/i);

    // Another client is not affected.
    const other = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: uniqueEmail(), password: 'wrong-password' },
      remoteAddress: randomIp(),
    });
    assert.notEqual(other.statusCode, 429);
  });

  test('/couple-compass/health and /couple-compass/ready are exempt', async () => {
    const ip = randomIp();
    for (let i = 0; i < 10; i++) {
      const h = await t.app.inject({ method: 'GET', url: `${P}/health`, remoteAddress: ip });
      assert.equal(h.statusCode, 200, `health #${i}`);
      const r = await t.app.inject({ method: 'GET', url: `${P}/ready`, remoteAddress: ip });
      assert.equal(r.statusCode, 200, `ready #${i}`);
    }
    // …and the limit still applies to API routes for that client.
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await t.app.inject({ method: 'GET', url: `${API}/users/me`, remoteAddress: ip });
      codes.push(r.statusCode);
    }
    assert.deepEqual(codes, [401, 401, 401, 429]);
  });
});

describe('single product (PRODUCTS=couple-compass, RATE_LIMIT_IP_MAX=3)', () => {
  let t: TestApp;
  // Every request comes from a fresh client address, except in the rate-limit test.
  const inject = (o: InjectOptions) => t.app.inject({ remoteAddress: randomIp(), ...o });
  before(async () => {
    t = await startTestApp({ products: ['couple-compass'], env: { RATE_LIMIT_SCALE: '1', RATE_LIMIT_IP_MAX: '3', RATE_LIMIT_WINDOW_S: '60' } });
  });
  after(async () => {
    await t.close();
  });

  test('the seed paths work at the root', async () => {
    const { tokens, email } = await signup(t, '/api/v1');
    const me = await inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(tokens.access_token) });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().email, email);
  });

  test('/health and /ready at the root have the seed shapes', async () => {
    const h = await inject({ method: 'GET', url: '/health' });
    assert.equal(h.statusCode, 200);
    const hb = h.json();
    assert.deepEqual(Object.keys(hb).sort(), ['status', 'timestamp', 'version']);
    assert.equal(hb.status, 'healthy');
    assert.equal(hb.version, '1.0.0');
    assert.equal(typeof hb.timestamp, 'number');
    const r = await inject({ method: 'GET', url: '/ready' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().status, 'ready');
    assert.equal(typeof r.json().timestamp, 'number');
  });

  test('the /couple-compass prefix still works, and tokens are valid across both mounts', async () => {
    const { tokens } = await signup(t, API);
    const me = await inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(tokens.access_token) });
    assert.equal(me.statusCode, 200, me.body);
    const h = await inject({ method: 'GET', url: `${P}/health` });
    assert.equal(h.json().status, 'healthy');
  });

  test('docs at the root and under the prefix each link their own assets and list their own paths', async () => {
    for (const base of ['', P]) {
      const page = await inject({ method: 'GET', url: `${base}/docs` });
      assert.equal(page.statusCode, 200, `${base}/docs`);
      const assets = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => new URL(m[1]!, `http://x${base}/docs`).pathname);
      assert.ok(assets.length > 3);
      for (const a of assets) {
        assert.ok(a.startsWith(`${base}/docs/static/`), a);
        assert.equal((await inject({ method: 'GET', url: a })).statusCode, 200, a);
      }
      const doc = (await inject({ method: 'GET', url: `${base}/openapi.json` })).json();
      assert.ok(Object.keys(doc.paths).includes(`${base}/api/v1/auth/signup`), `${base}: ${Object.keys(doc.paths).join(', ')}`);
      assert.ok(
        Object.keys(doc.paths).every((p) => p.startsWith(`${base}/api/`) || p === `${base}/health` || p === `${base}/ready`),
        `${base}: ${Object.keys(doc.paths).join(', ')}`,
      );
    }
  });

  test('unknown root paths use the product 404 shape', async () => {
    const r = await inject({ method: 'GET', url: '/nope' });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), { message: 'Resource not found' });
  });

  test('the root and the /couple-compass mounts share one limit per client', async () => {
    const ip = randomIp();
    const codes: number[] = [];
    for (const url of ['/api/v1/users/me', `${API}/users/me`, '/api/v1/users/me', `${API}/users/me`, '/api/v1/users/me']) {
      codes.push((await t.app.inject({ method: 'GET', url, remoteAddress: ip })).statusCode);
    }
    assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    for (const url of ['/health', '/ready', `${P}/health`, `${P}/ready`]) {
      const r = await t.app.inject({ method: 'GET', url, remoteAddress: ip });
      assert.equal(r.statusCode, 200, url);
    }
  });
});

describe('COUPLE_COMPASS_CORS_ORIGINS, DOCS=false, LOG_LEVEL=info', () => {
  let t: TestApp;
  const chunks: string[] = [];
  before(async () => {
    const logStream = captureLogs(chunks).stream;
    t = await startTestApp({
      env: { LOG_LEVEL: 'info', COUPLE_COMPASS_CORS_ORIGINS: 'https://app.couple.example,http://10.0.*.*:*', DOCS: 'false' },
      logStream,
    });
  });
  after(async () => {
    await t.close();
  });

  test('passwords, bearer tokens and refresh tokens never reach the log; request ids do', async () => {
    const password = `Pw-${randomBytes(8).toString('hex')}`;
    const { email, tokens } = await signup(t, API, password);
    const reqId = `log-${randomBytes(6).toString('hex')}`;
    const login = await t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { email, password }, headers: { 'x-request-id': reqId } });
    assert.equal(login.statusCode, 200, login.body);
    const wrong = await t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { email, password: `${password}-wrong` } });
    assert.equal(wrong.statusCode, 401, wrong.body);
    const me = await t.app.inject({ method: 'GET', url: `${API}/users/me`, headers: bearer(tokens.access_token) });
    assert.equal(me.statusCode, 200);
    const fake = `SECRET123${randomBytes(12).toString('hex')}`;
    const badRefresh = await t.app.inject({ method: 'POST', url: `${API}/auth/refresh?refresh_token=${fake}` });
    assert.equal(badRefresh.statusCode, 401, badRefresh.body);
    const goodRefresh = await t.app.inject({ method: 'POST', url: `${API}/auth/refresh?foo=1&refresh_token=${encodeURIComponent(tokens.refresh_token)}` });
    assert.equal(goodRefresh.statusCode, 200, goodRefresh.body);
    // The query parser decodes parameter names, so an encoded name is still the refresh token.
    const encoded = `SECRET123${randomBytes(12).toString('hex')}`;
    const encodedRefresh = await t.app.inject({ method: 'POST', url: `${API}/auth/refresh?refresh%5Ftoken=${encoded}` });
    assert.equal(encodedRefresh.statusCode, 401, encodedRefresh.body);
    const bodyRefresh = await t.app.inject({ method: 'POST', url: `${API}/auth/refresh`, payload: { refresh_token: goodRefresh.json().refresh_token } });
    assert.equal(bodyRefresh.statusCode, 200, bodyRefresh.body);

    await new Promise((r) => setImmediate(r));
    const text = chunks.join('');
    assert.ok(text.length > 0, 'something was logged');
    assert.ok(text.includes(reqId), 'the request id is logged');
    assert.ok(text.includes('/auth/refresh'), 'refresh requests are logged');
    for (const [what, secret] of [
      ['password', password],
      ['access token', tokens.access_token],
      ['refresh token', tokens.refresh_token],
      ['fake refresh token', fake],
      ['refresh token under an encoded name', encoded],
      ['rotated refresh token', goodRefresh.json().refresh_token as string],
      ['new access token', goodRefresh.json().access_token as string],
    ] as const) {
      assert.ok(!text.includes(secret), `${what} leaked into the log`);
    }
    assert.ok(!text.includes(tokens.access_token.split('.')[2]!), 'access token signature leaked');
  });

  test('COUPLE_COMPASS_CORS_ORIGINS origins are allowed, with wildcards', async () => {
    const a = await preflight(t, 'https://app.couple.example');
    assert.equal(a.headers['access-control-allow-origin'], 'https://app.couple.example');
    assert.equal(a.headers['access-control-allow-credentials'], 'true');
    const b = await preflight(t, 'http://10.0.3.4:19000');
    assert.equal(b.headers['access-control-allow-origin'], 'http://10.0.3.4:19000');
    for (const origin of [
      'https://app.couple.example.evil.com',
      'https://evilapp.couple.example',
      'http://app.couple.example',
      'http://10.0.3.4.evil.com:19000',
    ]) {
      const r = await preflight(t, origin);
      assert.equal(r.headers['access-control-allow-origin'], undefined, origin);
    }
  });

  test('DOCS=false → openapi.json and docs are 404 in the product shape', async () => {
    for (const url of [`${P}/openapi.json`, `${P}/docs`, `${P}/docs/`, `${P}/docs/json`]) {
      const r = await t.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 404, url);
      assert.deepEqual(r.json(), { message: 'Resource not found' }, url);
    }
  });
});
