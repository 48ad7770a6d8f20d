// /users: me, changing my e-mail and password, another account (self or superuser) — works, bad input, wrong user.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { FORM, P, call, mmCtx, newSuperuser, newUser, startMemoryMaker } from '../../../../test/helpers/memory-maker.js';

let t: TestApp;
before(async () => {
  t = await startMemoryMaker({ jobs: false });
});
after(async () => {
  await t.close();
});

const loginStatus = async (email: string, password: string) =>
  (await t.app.inject({ method: 'POST', url: `${P}/auth/login`, headers: FORM, payload: new URLSearchParams({ username: email, password }).toString() }))
    .statusCode;

describe('works', () => {
  test('GET /users/me is the seed User', async () => {
    const u = await newUser(t);
    const r = await call(t, u, 'GET', '/users/me');
    assert.equal(r.statusCode, 200);
    assert.deepEqual(Object.keys(r.json()).sort(), ['created_at', 'email', 'id', 'is_active', 'is_superuser', 'updated_at']);
    assert.equal(r.json().email, u.email);
  });

  test('PUT /users/me changes the e-mail; is_superuser and is_active in the body change nothing', async () => {
    const u = await newUser(t);
    const email = uniqueEmail('moved');
    const r = await call(t, u, 'PUT', '/users/me', { email, is_superuser: true, is_active: false });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().email, email);
    assert.equal(r.json().is_superuser, false);
    const row = await mmCtx(t).identity.findUser('memory-maker', u.id);
    assert.equal(row?.email, email);
    assert.equal(row?.isSuperuser, false);
    assert.equal(row?.isActive, true);
    assert.equal(await loginStatus(email, u.password), 200);
    assert.equal(await loginStatus(u.email, u.password), 401);
    // The session goes on.
    assert.equal((await call(t, u, 'GET', '/users/me')).statusCode, 200);
  });

  test('PUT /users/me changes the password with the current one; every session ends', async () => {
    const u = await newUser(t);
    const r = await call(t, u, 'PUT', '/users/me', { password: 'Brand-new-password-2', current_password: u.password });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(await loginStatus(u.email, u.password), 401);
    assert.equal(await loginStatus(u.email, 'Brand-new-password-2'), 200);
    assert.equal((await call(t, u, 'GET', '/users/me')).statusCode, 401);
  });

  test('GET /users/{id}: myself; a superuser sees anyone', async () => {
    const u = await newUser(t);
    const admin = await newSuperuser(t);
    assert.equal((await call(t, u, 'GET', `/users/${u.id}`)).json().email, u.email);
    const seen = await call(t, admin, 'GET', `/users/${u.id}`);
    assert.equal(seen.statusCode, 200);
    assert.equal(seen.json().email, u.email);
    assert.equal((await call(t, admin, 'GET', '/users/me')).json().is_superuser, true);
  });
});

describe('rejects bad input', () => {
  test('PUT /users/me: malformed e-mail, short password, password without current_password → 422 naming the field', async () => {
    const u = await newUser(t);
    for (const [body, field] of [
      [{ email: 'nope' }, 'body.email'],
      [{ password: 'short', current_password: u.password }, 'body.password'],
      [{ password: 'Long-enough-password' }, 'body.current_password'],
    ] as const) {
      const r = await call(t, u, 'PUT', '/users/me', body);
      assert.equal(r.statusCode, 422, JSON.stringify(body));
      assert.equal(r.json().detail[0].loc.join('.'), field);
    }
    assert.equal((await mmCtx(t).identity.findUser('memory-maker', u.id))?.email, u.email);
  });

  test('PUT /users/me: a taken e-mail → 400 email_taken; a wrong current password → 400 and nothing changes', async () => {
    const [u, other] = [await newUser(t), await newUser(t)];
    const taken = await call(t, u, 'PUT', '/users/me', { email: other.email.toUpperCase() });
    assert.equal(taken.statusCode, 400);
    assert.equal(taken.json().error_code, 'email_taken');
    const wrong = await call(t, u, 'PUT', '/users/me', { email: uniqueEmail(), password: 'Another-password-3', current_password: 'not-my-password' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error_code, 'wrong_password');
    assert.equal((await mmCtx(t).identity.findUser('memory-maker', u.id))?.email, u.email, 'refused as a whole: the e-mail did not change either');
    assert.equal(await loginStatus(u.email, u.password), 200);
  });

  test('GET /users/{id}: a malformed id → 422; an unknown one → 404 for a superuser', async () => {
    const admin = await newSuperuser(t);
    const bad = await call(t, admin, 'GET', '/users/not-a-uuid');
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().detail[0].loc.join('.'), 'path.user_id');
    const missing = await call(t, admin, 'GET', `/users/${randomUUID()}`);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error_code, 'user_not_found');
  });
});

describe('refuses the wrong user', () => {
  test('GET /users/{id} of someone else → 403, whether or not the id exists', async () => {
    const [u, other] = [await newUser(t), await newUser(t)];
    for (const id of [other.id, randomUUID()]) {
      const r = await call(t, u, 'GET', `/users/${id}`);
      assert.equal(r.statusCode, 403);
      assert.deepEqual(r.json(), {
        status_code: 403,
        message: "The user doesn't have enough privileges",
        error_code: 'not_enough_privileges',
        detail: "The user doesn't have enough privileges",
      });
    }
  });

  test('no token → 401 on every /users route', async () => {
    for (const [method, url] of [
      ['GET', '/users/me'],
      ['PUT', '/users/me'],
      ['GET', `/users/${randomUUID()}`],
    ] as const) {
      const r = await call(t, null, method, url, method === 'PUT' ? { email: uniqueEmail() } : undefined);
      assert.equal(r.statusCode, 401, `${method} ${url}`);
      assert.equal(r.headers['www-authenticate'], 'Bearer');
    }
  });
});
