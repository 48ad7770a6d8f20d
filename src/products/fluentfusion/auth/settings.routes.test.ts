// FluentFusion settings page (the web client's Settings.tsx and ConfirmEmailChange.tsx): profile, e-mail change by
// mailed link, password change — works, bad input, wrong user, limits, and no token in the logs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DEFAULT_LIMITS_ENV, captureLogs, startTestApp, uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, signUp, type TestUser } from '../../../../test/helpers/accounts.js';
import { expect422 } from '../../../../test/helpers/validation.js';

const P = '/fluentfusion/api';
const PASSWORD = 'Correct-horse-1!';
const INCORRECT = { detail: 'Incorrect password' };
const BAD_LINK = { detail: 'Invalid or expired link' };
let t: TestApp;
let clock = Date.UTC(2026, 3, 1, 9, 0, 0);
const logs: string[] = [];
const secrets: string[] = [];

before(async () => {
  const logStream = captureLogs(logs).stream;
  t = await startTestApp({ products: ['fluentfusion'], overrides: { now: () => clock }, env: { LOG_LEVEL: 'trace' }, logStream });
});
after(async () => {
  await t.close();
});

const uniqueName = (tag = 'settings') => `${tag}-${randomBytes(5).toString('hex')}`;
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const learner = (app: TestApp = t, name = uniqueName()) =>
  signUp(app, { url: `${P}/auth/register`, password: PASSWORD, payload: { name }, login: { url: `${P}/auth/login`, form: true } });
const login = (app: TestApp, email: string, password: string) =>
  app.app.inject({
    method: 'POST',
    url: `${P}/auth/login`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ username: email, password }).toString(),
  });
const patchProfile = (u: TestUser | null, body: unknown, app: TestApp = t) => callAs(app, u, 'PATCH', `${P}/auth/profile`, body);
const requestChange = (u: TestUser | null, body: unknown) => callAs(t, u, 'POST', `${P}/auth/request-email-change`, body);
const confirm = (token: string, as: TestUser | null = null) => callAs(t, as, 'GET', `${P}/auth/confirm-email-change?token=${encodeURIComponent(token)}`);
const changePassword = (u: TestUser | null, body: unknown) => callAs(t, u, 'PATCH', `${P}/student/profile/password`, body);

