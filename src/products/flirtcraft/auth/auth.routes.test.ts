// /auth: verified sign-up, sign-in, refresh, logout, password rules; the error envelope; strict limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { callAs } from '../../../../test/helpers/accounts.js';
import { P, PASSWORD, codeIn, envelopeError, locs, mailTo, registerBody, startFlirtcraft, verifiedUser } from '../../../../test/helpers/flirtcraft.js';
import { events, profiles, progress } from '../db.js';

let t: TestApp;
before(async () => {
  t = await startFlirtcraft();
});
after(() => t.close());

const post = (url: string, payload?: unknown, extra: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: `${P}${url}`, ...(payload === undefined ? {} : { payload: payload as object }), ...extra });

describe('works', () => {
  test('register → verification mail → login refused until verified → verify signs in → me, refresh, logout', async () => {
    const email = uniqueEmail('Mixed.Case');
    const r = await post('/auth/register', registerBody(email.toUpperCase(), { marketing_opt_in: true }));
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    assert.equal(b.success, true);
    assert.equal(b.user.email, email.toLowerCase());
    assert.equal(b.user.email_verified, false);
    assert.equal(b.user.onboarding_completed, false);
    assert.equal(b.access_token, null);
    assert.equal(b.email_verification_required, true);
    assert.match(b.message, /verify your email/);

    // The profile row holds the consents; the event has no e-mail.
    const [p] = await t.runtime.db.dz.select().from(profiles).where(eq(profiles.userId, b.user.id));
    assert.ok(p && p.termsAcceptedAt && p.privacyAcceptedAt && p.marketingOptIn);
    const [pr] = await t.runtime.db.dz.select().from(progress).where(eq(progress.userId, b.user.id));
    assert.equal(pr?.level, 1);
    const ev = await t.runtime.db.dz
      .select()
      .from(events)
      .where(and(eq(events.userId, b.user.id), eq(events.eventType, 'user_registered')));
    assert.equal(ev.length, 1);
    assert.ok(!JSON.stringify(ev).includes(email.toLowerCase()));

    const mail = await mailTo(t, email.toLowerCase(), /Confirm your FlirtCraft/);
    const token = codeIn(mail);
    assert.ok(mail.text.includes(`/verify-email?token=${encodeURIComponent(token)}`), 'the plain text carries the link');

    envelopeError(await post('/auth/login', { email, password: PASSWORD }), 403, 'unverified');

    const v = await post('/auth/verify-email', { token });
    assert.equal(v.statusCode, 200, v.body);
    assert.equal(v.json().user.email_verified, true);
    assert.equal(v.json().email_verification_required, false);
    const access = v.json().access_token as string;
    assert.equal((await callAs(t, { token: access }, 'GET', `${P}/auth/me`)).json().email, email.toLowerCase());
    // The token is single use.
    envelopeError(await post('/auth/verify-email', { token }), 400, 'invalid_verification_token');
    await mailTo(t, email.toLowerCase(), /Welcome to FlirtCraft/);

    const l = await post('/auth/login', { email: email.toUpperCase(), password: PASSWORD });
    assert.equal(l.statusCode, 200, l.body);
    assert.equal(l.json().token_type, 'bearer');
    assert.equal(l.json().expires_in, 30 * 60);
    const me = await callAs(t, { token: l.json().access_token }, 'GET', `${P}/auth/me`);
    assert.deepEqual(Object.keys(me.json()).sort(), ['created_at', 'email', 'email_verified', 'id', 'is_active', 'is_premium', 'onboarding_completed']);
    assert.equal(me.json().success, undefined, '/auth/me is bare');

    const rb = await post('/auth/refresh', { refresh_token: l.json().refresh_token });
    assert.equal(rb.statusCode, 200, rb.body);
    const rq = await t.app.inject({ method: 'POST', url: `${P}/auth/refresh?refresh_token=${encodeURIComponent(rb.json().refresh_token)}` });
    assert.equal(rq.statusCode, 200, rq.body);
    const fresh = rq.json().access_token as string;

    const out = await callAs(t, { token: fresh }, 'POST', `${P}/auth/logout`);
    assert.deepEqual(out.json(), { success: true, message: 'Logout successful' });
    envelopeError(await callAs(t, { token: fresh }, 'GET', `${P}/auth/me`), 401);
  });

  test('resend-verification answers the same for unknown, verified and unverified addresses; mails only the unverified', async () => {
    const email = uniqueEmail('resend');
    await post('/auth/register', registerBody(email));
    await mailTo(t, email, /Confirm/);
    const verified = await verifiedUser(t);
    const answers = await Promise.all([email, verified.email, uniqueEmail('nobody')].map((e) => post('/auth/resend-verification', { email: e })));
    for (const a of answers)
      assert.deepEqual(a.json(), { success: true, message: 'If an account exists with this email, a verification email has been sent.' });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(t.outbox.filter((m) => m.to === email && /Confirm/.test(m.subject)).length, 2);
    assert.equal(t.outbox.filter((m) => m.to === verified.email && /Confirm/.test(m.subject)).length, 1);
  });

  test('validate-password reports each rule', async () => {
    const r = await post('/auth/validate-password', { password: 'abcdefgh' });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json().data.requirements, { min_length: true, has_uppercase: false, has_lowercase: true, has_digit: false, has_special: false });
    assert.equal(r.json().data.valid, false);
    assert.equal((await post('/auth/validate-password', { password: PASSWORD })).json().data.valid, true);
  });
});

