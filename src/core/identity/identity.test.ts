// Identity core on the real database: e-mail tokens, password changes, sessions across products.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRuntime, uniqueEmail } from '../../../test/helpers/app.js';
import { createIdentity, IdentityError } from './identity.service.js';
import { SessionCache } from './session-cache.js';
import type { Runtime } from '../runtime.js';

let env: Awaited<ReturnType<typeof startTestRuntime>>;
let rt: Runtime;
const ttls = { accessTokenTtlS: 600, refreshTokenTtlS: 3600 };

before(async () => {
  env = await startTestRuntime();
  rt = env.runtime;
});
after(async () => {
  await env.close();
});

async function makeUser(product = 'couple-compass', email = uniqueEmail(), password = 'password-1') {
  const passwordHash = await rt.identity.hashPassword(password);
  const user = await rt.identity.createUser(rt.db.dz, { product, email, passwordHash });
  return { user, email, password };
}

test('the same e-mail is a different account in another product; duplicates in one product are refused', async () => {
  const email = uniqueEmail();
  const a = await makeUser('couple-compass', email);
  const b = await makeUser('project-inside', email);
  assert.notEqual(a.user.id, b.user.id);
  await assert.rejects(makeUser('couple-compass', email.toUpperCase()), (e) => e instanceof IdentityError && e.kind === 'email_taken');
});

test('credentials are checked per product', async () => {
  const { email, password } = await makeUser('couple-compass');
  assert.ok(await rt.identity.checkCredentials('couple-compass', email, password));
  await assert.rejects(rt.identity.checkCredentials('project-inside', email, password), (e) => e instanceof IdentityError && e.kind === 'invalid_credentials');
});

test('an access token only authenticates in its own product', async () => {
  const { user } = await makeUser();
  const pair = await rt.identity.startSession(user, ttls);
  const me = await rt.identity.authenticate('couple-compass', pair.accessToken);
  assert.equal(me.id, user.id);
  await assert.rejects(rt.identity.authenticate('project-inside', pair.accessToken), (e) => e instanceof IdentityError && e.kind === 'invalid_token');
  // A refresh token of one product can't be redeemed in another.
  await assert.rejects(rt.identity.refresh('project-inside', pair.refreshToken, ttls), (e) => e instanceof IdentityError);
});

test('e-mail tokens are single-use, purpose-bound, product-bound and expire', async () => {
  const { user } = await makeUser();
  const token = await rt.identity.issueEmailToken(user.id, 'couple-compass', 'reset_password', 3600);
  assert.equal(await rt.identity.consumeEmailToken('couple-compass', 'verify_email', token), undefined);
  assert.equal(await rt.identity.consumeEmailToken('project-inside', 'reset_password', token), undefined);
  assert.equal(await rt.identity.consumeEmailToken('couple-compass', 'reset_password', token), user.id);
  assert.equal(await rt.identity.consumeEmailToken('couple-compass', 'reset_password', token), undefined, 'second use');
  const expired = await rt.identity.issueEmailToken(user.id, 'couple-compass', 'reset_password', -1);
  assert.equal(await rt.identity.consumeEmailToken('couple-compass', 'reset_password', expired), undefined);
  assert.equal(await rt.identity.consumeEmailToken('couple-compass', 'reset_password', 'garbage'), undefined);
});

test('e-mail token expiry is judged on the identity clock that set it', async () => {
  let clock = Date.UTC(2020, 0, 1);
  const identity = createIdentity({ db: rt.db, secret: new Uint8Array(32).fill(7), sessions: new SessionCache(1000, rt.bus), now: () => clock });
  const { user } = await makeUser();
  const live = await identity.issueEmailToken(user.id, 'couple-compass', 'reset_password', 3600);
  clock += 3599_000;
  assert.equal(await identity.consumeEmailToken('couple-compass', 'reset_password', live), user.id, 'years ago by the wall clock, live by its own');
  const later = await identity.issueEmailToken(user.id, 'couple-compass', 'verify_email', 3600);
  clock += 3601_000;
  assert.equal(await identity.consumeEmailToken('couple-compass', 'verify_email', later), undefined, 'expired by its own clock');
});

test('a new e-mail token retires the older one of the same purpose', async () => {
  const { user } = await makeUser();
  const first = await rt.identity.issueEmailToken(user.id, 'couple-compass', 'reset_password', 3600);
  const second = await rt.identity.issueEmailToken(user.id, 'couple-compass', 'reset_password', 3600);
  assert.equal(await rt.identity.consumeEmailToken('couple-compass', 'reset_password', first), undefined);
  assert.equal(await rt.identity.consumeEmailToken('couple-compass', 'reset_password', second), user.id);
});

test('concurrent consumption of one token: exactly one caller wins', async () => {
  const { user } = await makeUser();
  const token = await rt.identity.issueEmailToken(user.id, 'couple-compass', 'reset_password', 3600);
  const results = await Promise.all([1, 2, 3, 4].map(() => rt.identity.consumeEmailToken('couple-compass', 'reset_password', token)));
  assert.equal(results.filter(Boolean).length, 1);
});

test('setting a password revokes every session and the new password works', async () => {
  const { user, email } = await makeUser();
  const s1 = await rt.identity.startSession(user, ttls);
  const s2 = await rt.identity.startSession(user, ttls);
  await rt.identity.authenticate('couple-compass', s1.accessToken); // warms the session cache
  await rt.identity.setPassword(user.id, 'brand-new-password');
  for (const s of [s1, s2]) {
    await assert.rejects(rt.identity.authenticate('couple-compass', s.accessToken), (e) => e instanceof IdentityError && e.kind === 'session_revoked');
    await assert.rejects(rt.identity.refresh('couple-compass', s.refreshToken, ttls), IdentityError);
  }
  assert.ok(await rt.identity.checkCredentials('couple-compass', email, 'brand-new-password'));
  await assert.rejects(rt.identity.checkCredentials('couple-compass', email, 'password-1'), IdentityError);
});

test('refresh keeps the session id and rotates the token', async () => {
  const { user } = await makeUser();
  const s = await rt.identity.startSession(user, ttls);
  const r = await rt.identity.refresh('couple-compass', s.refreshToken, ttls);
  assert.equal(r.pair.sessionId, s.sessionId);
  assert.notEqual(r.pair.refreshToken, s.refreshToken);
  const { rows } = await rt.db.sql.executeSql('SELECT count(*)::int AS n FROM identity.refresh_tokens WHERE session_id = $1', [s.sessionId]);
  assert.equal(rows[0]!.n, 2);
  // Refresh tokens are stored hashed, never in clear.
  const clear = await rt.db.sql.executeSql('SELECT count(*)::int AS n FROM identity.refresh_tokens WHERE token_hash = $1', [r.pair.refreshToken]);
  assert.equal(clear.rows[0]!.n, 0);
});

test('ensureSuperuser creates the account once and is idempotent', async () => {
  const email = uniqueEmail('admin');
  const a = await rt.identity.ensureSuperuser('memory-maker', email, 'admin-password-1');
  const b = await rt.identity.ensureSuperuser('memory-maker', email, 'other-password');
  assert.equal(a.id, b.id);
  assert.equal(a.isSuperuser, true);
  assert.ok(await rt.identity.checkCredentials('memory-maker', email, 'admin-password-1'));
});