async function waitFor<T>(what: string, get: () => T | undefined): Promise<T> {
  for (let i = 0; i < 250; i++) {
    const v = get();
    if (v !== undefined) return v;
    await sleep(20);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** The token of the `n`-th confirmation link mailed to `to`. */
async function linkToken(to: string, n = 1): Promise<string> {
  const mail = await waitFor(`link mail ${n} to ${to}`, () => t.outbox.filter((m) => m.to === to && /Confirm your new/.test(m.subject))[n - 1]);
  const m = /\/confirm-email-change\?token=(\S+)/.exec(mail.text);
  assert.ok(m, mail.text);
  const token = decodeURIComponent(m[1]!);
  secrets.push(token);
  return token;
}

async function account(id: string) {
  const { rows } = await t.runtime.db.sql.executeSql(
    `SELECT u.email, u.is_verified, p.pending_email, p.username, p.bio FROM identity.users u JOIN fluentfusion.profiles p ON p.user_id = u.id WHERE u.id = $1`,
    [id],
  );
  return rows[0] as { email: string; is_verified: boolean; pending_email: string | null; username: string; bio: string | null };
}

describe('profile (PATCH /api/auth/profile)', () => {
  test('changes name (our username) and bio with the current password; what the client reads comes back', async () => {
    const u = await learner();
    const name = `Aline ${randomBytes(3).toString('hex')} Uwase`;
    const r = await patchProfile(u, { current_password: PASSWORD, name: `  ${name} `, bio: 'I guide tourists in Musanze.' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { ok: true, name, avatar_initials: 'AU', bio: 'I guide tourists in Musanze.' });
    assert.deepEqual(await account(u.id), { ...(await account(u.id)), username: name, bio: 'I guide tourists in Musanze.' });
    assert.equal((await callAs(t, u, 'GET', `${P}/users/me`)).json().username, name);
    const exported = (await callAs(t, u, 'GET', `${P}/users/me/export`)).json();
    assert.equal(exported.profile.bio, 'I guide tourists in Musanze.', 'the bio is in my GDPR export');

    // The client always sends both; keeping my own name is fine, an empty bio clears it; absent fields stay.
    const same = await patchProfile(u, { current_password: PASSWORD, name, bio: '' });
    assert.equal(same.statusCode, 200, same.body);
    assert.equal(same.json().bio, null);
    const onlyBio = await patchProfile(u, { current_password: PASSWORD, bio: 'Back again' });
    assert.deepEqual(onlyBio.json(), { ok: true, name, avatar_initials: 'AU', bio: 'Back again' });
  });

  test('wrong password → 400 and nothing changes; blank name → 400; a taken name (any case) → 400', async () => {
    const [u, other] = [await learner(), await learner()];
    const before = await account(u.id);
    const wrong = await patchProfile(u, { current_password: 'not-my-password', name: 'Thief', bio: 'x' });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(wrong.json(), INCORRECT);
    assert.deepEqual(await account(u.id), before);

    const blank = await patchProfile(u, { current_password: PASSWORD, name: '   ' });
    assert.equal(blank.statusCode, 400);
    assert.deepEqual(blank.json(), { detail: 'Name cannot be empty' });

    const otherName = (await account(other.id)).username;
    const taken = await patchProfile(u, { current_password: PASSWORD, name: otherName.toUpperCase() });
    assert.equal(taken.statusCode, 400);
    assert.deepEqual(taken.json(), { detail: 'Username already taken' });
    assert.deepEqual(await account(u.id), before);
  });

  test('bad input → 422 naming the field; no token → 401', async () => {
    const u = await learner();
    expect422(await patchProfile(u, { current_password: PASSWORD, bio: 'b'.repeat(501) }), ['body', 'bio']);
    expect422(await patchProfile(u, { current_password: PASSWORD, name: 'n'.repeat(51) }), ['body', 'name']);
    expect422(await patchProfile(u, { current_password: PASSWORD, name: 42 }), ['body', 'name']);
    expect422(await patchProfile(u, { name: 'No password' }), ['body', 'current_password']);
    expect422(await patchProfile(u, { current_password: '', name: 'x' }), ['body', 'current_password']);
    assert.equal((await patchProfile(u, { current_password: PASSWORD, bio: 'b'.repeat(500) })).statusCode, 200);
    const anon = await patchProfile(null, { current_password: PASSWORD, name: 'x' });
    assert.equal(anon.statusCode, 401);
    assert.deepEqual(anon.json(), { detail: 'Not authenticated' });
  });
});

describe('e-mail change (request-email-change → mailed link → confirm-email-change)', () => {
  test('end to end: link to the new address, notice to the old one, moves and verifies the account once', async () => {
    const u = await learner();
    const next = uniqueEmail('ff-new');
    const r = await requestChange(u, { current_password: PASSWORD, new_email: next.toUpperCase() });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { message: 'Confirmation link sent to your new email' });
    assert.equal((await account(u.id)).pending_email, next);
    assert.equal((await callAs(t, u, 'GET', `${P}/users/me/export`)).json().profile.pending_email, next, 'and in my GDPR export');
    assert.equal((await account(u.id)).email, u.email, 'nothing moves before the link is opened');
    const token = await linkToken(next);
    const notice = await waitFor('notice to the old address', () => t.outbox.find((m) => m.to === u.email && /about to change/.test(m.subject)));
    assert.ok(!notice.text.includes(token) && !/token=/.test(notice.text), 'the notice carries no link');

    const ok = await confirm(token);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { message: 'Email updated successfully', email: next });
    const after = await account(u.id);
    assert.equal(after.email, next);
    assert.equal(after.is_verified, true);
    assert.equal(after.pending_email, null);
    assert.equal((await login(t, next, PASSWORD)).statusCode, 200);
    assert.equal((await login(t, u.email, PASSWORD)).statusCode, 401);
    assert.equal((await callAs(t, u, 'GET', `${P}/users/me`)).json().email, next, 'this session stays');

    const reused = await confirm(token);
    assert.equal(reused.statusCode, 400);
    assert.deepEqual(reused.json(), BAD_LINK);
  });

  test('wrong password, my own address, an address in use → 400; bad e-mail → 422; no token → 401', async () => {
    const [u, other] = [await learner(), await learner()];
    const wrong = await requestChange(u, { current_password: 'nope-nope', new_email: uniqueEmail() });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(wrong.json(), INCORRECT);
    const same = await requestChange(u, { current_password: PASSWORD, new_email: u.email.toUpperCase() });
    assert.equal(same.statusCode, 400);
    assert.deepEqual(same.json(), { detail: 'That is already your current email' });
    const inUse = await requestChange(u, { current_password: PASSWORD, new_email: other.email.toUpperCase() });
    assert.equal(inUse.statusCode, 400);
    assert.deepEqual(inUse.json(), { detail: 'Email already in use' });
    assert.equal((await account(u.id)).pending_email, null);
    expect422(await requestChange(u, { current_password: PASSWORD, new_email: 'not-an-email' }), ['body', 'new_email']);
    expect422(await requestChange(u, { current_password: PASSWORD }), ['body', 'new_email']);
    expect422(await requestChange(u, { new_email: uniqueEmail() }), ['body', 'current_password']);
    assert.equal((await requestChange(null, { current_password: PASSWORD, new_email: uniqueEmail() })).statusCode, 401);
    await sleep(100);
    assert.equal(t.outbox.filter((m) => m.to === other.email && /Confirm your new/.test(m.subject)).length, 0);
  });

  test('an address taken between the request and the link → 400 "Email already in use", the account stays', async () => {
    const u = await learner();
    const next = uniqueEmail('ff-race');
    assert.equal((await requestChange(u, { current_password: PASSWORD, new_email: next })).statusCode, 200);
    const token = await linkToken(next);
    await learner(t, uniqueName('squatter')).then(async (s) => {
      // The squatter moves to the address first, through the core module (as any other route would).
      await t.ctx('fluentfusion').accounts.changeEmail(s.id, next);
    });
    const r = await confirm(token);
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json(), { detail: 'Email already in use' });
    const after = await account(u.id);
    assert.equal(after.email, u.email);
    assert.equal(after.pending_email, null);
    assert.deepEqual((await confirm(token)).json(), BAD_LINK, 'the link is spent');
  });

  test('a newer request retires the older link; a link expires after 1 hour; forged tokens → 400/422', async () => {
    const u = await learner();
    const [a, b] = [uniqueEmail('ff-a'), uniqueEmail('ff-b')];
    await requestChange(u, { current_password: PASSWORD, new_email: a });
    const tokenA = await linkToken(a);
    await requestChange(u, { current_password: PASSWORD, new_email: b });
    const tokenB = await linkToken(b);
    assert.deepEqual((await confirm(tokenA)).json(), BAD_LINK);
    assert.equal((await account(u.id)).email, u.email);

    clock += 3600_000 + 1000;
    assert.deepEqual((await confirm(tokenB)).json(), BAD_LINK);
    assert.equal((await account(u.id)).email, u.email);

    assert.deepEqual((await confirm('x'.repeat(43))).json(), BAD_LINK);
    assert.deepEqual((await confirm('short')).json(), BAD_LINK);
    expect422(await confirm('x'.repeat(600)), ['query', 'token']);
    expect422(await callAs(t, null, 'GET', `${P}/auth/confirm-email-change`), ['query', 'token']);
  });

  test('another learner cannot use my link to move their own account (the link only ever moves mine)', async () => {
    const [me, other] = [await learner(), await learner()];
    const next = uniqueEmail('ff-mine');
    await requestChange(me, { current_password: PASSWORD, new_email: next });
    const token = await linkToken(next);
    const r = await confirm(token, other);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await account(me.id)).email, next);
    assert.equal((await account(other.id)).email, other.email, "the caller's account is untouched");
    // A token of another purpose (a password reset link) is not an e-mail change link.
    const reset = await t.runtime.identity.issueEmailToken(other.id, 'fluentfusion', 'reset_password', 600);
    secrets.push(reset);
    assert.deepEqual((await confirm(reset)).json(), BAD_LINK);
  });
});

