// FluentFusion /api/auth: register, OAuth2 password-form login, logout, /me — works, bad input, wrong user, limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { bearer, startTestApp, uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, subjectOf } from '../../../../test/helpers/accounts.js';
import { createAccessTokenSigner } from '../../../core/identity/tokens.js';
import { expect422 } from '../../../../test/helpers/validation.js';

const P = '/fluentfusion/api';
let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
});
after(async () => {
  await t.close();
});

const uniqueName = (tag = 'learner') => `${tag}-${randomBytes(5).toString('hex')}`;
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});
const register = (payload: Record<string, unknown>, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload, ...(remoteAddress ? { remoteAddress } : {}) });
const login = (username: string, password: string, url = `${P}/auth/login`, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url, ...form({ username, password }), ...(remoteAddress ? { remoteAddress } : {}) });

async function profileRow(userId: string) {
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT username, user_type, target_language, last_login FROM fluentfusion.profiles WHERE user_id = $1`, [
    userId,
  ]);
  return rows[0] as { username: string; user_type: string; target_language: string; last_login: Date | string | null } | undefined;
}

describe('works', () => {
  test('register: 201 with the learner and user_id, stored with its profile, no password anywhere', async () => {
    const email = uniqueEmail('ff-reg');
    const username = uniqueName();
    const r = await register({ username, email, password: 'password123', user_type: 'tourism_worker', target_language: 'french' });
    assert.equal(r.statusCode, 201, r.body);
    const u = r.json();
    assert.match(u.user_id, /^[0-9a-f-]{36}$/);
    assert.equal(u.username, username);
    assert.equal(u.email, email);
    assert.equal(u.user_type, 'tourism_worker');
    assert.equal(u.target_language, 'french');
    assert.equal(u.profile_image, null);
    assert.equal(u.last_login, null);
    assert.ok(Date.parse(u.joined_date) > 0);
    assert.equal(u.id, u.user_id);
    assert.equal(u.name, username);
    assert.doesNotMatch(r.body, /password|argon|hash/i);
    assert.deepEqual(
      { ...(await profileRow(u.user_id)), last_login: null },
      { username, user_type: 'tourism_worker', target_language: 'french', last_login: null },
    );
  });

  test("register with the origin web client's body (name, role): defaults tourist / kinyarwanda", async () => {
    const email = uniqueEmail('ff-origin');
    const name = `Jean Claude ${randomBytes(3).toString('hex')}`;
    const r = await register({ name, email, password: 'Str0ng!pass', role: 'student' });
    assert.equal(r.statusCode, 201, r.body);
    const u = r.json();
    assert.equal(u.username, name);
    assert.equal(u.user_type, 'tourist');
    assert.equal(u.target_language, 'kinyarwanda');
    assert.equal(u.name, name);
    assert.equal(u.role, 'tourist');
  });

  test('the web client sends a full name: travellers who share one all get an account ("Name 2", "Name 3"…)', async () => {
    const name = `Aline Uwase ${randomBytes(3).toString('hex')}`;
    const names: string[] = [];
    for (const spelled of [name, name.toUpperCase(), name]) {
      const r = await register({ name: spelled, email: uniqueEmail('ff-samename'), password: 'Str0ng!pass', role: 'student' });
      assert.equal(r.statusCode, 201, r.body);
      names.push(r.json().name);
    }
    assert.deepEqual(names, [name, `${name.toUpperCase()} 2`, `${name} 3`]);
    // A 50-character name still fits with its number.
    const long = `N${randomBytes(3).toString('hex')}`.padEnd(50, 'x');
    await register({ name: long, email: uniqueEmail('ff-long'), password: 'Str0ng!pass' });
    const r = await register({ name: long, email: uniqueEmail('ff-long'), password: 'Str0ng!pass' });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().name, `${long.slice(0, 48)} 2`);
    // A chosen `username` (the seed's field) is a handle: taken → 400, as before.
    const again = await register({ username: name, email: uniqueEmail('ff-samename'), password: 'Str0ng!pass' });
    assert.equal(again.statusCode, 400);
  });

  test('login: OAuth2 form (username = e-mail) → bearer token for 30 minutes; sets last_login; first login flagged once', async () => {
    const email = uniqueEmail('ff-login');
    const username = uniqueName();
    const reg = await register({ username, email, password: 'password123', user_type: 'tourist', target_language: 'english' });
    const userId = reg.json().user_id as string;

    const r = await t.app.inject({
      method: 'POST',
      url: `${P}/auth/login?remember=true`,
      ...form({ username: email, password: 'password123', grant_type: 'password' }),
    });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.token_type, 'bearer');
    assert.equal(typeof body.access_token, 'string');
    assert.equal(body.user_id, userId);
    assert.equal(body.id, userId);
    assert.equal(body.name, username);
    assert.equal(body.role, 'tourist');
    assert.equal(body.is_first_login, true);
    assert.equal(body.refresh_token, undefined);
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString()) as { exp: number; iat: number; sub: string };
    assert.equal(claims.sub, userId);
    assert.equal(claims.exp - claims.iat, 30 * 60);
    const row = await profileRow(userId);
    assert.ok(row?.last_login, 'last_login set');

    const again = await login(email.toUpperCase(), 'password123');
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().is_first_login, false);

    const me = await callAs(t, { token: body.access_token }, 'GET', `${P}/users/me`);
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user_id, userId);
    assert.ok(me.json().last_login);
  });

  test('login also takes JSON with the same fields', async () => {
    const email = uniqueEmail('ff-json');
    await register({ username: uniqueName(), email, password: 'password123' });
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { username: email, password: 'password123' } });
    assert.equal(r.statusCode, 200, r.body);
  });

  test('logout revokes the token at once; other sessions stay', async () => {
    const email = uniqueEmail('ff-logout');
    await register({ username: uniqueName(), email, password: 'password123' });
    const a = (await login(email, 'password123')).json().access_token as string;
    const b = (await login(email, 'password123')).json().access_token as string;
    const out = await callAs(t, { token: a }, 'POST', `${P}/auth/logout`);
    assert.equal(out.statusCode, 200, out.body);
    assert.deepEqual(out.json(), { message: 'Successfully logged out' });
    const after = await callAs(t, { token: a }, 'GET', `${P}/users/me`);
    assert.equal(after.statusCode, 401);
    assert.equal(after.headers['www-authenticate'], 'Bearer');
    assert.equal((await callAs(t, { token: b }, 'GET', `${P}/users/me`)).statusCode, 200);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM identity.sessions WHERE user_id = $1 AND revoked_at IS NOT NULL`, [
      subjectOf(a),
    ]);
    assert.equal((rows[0] as { n: number }).n, 1);
  });

  test('GET /api/auth/me: what the origin web client reads (id, name, email, role, avatar_initials)', async () => {
    const email = uniqueEmail('ff-me');
    const name = `Aline ${randomBytes(2).toString('hex')} Uwase`;
    await register({ name, email, password: 'password123' });
    const token = (await login(email, 'password123')).json().access_token as string;
    const r = await callAs(t, { token }, 'GET', `${P}/auth/me`);
    assert.equal(r.statusCode, 200, r.body);
    const me = r.json();
    assert.equal(me.email, email);
    assert.equal(me.name, name);
    assert.equal(me.role, 'tourist');
    assert.equal(me.avatar_initials, 'AU');
    assert.equal(me.id, subjectOf(token));
  });

  test("password reset (the origin web client's pages): mail with a link, new password, every session ended", async () => {
    const email = uniqueEmail('ff-reset');
    await register({ username: uniqueName(), email, password: 'password123' });
    const old = (await login(email, 'password123')).json().access_token as string;
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/forgot-password`, payload: { email } });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { message: 'If this email exists, a reset link has been sent.' });
    const resetMail = () => t.outbox.find((m) => m.to === email && /Reset/.test(m.subject));
    let mail = resetMail();
    for (let i = 0; i < 50 && !mail; i++) {
      await new Promise((res) => setTimeout(res, 20));
      mail = resetMail();
    }
    assert.ok(mail, 'reset mail sent');
    assert.match(mail.subject, /FluentFusion/);
    assert.match(mail.text, /\/reset-password\?token=/);
    const token = /code in the app: (\S+)/.exec(mail.text)![1]!;

    const unknown = await t.app.inject({ method: 'POST', url: `${P}/auth/forgot-password`, payload: { email: uniqueEmail('ff-nobody') } });
    assert.deepEqual(unknown.json(), r.json());

    const done = await t.app.inject({ method: 'POST', url: `${P}/auth/reset-password`, payload: { token, new_password: 'new-password-456' } });
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json(), { message: 'Password reset successfully' });
    assert.equal((await callAs(t, { token: old }, 'GET', `${P}/users/me`)).statusCode, 401);
    assert.equal((await login(email, 'password123')).statusCode, 401);
    assert.equal((await login(email, 'new-password-456')).statusCode, 200);
    const again = await t.app.inject({ method: 'POST', url: `${P}/auth/reset-password`, payload: { token, new_password: 'another-pass-789' } });
    assert.equal(again.statusCode, 400);
    assert.deepEqual(again.json(), { detail: 'Invalid or expired reset link' });
  });

  test('paths answer with and without a trailing slash, at the root when FluentFusion is served alone', async () => {
    const email = uniqueEmail('ff-slash');
    assert.equal(
      (await t.app.inject({ method: 'POST', url: `${P}/auth/register/`, payload: { username: uniqueName(), email, password: 'password123' } })).statusCode,
      201,
    );
    assert.equal((await login(email, 'password123', `${P}/auth/login/`)).statusCode, 200);
    const root = await t.app.inject({ method: 'POST', url: '/api/auth/login', ...form({ username: email, password: 'password123' }) });
    assert.equal(root.statusCode, 200, root.body);
  });
});

describe('rejects bad input', () => {
  test('duplicate e-mail or username (any case) → 400, nothing stored', async () => {
    const email = uniqueEmail('ff-dup');
    const username = uniqueName('Dup');
    assert.equal((await register({ username, email, password: 'password123' })).statusCode, 201);
    for (const payload of [
      { username: uniqueName(), email, password: 'password123' },
      { username: uniqueName(), email: email.toUpperCase(), password: 'password123' },
      { username: username.toLowerCase(), email: uniqueEmail('ff-dup2'), password: 'password123' },
    ]) {
      const r = await register(payload);
      assert.equal(r.statusCode, 400, r.body);
      assert.deepEqual(r.json(), { detail: 'User with this email or username already exists' });
    }
    const { rows } = await t.runtime.db.sql.executeSql(
      `SELECT count(*)::int AS n FROM identity.users WHERE product = 'fluentfusion' AND lower(email) = lower($1)`,
      [email],
    );
    assert.equal((rows[0] as { n: number }).n, 1);
  });

  test('unknown enums, bad e-mail, short password, missing username → 422 naming the field', async () => {
    const ok = { username: uniqueName(), email: uniqueEmail('ff-bad'), password: 'password123' };
    expect422(await register({ ...ok, user_type: 'pilot' }), ['body', 'user_type']);
    expect422(await register({ ...ok, target_language: 'klingon' }), ['body', 'target_language']);
    expect422(await register({ ...ok, email: 'not-an-email' }), ['body', 'email']);
    expect422(await register({ ...ok, password: 'short' }), ['body', 'password']);
    expect422(await register({ email: ok.email, password: ok.password }), ['body', 'username']);
    expect422(await register({ ...ok, username: '   ' }), ['body', 'username']);
    expect422(await register({ ...ok, username: 'x'.repeat(51) }), ['body', 'username']);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM identity.users WHERE email = $1`, [ok.email]);
    assert.equal((rows[0] as { n: number }).n, 0);
  });

  test('password reset: bad e-mail, forged token, short new password', async () => {
    expect422(await t.app.inject({ method: 'POST', url: `${P}/auth/forgot-password`, payload: { email: 'nope' } }), ['body', 'email']);
    const forged = await t.app.inject({ method: 'POST', url: `${P}/auth/reset-password`, payload: { token: 'forged-token', new_password: 'long-enough-1' } });
    assert.equal(forged.statusCode, 400);
    assert.deepEqual(forged.json(), { detail: 'Invalid or expired reset link' });
    expect422(await t.app.inject({ method: 'POST', url: `${P}/auth/reset-password`, payload: { token: 'x', new_password: 'short' } }), [
      'body',
      'new_password',
    ]);
    expect422(await t.app.inject({ method: 'POST', url: `${P}/auth/reset-password`, payload: { new_password: 'long-enough-1' } }), ['body', 'token']);
  });

  test('login: wrong password or unknown e-mail → 401 with WWW-Authenticate: Bearer; missing field → 422', async () => {
    const email = uniqueEmail('ff-wrong');
    await register({ username: uniqueName(), email, password: 'password123' });
    for (const r of [await login(email, 'password124'), await login(uniqueEmail('nobody'), 'password123')]) {
      assert.equal(r.statusCode, 401, r.body);
      assert.deepEqual(r.json(), { detail: 'Incorrect email or password' });
      assert.equal(r.headers['www-authenticate'], 'Bearer');
    }
    expect422(await t.app.inject({ method: 'POST', url: `${P}/auth/login`, ...form({ username: email }) }), ['body', 'password']);
    expect422(await t.app.inject({ method: 'POST', url: `${P}/auth/login`, ...form({ password: 'x' }) }), ['body', 'username']);
    expect422(await t.app.inject({ method: 'POST', url: `${P}/auth/login`, ...form({ username: email, password: 'password123', grant_type: 'implicit' }) }), [
      'body',
      'grant_type',
    ]);
    const dup = await t.app.inject({
      method: 'POST',
      url: `${P}/auth/login`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=a&username=b&password=x',
    });
    assert.equal(dup.statusCode, 422, dup.body);
    const plain = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    assert.ok(plain.statusCode >= 400 && plain.statusCode < 500, plain.body);
  });
});