describe('rejects bad input', () => {
  test('password rules, confirmation, consents, e-mail format and missing fields → 422 naming the field', async () => {
    const e = () => uniqueEmail('bad');
    for (const [body, loc] of [
      [registerBody(e(), { password: 'short1!', confirm_password: 'short1!' }), 'body.password'],
      [registerBody(e(), { password: 'alllowercase1!', confirm_password: 'alllowercase1!' }), 'body.password'],
      [registerBody(e(), { password: 'NoDigitsHere!', confirm_password: 'NoDigitsHere!' }), 'body.password'],
      [registerBody(e(), { password: 'NoSpecials123', confirm_password: 'NoSpecials123' }), 'body.password'],
      [registerBody(e(), { confirm_password: 'Different123!' }), 'body.confirm_password'],
      [registerBody(e(), { agreed_to_terms: false }), 'body.agreed_to_terms'],
      [registerBody(e(), { agreed_to_privacy: false }), 'body.agreed_to_privacy'],
      [registerBody('not-an-email'), 'body.email'],
      [registerBody(e(), { password: `Aa1!${'x'.repeat(130)}` }), 'body.password'],
      [{ email: e(), password: PASSWORD }, 'body.confirm_password'],
    ] as const) {
      const r = await post('/auth/register', body);
      envelopeError(r, 422);
      assert.ok(locs(r).includes(loc), `${loc} in ${JSON.stringify(locs(r))}`);
    }
    envelopeError(await post('/auth/register', { email: 42 }), 422);
  });

  test('a refused sign-up writes nothing; a duplicate (any case) is 400', async () => {
    const email = uniqueEmail('dup');
    envelopeError(await post('/auth/register', registerBody(email, { agreed_to_terms: false })), 422);
    assert.equal(await t.runtime.identity.emailExists('flirtcraft', email), false);
    assert.equal((await post('/auth/register', registerBody(email))).statusCode, 200);
    const d = envelopeError(await post('/auth/register', registerBody(email.toUpperCase())), 400, 'email_taken');
    assert.equal(d.error.message, 'Email already registered');
    assert.equal(d.meta.path, `${P}/auth/register`);
  });

  test('wrong password, unknown e-mail, tampered tokens', async () => {
    const u = await verifiedUser(t);
    envelopeError(await post('/auth/login', { email: u.email, password: 'Wrong-pass1!' }), 401, 'invalid_credentials');
    envelopeError(await post('/auth/login', { email: uniqueEmail('ghost'), password: PASSWORD }), 401);
    envelopeError(await post('/auth/verify-email', { token: 'tampered' }), 400);
    envelopeError(await post('/auth/verify-email', {}), 422);
    envelopeError(await post('/auth/refresh', { refresh_token: 'nope' }), 401, 'invalid_refresh');
    envelopeError(await post('/auth/refresh'), 401);
    envelopeError(await post('/auth/resend-verification', { email: 'x' }), 422);
  });
});

describe('refuses the wrong user', () => {
  test('no token, a garbage token, an access token of a deleted account → 401 with WWW-Authenticate', async () => {
    const none = await t.app.inject({ method: 'GET', url: `${P}/auth/me` });
    envelopeError(none, 401, 'not_authenticated');
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    envelopeError(await callAs(t, { token: 'garbage' }, 'GET', `${P}/auth/me`), 401, 'invalid_token');
    envelopeError(await callAs(t, { token: 'garbage' }, 'POST', `${P}/auth/logout`), 401);
    const u = await verifiedUser(t);
    assert.equal((await callAs(t, u, 'DELETE', `${P}/users/me`)).statusCode, 204);
    envelopeError(await callAs(t, u, 'GET', `${P}/auth/me`), 401);
    envelopeError(await post('/auth/login', { email: u.email, password: PASSWORD }), 401);
  });
});

describe('strict limits', () => {
  test('failed logins for one account → 429 with Retry-After, even with the right password', async () => {
    const lt = await startFlirtcraft({ env: { RATE_LIMIT_SCALE: '1', RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '3/900' } });
    try {
      const u = await verifiedUser(lt, { remoteAddress: '10.9.0.1' });
      for (let i = 0; i < 3; i++)
        envelopeError(
          await lt.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email: u.email, password: 'Wrong-pass1!' }, remoteAddress: `10.9.1.${i}` }),
          401,
        );
      const r = await lt.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email: u.email, password: PASSWORD }, remoteAddress: '10.9.2.1' });
      envelopeError(r, 429, 'rate_limited');
      assert.ok(Number(r.headers['retry-after']) > 0);
    } finally {
      await lt.close();
    }
  });

  test('sign-ups and verification resends per address are limited', async () => {
    const lt = await startFlirtcraft({ env: { RATE_LIMIT_SCALE: '1', RATE_LIMIT_SIGNUPS_PER_IP: '2/3600', RATE_LIMIT_MAIL_REQUESTS_PER_IP: '2/3600' } });
    try {
      const ip = { remoteAddress: '10.8.0.7' };
      for (let i = 0; i < 2; i++)
        assert.equal((await lt.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: registerBody(uniqueEmail('lim')), ...ip })).statusCode, 200);
      envelopeError(await lt.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: registerBody(uniqueEmail('lim')), ...ip }), 429);
      for (let i = 0; i < 2; i++)
        assert.equal(
          (await lt.app.inject({ method: 'POST', url: `${P}/auth/resend-verification`, payload: { email: uniqueEmail('r') }, ...ip })).statusCode,
          200,
        );
      envelopeError(await lt.app.inject({ method: 'POST', url: `${P}/auth/resend-verification`, payload: { email: uniqueEmail('r') }, ...ip }), 429);
    } finally {
      await lt.close();
    }
  });
});
