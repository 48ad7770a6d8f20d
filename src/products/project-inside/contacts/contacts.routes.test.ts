// Project Inside contact lookup: EXISTS / NOT_FOUND / BLOCKED (PRIVATE), only this product's users, rate limit.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DEFAULT_LIMITS_ENV, startTestApp, uniqueEmail, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';

const P = '/project-inside/v1';
let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['project-inside', 'couple-compass'], jobs: false });
});
after(async () => {
  await t.close();
});

type U = PiUser;

const signup = (app: TestApp, displayName = 'Someone'): Promise<U> => piSignup(app, { displayName, tag: 'pi-contact', remoteAddress: randomIp() });

const randomIp = () => `10.${[...randomBytes(3)].join('.')}`;
const lookup = (u: U | null, payload: unknown, app = t, remoteAddress = randomIp()) =>
  app.app.inject({ method: 'POST', url: `${P}/contacts/lookup`, headers: u ? bearer(u.token) : {}, payload: payload as object, remoteAddress });

describe('works', () => {
  test('EXISTS with id, name and picture only, whatever the case of the e-mail', async () => {
    const me = await signup(t);
    const other = await signup(t, 'Findable');
    await t.app.inject({
      method: 'PATCH',
      url: `${P}/users/me`,
      headers: bearer(other.token),
      payload: { profile_picture_url: 'https://cdn.example.com/f.png', bio: 'hidden bio' },
    });
    const r = await lookup(me, { email: other.email.toUpperCase() });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { status: 'EXISTS', user: { id: other.id, display_name: 'Findable', profile_picture_url: 'https://cdn.example.com/f.png' } });
    assert.doesNotMatch(r.body, /hidden bio/);
  });

  test('NOT_FOUND for an unknown e-mail and for a user of another product', async () => {
    const me = await signup(t);
    assert.deepEqual((await lookup(me, { email: uniqueEmail('nobody') })).json(), { status: 'NOT_FOUND', user: null });
    const ccEmail = uniqueEmail('cc');
    const cc = await t.app.inject({
      method: 'POST',
      url: '/couple-compass/api/v1/auth/signup',
      payload: { email: ccEmail, password: 'correct-horse', name: 'CC' },
    });
    assert.equal(cc.statusCode, 200, cc.body);
    assert.deepEqual((await lookup(me, { email: ccEmail })).json(), { status: 'NOT_FOUND', user: null });
  });

  test('BLOCKED for a PRIVATE user (no data); my own e-mail → EXISTS with me even when PRIVATE', async () => {
    const me = await signup(t, 'Me Myself');
    const hidden = await signup(t, 'Hidden Person');
    await t.app.inject({ method: 'PATCH', url: `${P}/users/me`, headers: bearer(hidden.token), payload: { privacy_tier: 'PRIVATE' } });
    const r = await lookup(me, { email: hidden.email });
    assert.deepEqual(r.json(), { status: 'BLOCKED', user: null });
    assert.doesNotMatch(r.body, new RegExp(`${hidden.id}|Hidden`));
    await t.app.inject({ method: 'PATCH', url: `${P}/users/me`, headers: bearer(me.token), payload: { privacy_tier: 'PRIVATE' } });
    assert.deepEqual((await lookup(me, { email: me.email })).json(), {
      status: 'EXISTS',
      user: { id: me.id, display_name: 'Me Myself', profile_picture_url: null },
    });
  });
});

describe('bad input', () => {
  test('missing or malformed e-mail → 422 naming body.email', async () => {
    const me = await signup(t);
    for (const payload of [{}, { email: 'not-an-email' }, { email: 5 }, { email: `${'a'.repeat(250)}@example.com` }]) {
      const r = await lookup(me, payload);
      assert.equal(r.statusCode, 422, r.body);
      assert.deepEqual(r.json().detail[0].loc, ['body', 'email']);
    }
  });
});

describe('wrong user', () => {
  test('no credentials → 401', async () => {
    const r = await lookup(null, { email: uniqueEmail() });
    assert.equal(r.statusCode, 401);
  });
});

describe('rate limit', () => {
  test('429 with Retry-After past PROJECT_INSIDE_RATE_LIMIT_LOOKUPS_PER_CLIENT per user per minute, from any address', async () => {
    const limited = await startTestApp({
      products: ['project-inside'],
      jobs: false,
      env: { ...DEFAULT_LIMITS_ENV, PROJECT_INSIDE_RATE_LIMIT_LOOKUPS_PER_CLIENT: '3/60' },
    });
    try {
      const me = await signup(limited);
      const ip = randomIp();
      for (let i = 0; i < 3; i++) assert.equal((await lookup(me, { email: uniqueEmail() }, limited, ip)).statusCode, 200);
      const over = await lookup(me, { email: uniqueEmail() }, limited, randomIp());
      assert.equal(over.statusCode, 429, over.body);
      assert.ok(over.headers['retry-after']);
      assert.equal(typeof over.json().detail, 'string');
      // Another user behind the same address has a bucket of their own.
      const other = await signup(limited);
      assert.equal((await lookup(other, { email: uniqueEmail() }, limited, ip)).statusCode, 200);
    } finally {
      await limited.close();
    }
  });
});
