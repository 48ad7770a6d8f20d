// Project Inside /v1/users: me, profile edits (validation, clearing, no-op), reading related users only.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { HTTPMethods } from 'fastify';
import { startTestApp, uniqueEmail, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { piCall, piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';
import { expect422 as expect422At } from '../../../../test/helpers/validation.js';

const expect422 = (r: Parameters<typeof expect422At>[0], field: string) => expect422At(r, ['body', field], { prefix: true });

const P = '/project-inside/v1';
let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['project-inside', 'couple-compass'], jobs: false });
});
after(async () => {
  await t.close();
});

type U = PiUser;

const signup = (displayName?: string): Promise<U> => piSignup(t, { displayName, tag: 'pi-users' });

const call = (u: U | null, method: HTTPMethods, url: string, payload?: unknown) => piCall(t, u, method, url, payload);

async function profileRow(userId: string) {
  const { rows } = await t.runtime.db.sql.executeSql(
    `SELECT display_name, pronouns, communication_style, goals, hobbies, birthday::text AS birthday, occupation, privacy_tier, profile_picture_url, bio, timezone
       FROM project_inside.profiles WHERE user_id = $1`,
    [userId],
  );
  return rows[0] as Record<string, unknown>;
}

const FIELDS = [
  'bio',
  'birthday',
  'communication_style',
  'created_at',
  'display_name',
  'email',
  'goals',
  'has_voiceprint',
  'hobbies',
  'id',
  'occupation',
  'personal_description',
  'personality_type',
  'privacy_tier',
  'profile_picture_url',
  'pronouns',
  'timezone',
  'voice_print_data',
  'voice_profile_id',
];

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe('works', () => {
  test('GET /users/me answers the whole user with defaults', async () => {
    const u = await signup('Robin');
    const r = await call(u, 'GET', '/users/me');
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    assert.deepEqual(Object.keys(b).sort(), FIELDS);
    assert.equal(b.id, u.id);
    assert.equal(b.email, u.email);
    assert.equal(b.display_name, 'Robin');
    assert.deepEqual(b.goals, []);
    assert.equal(b.privacy_tier, 'STANDARD');
    assert.equal(b.birthday, null);
    assert.equal(b.has_voiceprint, false);
    assert.equal(b.personality_type, null);
    assert.equal(b.personal_description, null);
    assert.equal(b.voice_profile_id, null);
    assert.equal(b.voice_print_data, null);
    assert.doesNotMatch(r.body, /password|argon/i);
  });

  test("the app's fields: personality_type (object), personal_description; a data: picture and an app avatar path", async () => {
    const u = await signup('App');
    const personality = { type: 'INTJ', values: { ei: 25, sn: 75, tf: 50, jp: 50 } };
    const picture = `data:image/png;base64,${Buffer.concat([PNG, Buffer.alloc(200_000, 7)]).toString('base64')}`;
    const r = await call(u, 'PATCH', '/users/me', {
      personality_type: personality,
      personal_description: 'I like long walks.',
      profile_picture_url: picture,
      hobbies: ['chess'],
      extra: 'dropped',
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().personality_type, personality);
    assert.equal(r.json().personal_description, 'I like long walks.');
    assert.equal(r.json().profile_picture_url, picture);
    const { rows } = await t.runtime.db.sql.executeSql(
      `SELECT personality_type, personal_description, length(profile_picture_url) AS n FROM project_inside.profiles WHERE user_id = $1`,
      [u.id],
    );
    assert.deepEqual(rows[0], { personality_type: personality, personal_description: 'I like long walks.', n: picture.length });
    const me = (await call(u, 'GET', '/users/me')).json();
    assert.deepEqual(me.personality_type, personality);
    // "Prefer not to say" has no values; an app avatar path is kept as it is.
    const r2 = await call(u, 'PATCH', '/users/me', { personality_type: { type: 'Prefer not to say' }, profile_picture_url: '/avatar/intj-w.png' });
    assert.equal(r2.statusCode, 200, r2.body);
    assert.deepEqual(r2.json().personality_type, { type: 'Prefer not to say' });
    assert.equal(r2.json().profile_picture_url, '/avatar/intj-w.png');
    const cleared = await call(u, 'PATCH', '/users/me', { personality_type: null, personal_description: null });
    assert.equal(cleared.json().personality_type, null);
    assert.equal(cleared.json().personal_description, null);
  });

  test('a picture near the 5 MB limit fits the route (larger body than elsewhere); one past it is a 422; far past it a 413', async () => {
    const u = await signup('Big');
    const near = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5 * 1024 * 1024 - 4)]).toString('base64')}`;
    const r = await call(u, 'PATCH', '/users/me', { profile_picture_url: near });
    assert.equal(r.statusCode, 200, r.body.slice(0, 300));
    const over = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5 * 1024 * 1024)]).toString('base64')}`;
    const r2 = await call(u, 'PATCH', '/users/me', { profile_picture_url: over });
    expect422(r2, 'profile_picture_url');
    assert.ok(r2.body.length < 2000, 'the error does not echo the image back');
    const huge = await call(u, 'PATCH', '/users/me', { profile_picture_url: 'x'.repeat(9 * 1024 * 1024) });
    assert.equal(huge.statusCode, 413);
    assert.equal((await profileRow(u.id)).profile_picture_url, near);
  });

  test('PATCH /users/me sets the given fields, keeps the others, null clears', async () => {
    const u = await signup('Before');
    const full = {
      display_name: '  Sam  ',
      pronouns: 'they/them',
      communication_style: 'direct',
      goals: ['listen more', 'argue less'],
      hobbies: ['climbing'],
      birthday: '1990-02-28',
      occupation: 'Nurse',
      privacy_tier: 'PRIVATE',
      profile_picture_url: 'https://cdn.example.com/p/sam.png',
      bio: 'Hi.',
      timezone: 'Europe/Paris',
    };
    const r = await call(u, 'PATCH', '/users/me', full);
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    assert.equal(b.display_name, 'Sam');
    assert.deepEqual(b.goals, ['listen more', 'argue less']);
    assert.equal(b.birthday, '1990-02-28');
    assert.equal(b.privacy_tier, 'PRIVATE');
    const row = await profileRow(u.id);
    assert.equal(row.display_name, 'Sam');
    assert.equal(row.birthday, '1990-02-28');
    assert.equal(row.timezone, 'Europe/Paris');
    assert.deepEqual(row.hobbies, ['climbing']);

    const partial = await call(u, 'PATCH', '/users/me', { pronouns: null, bio: null, birthday: null, profile_picture_url: null, timezone: null, goals: [] });
    assert.equal(partial.statusCode, 200, partial.body);
    const p = partial.json();
    assert.equal(p.pronouns, null);
    assert.equal(p.bio, null);
    assert.equal(p.birthday, null);
    assert.equal(p.timezone, null);
    assert.deepEqual(p.goals, []);
    assert.equal(p.display_name, 'Sam');
    assert.equal(p.occupation, 'Nurse');
    assert.deepEqual(p.hobbies, ['climbing']);
    const row2 = await profileRow(u.id);
    assert.equal(row2.pronouns, null);
    assert.equal(row2.occupation, 'Nurse');
  });

  test('an empty body is a no-op 200', async () => {
    const u = await signup('Stay');
    const before = await profileRow(u.id);
    const r = await call(u, 'PATCH', '/users/me', {});
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().display_name, 'Stay');
    assert.deepEqual(await profileRow(u.id), before);
    // No body at all is a missing body (as FastAPI answers a required body model): 422, still nothing written.
    const none = await t.app.inject({ method: 'PATCH', url: `${P}/users/me`, headers: bearer(u.token) });
    assert.equal(none.statusCode, 422, none.body);
    assert.deepEqual(await profileRow(u.id), before);
  });

  test('GET /users/{id}: myself, and a member of an active relationship of mine', async () => {
    const a = await signup('Ana');
    const b = await signup('Ben');
    assert.equal((await call(a, 'GET', `/users/${a.id}`)).json().email, a.email);
    const rel = await call(a, 'POST', '/relationships', { type: 'couple', member_ids: [b.id] });
    assert.equal(rel.statusCode, 200, rel.body);
    await call(b, 'PATCH', '/users/me', { occupation: 'Baker' });
    // Not before B accepts: a pending member is invisible, and sees nothing either.
    assert.equal((await call(a, 'GET', `/users/${b.id}`)).statusCode, 403);
    assert.equal((await call(b, 'GET', `/users/${a.id}`)).statusCode, 403);
    assert.equal((await call(b, 'POST', `/relationships/${rel.json().id}/accept`)).statusCode, 200);
    const r = await call(a, 'GET', `/users/${b.id}`);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(Object.keys(r.json()).sort(), FIELDS);
    assert.equal(r.json().display_name, 'Ben');
    assert.equal(r.json().occupation, 'Baker');
    // Once the relationship ended they are strangers again.
    assert.equal((await call(a, 'DELETE', `/relationships/${rel.json().id}`)).statusCode, 204);
    const after = await call(a, 'GET', `/users/${b.id}`);
    assert.equal(after.statusCode, 403);
    assert.doesNotMatch(after.body, new RegExp(b.email));
  });
});

