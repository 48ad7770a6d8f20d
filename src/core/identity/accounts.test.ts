// The account module on the real database: sign-up, login limits, verification, reset, refresh reuse, erase.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRuntime, uniqueEmail } from '../../../test/helpers/app.js';
import type { Runtime } from '../runtime.js';
import { createAccounts, type AccountPolicy, type Accounts } from './accounts.js';
import { createLimits } from '../http/limits.js';
import { memoryMailer } from '../mail/port.js';
import { AppError, RequestValidationError } from '../http/errors.js';
import { IdentityError } from './identity.service.js';

let env: Awaited<ReturnType<typeof startTestRuntime>>;
let rt: Runtime;
const PRODUCT = 'accounts-test';
const ttls = { accessTokenTtlS: 600, refreshTokenTtlS: 3600 };
const LIMITS = {
  LOGIN_FAILURES_PER_ACCOUNT: { max: 3, windowS: 60 },
  LOGIN_FAILURES_PER_IP: { max: 1000, windowS: 60 },
  SIGNUPS_PER_IP: { max: 1000, windowS: 60 },
  MAIL_PER_RECIPIENT: { max: 2, windowS: 60 },
  MAIL_PER_ACCOUNT: { max: 1000, windowS: 60 },
  MAIL_REQUESTS_PER_IP: { max: 1000, windowS: 60 },
  CODE_FAILURES_PER_ACCOUNT: { max: 1000, windowS: 60 },
  CODE_FAILURES_PER_IP: { max: 1000, windowS: 60 },
};

before(async () => {
  env = await startTestRuntime();
  rt = env.runtime;
});
after(async () => {
  await env.close();
});

/** An account module of a made-up product, with its own mail outbox and limit namespace. */
function make(policy: AccountPolicy = {}, limits: Partial<typeof LIMITS> = {}) {
  const mailer = memoryMailer();
  const ns = `${PRODUCT}-${Math.random().toString(36).slice(2)}`;
  const accounts: Accounts = createAccounts(
    {
      product: PRODUCT,
      db: rt.db,
      identity: rt.identity,
      mailer,
      limits: createLimits({ ...LIMITS, ...limits }, rt.redis, ns),
      privacy: rt.privacy,
      log: rt.log,
      ttls,
    },
    policy,
  );
  return { accounts, outbox: mailer.outbox };
}

