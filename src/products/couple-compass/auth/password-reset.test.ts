// Couple Compass password reset and the web client's auth paths (register, login with user, me/profile, health).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, uniqueEmail, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp, linkCouple } from '../../../../test/helpers/couple-compass.js';
import type { MailMessage } from '../../../core/mail/port.js';
import { expectBearer401 } from '../../../../test/helpers/accounts.js';

const P = '/couple-compass/api/v1';
const RESET_ANSWER = { message: 'If that e-mail is registered, a password reset link has been sent' };
let t: TestApp;

before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

async function signup(email = uniqueEmail('reset'), password = 'old-password-1', name = 'Robin') {
  const u = await ccSignUp(t, { email, password, name });
  return { email, password, name, tokens: { access_token: u.token, refresh_token: u.refresh! }, id: u.id };
}

const login = (email: string, password: string) => t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email, password } });
const requestReset = (email: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `${P}/auth/password-reset/request`, payload: { email }, headers });
const confirmReset = (token: string, new_password: string) =>
  t.app.inject({ method: 'POST', url: `${P}/auth/password-reset/confirm`, payload: { token, new_password } });

const mailsTo = (email: string) => t.outbox.filter((m) => m.to.toLowerCase() === email.toLowerCase());

/** The mail is sent after the answer: poll the outbox briefly. */
async function waitForMail(email: string, count = 1): Promise<MailMessage> {
  for (let i = 0; i < 100; i++) {
    const ms = mailsTo(email);
    if (ms.length >= count) return ms[count - 1]!;
    await sleep(20);
  }
  assert.fail(`no mail #${count} to ${email}`);
}

function tokenOf(mail: MailMessage): { token: string; link: string } {
  const m = /(https?:\/\/\S+\?token=([^\s&]+))/.exec(mail.text);
  assert.ok(m, `no ?token= link in: ${mail.text}`);
  return { link: m[1]!, token: decodeURIComponent(m[2]!) };
}

async function resetTokenFor(email: string, nth = 1): Promise<string> {
  const r = await requestReset(email);
  assert.equal(r.statusCode, 202, r.body);
  return tokenOf(await waitForMail(email, nth)).token;
}

/** Links two fresh accounts as a couple through the seed's invite flow. */