describe('bad input', () => {
  test('each invalid field → 422 naming it, nothing written', async () => {
    const u = await signup('Valid');
    const before = await profileRow(u.id);
    const cases: [string, unknown][] = [
      ['display_name', ''],
      ['display_name', '   '],
      ['display_name', 'x'.repeat(101)],
      ['pronouns', 'x'.repeat(51)],
      ['communication_style', 7],
      ['occupation', 'x'.repeat(101)],
      ['bio', 'x'.repeat(1001)],
      ['goals', Array.from({ length: 21 }, (_, i) => `g${i}`)],
      ['goals', ['x'.repeat(101)]],
      ['hobbies', 'climbing'],
      ['hobbies', [3]],
      ['birthday', '1990-02-30'],
      ['birthday', '1990-13-01'],
      ['birthday', 'yesterday'],
      ['birthday', '2999-01-01'],
      ['birthday', '0000-01-01'],
      ['birthday', new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)],
      ['timezone', 'Mars/Olympus'],
      ['timezone', 'x'.repeat(51)],
      ['privacy_tier', 'SECRET'],
      ['privacy_tier', null],
      ['profile_picture_url', 'ftp://example.com/a.png'],
      ['profile_picture_url', 'javascript:alert(1)'],
      ['profile_picture_url', `https://example.com/${'a'.repeat(2048)}`],
      ['profile_picture_url', ''],
      ['profile_picture_url', '/avatar/../etc/passwd.png'],
      ['profile_picture_url', 'data:image/png;base64,PHNjcmlwdD4='],
      ['profile_picture_url', 'data:image/svg+xml;base64,PHN2Zy8+'],
      ['personality_type', 'INTJ'],
      ['personality_type', { values: { ei: 1, sn: 2, tf: 3, jp: 4 } }],
      ['personality_type', { type: 'INTJ', values: { ei: 101, sn: 2, tf: 3, jp: 4 } }],
      ['personality_type', { type: 'x'.repeat(51) }],
      ['personal_description', 'x'.repeat(2001)],
      ['has_voiceprint', true],
    ];
    for (const [field, value] of cases) {
      const r = await call(u, 'PATCH', '/users/me', { [field]: value });
      if (field === 'has_voiceprint') {
        // Not editable: unknown keys are dropped, nothing changes.
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.json().has_voiceprint, false);
        continue;
      }
      expect422(r, field);
    }
    assert.deepEqual(await profileRow(u.id), before);
  });

  test("GET /users/{id} with a malformed id → 422; unknown → 404; another product's user → 404", async () => {
    const u = await signup();
    const bad = await call(u, 'GET', '/users/not-a-uuid');
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().detail[0].loc, ['path', 'user_id']);
    const unknown = await call(u, 'GET', '/users/00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.statusCode, 404);
    const cc = await t.app.inject({
      method: 'POST',
      url: '/couple-compass/api/v1/auth/signup',
      payload: { email: uniqueEmail('cc'), password: 'correct-horse', name: 'Other App' },
    });
    assert.equal(cc.statusCode, 200, cc.body);
    const ccMe = await t.app.inject({ method: 'GET', url: '/couple-compass/api/v1/users/me', headers: bearer(cc.json().access_token) });
    const r = await call(u, 'GET', `/users/${ccMe.json().id as string}`);
    assert.equal(r.statusCode, 404);
    assert.doesNotMatch(r.body, /Other App/);
  });
});

describe('wrong user', () => {
  test('no credentials → 401 on every route', async () => {
    for (const [method, url] of [
      ['GET', '/users/me'],
      ['PATCH', '/users/me'],
      ['GET', '/users/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const r = await call(null, method, url, method === 'PATCH' ? {} : undefined);
      assert.equal(r.statusCode, 401, `${method} ${url}`);
    }
  });

  test('a stranger → 403 with none of the data', async () => {
    const a = await signup('Private Person');
    await call(a, 'PATCH', '/users/me', { bio: 'my secret bio' });
    const stranger = await signup();
    const r = await call(stranger, 'GET', `/users/${a.id}`);
    assert.equal(r.statusCode, 403);
    assert.doesNotMatch(r.body, /secret bio|Private Person/);
    assert.doesNotMatch(r.body, new RegExp(a.email));
  });
});
