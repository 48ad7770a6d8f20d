// Couple Compass auth: works, rejects bad input (FastAPI 422 shape), refuses wrong or stolen credentials.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { startTestApp, uniqueEmail, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ageRefreshUse } from '../../../../test/helpers/accounts.js';
import { createAccessTokenSigner } from '../../../core/identity/tokens.js';

const P = '/couple-compass/api/v1';
let t: TestApp;

before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

async function signup(email = uniqueEmail(), password = 'correct-horse', name = 'Alex') {
  const r = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, payload: { email, password, name } });
  assert.equal(r.statusCode, 200, r.body);
  return { email, password, name, tokens: r.json() as { access_token: string; refresh_token: string; token_type: string; expires_in: number } };
}

describe('works', () => {
  test('signup returns the seed Token and creates the user and profile', async () => {
    const { email, tokens } = await signup(undefined, 'correct-horse', 'Sam');
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.expires_in, 30 * 60);
    assert.ok(tokens.access_token.split('.').length === 3);
    assert.ok(tokens.refresh_token.length >= 40);
    const me = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(tokens.access_token) });
    assert.equal(me.statusCode, 200);
    const body = me.json();
    assert.equal(body.email, email);
    assert.equal(body.is_active, true);
    assert.equal(body.auth_provider, 'email');
    assert.equal(body.profile.name, 'Sam');
    assert.equal(body.profile.timezone, 'UTC');
    assert.equal(body.profile.onboarding_completed, false);
    assert.equal(body.hashed_password, undefined);
    assert.equal(body.password_hash, undefined);
  });

  test('login with the right password, e-mail case-insensitive', async () => {
    const { email, password } = await signup();
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email: email.toUpperCase(), password } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().token_type, 'bearer');
  });

  test('refresh via query parameter (seed) and via JSON body rotates the token', async () => {
    const { tokens } = await signup();
    const r1 = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh?refresh_token=${encodeURIComponent(tokens.refresh_token)}` });
    assert.equal(r1.statusCode, 200, r1.body);
    const t1 = r1.json();
    assert.notEqual(t1.refresh_token, tokens.refresh_token);
    const r2 = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: t1.refresh_token } });
    assert.equal(r2.statusCode, 200, r2.body);
    const me = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(r2.json().access_token) });
    assert.equal(me.statusCode, 200);
  });

  test('the same e-mail may sign up in another product namespace but not twice in this one', async () => {
    const email = uniqueEmail();
    await signup(email);
    const again = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, payload: { email: email.toUpperCase(), password: 'another-pass', name: 'B' } });
    assert.equal(again.statusCode, 400);
    assert.deepEqual(again.json(), { detail: 'Email already registered' });
  });

  test('concurrent duplicate sign-ups: exactly one succeeds, no 500', async () => {
    const email = uniqueEmail();
    const rs = await Promise.all(
      [1, 2, 3].map(() => t.app.inject({ method: 'POST', url: `${P}/auth/signup`, payload: { email, password: 'password-123', name: 'Racer' } })),
    );
    assert.deepEqual(rs.map((r) => r.statusCode).sort(), [200, 400, 400]);
    const rows = await t.runtime.db.sql.executeSql(
      `SELECT count(*)::int AS n FROM identity.users WHERE product = 'couple-compass' AND lower(email) = lower($1)`,
      [email],
    );
    assert.equal(rows.rows[0]!.n, 1);
  });
});

describe('rejects bad input', () => {
  const signupBody = { email: 'ok@example.com', password: 'long-enough', name: 'N' };
  const cases: [string, Record<string, unknown>, (string | number)[], string][] = [
    ['missing email', { password: 'long-enough', name: 'N' }, ['body', 'email'], 'missing'],
    ['missing password', { email: 'ok@example.com', name: 'N' }, ['body', 'password'], 'missing'],
    ['missing name', { email: 'ok@example.com', password: 'long-enough' }, ['body', 'name'], 'missing'],
    ['bad email', { ...signupBody, email: 'not-an-email' }, ['body', 'email'], 'value_error'],
    ['email wrong type', { ...signupBody, email: 42 }, ['body', 'email'], 'string_type'],
    ['password too short', { ...signupBody, password: 'short' }, ['body', 'password'], 'string_too_short'],
    ['password wrong type', { ...signupBody, password: 12345678 }, ['body', 'password'], 'string_type'],
    ['password too long', { ...signupBody, password: 'x'.repeat(10_000) }, ['body', 'password'], 'string_too_long'],
    ['empty name', { ...signupBody, name: '' }, ['body', 'name'], 'string_too_short'],
    ['name too long', { ...signupBody, name: 'n'.repeat(256) }, ['body', 'name'], 'string_too_long'],
    ['name wrong type', { ...signupBody, name: ['a'] }, ['body', 'name'], 'string_type'],
  ];
  for (const [label, payload, loc, type] of cases) {
    test(`signup: ${label} → 422 naming ${loc.join('.')}`, async () => {
      const r = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, payload });
      assert.equal(r.statusCode, 422, r.body);
      const detail = r.json().detail as { type: string; loc: (string | number)[]; msg: string }[];
      const hit = detail.find((d) => JSON.stringify(d.loc) === JSON.stringify(loc));
      assert.ok(hit, `no error at ${JSON.stringify(loc)}: ${r.body}`);
      assert.equal(hit.type, type);
      assert.equal(typeof hit.msg, 'string');
    });
  }

  test('signup body that is not an object → 422', async () => {
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, payload: '[1,2]', headers: { 'content-type': 'application/json' } });
    assert.equal(r.statusCode, 422);
    assert.deepEqual(r.json().detail[0].loc, ['body']);
  });

  test('malformed JSON → 422 json_invalid', async () => {
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: '{"email": ', headers: { 'content-type': 'application/json' } });
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().detail[0].type, 'json_invalid');
  });

  test('prototype-pollution keys are refused, not merged', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `${P}/auth/signup`,
      payload: `{"email":"${uniqueEmail()}","password":"long-enough","name":"P","__proto__":{"isAdmin":true}}`,
      headers: { 'content-type': 'application/json' },
    });
    assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${r.statusCode}`);
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  });

  test('a 2 MB body → 413, nothing written', async () => {
    const email = uniqueEmail();
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, payload: { email, password: 'long-enough', name: 'x'.repeat(2 * 1024 * 1024) } });
    assert.equal(r.statusCode, 413);
    const rows = await t.runtime.db.sql.executeSql('SELECT 1 FROM identity.users WHERE email = $1', [email]);
    assert.equal(rows.rows.length, 0);
  });

  test('wrong content type → 415; text/plain is read as a (wrong-typed) body → 422', async () => {
    const xml = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: '<a/>', headers: { 'content-type': 'application/xml' } });
    assert.equal(xml.statusCode, 415);
    const text = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: 'email=a', headers: { 'content-type': 'text/plain' } });
    assert.equal(text.statusCode, 422);
  });

  test('validation failures write no row', async () => {
    const email = uniqueEmail();
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, payload: { email, password: 'short', name: 'N' } });
    assert.equal(r.statusCode, 422);
    const rows = await t.runtime.db.sql.executeSql('SELECT 1 FROM identity.users WHERE email = $1', [email]);
    assert.equal(rows.rows.length, 0);
  });
});

