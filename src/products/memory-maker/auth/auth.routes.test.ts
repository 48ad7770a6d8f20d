// /auth: register, OAuth2 form login, refresh (query or body, rotating), logout — works, bad input, wrong user
// and limits; the AppException shape and X-Process-Time on every answer; FIRST_SUPERUSER at start-up.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { ageRefreshUse } from '../../../../test/helpers/accounts.js';
import { FORM, P, call, mmCtx, newUser, startMemoryMaker } from '../../../../test/helpers/memory-maker.js';

let t: TestApp;
before(async () => {
  t = await startMemoryMaker({ jobs: false });
});
after(async () => {
  await t.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const login = (fields: Record<string, string>, extra: { remoteAddress?: string } = {}) =>
  t.app.inject({ method: 'POST', url: `${P}/auth/login`, headers: FORM, payload: form(fields), ...extra });
const register = (payload: unknown, extra: { remoteAddress?: string } = {}) =>
  t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: payload as object, ...extra });
const processTime = (h: Record<string, unknown>) => assert.match(String(h['x-process-time']), /^\d+\.\d{6}$/);

describe('works', () => {
  test('register answers the user (a client-sent is_superuser is ignored), login gives tokens, /users/me knows me', async () => {
    const email = uniqueEmail('reg');
    const r = await register({ email, password: 'Password-123', is_superuser: true, is_active: false });
    assert.equal(r.statusCode, 200, r.body);
    processTime(r.headers);
    const user = r.json();
    assert.deepEqual(Object.keys(user).sort(), ['created_at', 'email', 'id', 'is_active', 'is_superuser', 'updated_at']);
    assert.equal(user.email, email);
    assert.equal(user.is_superuser, false);
    assert.equal(user.is_active, true);
    const row = await mmCtx(t).identity.findUser('memory-maker', user.id);
    assert.equal(row?.isSuperuser, false, 'nobody makes themself an administrator');
    assert.equal(row?.product, 'memory-maker');

    const l = await login({ username: email, password: 'Password-123', grant_type: 'password', scope: '', client_id: '', client_secret: '' });
    assert.equal(l.statusCode, 200, l.body);
    const tokens = l.json();
    assert.equal(tokens.token_type, 'bearer');
    assert.ok(tokens.access_token && tokens.refresh_token);
    const me = await call(t, { token: tokens.access_token }, 'GET', '/users/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().id, user.id);
  });

  test('login also takes the same fields as JSON; the e-mail matches in any case', async () => {
    const u = await newUser(t);
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { username: u.email.toUpperCase(), password: u.password } });
    assert.equal(r.statusCode, 200, r.body);
  });

  test('refresh with the token in the query (the seed) or a JSON body; the pair rotates', async () => {
    const u = await newUser(t);
    const q = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh?refresh_token=${encodeURIComponent(u.refresh!)}` });
    assert.equal(q.statusCode, 200, q.body);
    const next = q.json();
    assert.notEqual(next.refresh_token, u.refresh);
    assert.equal((await call(t, { token: next.access_token }, 'GET', '/users/me')).statusCode, 200);
    const b = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: next.refresh_token } });
    assert.equal(b.statusCode, 200, b.body);
    // The rotated token, presented again after the reuse interval, is refused (and ends the session).
    await ageRefreshUse(t, next.refresh_token);
    const again = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: next.refresh_token } });
    assert.equal(again.statusCode, 401);
    assert.deepEqual(again.json(), { status_code: 401, message: 'Invalid refresh token', error_code: 'invalid_refresh', detail: 'Invalid refresh token' });
    assert.equal((await call(t, { token: b.json().access_token }, 'GET', '/users/me')).statusCode, 401, 'a stolen-token replay ends the session');
  });

  test('logout kills the access token and the refresh token of the session, not my other sessions', async () => {
    const u = await newUser(t);
    const other = await login({ username: u.email, password: u.password });
    const out = await call(t, u, 'POST', '/auth/logout');
    assert.equal(out.statusCode, 200, out.body);
    assert.deepEqual(out.json(), { message: 'Successfully logged out' });
    const me = await call(t, u, 'GET', '/users/me');
    assert.equal(me.statusCode, 401);
    assert.equal(me.json().error_code, 'invalid_token');
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: u.refresh } });
    assert.equal(r.statusCode, 401);
    assert.equal((await call(t, { token: other.json().access_token }, 'GET', '/users/me')).statusCode, 200);
    const rows = (await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM identity.sessions WHERE user_id = $1 AND revoked_at IS NOT NULL`, [u.id]))
      .rows;
    assert.equal(rows[0]!.n, 1);
  });

  test('X-Process-Time is on errors and unknown routes too, in the AppException shape', async () => {
    const nf = await t.app.inject({ method: 'GET', url: `${P}/no-such-route` });
    assert.equal(nf.statusCode, 404);
    processTime(nf.headers);
    assert.deepEqual(nf.json(), { status_code: 404, message: 'Not Found', error_code: 'not_found', detail: 'Not Found' });
    const unauth = await t.app.inject({ method: 'GET', url: `${P}/users/me` });
    processTime(unauth.headers);
    assert.equal(unauth.json().status_code, 401);
    const bad = await register({ email: 'nope' });
    processTime(bad.headers);
  });
});