describe('refuses the wrong user', () => {
  test('logout and /me without a token, with a forged or another product\u2019s token → 401', async () => {
    for (const url of [`${P}/auth/logout`, `${P}/auth/me`]) {
      const method = url.endsWith('logout') ? 'POST' : 'GET';
      const none = await callAs(t, null, method, url);
      assert.equal(none.statusCode, 401);
      assert.deepEqual(none.json(), { detail: 'Not authenticated' });
      assert.equal(none.headers['www-authenticate'], 'Bearer');
      const forged = await t.app.inject({ method, url, headers: bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl') });
      assert.equal(forged.statusCode, 401);
      assert.deepEqual(forged.json(), { detail: 'Could not validate credentials' });
    }
    const other = await t.runtime.identity.createUser(t.runtime.db.dz, { product: 'couple-compass', email: uniqueEmail('ff-foreign'), passwordHash: null });
    const pair = await t.runtime.identity.startSession(other, { accessTokenTtlS: 600, refreshTokenTtlS: 600 });
    assert.equal((await callAs(t, { token: pair.accessToken }, 'GET', `${P}/auth/me`)).statusCode, 401);
  });

  test('a token stops working after 30 minutes', async () => {
    const email = uniqueEmail('ff-expiry');
    await register({ username: uniqueName(), email, password: 'password123' });
    const fresh = (await login(email, 'password123')).json().access_token as string;
    const sessionId = (JSON.parse(Buffer.from(fresh.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;
    const signedEarlier = createAccessTokenSigner(t.secret, () => Date.now() - 31 * 60_000);
    const token = await signedEarlier.sign({ userId: subjectOf(fresh), sessionId, product: 'fluentfusion', ttlS: 30 * 60 });
    assert.equal((await callAs(t, { token: fresh }, 'GET', `${P}/users/me`)).statusCode, 200);
    assert.equal((await callAs(t, { token }, 'GET', `${P}/users/me`)).statusCode, 401);
  });
});

describe('strict limits', () => {
  test('sign-ups per IP and failed logins per account answer 429 with Retry-After', async () => {
    const limited = await startTestApp({
      products: ['fluentfusion'],
      env: { RATE_LIMIT_SCALE: '1', RATE_LIMIT_SIGNUPS_PER_IP: '3/3600', RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '5/900' },
    });
    try {
      const ip = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await limited.app.inject({
          method: 'POST',
          url: `${P}/auth/register`,
          remoteAddress: ip,
          payload: { username: uniqueName(), email: uniqueEmail('ff-lim'), password: 'password123' },
        });
        codes.push(r.statusCode);
        if (r.statusCode === 429) assert.ok(Number(r.headers['retry-after']) > 0);
      }
      assert.deepEqual(codes, [201, 201, 201, 429]);

      const email = uniqueEmail('ff-guess');
      await limited.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: { username: uniqueName(), email, password: 'password123' } });
      const attempts: number[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await limited.app.inject({
          method: 'POST',
          url: `${P}/auth/login`,
          remoteAddress: `10.9.${i}.1`,
          ...form({ username: email, password: `wrong-${i}` }),
        });
        attempts.push(r.statusCode);
      }
      assert.deepEqual(attempts, [401, 401, 401, 401, 401, 429, 429]);
      // Locked for the right password too, until the window passes.
      const right = await limited.app.inject({ method: 'POST', url: `${P}/auth/login`, ...form({ username: email, password: 'password123' }) });
      assert.equal(right.statusCode, 429);
      assert.ok(right.headers['retry-after']);
    } finally {
      await limited.close();
    }
  });

  test('forgot-password: past the per-recipient limit no more mails (still 200); past the per-IP limit 429 with Retry-After', async () => {
    const limited = await startTestApp({
      products: ['fluentfusion'],
      env: {
        RATE_LIMIT_SCALE: '1',
        RATE_LIMIT_SIGNUPS_PER_IP: '100000/3600',
        // The sign-up's verification code is one of each address's mails.
        RATE_LIMIT_MAIL_PER_RECIPIENT: '3/3600',
        RATE_LIMIT_MAIL_REQUESTS_PER_IP: '3/3600',
      },
    });
    const resetMails = (to: string) => limited.outbox.filter((m) => m.to === to && /Reset/.test(m.subject));
    const until = async (what: string, ok: () => boolean) => {
      for (let i = 0; i < 250 && !ok(); i++) await new Promise((res) => setTimeout(res, 20));
      assert.ok(ok(), what);
    };
    const forgot = (email: string, remoteAddress: string) =>
      limited.app.inject({ method: 'POST', url: `${P}/auth/forgot-password`, payload: { email }, remoteAddress });
    try {
      const email = uniqueEmail('ff-cap');
      const other = uniqueEmail('ff-cap-other');
      for (const e of [email, other])
        assert.equal(
          (await limited.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: { username: uniqueName(), email: e, password: 'password123' } }))
            .statusCode,
          201,
        );

      // Per recipient: each request from its own address, so only the recipient's limit applies.
      for (let i = 0; i < 2; i++) {
        const r = await forgot(email, `10.7.${i}.1`);
        assert.equal(r.statusCode, 200, r.body);
        await until(`reset mail ${i + 1}`, () => resetMails(email).length === i + 1);
      }
      const capped = await forgot(email, '10.7.2.1');
      assert.equal(capped.statusCode, 200, capped.body);
      assert.deepEqual(capped.json(), { message: 'If this email exists, a reset link has been sent.' });
      // A later request for another address is mailed; the capped one still is not.
      assert.equal((await forgot(other, '10.7.3.1')).statusCode, 200);
      await until('mail to the other address', () => resetMails(other).length === 1);
      await new Promise((res) => setTimeout(res, 200));
      assert.equal(resetMails(email).length, 2);

      // Per IP: the 4th request from one address → 429 with Retry-After, and no mail for it.
      const ip = '10.7.9.9';
      const codes: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await forgot(uniqueEmail('ff-ip'), ip);
        codes.push(last.statusCode);
      }
      assert.deepEqual(codes, [200, 200, 200, 429]);
      assert.ok(Number(last!.headers['retry-after']) > 0, JSON.stringify(last!.headers));
      const before = resetMails(other).length;
      assert.equal((await forgot(other, ip)).statusCode, 429);
      await new Promise((res) => setTimeout(res, 200));
      assert.equal(resetMails(other).length, before);
    } finally {
      await limited.close();
    }
  });
});