describe('refuses wrong credentials', () => {
  test('wrong password and unknown e-mail both → 401 with the same body', async () => {
    const { email } = await signup();
    const wrong = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email, password: 'wrong-password' } });
    const unknown = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email: uniqueEmail('nobody'), password: 'wrong-password' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(wrong.json(), { detail: 'Incorrect email or password' });
    assert.deepEqual(unknown.json(), wrong.json());
  });

  test('unknown e-mail costs about as much as a wrong password (argon2 runs either way)', async () => {
    const { email } = await signup();
    const time = async (e: string) => {
      const s = process.hrtime.bigint();
      await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email: e, password: 'wrong-password' } });
      return Number(process.hrtime.bigint() - s) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time(email));
      unknown.push(await time(uniqueEmail('ghost')));
    }
    const med = (a: number[]) => a.sort((x, y) => x - y)[2]!;
    // Not a speed assertion: an unknown e-mail must not skip the hash (which would make it several times faster).
    assert.ok(med(unknown) > med(known) * 0.4, `unknown ${med(unknown)} ms vs known ${med(known)} ms`);
  });

  test('no token, malformed header, tampered, other secret, alg none → 401 + WWW-Authenticate', async () => {
    const { tokens } = await signup();
    const [h, p, s] = tokens.access_token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tamperedPayload = Buffer.from(JSON.stringify({ ...payload, sub: '00000000-0000-0000-0000-000000000000' })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const otherSecret = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(40)));
    const headers: (Record<string, string> | undefined)[] = [
      undefined,
      { authorization: 'Token abc' },
      { authorization: 'Bearer' },
      { authorization: `Bearer ${h}.${tamperedPayload}.${s}` },
      { authorization: `Bearer ${none}` },
      { authorization: `Bearer ${otherSecret}` },
      { authorization: `Bearer ${tokens.refresh_token}` },
    ];
    for (const hd of headers) {
      const r = await t.app.inject({ method: 'GET', url: `${P}/users/me`, ...(hd ? { headers: hd } : {}) });
      assert.equal(r.statusCode, 401, `${JSON.stringify(hd)} → ${r.statusCode}`);
      assert.equal(r.headers['www-authenticate'], 'Bearer');
      assert.equal(typeof r.json().detail, 'string');
    }
  });

  test('an expired access token → 401', async () => {
    const { tokens } = await signup();
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString());
    const past = createAccessTokenSigner(t.secret, () => Date.now() - 3 * 3600_000);
    const expired = await past.sign({ userId: claims.sub, sessionId: claims.sid, product: 'couple-compass', ttlS: 60 });
    const r = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(expired) });
    assert.equal(r.statusCode, 401);
  });

  test("another product's token is refused", async () => {
    const { tokens } = await signup();
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString());
    const signer = createAccessTokenSigner(t.secret);
    const foreign = await signer.sign({ userId: claims.sub, sessionId: claims.sid, product: 'project-inside', ttlS: 600 });
    const r = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(foreign) });
    assert.equal(r.statusCode, 401);
    // …while the same secret and claims with the right audience work (so the refusal is the audience).
    const own = await signer.sign({ userId: claims.sub, sessionId: claims.sid, product: 'couple-compass', ttlS: 600 });
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(own) })).statusCode, 200);
  });

  test('an access token used as refresh token → 401', async () => {
    const { tokens } = await signup();
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: tokens.access_token } });
    assert.equal(r.statusCode, 401);
    assert.deepEqual(r.json(), { detail: 'Invalid refresh token' });
    const none = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh` });
    assert.equal(none.statusCode, 401);
  });

  test('reusing a rotated refresh token revokes the whole family', async () => {
    const { tokens } = await signup();
    const first = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: tokens.refresh_token } });
    assert.equal(first.statusCode, 200);
    const rotated = first.json();
    // Within the reuse interval a second use is a retry (2 tabs): it gets a pair of the same session.
    const retry = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: tokens.refresh_token } });
    assert.equal(retry.statusCode, 200, retry.body);
    // Minutes later the thief replays the old token:
    await ageRefreshUse(t, tokens.refresh_token);
    const replay = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: tokens.refresh_token } });
    assert.equal(replay.statusCode, 401);
    // …and now the legitimate newer token and its access token are dead too.
    const next = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: rotated.refresh_token } });
    assert.equal(next.statusCode, 401);
    const me = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(rotated.access_token) });
    assert.equal(me.statusCode, 401);
    const { rows } = await t.runtime.db.sql.executeSql(
      `SELECT s.revoked_reason FROM identity.sessions s JOIN identity.refresh_tokens r ON r.session_id = s.id WHERE r.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [tokens.refresh_token],
    );
    assert.equal(rows[0]!.revoked_reason, 'refresh_reuse');
  });

  test('logout kills the access token at once and the refresh token', async () => {
    const { tokens } = await signup();
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(tokens.access_token) })).statusCode, 200);
    const out = await t.app.inject({ method: 'POST', url: `${P}/auth/logout`, headers: bearer(tokens.access_token) });
    assert.equal(out.statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(tokens.access_token) })).statusCode, 401);
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: tokens.refresh_token } });
    assert.equal(r.statusCode, 401);
    // Another session of the same user is untouched.
    const again = await t.app.inject({ method: 'POST', url: `${P}/auth/logout` });
    assert.equal(again.statusCode, 401);
  });

  test('a deactivated user is refused with the seed wording', async () => {
    const { email, password, tokens } = await signup();
    const me = (await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(tokens.access_token) })).json();
    await t.runtime.identity.setActive(me.id, false);
    const login = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email, password } });
    assert.equal(login.statusCode, 400);
    assert.deepEqual(login.json(), { detail: 'Account is deactivated' });
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(tokens.access_token) })).statusCode, 401);
  });
});