describe('password (PATCH /api/student/profile/password)', () => {
  test('changes the password; every session ends (this one too); the new password logs in', async () => {
    const u = await learner();
    const second = (await login(t, u.email, PASSWORD)).json().access_token as string;
    const r = await changePassword(u, { current_password: PASSWORD, new_password: 'brand-new-pass-9' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { ok: true });
    assert.equal((await callAs(t, u, 'GET', `${P}/users/me`)).statusCode, 401);
    assert.equal((await callAs(t, { token: second }, 'GET', `${P}/users/me`)).statusCode, 401);
    assert.equal((await login(t, u.email, PASSWORD)).statusCode, 401);
    assert.equal((await login(t, u.email, 'brand-new-pass-9')).statusCode, 200);
  });

  test('wrong current password → 400; weak new password → 422 with the policy; missing fields → 422; no token → 401', async () => {
    const u = await learner();
    const wrong = await changePassword(u, { current_password: 'nope-nope', new_password: 'brand-new-pass-9' });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(wrong.json(), INCORRECT);
    const weak = expect422(await changePassword(u, { current_password: PASSWORD, new_password: 'short' }), ['body', 'new_password']);
    assert.equal(weak.msg, 'Password must be at least 8 characters');
    expect422(await changePassword(u, { current_password: PASSWORD }), ['body', 'new_password']);
    expect422(await changePassword(u, { new_password: 'brand-new-pass-9' }), ['body', 'current_password']);
    expect422(await changePassword(u, { current_password: PASSWORD, new_password: 'p'.repeat(129) }), ['body', 'new_password']);
    assert.equal((await changePassword(null, { current_password: PASSWORD, new_password: 'brand-new-pass-9' })).statusCode, 401);
    assert.equal((await login(t, u.email, PASSWORD)).statusCode, 200, 'the password did not change');
  });
});

describe('limits', () => {
  test('wrong current passwords are counted per learner across the three forms: then 429, right password or not', async () => {
    const limited = await startTestApp({
      products: ['fluentfusion'],
      env: { ...DEFAULT_LIMITS_ENV, FLUENTFUSION_RATE_LIMIT_PASSWORD_FAILURES_PER_USER: '3/900' },
    });
    try {
      const [u, other] = [await learner(limited), await learner(limited)];
      const codes = [
        (await patchProfile(u, { current_password: 'wrong-1', bio: 'x' }, limited)).statusCode,
        (await callAs(limited, u, 'POST', `${P}/auth/request-email-change`, { current_password: 'wrong-2', new_email: uniqueEmail() })).statusCode,
        (await callAs(limited, u, 'PATCH', `${P}/student/profile/password`, { current_password: 'wrong-3', new_password: 'brand-new-pass-9' })).statusCode,
      ];
      assert.deepEqual(codes, [400, 400, 400]);
      const blocked = await patchProfile(u, { current_password: PASSWORD, bio: 'x' }, limited);
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.equal((await patchProfile(other, { current_password: PASSWORD, bio: 'fine' }, limited)).statusCode, 200, 'another learner is not blocked');
    } finally {
      await limited.close();
    }
  });
});

describe('logs', () => {
  test('no e-mail change token appears in the log (requests logged at trace level)', () => {
    assert.ok(secrets.length >= 5);
    const all = logs.join('\n');
    assert.match(all, /confirm-email-change/, 'the requests are logged');
    for (const s of secrets) assert.ok(!all.includes(s) && !all.includes(encodeURIComponent(s)), 'a token is in the log');
    assert.ok(!all.includes(PASSWORD), 'a password is in the log');
  });
});
