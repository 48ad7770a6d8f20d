// FluentFusion POST /api/auth/google: Google ID tokens signed by a local key set (served on 127.0.0.1) — works,
// rejects bad tokens and bad input, refuses unverified e-mails and deactivated accounts, limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { captureLogs, DEFAULT_LIMITS_ENV, startTestApp, uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, subjectOf } from '../../../../test/helpers/accounts.js';
import { expect422 } from '../../../../test/helpers/validation.js';

const P = '/fluentfusion/api';
const CLIENT_ID = 'quintet-test.apps.googleusercontent.com';
const KID = 'test-key-1';

let google: http.Server;
let jwksUrl: string;
let brokenJwksUrl: string;
let key: CryptoKey;
let otherKey: CryptoKey;
let t: TestApp;
const logs = captureLogs();

before(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] });
  google = http.createServer((req, res) => {
    if (req.url === '/certs') res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    else res.writeHead(500).end('down');
  });
  await new Promise<void>((resolve) => google.listen(0, '127.0.0.1', resolve));
  const { port } = google.address() as AddressInfo;
  jwksUrl = `http://127.0.0.1:${port}/certs`;
  brokenJwksUrl = `http://127.0.0.1:${port}/broken`;
  t = await startTestApp({
    products: ['fluentfusion'],
    env: { FLUENTFUSION_GOOGLE_CLIENT_ID: `other-app.apps.googleusercontent.com, ${CLIENT_ID}`, FLUENTFUSION_GOOGLE_JWKS_URL: jwksUrl, LOG_LEVEL: 'info' },
    logStream: logs.stream,
  });
});
after(async () => {
  await t?.close();
  await new Promise((resolve) => google?.close(resolve));
});

interface Claims {
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  sub?: string;
  iss?: string;
  aud?: string;
}

/** A Google-like ID token; `exp` in seconds from now (negative: expired). */
async function idToken(c: Claims = {}, o: { key?: CryptoKey; exp?: number; kid?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const exp = o.exp ?? 3600;
  const { sub, iss, aud, ...rest } = { email_verified: true, ...c };
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? KID, typ: 'JWT' })
    .setSubject(sub ?? String(100_000_000_000 + Math.floor(Math.random() * 1e9)))
    .setIssuer(iss ?? 'https://accounts.google.com')
    .setAudience(aud ?? CLIENT_ID)
    .setIssuedAt(now + Math.min(0, exp) - 60)
    .setExpirationTime(now + exp)
    .sign(o.key ?? key);
}

const googleSignIn = (app: TestApp, payload: unknown, remoteAddress?: string) =>
  app.app.inject({ method: 'POST', url: `${P}/auth/google`, payload: payload as object, ...(remoteAddress ? { remoteAddress } : {}) });
const signIn = (payload: unknown) => googleSignIn(t, payload);

const uniqueName = (first = 'Aline') => `${first} ${randomBytes(3).toString('hex')} Uwase`;

async function accountRow(email: string) {
  const { rows } = await t.runtime.db.sql.executeSql(
    `SELECT u.id, u.is_verified, u.password_hash, p.username, p.user_type, p.target_language, p.last_login
       FROM identity.users u LEFT JOIN fluentfusion.profiles p ON p.user_id = u.id
      WHERE u.product = 'fluentfusion' AND lower(u.email) = lower($1)`,
    [email],
  );
  return rows as {
    id: string;
    is_verified: boolean;
    password_hash: string | null;
    username: string;
    user_type: string;
    target_language: string;
    last_login: unknown;
  }[];
}

