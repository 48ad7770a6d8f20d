// Couple Compass /users: the seed's /me and /me/profile, and the web client's /profile (GET snake_case, PUT camelCase).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp } from '../../../../test/helpers/couple-compass.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { expectBearer401, type GuardedRoute } from '../../../../test/helpers/accounts.js';

const P = '/couple-compass/api/v1';
let t: TestApp;

before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const signup = (name = 'Morgan') => ccSignUp(t, { name, tag: 'users', password: 'users-pass-1' });

const patchProfile = (token: string, payload: unknown) =>
  t.app.inject({ method: 'PATCH', url: `${P}/users/me/profile`, headers: bearer(token), payload: payload as object });
const putProfile = (token: string, payload: unknown) =>
  t.app.inject({ method: 'PUT', url: `${P}/users/profile`, headers: bearer(token), payload: payload as object });
const getProfile = (token: string) => t.app.inject({ method: 'GET', url: `${P}/users/profile`, headers: bearer(token) });

async function profileRow(userId: string) {
  const { rows } = await t.runtime.db.sql.executeSql(
    `SELECT name, pronouns, avatar_url, birthdate, timezone, onboarding_completed, relationship_status, partner_name, anniversary_date::text AS anniversary_date
       FROM couple_compass.profiles WHERE user_id = $1`,
    [userId],
  );
  assert.equal(rows.length, 1);
  return rows[0] as Record<string, unknown>;
}