const client = () => ({ ip: `10.44.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
const isApp = (status: number, kind?: string) => (e: unknown) => e instanceof AppError && e.status === status && (kind === undefined || e.code === kind);
/** Mail work happens after the answer (setImmediate): wait for it. */
const settle = () => new Promise((r) => setTimeout(r, 150));
const tokenIn = (text: string) => /code in the app: (\S+)/.exec(text)![1]!;

describe('register', () => {
  test('creates the user, the profile in the same transaction, and a session', async () => {
    const { accounts } = make();
    const email = uniqueEmail();
    const out = await accounts.register({ email, password: 'password-1' }, { client: client(), profile: async (_tx, user) => `profile of ${user.id}` });
    assert.equal(out.profile, `profile of ${out.user.id}`);
    assert.ok(out.pair?.accessToken);
    assert.equal((await rt.identity.authenticate(PRODUCT, out.pair.accessToken)).id, out.user.id);
  });

  test('a failing profile rolls the account back', async () => {
    const { accounts } = make();
    const email = uniqueEmail();
    await assert.rejects(
      accounts.register({ email, password: 'password-1' }, { client: client(), profile: async () => Promise.reject(new Error('boom')) }),
      /boom/,
    );
    assert.equal(await rt.identity.emailExists(PRODUCT, email), false);
  });

  test('duplicate e-mail (any case) → email_taken in the product wording; racing sign-ups: one wins', async () => {
    const { accounts } = make({ errors: { email_taken: { status: 409, message: 'That e-mail has an account' } } });
    const email = uniqueEmail();
    await accounts.register({ email, password: 'password-1' }, { client: client() });
    await assert.rejects(
      accounts.register({ email: email.toUpperCase(), password: 'password-1' }, { client: client() }),
      (e) => isApp(409, 'email_taken')(e) && (e as Error).message === 'That e-mail has an account',
    );
    const other = uniqueEmail();
    const results = await Promise.allSettled([1, 2, 3].map(() => accounts.register({ email: other, password: 'password-1' }, { client: client() })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.ok(isApp(409, 'email_taken')(r.reason));
  });

  test('password policy and the 128-character cap answer a field error on `password`', async () => {
    const { accounts } = make({ passwordPolicy: (p) => (/\d/.test(p) ? undefined : 'Password must contain a digit') });
    await assert.rejects(
      accounts.register({ email: uniqueEmail(), password: 'no-digits-here' }, { client: client() }),
      (e) => e instanceof RequestValidationError && e.details[0]!.loc.join('.') === 'body.password' && /digit/.test(e.details[0]!.msg),
    );
    await assert.rejects(accounts.register({ email: uniqueEmail(), password: `1${'x'.repeat(128)}` }, { client: client() }), RequestValidationError);
  });

  test('a longer password cap when the product allows one', async () => {
    const { accounts } = make({ maxPasswordLength: 256 });
    await accounts.register({ email: uniqueEmail(), password: 'x'.repeat(256) }, { client: client() });
    await assert.rejects(
      accounts.register({ email: uniqueEmail(), password: 'x'.repeat(257) }, { client: client() }),
      (e) => e instanceof RequestValidationError && /at most 256/.test(e.details[0]!.msg),
    );
  });

  test("`check` refuses before anything is written, after the e-mail is known free; `profile`'s result comes back after the commit", async () => {
    const { accounts } = make();
    const taken = uniqueEmail();
    await accounts.register({ email: taken, password: 'password-1' }, { client: client() });
    const seen: string[] = [];
    const refuse = async (email: string) => {
      seen.push(email);
      throw new AppError('no_invite', 400, 'Invalid invite');
    };
    // A taken e-mail answers email_taken first; the check is not asked.
    await assert.rejects(accounts.register({ email: taken, password: 'password-1' }, { client: client(), check: refuse }), isApp(400, 'email_taken'));
    assert.deepEqual(seen, []);
    const email = uniqueEmail();
    await assert.rejects(accounts.register({ email: ` ${email}`, password: 'password-1' }, { client: client(), check: refuse }), isApp(400, 'no_invite'));
    assert.deepEqual(seen, [email]);
    assert.equal(await rt.identity.emailExists(PRODUCT, email), false);
    let committed = false;
    const out = await accounts.register(
      { email, password: 'password-1' },
      { client: client(), check: async () => undefined, profile: async () => () => (committed = true) },
    );
    out.profile();
    assert.equal(committed, true);
  });

  test('lower-cased e-mails when the product asks for it', async () => {
    const { accounts } = make({ lowercaseEmail: true });
    const email = uniqueEmail().toUpperCase();
    const { user } = await accounts.register({ email: `  ${email} `, password: 'password-1' }, { client: client() });
    assert.equal(user.email, email.toLowerCase());
  });

  test('sign-ups per IP are limited', async () => {
    const { accounts } = make({}, { SIGNUPS_PER_IP: { max: 2, windowS: 60 } });
    const c = client();
    await accounts.register({ email: uniqueEmail(), password: 'password-1' }, { client: c });
    await accounts.register({ email: uniqueEmail(), password: 'password-1' }, { client: c });
    await assert.rejects(accounts.register({ email: uniqueEmail(), password: 'password-1' }, { client: c }), isApp(429));
    await accounts.register({ email: uniqueEmail(), password: 'password-1' }, { client: client() });
  });
});

describe('login', () => {
  test('wrong password → 401 with WWW-Authenticate; unknown e-mail the same', async () => {
    const { accounts } = make();
    const email = uniqueEmail();
    await accounts.register({ email, password: 'password-1' }, { client: client() });
    await assert.rejects(
      accounts.login(email, 'nope', client()),
      (e) => isApp(401, 'invalid_credentials')(e) && (e as AppError).headers?.['www-authenticate'] === 'Bearer',
    );
    await assert.rejects(accounts.login(uniqueEmail(), 'nope', client()), isApp(401, 'invalid_credentials'));
    const ok = await accounts.login(email.toUpperCase(), 'password-1', client());
    assert.ok(ok.pair.accessToken);
  });

  test('failed logins per account: 429 (with Retry-After) past the limit from any IP, even with the right password', async () => {
    const { accounts } = make();
    const email = uniqueEmail();
    await accounts.register({ email, password: 'password-1' }, { client: client() });
    for (let i = 0; i < 3; i++) await assert.rejects(accounts.login(email, `wrong-${i}`, client()), isApp(401));
    await assert.rejects(accounts.login(email, 'password-1', client()), (e) => isApp(429)(e) && Number((e as AppError).headers?.['retry-after']) > 0);
  });

  test('a success resets the account count', async () => {
    const { accounts } = make();
    const email = uniqueEmail();
    await accounts.register({ email, password: 'password-1' }, { client: client() });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) await assert.rejects(accounts.login(email, 'wrong', client()), isApp(401));
      await accounts.login(email, 'password-1', client());
    }
  });

  test('failed logins per IP', async () => {
    const { accounts } = make({}, { LOGIN_FAILURES_PER_IP: { max: 2, windowS: 60 }, LOGIN_FAILURES_PER_ACCOUNT: { max: 100, windowS: 60 } });
    const c = client();
    for (let i = 0; i < 2; i++) await assert.rejects(accounts.login(uniqueEmail(), 'x', c), isApp(401));
    await assert.rejects(accounts.login(uniqueEmail(), 'x', c), isApp(429));
  });

  test('requireVerifiedEmail: 403 until the mailed token is used; the token is single-use', async () => {
    const { accounts, outbox } = make({ requireVerifiedEmail: true, mail: { appName: 'Testapp', verifyPath: '/verify' } });
    const email = uniqueEmail();
    await accounts.register({ email, password: 'password-1' }, { client: client(), session: false, sendVerification: true, baseUrl: 'https://app.example' });
    await settle();
    await assert.rejects(accounts.login(email, 'password-1', client()), isApp(403, 'unverified'));
    const mail = outbox.find((m) => m.to === email)!;
    assert.match(mail.subject, /Testapp/);
    const token = tokenIn(mail.text);
    assert.ok(mail.text.includes(`https://app.example/verify?token=${encodeURIComponent(token)}`));
    const user = await accounts.verifyEmail(token);
    assert.equal(user.isVerified, true);
    await assert.rejects(accounts.verifyEmail(token), isApp(400, 'invalid_verification_token'));
    await assert.rejects(accounts.verifyEmail('not-a-token'), isApp(400));
    assert.ok((await accounts.login(email, 'password-1', client())).pair);
  });

  test('resend: a new link for an unverified account, nothing for unknown or verified ones (same answer)', async () => {
    const { accounts, outbox } = make({ requireVerifiedEmail: true });
    const email = uniqueEmail();
    await accounts.register({ email, password: 'password-1' }, { client: client(), session: false });
    await accounts.resendVerification(email, 'https://a.example', client());
    await accounts.resendVerification(uniqueEmail(), 'https://a.example', client());
    await settle();
    assert.equal(outbox.filter((m) => m.to === email).length, 1);
    assert.equal(outbox.length, 1);
  });
});