async function sessionCount(userId: string): Promise<number> {
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM identity.sessions WHERE user_id = $1`, [userId]);
  return (rows[0] as { n: number }).n;
}

describe('works', () => {
  test('a new e-mail: a verified learner with the profile a web sign-up gets; the token works; the second time is not the first', async () => {
    const email = uniqueEmail('ff-google-new');
    const name = uniqueName();
    const r = await signIn({ credential: await idToken({ email: email.toUpperCase(), name }), role: 'student' });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 30 * 60);
    assert.equal(body.name, name);
    assert.equal(body.role, 'tourist');
    assert.equal(body.is_first_login, true);
    assert.equal(body.id, body.user_id);
    assert.equal(subjectOf(body.access_token), body.id);

    const [row, ...more] = await accountRow(email);
    assert.equal(more.length, 0);
    assert.equal(row!.id, body.id);
    assert.equal(row!.is_verified, true);
    assert.equal(row!.password_hash, null, 'no usable password');
    assert.deepEqual([row!.username, row!.user_type, row!.target_language], [name, 'tourist', 'kinyarwanda']);
    assert.ok(row!.last_login, 'last_login set');

    const me = await callAs(t, { token: body.access_token }, 'GET', `${P}/users/me`);
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().email, email, 'stored lower-cased');
    assert.equal(me.json().username, name);
    const authMe = await callAs(t, { token: body.access_token }, 'GET', `${P}/auth/me`);
    assert.equal(authMe.json().avatar_initials, 'AU');

    const again = await signIn({ credential: await idToken({ email, name: 'Another Name' }) });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().id, body.id);
    assert.equal(again.json().name, name, 'the profile keeps its username');
    assert.equal(again.json().is_first_login, false);
    assert.equal((await accountRow(email)).length, 1);
  });

  const passwordLogin = (email: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: `${P}/auth/login`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: email, password }).toString(),
    });

  test('an unconfirmed password account with a Google-verified e-mail: signs into it, now verified; the password and its sessions end', async () => {
    const email = uniqueEmail('ff-google-pw');
    const name = uniqueName('Jean');
    const reg = await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: { name, email, password: 'password123' } });
    assert.equal(reg.statusCode, 201, reg.body);
    assert.equal((await accountRow(email))[0]!.is_verified, false);
    // Whoever registered the address (perhaps not its owner) is signed in with the password.
    const before = await passwordLogin(email, 'password123');
    assert.equal(before.statusCode, 200, before.body);

    const r = await signIn({ credential: await idToken({ email: email.toUpperCase(), name: 'Google Name', iss: 'accounts.google.com' }) });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().id, reg.json().user_id);
    assert.equal(r.json().name, name);
    assert.equal((await accountRow(email))[0]!.is_verified, true);
    assert.equal((await passwordLogin(email, 'password123')).statusCode, 401, 'the password set before the address was proven is gone');
    const old = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: { authorization: `Bearer ${before.json().access_token}` } });
    assert.equal(old.statusCode, 401, 'its session ended');
    const now = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: { authorization: `Bearer ${r.json().access_token}` } });
    assert.equal(now.statusCode, 200, now.body);
  });

  test('a confirmed password account with a Google-verified e-mail: signs into it; the password keeps working', async () => {
    const email = uniqueEmail('ff-google-pwv');
    const reg = await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: { name: uniqueName('Joy'), email, password: 'password123' } });
    assert.equal(reg.statusCode, 201, reg.body);
    await t.runtime.db.sql.executeSql(`UPDATE identity.users SET is_verified = true WHERE id = $1`, [reg.json().user_id]);
    const before = await passwordLogin(email, 'password123');
    const r = await signIn({ credential: await idToken({ email, name: 'Joy G' }) });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().id, reg.json().user_id);
    const login = await passwordLogin(email, 'password123');
    assert.equal(login.statusCode, 200, login.body);
    assert.equal(login.json().is_first_login, false);
    const old = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: { authorization: `Bearer ${before.json().access_token}` } });
    assert.equal(old.statusCode, 200, 'sessions of a confirmed account are left alone');
  });

  test('two Google users with one name: the second becomes "Name 2"; no name → the e-mail\u2019s local part', async () => {
    const name = uniqueName('Eric');
    const first = await signIn({ credential: await idToken({ email: uniqueEmail('ff-google-same'), name }) });
    const second = await signIn({ credential: await idToken({ email: uniqueEmail('ff-google-same'), name }) });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(second.statusCode, 200, second.body);
    assert.deepEqual([first.json().name, second.json().name], [name, `${name} 2`]);

    const email = uniqueEmail('ff-google-noname');
    const unnamed = await signIn({ credential: await idToken({ email }) });
    assert.equal(unnamed.statusCode, 200, unnamed.body);
    assert.equal(unnamed.json().name, email.split('@')[0]);
  });

  test('as the web client sends it (root path when served alone, role from the Signup page): the fields its pages read', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/auth/google',
      headers: { 'content-type': 'application/json' },
      payload: { credential: await idToken({ email: uniqueEmail('ff-google-client'), name: uniqueName() }), role: 'instructor' },
    });
    assert.equal(r.statusCode, 200, r.body);
    const { access_token, role, name, id, is_first_login } = r.json();
    assert.equal(typeof access_token, 'string');
    assert.equal(role, 'tourist', 'every account is a learner, whatever the page asked for');
    assert.equal(typeof name, 'string');
    assert.equal(id, subjectOf(access_token));
    assert.equal(is_first_login, true);
    assert.equal((await callAs(t, { token: access_token }, 'GET', '/api/auth/me')).statusCode, 200);
  });

  test('the credential never reaches the log', async () => {
    const credential = await idToken({ email: uniqueEmail('ff-google-log'), name: uniqueName() });
    assert.equal((await signIn({ credential })).statusCode, 200);
    assert.equal((await signIn({ credential: `${credential}x` })).statusCode, 401);
    const signature = credential.split('.')[2]!;
    assert.ok(logs.lines.length > 0, 'logs captured');
    assert.ok(!logs.lines.some((l) => l.includes(signature)), 'credential logged');
  });
});

describe('rejects bad tokens and bad input', () => {
  test('wrong audience, wrong issuer, expired, another key, HS256, alg none, garbage → 401 "Invalid Google token", nothing stored', async () => {
    const email = uniqueEmail('ff-google-bad');
    const payload = Buffer.from(JSON.stringify({ email, email_verified: true, sub: '1', iss: 'https://accounts.google.com', aud: CLIENT_ID })).toString(
      'base64url',
    );
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const cases: [string, string][] = [
      ['wrong audience', await idToken({ email, aud: 'someone-else.apps.googleusercontent.com' })],
      ['wrong issuer', await idToken({ email, iss: 'https://evil.example.com' })],
      ['expired', await idToken({ email }, { exp: -120 })],
      ['signed by another key', await idToken({ email }, { key: otherKey })],
      ['unknown key id', await idToken({ email }, { key: otherKey, kid: 'not-google' })],
      [
        'HS256',
        await new SignJWT({ email, email_verified: true })
          .setProtectedHeader({ alg: 'HS256', kid: KID })
          .setSubject('1')
          .setIssuer('https://accounts.google.com')
          .setAudience(CLIENT_ID)
          .setIssuedAt()
          .setExpirationTime(exp)
          .sign(new TextEncoder().encode('a-shared-secret-a-shared-secret!')),
      ],
      ['alg none', `${Buffer.from('{"alg":"none","kid":"test-key-1"}').toString('base64url')}.${payload}.`],
      ['garbage', 'not-a-jwt'],
      ['three parts of nonsense', 'a.b.c'],
    ];
    for (const [label, credential] of cases) {
      const r = await signIn({ credential });
      assert.equal(r.statusCode, 401, `${label}: ${r.body}`);
      assert.deepEqual(r.json(), { detail: 'Invalid Google token' }, label);
    }
    assert.deepEqual(await accountRow(email), []);
  });

  test('no e-mail in the token → 400; not verified by Google → 403, new or existing account, nothing changed', async () => {
    const none = await signIn({ credential: await idToken({ name: uniqueName() }) });
    assert.equal(none.statusCode, 400, none.body);
    assert.deepEqual(none.json(), { detail: 'Google account has no email' });

    const fresh = uniqueEmail('ff-google-unv');
    for (const email_verified of [false, 'true']) {
      const r = await signIn({ credential: await idToken({ email: fresh, email_verified }) });
      assert.equal(r.statusCode, 403, r.body);
      assert.deepEqual(r.json(), { detail: 'Google has not verified the e-mail address of this Google account' });
    }
    assert.deepEqual(await accountRow(fresh), [], 'no account made');

    const email = uniqueEmail('ff-google-takeover');
    const reg = await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: { name: uniqueName(), email, password: 'password123' } });
    assert.equal(reg.statusCode, 201, reg.body);
    const before = await accountRow(email);
    const r = await signIn({ credential: await idToken({ email, email_verified: false }) });
    assert.equal(r.statusCode, 403, r.body);
    assert.deepEqual(await accountRow(email), before, 'account untouched');
    assert.equal(await sessionCount(reg.json().user_id), 0, 'no session started');
  });

  test('a deactivated account → the same answer as its login (400 Inactive user)', async () => {
    const email = uniqueEmail('ff-google-inactive');
    const first = await signIn({ credential: await idToken({ email, name: uniqueName() }) });
    assert.equal(first.statusCode, 200, first.body);
    await t.runtime.identity.setActive(first.json().id, false);
    const r = await signIn({ credential: await idToken({ email }) });
    assert.equal(r.statusCode, 400, r.body);
    assert.deepEqual(r.json(), { detail: 'Inactive user' });
  });

  test('missing, empty, non-string or oversize credential → 422 naming the field', async () => {
    expect422(await signIn({}), ['body', 'credential']);
    expect422(await signIn({ role: 'student' }), ['body', 'credential']);
    expect422(await signIn({ credential: '' }), ['body', 'credential']);
    expect422(await signIn({ credential: 42 }), ['body', 'credential']);
    const big = await idToken({ email: uniqueEmail('ff-google-big'), name: 'x'.repeat(4000) });
    assert.ok(big.length > 4096);
    expect422(await signIn({ credential: big }), ['body', 'credential']);
    expect422(await signIn({ credential: 'a.b.c', role: 'x'.repeat(51) }), ['body', 'role']);
  });
});

describe('configuration and limits', () => {
  test('without FLUENTFUSION_GOOGLE_CLIENT_ID → 501 "Google OAuth not configured" (bad input still 422)', async () => {
    const off = await startTestApp({ products: ['fluentfusion'] });
    try {
      const r = await googleSignIn(off, { credential: await idToken({ email: uniqueEmail('ff-google-off') }) });
      assert.equal(r.statusCode, 501, r.body);
      assert.deepEqual(r.json(), { detail: 'Google OAuth not configured' });
      expect422(await googleSignIn(off, {}), ['body', 'credential']);
    } finally {
      await off.close();
    }
  });

  test("Google's keys unreachable → 503 (a token is not called invalid for it)", async () => {
    const down = await startTestApp({
      products: ['fluentfusion'],
      env: { FLUENTFUSION_GOOGLE_CLIENT_ID: CLIENT_ID, FLUENTFUSION_GOOGLE_JWKS_URL: brokenJwksUrl },
    });
    try {
      const r = await googleSignIn(down, { credential: await idToken({ email: uniqueEmail('ff-google-down') }) });
      assert.equal(r.statusCode, 503, r.body);
      assert.deepEqual(r.json(), { detail: 'Google sign-in is unavailable; try again later' });
    } finally {
      await down.close();
    }
  });

  test('Google sign-ins per IP: past the limit 429 with Retry-After, valid token or not; other addresses unaffected', async () => {
    const limited = await startTestApp({
      products: ['fluentfusion'],
      env: {
        ...DEFAULT_LIMITS_ENV,
        FLUENTFUSION_RATE_LIMIT_GOOGLE_SIGNINS_PER_IP: '3/900',
        FLUENTFUSION_GOOGLE_CLIENT_ID: CLIENT_ID,
        FLUENTFUSION_GOOGLE_JWKS_URL: jwksUrl,
      },
    });
    try {
      const ip = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.7`;
      const email = uniqueEmail('ff-google-lim');
      const codes: number[] = [];
      for (const credential of ['garbage', 'a.b.c', await idToken({ email }), await idToken({ email })]) {
        const r = await googleSignIn(limited, { credential }, ip);
        codes.push(r.statusCode);
        if (r.statusCode === 429) assert.ok(Number(r.headers['retry-after']) > 0, JSON.stringify(r.headers));
      }
      assert.deepEqual(codes, [401, 401, 200, 429]);
      assert.equal((await googleSignIn(limited, { credential: await idToken({ email }) }, '10.250.0.1')).statusCode, 200);
    } finally {
      await limited.close();
    }
  });

  test('first Google sign-ins also count as sign-ups per IP', async () => {
    const limited = await startTestApp({
      products: ['fluentfusion'],
      env: { RATE_LIMIT_SCALE: '1', RATE_LIMIT_SIGNUPS_PER_IP: '2/3600', FLUENTFUSION_GOOGLE_CLIENT_ID: CLIENT_ID, FLUENTFUSION_GOOGLE_JWKS_URL: jwksUrl },
    });
    try {
      const ip = '10.251.0.9';
      const known = uniqueEmail('ff-google-known');
      const codes: number[] = [];
      for (const email of [known, uniqueEmail('ff-google-su'), uniqueEmail('ff-google-su'), known]) {
        codes.push((await googleSignIn(limited, { credential: await idToken({ email }) }, ip)).statusCode);
      }
      // The third is a new account past the limit; the fourth signs into an existing one.
      assert.deepEqual(codes, [200, 200, 429, 200]);
    } finally {
      await limited.close();
    }
  });
});