describe('works', () => {
  test('GET /users/me: the user with the profile, no password hash anywhere', async () => {
    const u = await signup('Quinn');
    const r = await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(u.token) });
    assert.equal(r.statusCode, 200);
    const body = r.json();
    assert.equal(body.id, u.id);
    assert.equal(body.email, u.email);
    assert.equal(body.is_active, true);
    assert.equal(body.is_verified, false);
    assert.equal(typeof body.created_at, 'string');
    assert.equal(body.profile.user_id, u.id);
    assert.equal(body.profile.name, 'Quinn');
    assert.equal(body.profile.timezone, 'UTC');
    assert.equal(body.profile.pronouns, null);
    assert.equal(body.profile.birthdate, null);
    assert.doesNotMatch(r.body, /argon2|password|hash/i);
  });

  test('PATCH /users/me/profile sets the fields given and leaves the others', async () => {
    const u = await signup('Before');
    const r = await patchProfile(u.token, {
      name: 'After',
      pronouns: 'they/them',
      avatar_url: 'https://cdn.example.com/a.png',
      timezone: 'Europe/Paris',
      birthdate: '1990-05-17',
    });
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json();
    assert.equal(p.user_id, u.id);
    assert.equal(p.name, 'After');
    assert.equal(p.pronouns, 'they/them');
    assert.equal(p.avatar_url, 'https://cdn.example.com/a.png');
    assert.equal(p.timezone, 'Europe/Paris');
    assert.equal(p.birthdate, '1990-05-17T00:00:00.000Z');
    assert.equal(typeof p.updated_at, 'string');

    // Only the pronouns change; the rest stays.
    const r2 = await patchProfile(u.token, { pronouns: 'she/her' });
    assert.equal(r2.statusCode, 200);
    assert.equal(r2.json().name, 'After');
    assert.equal(r2.json().timezone, 'Europe/Paris');
    const row = await profileRow(u.id);
    assert.equal(row.pronouns, 'she/her');
    assert.equal(row.name, 'After');
    assert.equal(row.avatar_url, 'https://cdn.example.com/a.png');
    assert.equal(new Date(row.birthdate as string).toISOString(), '1990-05-17T00:00:00.000Z');
  });

  test('PATCH birthdate as a datetime; null clears pronouns, avatar and birthdate; timezone null means UTC', async () => {
    const u = await signup();
    assert.equal(
      (
        await patchProfile(u.token, {
          birthdate: '1988-02-29T13:45:00+02:00',
          pronouns: 'he/him',
          avatar_url: 'https://cdn.example.com/b.png',
          timezone: 'Asia/Tokyo',
        })
      ).json().birthdate,
      '1988-02-29T11:45:00.000Z',
    );
    const r = await patchProfile(u.token, { birthdate: null, pronouns: null, avatar_url: null, timezone: null });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().birthdate, null);
    assert.equal(r.json().pronouns, null);
    assert.equal(r.json().avatar_url, null);
    assert.equal(r.json().timezone, 'UTC');
  });

  test('PATCH name at the limits: 1 and 255 characters', async () => {
    const u = await signup();
    assert.equal((await patchProfile(u.token, { name: 'Z' })).json().name, 'Z');
    assert.equal((await patchProfile(u.token, { name: 'n'.repeat(255) })).json().name, 'n'.repeat(255));
    assert.equal((await patchProfile(u.token, { pronouns: 'p'.repeat(50), timezone: 'America/Argentina/Buenos_Aires' })).statusCode, 200);
  });

  test('GET /users/profile: the snake_case web profile', async () => {
    const u = await signup('Webby');
    const r = await getProfile(u.token);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.id, u.id);
    assert.equal(body.email, u.email);
    assert.equal(body.name, 'Webby');
    for (const k of ['relationship_status', 'partner_name', 'partner_id', 'anniversary_date', 'pronouns', 'avatar_url', 'birthdate'])
      assert.equal(body[k], null, k);
    assert.equal(body.timezone, 'UTC');
    assert.equal(body.onboarding_completed, false);
  });

  test('PUT /users/profile: camelCase in, snake_case out, completes onboarding', async () => {
    const u = await signup('Form');
    const r = await putProfile(u.token, {
      name: '  Formal  ',
      pronouns: 'they/them',
      avatarUrl: 'https://cdn.example.com/f.png',
      birthdate: '1992-07-04',
      timezone: 'America/New_York',
      relationshipStatus: 'dating',
      partnerName: 'Pat',
      anniversaryDate: '2020-02-29',
    });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.message, 'Profile updated successfully');
    assert.equal(body.user.id, u.id);
    assert.equal(body.user.name, 'Formal');
    assert.equal(body.user.pronouns, 'they/them');
    assert.equal(body.user.avatar_url, 'https://cdn.example.com/f.png');
    assert.equal(body.user.birthdate, '1992-07-04', 'a calendar day, as the date input reads it');
    assert.equal(body.user.timezone, 'America/New_York');
    assert.equal(body.user.relationship_status, 'dating');
    assert.equal(body.user.partner_name, 'Pat');
    assert.equal(body.user.anniversary_date, '2020-02-29');
    assert.equal(body.user.onboarding_completed, true);
    const row = await profileRow(u.id);
    assert.equal(row.onboarding_completed, true);
    assert.equal(row.anniversary_date, '2020-02-29');
    assert.equal(row.relationship_status, 'dating');
    // GET shows the same.
    assert.deepEqual((await getProfile(u.token)).json(), body.user);
    // …and the login answer now reports onboarding as done.
    const login = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email: u.email, password: 'users-pass-1' } });
    assert.equal(login.json().user.onboarding_completed, true);
  });

  test('PUT: blank strings unset a field, absent fields stay', async () => {
    const u = await signup();
    await putProfile(u.token, {
      pronouns: 'she/her',
      relationshipStatus: 'married',
      partnerName: 'Lee',
      anniversaryDate: '2015-06-01',
      timezone: 'Europe/Berlin',
      birthdate: '1980-01-01',
    });
    const r = await putProfile(u.token, { pronouns: '', partnerName: '   ', anniversaryDate: '', timezone: '', birthdate: '' });
    assert.equal(r.statusCode, 200, r.body);
    const user = r.json().user;
    assert.equal(user.pronouns, null);
    assert.equal(user.partner_name, null);
    assert.equal(user.anniversary_date, null);
    assert.equal(user.birthdate, null);
    assert.equal(user.timezone, 'UTC');
    assert.equal(user.relationship_status, 'married', 'an absent field is left alone');
    const row = await profileRow(u.id);
    assert.equal(row.pronouns, null);
    assert.equal(row.partner_name, null);
    assert.equal(row.anniversary_date, null);
    assert.equal(row.relationship_status, 'married');
  });

  test('an empty PUT still completes onboarding', async () => {
    const u = await signup();
    const r = await putProfile(u.token, {});
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().user.onboarding_completed, true);
    assert.equal((await profileRow(u.id)).onboarding_completed, true);
  });

  test("a linked partner's real name wins over the typed partner name", async () => {
    const a = await signup('Avery');
    const b = await signup('Blake');
    await putProfile(a.token, { partnerName: 'Typed Name' });
    const inv = await t.app.inject({ method: 'POST', url: `${P}/couples/invite`, headers: bearer(a.token) });
    const join = await t.app.inject({ method: 'POST', url: `${P}/couples/join`, headers: bearer(b.token), payload: { code: inv.json().code } });
    assert.equal(join.statusCode, 200, join.body);
    const r = await getProfile(a.token);
    assert.equal(r.json().partner_name, 'Blake');
    assert.equal(r.json().partner_id, b.id);
  });
});