describe('password reset', () => {
  test('mails a link; the token sets the password once and ends every session', async () => {
    const { accounts, outbox } = make({ mail: { appName: 'Testapp' } });
    const email = uniqueEmail();
    const { pair } = await accounts.register({ email, password: 'password-1' }, { client: client() });
    await accounts.requestPasswordReset(email, 'https://app.example', client());
    await accounts.requestPasswordReset(uniqueEmail(), 'https://app.example', client()); // unknown: no mail, no error
    await settle();
    assert.equal(outbox.length, 1);
    const token = tokenIn(outbox[0]!.text);
    assert.ok(outbox[0]!.text.includes('https://app.example/reset-password?token='));
    await accounts.confirmPasswordReset(token, 'password-2');
    await assert.rejects(rt.identity.authenticate(PRODUCT, pair!.accessToken), IdentityError);
    await assert.rejects(accounts.confirmPasswordReset(token, 'password-3'), isApp(400, 'invalid_reset_token'));
    assert.ok((await accounts.login(email, 'password-2', client())).pair);
  });

  test('mails per recipient are capped silently (the answer stays the same)', async () => {
    const { accounts, outbox } = make();
    const email = uniqueEmail();
    await accounts.register({ email, password: 'password-1' }, { client: client() });
    for (let i = 0; i < 5; i++) await accounts.requestPasswordReset(email, 'https://a.example', client());
    await settle();
    assert.equal(outbox.length, 2);
  });

  test('anonymous mail requests per IP answer 429', async () => {
    const { accounts } = make({}, { MAIL_REQUESTS_PER_IP: { max: 2, windowS: 60 } });
    const c = client();
    await accounts.requestPasswordReset(uniqueEmail(), 'https://a.example', c);
    await accounts.requestPasswordReset(uniqueEmail(), 'https://a.example', c);
    await assert.rejects(accounts.requestPasswordReset(uniqueEmail(), 'https://a.example', c), isApp(429));
  });

  test('change password needs the current one', async () => {
    const { accounts } = make();
    const email = uniqueEmail();
    const { user } = await accounts.register({ email, password: 'password-1' }, { client: client() });
    await assert.rejects(accounts.changePassword(user.id, 'wrong', 'password-2'), isApp(400, 'wrong_password'));
    await accounts.changePassword(user.id, 'password-1', 'password-2');
    assert.ok((await accounts.login(email, 'password-2', client())).pair);
  });
});

