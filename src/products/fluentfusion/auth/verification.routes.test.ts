// FluentFusion e-mail verification by code (the web client's sign-up → /verify-email page): works, bad input,
// brute force, expiry, no enumeration, limits, and no code in the logs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DEFAULT_LIMITS_ENV, captureLogs, startTestApp, uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { expect422 } from '../../../../test/helpers/validation.js';

const P = '/fluentfusion/api';
const INVALID = { detail: 'Invalid verification code' };
const RESENT = { message: 'If this account needs verifying, a new code has been sent to its email.' };
let t: TestApp;
let clock = Date.UTC(2026, 3, 1, 9, 0, 0);
const logs: string[] = [];
/** Every code and token seen in a mail: none may reach the log. */
const secrets: string[] = [];

before(async () => {
  const logStream = captureLogs(logs).stream;
  t = await startTestApp({ products: ['fluentfusion'], overrides: { now: () => clock }, env: { LOG_LEVEL: 'trace' }, logStream });
});
after(async () => {
  await t.close();
});

const uniqueName = () => `verify-${randomBytes(5).toString('hex')}`;
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const codeMails = (app: TestApp, to: string) => app.outbox.filter((m) => m.to === to && /verification code/.test(m.subject));

async function waitFor<T>(what: string, get: () => T | undefined): Promise<T> {
  for (let i = 0; i < 250; i++) {
    const v = get();
    if (v !== undefined) return v;
    await sleep(20);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** The newest code mailed to `to` once there are `count` of them. */
async function codeNo(app: TestApp, to: string, count: number): Promise<string> {
  const mail = await waitFor(`code mail ${count} to ${to}`, () => codeMails(app, to)[count - 1]);
  const code = /verification code is (\d{6})/.exec(mail.text)?.[1];
  assert.ok(code, mail.text);
  secrets.push(code);
  return code;
}

async function register(app: TestApp, email = uniqueEmail('ff-verify'), remoteAddress?: string) {
  const r = await app.app.inject({
    method: 'POST',
    url: `${P}/auth/register`,
    payload: { name: uniqueName(), email, password: 'password123', role: 'student' },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  assert.equal(r.statusCode, 201, r.body);
  return { email, id: r.json().user_id as string };
}

const verify = (app: TestApp, payload: unknown, remoteAddress?: string) =>
  app.app.inject({ method: 'POST', url: `${P}/auth/verify-email`, payload: payload as object, ...(remoteAddress ? { remoteAddress } : {}) });
const resend = (app: TestApp, email: string, remoteAddress?: string) =>
  app.app.inject({ method: 'POST', url: `${P}/auth/resend-verification`, payload: { email }, ...(remoteAddress ? { remoteAddress } : {}) });

async function isVerified(id: string): Promise<boolean> {
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT is_verified FROM identity.users WHERE id = $1`, [id]);
  return (rows[0] as { is_verified: boolean }).is_verified;
}
async function codeRow(id: string) {
  const { rows } = await t.runtime.db.sql.executeSql(
    `SELECT code_hash, expires_at, failed_attempts FROM fluentfusion.email_codes WHERE user_id = $1 AND purpose = 'verify_email'`,
    [id],
  );
  return rows[0] as { code_hash: string; expires_at: Date | string; failed_attempts: number } | undefined;
}

describe('works', () => {
  test('sign-up mails a code (stored hashed, 10 minutes); login works unverified; the code verifies once', async () => {
    const { email, id } = await register(t);
    const code = await codeNo(t, email, 1);
    assert.match(codeMails(t, email)[0]!.subject, /FluentFusion/);
    const row = await codeRow(id);
    assert.ok(row, 'code stored');
    assert.ok(!row.code_hash.includes(code), 'the code is not stored as itself');
    assert.equal(new Date(row.expires_at).getTime(), clock + 10 * 60_000);
    assert.equal(row.failed_attempts, 0);
    assert.equal(await isVerified(id), false);

    const login = await t.app.inject({
      method: 'POST',
      url: `${P}/auth/login`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: email, password: 'password123' }).toString(),
    });
    assert.equal(login.statusCode, 200, 'unverified accounts may log in');

    const r = await verify(t, { email: email.toUpperCase(), code });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { message: 'Email verified successfully', role: 'tourist' });
    assert.equal(await isVerified(id), true);
    assert.equal(await codeRow(id), undefined, 'single use');

    const again = await verify(t, { email, code });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), { message: 'Email already verified', role: 'tourist' });
  });

  test('resend replaces the code (the old one stops working) and answers the same for unknown and verified e-mails', async () => {
    const { email, id } = await register(t);
    const first = await codeNo(t, email, 1);
    const r = await resend(t, email);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), RESENT);
    const second = await codeNo(t, email, 2);
    if (first !== second) assert.deepEqual((await verify(t, { email, code: first })).json(), INVALID);
    const ok = await verify(t, { email, code: second });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(await isVerified(id), true);

    const unknown = uniqueEmail('ff-nobody');
    const [forVerified, forUnknown] = [await resend(t, email), await resend(t, unknown)];
    assert.equal(forVerified.statusCode, 200);
    assert.equal(forUnknown.statusCode, 200);
    assert.deepEqual(forVerified.json(), RESENT);
    assert.deepEqual(forUnknown.json(), RESENT);
    await sleep(200);
    assert.equal(codeMails(t, email).length, 2, 'no code for a verified account');
    assert.equal(codeMails(t, unknown).length, 0);
  });
});

describe('rejects bad input', () => {
  test('code not exactly 6 digits, bad or missing e-mail → 422 naming the field', async () => {
    const email = uniqueEmail('ff-v422');
    for (const code of ['12345', '1234567', 'abcdef', '12 456', '', 123456, null]) expect422(await verify(t, { email, code }), ['body', 'code']);
    expect422(await verify(t, { email }), ['body', 'code']);
    expect422(await verify(t, { email: 'not-an-email', code: '123456' }), ['body', 'email']);
    expect422(await verify(t, { code: '123456' }), ['body', 'email']);
    expect422(await verify(t, { email: `${'a'.repeat(300)}@example.com`, code: '123456' }), ['body', 'email']);
    expect422(await resend(t, 'nope'), ['body', 'email']);
  });

  test('wrong code and unknown e-mail → the same 400; wrong tries are counted', async () => {
    const { email, id } = await register(t);
    const code = await codeNo(t, email, 1);
    const wrong = code === '000000' ? '000001' : '000000';
    const r = await verify(t, { email, code: wrong });
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json(), INVALID);
    assert.equal((await codeRow(id))?.failed_attempts, 1);
    const unknown = await verify(t, { email: uniqueEmail('ff-nobody'), code });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(unknown.json(), INVALID);
    // Another learner's code does not verify me.
    const other = await register(t);
    const otherCode = await codeNo(t, other.email, 1);
    if (otherCode !== code) assert.deepEqual((await verify(t, { email, code: otherCode })).json(), INVALID);
    assert.equal(await isVerified(id), false);
    assert.equal(await isVerified(other.id), false);
  });

  test('five wrong tries delete the code: the right one then fails until a new one is asked for', async () => {
    const { email, id } = await register(t);
    const code = await codeNo(t, email, 1);
    const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) assert.deepEqual((await verify(t, { email, code: wrong(i) })).json(), INVALID);
    assert.equal(await codeRow(id), undefined, 'code deleted after 5 wrong tries');
    const right = await verify(t, { email, code });
    assert.equal(right.statusCode, 400);
    assert.deepEqual(right.json(), INVALID);
    assert.equal(await isVerified(id), false);

    await resend(t, email);
    const fresh = await codeNo(t, email, 2);
    assert.equal((await verify(t, { email, code: fresh })).statusCode, 200);
    assert.equal(await isVerified(id), true);
  });

  test('the right code after 10 minutes → 400 "Code expired"', async () => {
    const { email, id } = await register(t);
    const code = await codeNo(t, email, 1);
    clock += 10 * 60_000 + 1000;
    const r = await verify(t, { email, code });
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json(), { detail: 'Code expired. Request a new one.' });
    assert.equal(await isVerified(id), false);
    await resend(t, email);
    const fresh = await codeNo(t, email, 2);
    clock += 9 * 60_000;
    assert.equal((await verify(t, { email, code: fresh })).statusCode, 200);
  });
});

describe('limits', () => {
  test('code checks per IP → 429 with Retry-After; resend per IP → 429; per recipient the mails stop (still 200)', async () => {
    const limited = await startTestApp({
      products: ['fluentfusion'],
      env: {
        ...DEFAULT_LIMITS_ENV,
        FLUENTFUSION_RATE_LIMIT_VERIFY_CODE_CHECKS_PER_IP: '3/900',
        RATE_LIMIT_MAIL_PER_RECIPIENT: '2/3600',
        RATE_LIMIT_MAIL_REQUESTS_PER_IP: '3/3600',
      },
    });
    try {
      const { email } = await register(limited);
      const code = await codeNo(limited, email, 1);
      const ip = '10.9.0.1';
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await verify(limited, { email, code: code === '999999' ? '999998' : '999999' }, ip)).statusCode);
      assert.deepEqual(statuses, [400, 400, 400, 429]);
      const blocked = await verify(limited, { email, code }, ip);
      assert.equal(blocked.statusCode, 429, 'even the right code, from that address');
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.equal((await verify(limited, { email, code }, '10.9.0.2')).statusCode, 200, 'another address is not blocked');

      // Per recipient: the sign-up code was mail 1, one resend is mail 2, the next resend sends nothing.
      const other = await register(limited);
      await codeNo(limited, other.email, 1);
      assert.equal((await resend(limited, other.email, '10.9.1.1')).statusCode, 200);
      await codeNo(limited, other.email, 2);
      const capped = await resend(limited, other.email, '10.9.1.2');
      assert.equal(capped.statusCode, 200);
      assert.deepEqual(capped.json(), RESENT);
      await sleep(200);
      assert.equal(codeMails(limited, other.email).length, 2);

      const sent: number[] = [];
      for (let i = 0; i < 4; i++) sent.push((await resend(limited, uniqueEmail('ff-ip'), '10.9.2.1')).statusCode);
      assert.deepEqual(sent, [200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('logs', () => {
  test('no mailed code appears in the log (requests logged at trace level)', () => {
    assert.ok(logs.length > 0, 'logs captured');
    assert.ok(secrets.length >= 5);
    const all = logs.join('\n');
    assert.match(all, /verify-email/, 'the requests are logged');
    for (const s of secrets) assert.ok(!all.includes(`"${s}"`) && !all.includes(`code is ${s}`), `code ${s} in the log`);
  });
});