describe('works', () => {
  test('request: known, unknown and deactivated e-mails get the same 202 answer; only the known one gets mail', async () => {
    const known = await signup();
    const inactive = await signup();
    await t.runtime.identity.setActive(inactive.id, false);
    const unknown = uniqueEmail('nobody');

    const rs = await Promise.all([requestReset(known.email), requestReset(unknown), requestReset(inactive.email)]);
    for (const r of rs) {
      assert.equal(r.statusCode, 202, r.body);
      assert.deepEqual(r.json(), RESET_ANSWER);
    }
    const mail = await waitForMail(known.email);
    assert.match(mail.subject, /reset/i);
    const { link, token } = tokenOf(mail);
    assert.ok(link.startsWith(`${t.config.appBaseUrl}/reset-password?token=`), link);
    assert.ok(token.length >= 20);
    // Only the token's hash is stored.
    const stored = await t.runtime.db.sql.executeSql(
      `SELECT token_hash, expires_at, used_at FROM identity.email_tokens WHERE user_id = $1 AND purpose = 'reset_password'`,
      [known.id],
    );
    assert.equal(stored.rows.length, 1);
    const row = stored.rows[0] as { token_hash: string; expires_at: Date | string; used_at: unknown };
    assert.notEqual(row.token_hash, token);
    assert.equal(row.used_at, null);
    const ttlMs = new Date(row.expires_at).getTime() - Date.now();
    assert.ok(ttlMs > 55 * 60_000 && ttlMs <= 60 * 60_000 + 5_000, `reset token valid ~1 h, got ${ttlMs} ms`);

    await sleep(100);
    assert.equal(mailsTo(unknown).length, 0);
    assert.equal(mailsTo(inactive.email).length, 0);
  });

  test('the e-mail is matched case-insensitively', async () => {
    const u = await signup();
    const r = await requestReset(u.email.toUpperCase());
    assert.equal(r.statusCode, 202);
    await waitForMail(u.email);
  });

  test('confirm sets the new password and refuses every earlier access and refresh token', async () => {
    const u = await signup();
    const second = await login(u.email, u.password);
    assert.equal(second.statusCode, 200);
    const sessions = [u.tokens, second.json() as { access_token: string; refresh_token: string }];
    for (const s of sessions) assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(s.access_token) })).statusCode, 200);

    const token = await resetTokenFor(u.email);
    const ok = await confirmReset(token, 'brand-new-pass');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { message: 'Password has been reset successfully' });

    assert.equal((await login(u.email, u.password)).statusCode, 401);
    const fresh = await login(u.email, 'brand-new-pass');
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(fresh.json().access_token) })).statusCode, 200);

    for (const s of sessions) {
      const me = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(s.access_token) });
      assert.equal(me.statusCode, 401, 'old access token still works');
      const rf = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh`, payload: { refresh_token: s.refresh_token } });
      assert.equal(rf.statusCode, 401, 'old refresh token still works');
    }
    const { rows } = await t.runtime.db.sql.executeSql(
      `SELECT count(*)::int AS n FROM identity.sessions WHERE user_id = $1 AND revoked_reason = 'password_changed'`,
      [u.id],
    );
    assert.equal(rows[0]!.n, 2);
  });

  test('the token is single-use', async () => {
    const u = await signup();
    const token = await resetTokenFor(u.email);
    assert.equal((await confirmReset(token, 'first-new-pass')).statusCode, 200);
    const again = await confirmReset(token, 'second-new-pass');
    assert.equal(again.statusCode, 400);
    assert.deepEqual(again.json(), { detail: 'Invalid or expired reset token' });
    assert.equal((await login(u.email, 'first-new-pass')).statusCode, 200);
    assert.equal((await login(u.email, 'second-new-pass')).statusCode, 401);
  });

  test('a newer request retires the older token', async () => {
    const u = await signup();
    const first = await resetTokenFor(u.email, 1);
    const second = await resetTokenFor(u.email, 2);
    assert.notEqual(first, second);
    assert.equal((await confirmReset(first, 'from-old-token')).statusCode, 400);
    assert.equal((await confirmReset(second, 'from-new-token')).statusCode, 200);
    assert.equal((await login(u.email, 'from-new-token')).statusCode, 200);
  });

  test('an allowed X-App-Base-URL is used for the link', async () => {
    const u = await signup();
    const r = await requestReset(u.email, { 'x-app-base-url': 'http://localhost:5173/' });
    assert.equal(r.statusCode, 202);
    assert.ok(tokenOf(await waitForMail(u.email)).link.startsWith('http://localhost:5173/reset-password?token='));
  });

  test('register answers the web client shape and the account works', async () => {
    const email = uniqueEmail('register');
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: { name: 'Jamie', email, password: 'register-pass' } });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    for (const k of ['id', 'name', 'email', 'access_token', 'refresh_token', 'token_type']) assert.ok(k in body, `missing ${k}`);
    assert.match(body.id, /^[0-9a-f-]{36}$/);
    assert.equal(body.name, 'Jamie');
    assert.equal(body.email, email);
    assert.equal(body.token_type, 'bearer');
    const me = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(body.access_token) });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().id, body.id);
    assert.equal(me.json().profile.name, 'Jamie');
  });

  test('login answers the Token and the user', async () => {
    const u = await signup(undefined, 'login-pass-1', 'Casey');
    const r = await login(u.email, 'login-pass-1');
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.token_type, 'bearer');
    assert.equal(typeof body.access_token, 'string');
    assert.equal(typeof body.refresh_token, 'string');
    assert.equal(body.expires_in, 30 * 60);
    assert.deepEqual(body.user, { id: u.id, name: 'Casey', email: u.email, onboarding_completed: false });
  });

  test('/auth/me and /auth/profile: partner fields null until linked, then filled', async () => {
    const a = await signup(undefined, undefined, 'Ari');
    const b = await signup(undefined, undefined, 'Bo');
    for (const path of ['/auth/me', '/auth/profile']) {
      const r = await t.app.inject({ method: 'GET', url: `${P}${path}`, headers: bearer(a.tokens.access_token) });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { id: a.id, name: 'Ari', email: a.email, onboarding_completed: false, partner_id: null, partner_name: null });
    }
    await linkCouple(t, { token: a.tokens.access_token }, { token: b.tokens.access_token });
    for (const path of ['/auth/me', '/auth/profile']) {
      const ra = await t.app.inject({ method: 'GET', url: `${P}${path}`, headers: bearer(a.tokens.access_token) });
      assert.deepEqual(ra.json(), { id: a.id, name: 'Ari', email: a.email, onboarding_completed: false, partner_id: b.id, partner_name: 'Bo' });
      const rb = await t.app.inject({ method: 'GET', url: `${P}${path}`, headers: bearer(b.tokens.access_token) });
      assert.deepEqual(rb.json(), { id: b.id, name: 'Bo', email: b.email, onboarding_completed: false, partner_id: a.id, partner_name: 'Ari' });
    }
  });

  test('GET /api/v1/health', async () => {
    const r = await t.app.inject({ method: 'GET', url: `${P}/health` });
    assert.equal(r.statusCode, 200);
    const body = r.json();
    assert.equal(body.status, 'healthy');
    assert.equal(typeof body.timestamp, 'number');
    assert.equal(typeof body.version, 'string');
  });
});

describe('rejects bad input', () => {
  test('confirm with a garbage, short or over-long token → 400, nothing changes', async () => {
    const u = await signup();
    for (const token of ['x', 'not-a-real-token-but-long-enough-to-look-like-one', 'A'.repeat(300)]) {
      const r = await confirmReset(token, 'whatever-pass');
      assert.equal(r.statusCode, 400, `${token.slice(0, 10)} → ${r.statusCode} ${r.body}`);
      assert.deepEqual(r.json(), { detail: 'Invalid or expired reset token' });
    }
    assert.equal((await login(u.email, u.password)).statusCode, 200);
  });

  test('an expired token → 400', async () => {
    const u = await signup();
    const token = await resetTokenFor(u.email);
    await t.runtime.db.sql.executeSql(
      `UPDATE identity.email_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = $1 AND purpose = 'reset_password' AND used_at IS NULL`,
      [u.id],
    );
    const r = await confirmReset(token, 'too-late-pass');
    assert.equal(r.statusCode, 400);
    assert.equal((await login(u.email, u.password)).statusCode, 200);
  });

  test('new_password too short → 422 naming body.new_password, and the token stays usable', async () => {
    const u = await signup();
    const token = await resetTokenFor(u.email);
    const r = await confirmReset(token, 'short');
    assert.equal(r.statusCode, 422, r.body);
    const detail = r.json().detail as { type: string; loc: string[] }[];
    const hit = detail.find((d) => JSON.stringify(d.loc) === JSON.stringify(['body', 'new_password']));
    assert.ok(hit, r.body);
    assert.equal(hit.type, 'string_too_short');
    assert.equal((await confirmReset(token, 'long-enough-now')).statusCode, 200);
  });

  test('confirm missing fields / wrong types → 422 naming the field', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ new_password: 'long-enough' }, ['body', 'token']],
      [{ token: 'abc' }, ['body', 'new_password']],
      [{ token: 42, new_password: 'long-enough' }, ['body', 'token']],
      [{ token: 'abc', new_password: 'x'.repeat(300) }, ['body', 'new_password']],
    ];
    for (const [payload, loc] of cases) {
      const r = await t.app.inject({ method: 'POST', url: `${P}/auth/password-reset/confirm`, payload });
      assert.equal(r.statusCode, 422, r.body);
      assert.ok(
        (r.json().detail as { loc: string[] }[]).some((d) => JSON.stringify(d.loc) === JSON.stringify(loc)),
        `${JSON.stringify(loc)}: ${r.body}`,
      );
    }
  });

  test('request with a missing or malformed e-mail → 422 naming body.email, no mail', async () => {
    const before = t.outbox.length;
    for (const payload of [{}, { email: 'not-an-email' }, { email: 7 }]) {
      const r = await t.app.inject({ method: 'POST', url: `${P}/auth/password-reset/request`, payload });
      assert.equal(r.statusCode, 422, r.body);
      assert.deepEqual(r.json().detail[0].loc, ['body', 'email']);
    }
    await sleep(50);
    assert.equal(t.outbox.length, before);
  });

  test('register: duplicate e-mail → 400, bad fields → 422 naming them', async () => {
    const email = uniqueEmail('dup');
    const first = await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: { name: 'One', email, password: 'password-1' } });
    assert.equal(first.statusCode, 200);
    const dup = await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: { name: 'Two', email: email.toUpperCase(), password: 'password-2' } });
    assert.equal(dup.statusCode, 400);
    assert.deepEqual(dup.json(), { detail: 'Email already registered' });
    // A sign-up through the seed path collides with it too: one account model.
    const seedPath = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, payload: { name: 'Three', email, password: 'password-3' } });
    assert.equal(seedPath.statusCode, 400);

    const cases: [Record<string, unknown>, string[]][] = [
      [{ email: uniqueEmail(), password: 'password-1' }, ['body', 'name']],
      [{ name: '', email: uniqueEmail(), password: 'password-1' }, ['body', 'name']],
      [{ name: 'N', email: 'nope', password: 'password-1' }, ['body', 'email']],
      [{ name: 'N', email: uniqueEmail(), password: 'short' }, ['body', 'password']],
    ];
    for (const [payload, loc] of cases) {
      const r = await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload });
      assert.equal(r.statusCode, 422, r.body);
      assert.ok(
        (r.json().detail as { loc: string[] }[]).some((d) => JSON.stringify(d.loc) === JSON.stringify(loc)),
        `${JSON.stringify(loc)}: ${r.body}`,
      );
    }
  });
});

describe('refuses the wrong user', () => {
  test("a token resets only its own user's password", async () => {
    const a = await signup();
    const b = await signup();
    const token = await resetTokenFor(a.email);
    assert.equal((await confirmReset(token, 'a-new-password')).statusCode, 200);
    assert.equal((await login(b.email, b.password)).statusCode, 200);
    assert.equal((await login(b.email, 'a-new-password')).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(b.tokens.access_token) })).statusCode, 200);
  });

  test('a reset token is not an access token', async () => {
    const u = await signup();
    const token = await resetTokenFor(u.email);
    const r = await t.app.inject({ method: 'GET', url: `${P}/auth/me`, headers: bearer(token) });
    assert.equal(r.statusCode, 401);
  });

  test('a deactivated account gets no mail, and a token issued before deactivation cannot be used to log in', async () => {
    const u = await signup();
    const token = await resetTokenFor(u.email);
    await t.runtime.identity.setActive(u.id, false);
    await confirmReset(token, 'while-inactive');
    const r = await login(u.email, 'while-inactive');
    assert.notEqual(r.statusCode, 200);
    const before = mailsTo(u.email).length;
    assert.equal((await requestReset(u.email)).statusCode, 202);
    await sleep(100);
    assert.equal(mailsTo(u.email).length, before);
  });

  test('an X-App-Base-URL that is not an allowed origin is ignored', async () => {
    const u = await signup();
    const r = await requestReset(u.email, { 'x-app-base-url': 'https://evil.example.com' });
    assert.equal(r.statusCode, 202);
    const { link } = tokenOf(await waitForMail(u.email));
    assert.ok(!link.includes('evil.example.com'), link);
    assert.ok(link.startsWith(`${t.config.appBaseUrl}/reset-password?token=`), link);
  });

  test('/auth/me, /auth/profile and logout without or with a bad token → 401 + WWW-Authenticate', async () => {
    await expectBearer401(t, P, [
      ['GET', '/auth/me'],
      ['GET', '/auth/profile'],
      ['POST', '/auth/logout'],
    ]);
  });

  test('a refresh token is refused as an access token on /auth/me', async () => {
    const u = await signup();
    const r = await t.app.inject({ method: 'GET', url: `${P}/auth/me`, headers: bearer(u.tokens.refresh_token) });
    assert.equal(r.statusCode, 401);
  });
});
