// The general limits as users and operators expect them: per user when signed in (many users behind one address
// are never throttled), per address when anonymous, socket handshakes in their own bucket, and no request header
// that turns a limit off.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { AddressInfo } from 'node:net';
import { startTestApp, uniqueEmail, bearer, type TestApp } from '../helpers/app.js';

const P = '/couple-compass/api/v1';
const randomIp = () => `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe('default limits (RATE_LIMIT_SCALE=1)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ products: ['couple-compass'], jobs: false, env: { RATE_LIMIT_SCALE: '1' } });
  });
  after(async () => {
    await t.close();
  });

  test('5 users × 200 authenticated requests within a minute from one address: no 429', async () => {
    const office = randomIp();
    const tokens: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: `${P}/auth/signup`,
        payload: { email: uniqueEmail('office'), password: 'password-1', name: `Colleague ${i}` },
        remoteAddress: office,
      });
      assert.equal(r.statusCode, 200, r.body);
      tokens.push(r.json().access_token as string);
    }
    const statuses = new Map<number, number>();
    for (let round = 0; round < 200; round++) {
      const rs = await Promise.all(tokens.map((tk) => t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(tk), remoteAddress: office })));
      for (const r of rs) statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
    }
    assert.deepEqual([...statuses], [[200, 1000]]);
  });
});

describe('small limits (RATE_LIMIT_IP_MAX=5, RATE_LIMIT_USER_MAX=8, SOCKET_HANDSHAKES_MAX=3)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      products: ['couple-compass'],
      jobs: false,
      env: { RATE_LIMIT_SCALE: '1', RATE_LIMIT_IP_MAX: '5', RATE_LIMIT_USER_MAX: '8', SOCKET_HANDSHAKES_MAX: '3' },
    });
  });
  after(async () => {
    await t.close();
  });

  test('an `Upgrade: websocket` header (or any other) does not exempt an HTTP request', async () => {
    const ip = randomIp();
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: `${P}/auth/login`,
        headers: { upgrade: 'websocket', connection: 'Upgrade', 'x-forwarded-for': randomIp(), 'x-real-ip': randomIp() },
        payload: { email: uniqueEmail(), password: 'wrong-password' },
        remoteAddress: ip,
      });
      codes.push(r.statusCode);
    }
    assert.deepEqual(codes, [401, 401, 401, 401, 401, 429, 429]);
  });

  test('signed-in requests count per user, not per address; a forged token counts per address', async () => {
    const ip = randomIp();
    const signup = await t.app.inject({
      method: 'POST',
      url: `${P}/auth/signup`,
      payload: { email: uniqueEmail(), password: 'password-1', name: 'Counted' },
      remoteAddress: randomIp(),
    });
    const token = signup.json().access_token as string;
    const codes: number[] = [];
    for (let i = 0; i < 10; i++)
      codes.push((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(token), remoteAddress: i % 2 ? ip : randomIp() })).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    // The address itself still has its anonymous allowance: the user's bucket is not the address's.
    const anon = await t.app.inject({ method: 'GET', url: `${P}/users/me`, remoteAddress: ip });
    assert.equal(anon.statusCode, 401);
    const forged = `${token.slice(0, -4)}AAAA`;
    const f: number[] = [];
    const fip = randomIp();
    for (let i = 0; i < 6; i++) f.push((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(forged), remoteAddress: fip })).statusCode);
    assert.deepEqual(f, [401, 401, 401, 401, 401, 429]);
  });

  test('socket handshakes have their own bucket: the 4th within the window is refused', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const signup = await t.app.inject({
      method: 'POST',
      url: `${P}/auth/signup`,
      payload: { email: uniqueEmail(), password: 'password-1', name: 'Sock' },
      remoteAddress: randomIp(),
    });
    const token = signup.json().access_token as string;
    const me = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string };
    const open = () =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}${P}/chat/ws/${me.sub}?token=${token}`);
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    const codes = [await open(), await open(), await open(), await open()];
    assert.deepEqual(codes, [101, 101, 101, 429]);
    // Plain HTTP of the same user is not in that bucket.
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(token), remoteAddress: randomIp() })).statusCode, 200);
  });
});

describe('wrong logins for one account (default strict limits)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ jobs: false, env: { RATE_LIMIT_SCALE: '1' } });
  });
  after(async () => {
    await t.close();
  });

  /** Each product's login as its clients send it. */
  const LOGINS: { slug: string; url: string; form?: boolean }[] = [
    { slug: 'couple-compass', url: '/couple-compass/api/v1/auth/login' },
    { slug: 'fluentfusion', url: '/fluentfusion/api/auth/login', form: true },
    { slug: 'memory-maker', url: '/memory-maker/api/v1/auth/login', form: true },
    { slug: 'flirtcraft', url: '/flirtcraft/api/v1/auth/login' },
    { slug: 'project-inside', url: '/project-inside/v1/auth/login' },
  ];
  for (const l of LOGINS) {
    test(`${l.slug}: 120 wrong passwords for one account from changing addresses → 429 well before the end, whatever the headers`, async () => {
      const email = uniqueEmail(`guess-${l.slug}`);
      const codes: number[] = [];
      for (let i = 0; i < 120; i++) {
        const headers = { upgrade: 'websocket', 'x-forwarded-for': randomIp(), ...(l.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) };
        const payload = l.form ? new URLSearchParams({ username: email, password: `wrong-${i}` }).toString() : { email, password: `wrong-${i}` };
        const r = await t.app.inject({ method: 'POST', url: l.url, headers, payload, remoteAddress: randomIp() });
        codes.push(r.statusCode);
        if (r.statusCode === 429) {
          assert.ok(Number(r.headers['retry-after']) > 0, 'Retry-After');
          break;
        }
      }
      const first429 = codes.indexOf(429);
      assert.ok(first429 > 0 && first429 <= 20, `first 429 after ${first429} attempts: ${codes.join(',')}`);
      assert.ok(
        codes.slice(0, first429).every((c) => c >= 400 && c < 500 && c !== 429),
        codes.join(','),
      );
    });
  }
});