describe('rejects bad input', () => {
  test('register: missing or malformed fields are 422 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ password: 'Password-123' }, 'body.email'],
      [{ email: 'not-an-email', password: 'Password-123' }, 'body.email'],
      [{ email: uniqueEmail(), password: 'short' }, 'body.password'],
      [{ email: uniqueEmail(), password: 'x'.repeat(129) }, 'body.password'],
      [{ email: uniqueEmail(), password: 12345678 }, 'body.password'],
      [{ email: `${'a'.repeat(250)}@example.com`, password: 'Password-123' }, 'body.email'],
    ];
    for (const [payload, field] of cases) {
      const r = await register(payload);
      assert.equal(r.statusCode, 422, `${JSON.stringify(payload).slice(0, 80)} → ${r.body}`);
      const body = r.json();
      assert.equal(body.status_code, 422);
      assert.equal(body.error_code, 'validation_error');
      assert.ok(body.message.startsWith(field), `${body.message} names ${field}`);
      assert.equal(body.detail[0].loc.join('.'), field);
    }
  });

  test('register: a taken e-mail (any case) is a 400 AppException, and nothing is created', async () => {
    const u = await newUser(t);
    const r = await register({ email: u.email.toUpperCase(), password: 'Password-123' });
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json(), { status_code: 400, message: 'Email already registered', error_code: 'email_taken', detail: 'Email already registered' });
    const n = (
      await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM identity.users WHERE product = 'memory-maker' AND lower(email) = lower($1)`, [u.email])
    ).rows[0]!.n;
    assert.equal(n, 1);
  });

  test('login: wrong password or unknown e-mail → 401 with WWW-Authenticate; missing field or another grant → 422', async () => {
    const u = await newUser(t);
    for (const fields of [
      { username: u.email, password: 'wrong-password' },
      { username: uniqueEmail(), password: 'whatever-1' },
    ]) {
      const r = await login(fields);
      assert.equal(r.statusCode, 401);
      assert.equal(r.headers['www-authenticate'], 'Bearer');
      assert.deepEqual(r.json(), {
        status_code: 401,
        message: 'Incorrect email or password',
        error_code: 'invalid_credentials',
        detail: 'Incorrect email or password',
      });
    }
    const missing = await login({ username: u.email });
    assert.equal(missing.statusCode, 422);
    assert.equal(missing.json().detail[0].loc.join('.'), 'body.password');
    const grant = await login({ username: u.email, password: u.password, grant_type: 'client_credentials' });
    assert.equal(grant.statusCode, 422);
    assert.equal(grant.json().detail[0].loc.join('.'), 'body.grant_type');
  });

  test('refresh: none, garbage, an access token instead → 401', async () => {
    const u = await newUser(t);
    for (const url of [`${P}/auth/refresh`, `${P}/auth/refresh?refresh_token=garbage`, `${P}/auth/refresh?refresh_token=${u.token}`]) {
      const r = await t.app.inject({ method: 'POST', url });
      assert.equal(r.statusCode, 401, url);
      assert.equal(r.json().error_code, 'invalid_refresh');
    }
    const long = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: 'x'.repeat(600) } });
    assert.equal(long.statusCode, 422);
  });
});

describe('refuses the wrong user', () => {
  test('logout without a token, with a tampered one, or after logout → 401', async () => {
    const u = await newUser(t);
    assert.equal((await call(t, null, 'POST', '/auth/logout')).statusCode, 401);
    const tampered = `${u.token.slice(0, -3)}${u.token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    assert.equal((await call(t, { token: tampered }, 'POST', '/auth/logout')).statusCode, 401);
    assert.equal((await call(t, u, 'POST', '/auth/logout')).statusCode, 200);
    assert.equal((await call(t, u, 'POST', '/auth/logout')).statusCode, 401);
  });

  test("another product's account does not log in here", async () => {
    const email = uniqueEmail('other-product');
    await t.runtime.identity.createUser(t.runtime.db.dz, {
      product: 'couple-compass',
      email,
      passwordHash: await t.runtime.identity.hashPassword('Password-123'),
    });
    assert.equal((await login({ username: email, password: 'Password-123' })).statusCode, 401);
  });
});

