// Couple Compass: the seed's TrustedHost list (plus ALLOWED_HOSTS), and GDPR export / erase of a user's data.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, uniqueEmail, bearer, type TestApp } from '../../../../test/helpers/app.js';

const P = '/couple-compass/api/v1';

describe('trusted hosts', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ jobs: false, env: { ALLOWED_HOSTS: 'api.example.com,*.couples.example' } });
  });
  after(async () => t.close());

  test('localhost, 127.0.0.1 and configured hosts (any port) are served', async () => {
    for (const host of ['localhost', 'localhost:8000', '127.0.0.1:9999', 'api.example.com', 'eu.couples.example:443']) {
      const r = await t.app.inject({ method: 'GET', url: '/couple-compass/health', headers: { host } });
      assert.equal(r.statusCode, 200, host);
    }
  });

  test('any other Host is refused with 400 before the route runs', async () => {
    const emails: string[] = [];
    for (const host of ['evil.com', 'localhost.evil.com', 'couples.example', 'api.example.com.evil.net']) {
      const email = uniqueEmail('host');
      emails.push(email);
      const r = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, headers: { host }, payload: { email, password: 'password-1', name: 'H' } });
      assert.equal(r.statusCode, 400, host);
      assert.deepEqual(r.json(), { detail: 'Invalid host header' });
    }
    const { rows } = await t.runtime.db.sql.executeSql('SELECT count(*)::int AS n FROM identity.users WHERE email = ANY($1::text[])', [emails]);
    assert.equal(rows[0]!.n, 0, 'no account was created through a refused host');
  });
});

describe('privacy: export and erase', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ jobs: false });
  });
  after(async () => t.close());

  const signup = async () => {
    const email = uniqueEmail('gdpr');
    const r = await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: { email, password: 'password-1', name: 'Gee' } });
    assert.equal(r.statusCode, 200, r.body);
    return { id: r.json().id as string, token: r.json().access_token as string, email };
  };

  test('export holds what the user wrote; erase removes it, frees the partner and kills the sessions', async () => {
    const a = await signup();
    const b = await signup();
    const { code } = (await t.app.inject({ method: 'POST', url: `${P}/couples/invite`, headers: bearer(a.token) })).json();
    assert.equal((await t.app.inject({ method: 'POST', url: `${P}/couples/join`, headers: bearer(b.token), payload: { code } })).statusCode, 200);
    assert.equal(
      (await t.app.inject({ method: 'POST', url: `${P}/journals`, headers: bearer(a.token), payload: { content: 'private thoughts for export' } })).statusCode,
      201,
    );
    assert.equal((await t.app.inject({ method: 'POST', url: `${P}/moods`, headers: bearer(a.token), payload: { mood_level: 4 } })).statusCode, 201);

    const data = await t.runtime.privacy.exportUser('couple-compass', a.id);
    assert.equal((data.profile as { name: string }).name, 'Gee');
    assert.equal((data.journals as { content: string }[])[0]!.content, 'private thoughts for export');
    assert.equal((data.moods as unknown[]).length, 1);
    assert.equal((data.couples as { active: boolean }[]).filter((c) => c.active).length, 1);

    await t.runtime.privacy.eraseUser(t.runtime.db, t.runtime.identity, 'couple-compass', a.id);
    for (const [table, col] of [
      ['identity.users', 'id'],
      ['couple_compass.profiles', 'user_id'],
      ['couple_compass.journals', 'user_id'],
      ['couple_compass.mood_checkins', 'user_id'],
      ['identity.sessions', 'user_id'],
    ]) {
      const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM ${table} WHERE ${col} = $1`, [a.id]);
      assert.equal(rows[0]!.n, 0, table);
    }
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(a.token) })).statusCode, 401);
    // The partner is free again and can link with someone else.
    const status = (await t.app.inject({ method: 'GET', url: `${P}/partner/status`, headers: bearer(b.token) })).json();
    assert.equal(status.has_partner, false);
  });
});