describe('rejects bad input', () => {
  test('avatar_url / avatarUrl that is not an absolute http(s) URL (javascript:, data:, file:, relative…) → 422 naming the field, nothing stored', async () => {
    const u = await signup();
    assert.equal((await patchProfile(u.token, { avatar_url: 'https://cdn.example.com/ok.png' })).statusCode, 200);
    const bad = [
      'javascript:alert(document.cookie)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'file:///etc/passwd',
      'ftp://files.example.com/a.png',
      '//evil.example/a.png',
      '/relative/a.png',
      'x',
      'https://',
    ];
    for (const url of bad) {
      expect422(await patchProfile(u.token, { avatar_url: url }), ['body', 'avatar_url']);
      expect422(await putProfile(u.token, { avatarUrl: url }), ['body', 'avatarUrl']);
    }
    assert.equal((await profileRow(u.id)).avatar_url, 'https://cdn.example.com/ok.png');
    for (const url of ['http://img.example.org/a.png', 'HTTPS://CDN.EXAMPLE.COM/b.png?size=64#x']) {
      assert.equal((await patchProfile(u.token, { avatar_url: url })).statusCode, 200, url);
      assert.equal((await putProfile(u.token, { avatarUrl: url })).statusCode, 200, url);
    }
  });

  const cases: [string, Record<string, unknown>, (string | number)[]][] = [
    ['empty name', { name: '' }, ['body', 'name']],
    ['null name', { name: null }, ['body', 'name']],
    ['name too long', { name: 'n'.repeat(256) }, ['body', 'name']],
    ['name wrong type', { name: 5 }, ['body', 'name']],
    ['pronouns too long', { pronouns: 'p'.repeat(51) }, ['body', 'pronouns']],
    ['timezone too long', { timezone: 'T'.repeat(51) }, ['body', 'timezone']],
    ['empty timezone', { timezone: '' }, ['body', 'timezone']],
    ['unknown timezone', { timezone: 'Mars/Base' }, ['body', 'timezone']],
    ['birthdate not a date', { birthdate: 'yesterday' }, ['body', 'birthdate']],
    ['birthdate impossible day', { birthdate: '1990-02-30' }, ['body', 'birthdate']],
    ['birthdate wrong type', { birthdate: 19900517 }, ['body', 'birthdate']],
    ['avatar_url too long', { avatar_url: 'h'.repeat(2049) }, ['body', 'avatar_url']],
  ];
  for (const [label, payload, loc] of cases) {
    test(`PATCH /users/me/profile: ${label} → 422 naming ${loc.join('.')}, nothing written`, async () => {
      const u = await signup('Unchanged');
      const r = await patchProfile(u.token, { pronouns: 'ok', ...payload });
      expect422(r, loc);
      const row = await profileRow(u.id);
      assert.equal(row.name, 'Unchanged');
      assert.equal(row.pronouns, null);
    });
  }

  test("'Mars/Base' names the field with a value error", async () => {
    const u = await signup();
    const hit = expect422(await patchProfile(u.token, { timezone: 'Mars/Base' }), ['body', 'timezone']);
    assert.equal(hit.type, 'value_error');
    assert.equal((await profileRow(u.id)).timezone, 'UTC');
  });

  test('PATCH body not an object → 422', async () => {
    const u = await signup();
    const r = await t.app.inject({
      method: 'PATCH',
      url: `${P}/users/me/profile`,
      headers: { ...bearer(u.token), 'content-type': 'application/json' },
      payload: '"name"',
    });
    assert.equal(r.statusCode, 422, r.body);
  });

  test('a birthdate the database cannot store is a 422, not a 500', async () => {
    const u = await signup();
    for (const birthdate of ['0000-01-01', '0000-06-15T00:00:00Z']) expect422(await patchProfile(u.token, { birthdate }), ['body', 'birthdate']);
    for (const birthdate of ['0000-01-01', '-001000-01-01', '+275760-09-13']) expect422(await putProfile(u.token, { birthdate }), ['body', 'birthdate']);
  });

  const putCases: [string, Record<string, unknown>, (string | number)[]][] = [
    ['anniversaryDate not a date', { anniversaryDate: 'someday' }, ['body', 'anniversaryDate']],
    ['anniversaryDate impossible day', { anniversaryDate: '2021-02-30' }, ['body', 'anniversaryDate']],
    ['anniversaryDate month 13', { anniversaryDate: '2021-13-01' }, ['body', 'anniversaryDate']],
    ['anniversaryDate year 0', { anniversaryDate: '0000-01-01' }, ['body', 'anniversaryDate']],
    ['anniversaryDate wrong type', { anniversaryDate: 20210101 }, ['body', 'anniversaryDate']],
    ['birthdate not a date', { birthdate: 'not a date' }, ['body', 'birthdate']],
    ['blank name', { name: '   ' }, ['body', 'name']],
    ['unknown timezone', { timezone: 'Mars/Base' }, ['body', 'timezone']],
    ['pronouns too long', { pronouns: 'p'.repeat(51) }, ['body', 'pronouns']],
    ['relationshipStatus too long', { relationshipStatus: 'r'.repeat(51) }, ['body', 'relationshipStatus']],
    ['partnerName too long', { partnerName: 'p'.repeat(256) }, ['body', 'partnerName']],
  ];
  for (const [label, payload, loc] of putCases) {
    test(`PUT /users/profile: ${label} → 422 naming ${loc.join('.')}, onboarding not completed`, async () => {
      const u = await signup();
      expect422(await putProfile(u.token, payload), loc);
      assert.equal((await profileRow(u.id)).onboarding_completed, false);
    });
  }
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401 with WWW-Authenticate on every /users route', async () => {
    const routes: GuardedRoute[] = [
      ['GET', '/users/me'],
      ['PATCH', '/users/me/profile', { name: 'X' }],
      ['GET', '/users/profile'],
      ['PUT', '/users/profile', { name: 'X' }],
    ];
    await expectBearer401(t, P, routes);
  });

  test('ids in the body are ignored: a user only ever changes their own profile', async () => {
    const a = await signup('Alice');
    const b = await signup('Bob');
    const r = await patchProfile(b.token, { user_id: a.id, id: a.id, name: 'Bobby' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().user_id, b.id);
    const put = await putProfile(b.token, { userId: a.id, id: a.id, pronouns: 'he/him' });
    assert.equal(put.statusCode, 200);
    assert.equal(put.json().user.id, b.id);
    const rowA = await profileRow(a.id);
    assert.equal(rowA.name, 'Alice');
    assert.equal(rowA.pronouns, null);
    assert.equal(rowA.onboarding_completed, false);
    assert.equal((await profileRow(b.id)).name, 'Bobby');
  });

  test("another user's token reads their own profile, never mine", async () => {
    const a = await signup('Mine');
    const b = await signup('Theirs');
    await putProfile(a.token, { relationshipStatus: 'secret' });
    const r = await getProfile(b.token);
    assert.equal(r.json().id, b.id);
    assert.equal(r.json().relationship_status, null);
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me`, headers: bearer(b.token) })).json().email, b.email);
  });

  test('a deactivated user is refused', async () => {
    const u = await signup();
    await t.runtime.identity.setActive(u.id, false);
    assert.equal((await getProfile(u.token)).statusCode, 401);
    assert.equal((await patchProfile(u.token, { name: 'Ghost' })).statusCode, 401);
  });
});