describe('strict limits', () => {
  let strict: TestApp;
  before(async () => {
    strict = await startMemoryMaker({ jobs: false, env: { RATE_LIMIT_SCALE: '1' } });
  });
  after(async () => {
    await strict.close();
  });

  test('failed logins for one account: 429 with Retry-After before the 12th try, even with the right password', async () => {
    const email = uniqueEmail('limit');
    const r0 = await strict.app.inject({
      method: 'POST',
      url: `${P}/auth/register`,
      payload: { email, password: 'Password-123' },
      remoteAddress: `10.9.${rnd()}.${rnd()}`,
    });
    assert.equal(r0.statusCode, 200);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await strict.app.inject({
        method: 'POST',
        url: `${P}/auth/login`,
        headers: FORM,
        payload: form({ username: email, password: `wrong-${i}` }),
        remoteAddress: `10.8.${rnd()}.${rnd()}`,
      });
      statuses.push(r.statusCode);
    }
    assert.ok(statuses.includes(429), statuses.join(','));
    const ok = await strict.app.inject({
      method: 'POST',
      url: `${P}/auth/login`,
      headers: FORM,
      payload: form({ username: email, password: 'Password-123' }),
      remoteAddress: `10.7.${rnd()}.${rnd()}`,
    });
    assert.equal(ok.statusCode, 429);
    assert.ok(Number(ok.headers['retry-after']) > 0);
    assert.equal(ok.json().error_code, 'rate_limited');
  });

  test('sign-ups from one address: 429 past the limit', async () => {
    const ip = `10.6.${rnd()}.${rnd()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push(
        (
          await strict.app.inject({
            method: 'POST',
            url: `${P}/auth/register`,
            payload: { email: uniqueEmail('flood'), password: 'Password-123' },
            remoteAddress: ip,
          })
        ).statusCode,
      );
    assert.deepEqual(statuses.slice(0, 30), Array(30).fill(200));
    assert.equal(statuses[30], 429);
  });
});

const rnd = () => 1 + Math.floor(Math.random() * 250);

describe('FIRST_SUPERUSER', () => {
  test('the administrator exists at start-up and can log in as a superuser; a second start changes nothing', async () => {
    const email = `first.${randomBytes(5).toString('hex')}@example.com`;
    const env = { FIRST_SUPERUSER: email, FIRST_SUPERUSER_PASSWORD: 'First-admin-password-1' };
    const a = await startMemoryMaker({ jobs: false, env });
    try {
      const r = await a.app.inject({
        method: 'POST',
        url: `${P}/auth/login`,
        headers: FORM,
        payload: form({ username: email, password: 'First-admin-password-1' }),
      });
      assert.equal(r.statusCode, 200, r.body);
      const me = await a.app.inject({ method: 'GET', url: `${P}/users/me`, headers: { authorization: `Bearer ${r.json().access_token}` } });
      assert.equal(me.json().is_superuser, true);
    } finally {
      await a.close();
    }
    if (process.env.TEST_DATABASE_URL) {
      const b = await startMemoryMaker({ jobs: false, env });
      try {
        const n = (await b.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM identity.users WHERE product = 'memory-maker' AND email = $1`, [email]))
          .rows[0]!.n;
        assert.equal(n, 1);
      } finally {
        await b.close();
      }
    }
  });
});
