// JSON bodies as clients send them: empty bodies with a JSON content type, absurd nesting, NUL characters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, uniqueEmail, bearer, type TestApp } from '../helpers/app.js';

let t: TestApp;
const P = '/couple-compass/api/v1';
const json = { 'content-type': 'application/json' };

before(async () => {
  t = await startTestApp({ products: ['couple-compass'], jobs: false });
});
after(async () => {
  await t.close();
});

async function signup() {
  const r = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, payload: { email: uniqueEmail(), password: 'password-1', name: 'Body Tester' } });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().access_token as string;
}

test('a zero-length body with Content-Type: application/json is no body (not a 422)', async () => {
  for (const payload of ['', '   ']) {
    const token = await signup();
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/logout`, headers: { ...json, ...bearer(token) }, payload });
    assert.equal(r.statusCode, 200, `${JSON.stringify(payload)}: ${r.body}`);
  }
});

test('a route that needs a body still says which field is missing when the body is empty', async () => {
  const r = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, headers: json, payload: '' });
  assert.equal(r.statusCode, 422, r.body);
});

test('50 000 levels of nesting → 4xx, never a 500', async () => {
  for (const deep of ['['.repeat(50_000) + ']'.repeat(50_000), '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)]) {
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, headers: json, payload: deep });
    assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${r.statusCode} ${r.body.slice(0, 200)}`);
  }
});

test('\\u0000 in text → 4xx and nothing stored', async () => {
  const email = uniqueEmail();
  const r = await t.app.inject({
    method: 'POST',
    url: `${P}/auth/signup`,
    headers: json,
    payload: JSON.stringify({ email, password: 'password-1', name: 'bad\u0000name' }),
  });
  assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${r.statusCode} ${r.body}`);
  const { rows } = await t.runtime.db.sql.executeSql('SELECT count(*)::int AS n FROM identity.users WHERE email = $1', [email]);
  assert.equal(rows[0]!.n, 0);
  // A key with NUL too.
  const k = await t.app.inject({
    method: 'POST',
    url: `${P}/auth/signup`,
    headers: json,
    payload: `{"email":"${uniqueEmail()}","password":"password-1","name":"ok","x\\u0000":1}`,
  });
  assert.ok(k.statusCode >= 400 && k.statusCode < 500, `${k.statusCode} ${k.body}`);
  // An escaped backslash followed by u0000 is ordinary text.
  const fine = await t.app.inject({
    method: 'POST',
    url: `${P}/auth/signup`,
    headers: json,
    payload: `{"email":"${uniqueEmail()}","password":"password-1","name":"a\\\\u0000b"}`,
  });
  assert.equal(fine.statusCode, 200, fine.body);
});

test('application/x-www-form-urlencoded bodies are parsed (OAuth2 password-form logins)', async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: `${P}/auth/login`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email: uniqueEmail(), password: 'wrong-password' }).toString(),
  });
  assert.equal(r.statusCode, 401, r.body);
  const pollute = await t.app.inject({
    method: 'POST',
    url: `${P}/auth/login`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: '__proto__[admin]=1&email=a@b.co&password=x',
  });
  assert.ok(pollute.statusCode < 500, pollute.body);
  assert.equal(({} as Record<string, unknown>).admin, undefined);
});

test('a multipart body without a boundary, or cut short, → 400 (never a 500)', async () => {
  const token = await signup();
  for (const ct of ['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=abc']) {
    const r = await t.app.inject({
      method: 'POST',
      url: `${P}/journals/voice-notes`,
      headers: { ...bearer(token), 'content-type': ct },
      payload: 'garbage--abc\r\n',
    });
    assert.equal(r.statusCode, 400, `${ct}: ${r.body}`);
  }
});
