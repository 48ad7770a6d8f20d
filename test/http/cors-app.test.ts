// CORS as the apps see it: native shells with credentials, `*` without them, look-alike hosts refused, and the
// mail-link base URL taken only from an allowed origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, uniqueEmail, type TestApp } from '../helpers/app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ products: ['project-inside', 'couple-compass'], jobs: false, env: { COUPLE_COMPASS_CORS_ORIGINS: '*,https://app.couple.example' } });
});
after(async () => {
  await t.close();
});

const preflight = (url: string, origin: string) =>
  t.app.inject({
    method: 'OPTIONS',
    url,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });

test('Project Inside: the iOS and Android shells may call with credentials', async () => {
  for (const origin of ['capacitor://localhost', 'https://localhost', 'ionic://localhost', 'http://192.168.1.7:8100']) {
    const r = await preflight('/project-inside/v1/auth/login', origin);
    assert.equal(r.headers['access-control-allow-origin'], origin, origin);
    assert.equal(r.headers['access-control-allow-credentials'], 'true', origin);
    assert.match(String(r.headers.vary), /origin/i);
  }
});

test('look-alike origins get no CORS headers', async () => {
  for (const origin of ['http://192.168.evil.example', 'capacitor://localhost.evil.com', 'https://localhost.evil.com', 'null']) {
    const r = await preflight('/project-inside/v1/auth/login', origin);
    assert.equal(r.headers['access-control-allow-origin'], undefined, origin);
  }
});

test('`*` allows any origin without credentials; a listed origin beside it keeps credentials', async () => {
  const any = await preflight('/couple-compass/api/v1/auth/login', 'https://random.example');
  assert.equal(any.headers['access-control-allow-origin'], '*');
  assert.equal(any.headers['access-control-allow-credentials'], undefined);
  const listed = await preflight('/couple-compass/api/v1/auth/login', 'https://app.couple.example');
  assert.equal(listed.headers['access-control-allow-origin'], 'https://app.couple.example');
  assert.equal(listed.headers['access-control-allow-credentials'], 'true');
});

test('X-App-Base-URL from a look-alike host never reaches an invite mail', async () => {
  const signup = await t.app.inject({ method: 'POST', url: '/project-inside/v1/auth/signup', payload: { email: uniqueEmail(), password: 'correct-horse' } });
  const token = signup.json().access_token as string;
  const rel = await t.app.inject({
    method: 'POST',
    url: '/project-inside/v1/relationships',
    headers: { authorization: `Bearer ${token}` },
    payload: { type: 'couple' },
  });
  assert.equal(rel.statusCode, 200, rel.body);
  const to = uniqueEmail('invitee');
  const inv = await t.app.inject({
    method: 'POST',
    url: `/project-inside/v1/relationships/${rel.json().id}/invites`,
    headers: { authorization: `Bearer ${token}`, 'x-app-base-url': 'http://192.168.evil.example' },
    payload: { email: to },
  });
  assert.ok(inv.statusCode < 300, inv.body);
  await new Promise((r) => setTimeout(r, 200));
  const mail = t.outbox.find((m) => m.to === to);
  assert.ok(mail, 'invite mailed');
  assert.ok(!mail.text.includes('evil'), mail.text);
});