describe('change e-mail', () => {
  test('moves the account: login with the new address, the old one is free; sessions stay', async () => {
    const { accounts } = make();
    const [email, next] = [uniqueEmail(), uniqueEmail()];
    const { user, pair } = await accounts.register({ email, password: 'password-1' }, { client: client() });
    await rt.identity.markVerified(user.id);
    const moved = await accounts.changeEmail(user.id, next);
    assert.equal(moved.email, next);
    assert.equal(moved.isVerified, false, 'the new address is not verified yet');
    assert.equal((await rt.identity.authenticate(PRODUCT, pair!.accessToken)).id, user.id);
    await assert.rejects(accounts.login(email, 'password-1', client()), isApp(401));
    assert.equal((await accounts.login(next, 'password-1', client())).user.id, user.id);
    await accounts.register({ email, password: 'password-1' }, { client: client() });
  });

  test('an address in use (any case) → email_taken; the same address or another case of it is fine', async () => {
    const { accounts } = make({ errors: { email_taken: { status: 400, message: 'Email already registered' } } });
    const [a, b] = [uniqueEmail(), uniqueEmail()];
    const { user } = await accounts.register({ email: a, password: 'password-1' }, { client: client() });
    await accounts.register({ email: b, password: 'password-1' }, { client: client() });
    await assert.rejects(accounts.changeEmail(user.id, b.toUpperCase()), isApp(400, 'email_taken'));
    assert.equal((await accounts.changeEmail(user.id, a)).email, a);
    assert.equal((await accounts.changeEmail(user.id, a.toUpperCase())).email, a.toUpperCase());
    // Two users racing for one free address: one wins.
    const free = uniqueEmail();
    const other = (await accounts.register({ email: uniqueEmail(), password: 'password-1' }, { client: client() })).user;
    const results = await Promise.allSettled([accounts.changeEmail(user.id, free), accounts.changeEmail(other.id, free)]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  });
});

describe('refresh', () => {
  for (const n of [2, 5]) {
    test(`${n} concurrent refreshes with one token: all 200, every access token works`, async () => {
      const { accounts } = make();
      const { pair } = await accounts.register({ email: uniqueEmail(), password: 'password-1' }, { client: client() });
      const results = await Promise.all(Array.from({ length: n }, () => accounts.refresh(pair!.refreshToken)));
      for (const r of results) assert.equal((await rt.identity.authenticate(PRODUCT, r.pair.accessToken)).sessionId, pair!.sessionId);
      // …and each new refresh token works once more.
      for (const r of results) await accounts.refresh(r.pair.refreshToken);
    });
  }

  test('after the reuse interval, a second use revokes the session', async () => {
    const { accounts } = make();
    const { pair } = await accounts.register({ email: uniqueEmail(), password: 'password-1' }, { client: client() });
    const next = await accounts.refresh(pair!.refreshToken);
    await rt.db.sql.executeSql(
      `UPDATE identity.refresh_tokens SET rotated_at = rotated_at - interval '1 hour' WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [pair!.refreshToken],
    );
    await assert.rejects(accounts.refresh(pair!.refreshToken), isApp(401, 'invalid_refresh'));
    await assert.rejects(accounts.refresh(next.pair.refreshToken), isApp(401));
    await assert.rejects(rt.identity.authenticate(PRODUCT, next.pair.accessToken), IdentityError);
    await assert.rejects(accounts.refresh(undefined), isApp(401));
  });
});

describe('refresh of a deactivated account', () => {
  test("the `inactive` answer by default, the product's `inactive_refresh` wording when it has one", async () => {
    for (const [policy, want] of [
      [{}, isApp(400, 'inactive')],
      [
        { errors: { inactive_refresh: { status: 401, message: 'User not found or inactive' } } },
        (e: unknown) => isApp(401, 'inactive_refresh')(e) && (e as AppError).message === 'User not found or inactive',
      ],
    ] as const) {
      const { accounts } = make(policy);
      const { user, pair } = await accounts.register({ email: uniqueEmail(), password: 'password-1' }, { client: client() });
      // Deactivated without ending its sessions (setActive would end them): the refresh token itself is still live.
      await rt.db.sql.executeSql('UPDATE identity.users SET is_active = false WHERE id = $1', [user.id]);
      await assert.rejects(accounts.refresh(pair!.refreshToken), want);
    }
  });
});

describe('administrators and erase', () => {
  test('ensureSuperuser creates the admin once, with the product profile, verified', async () => {
    const profiles: string[] = [];
    const { accounts } = make({ adminProfile: async (_tx, u) => void profiles.push(u.id) });
    const email = uniqueEmail('admin');
    const a = await accounts.ensureSuperuser(email, 'admin-password-1');
    const b = await accounts.ensureSuperuser(email, 'other');
    assert.equal(a.id, b.id);
    assert.equal(a.isSuperuser, true);
    assert.equal(a.isVerified, true);
    assert.deepEqual(profiles, [a.id]);
  });

  test('erase: product data and account go in one transaction, sessions end, the e-mail is free again', async () => {
    const { accounts } = make();
    const erased: string[] = [];
    rt.privacy.register(PRODUCT, { export: async (id) => ({ things: [id] }), erase: async (id) => void erased.push(id) });
    const email = uniqueEmail();
    const { user, pair } = await accounts.register({ email, password: 'password-1' }, { client: client() });
    const data = await accounts.exportData(user.id);
    assert.deepEqual(data.things, [user.id]);
    assert.equal((data.account as { email: string }).email, email);
    await accounts.erase(user.id);
    assert.deepEqual(erased, [user.id]);
    await assert.rejects(rt.identity.authenticate(PRODUCT, pair!.accessToken), IdentityError);
    assert.equal(await rt.identity.emailExists(PRODUCT, email), false);
    await accounts.register({ email, password: 'password-1' }, { client: client() });
  });
});

describe('the end of sessions is announced after the commit', () => {
  /**
   * Records every session-revoked signal and whether a transaction was still open when it was sent: a signal from
   * inside one would close sockets and clear caches for a change that may yet roll back (and that other processes
   * cannot see yet, so their re-check would find the session alive).
   */
  async function heardDuring(work: () => Promise<unknown>): Promise<{ ids: string[]; inTransaction: boolean }[]> {
    const original = rt.db.transaction;
    let open = 0;
    rt.db.transaction = async (fn) => {
      open++;
      try {
        return await original(fn);
      } finally {
        open--;
      }
    };
    const heard: { ids: string[]; inTransaction: boolean }[] = [];
    const off = rt.bus.subscribe('identity:session-revoked', (p) => heard.push({ ids: p as string[], inTransaction: open > 0 }));
    try {
      await work();
    } finally {
      off();
      rt.db.transaction = original;
    }
    return heard;
  }

  test('password reset, password change, erase and a stolen refresh token: one signal each, with every session, once committed', async () => {
    const { accounts } = make();
    const signUp = async () => {
      const email = uniqueEmail();
      const { user, pair } = await accounts.register({ email, password: 'password-1' }, { client: client() });
      const second = (await accounts.login(email, 'password-1', client())).pair;
      return { id: user.id, sessions: [pair!.sessionId, second.sessionId].sort() };
    };
    const cases: [string, (u: { id: string }) => Promise<unknown>][] = [
      ['password reset', async (u) => accounts.confirmPasswordReset(await rt.identity.issueEmailToken(u.id, PRODUCT, 'reset_password', 600), 'password-2')],
      ['password change', (u) => accounts.changePassword(u.id, 'password-1', 'password-2')],
      ['erase', (u) => accounts.erase(u.id)],
    ];
    for (const [name, end] of cases) {
      const u = await signUp();
      const heard = await heardDuring(() => end(u));
      assert.deepEqual(
        heard.map((h) => ({ ids: [...h.ids].sort(), inTransaction: h.inTransaction })),
        [{ ids: u.sessions, inTransaction: false }],
        name,
      );
    }

    const { pair } = await accounts.register({ email: uniqueEmail(), password: 'password-1' }, { client: client() });
    await accounts.refresh(pair!.refreshToken);
    await rt.db.sql.executeSql(
      `UPDATE identity.refresh_tokens SET rotated_at = rotated_at - interval '1 hour' WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [pair!.refreshToken],
    );
    const heard = await heardDuring(() => assert.rejects(accounts.refresh(pair!.refreshToken), isApp(401, 'invalid_refresh')));
    assert.deepEqual(heard, [{ ids: [pair!.sessionId], inTransaction: false }], 'refresh reuse');
  });
});
