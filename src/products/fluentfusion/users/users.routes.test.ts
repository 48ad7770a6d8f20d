// FluentFusion /api/users/me (GET, PUT, PATCH), GDPR export and erase — works, bad input, wrong user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs } from '../../../../test/helpers/accounts.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { signUpLearner } from '../../../../test/helpers/fluentfusion.js';

const P = '/fluentfusion/api';
let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
});
after(async () => {
  await t.close();
});

const uniqueName = (tag = 'learner') => `${tag}-${randomBytes(5).toString('hex')}`;
const learner = (payload: Record<string, unknown> = {}) => signUpLearner(t, 'learner', payload);

async function profileRow(userId: string) {
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT username, target_language, profile_image FROM fluentfusion.profiles WHERE user_id = $1`, [userId]);
  return rows[0] as { username: string; target_language: string; profile_image: string | null } | undefined;
}

describe('works', () => {
  test('GET /users/me: my account', async () => {
    const u = await learner({ user_type: 'tourism_worker', target_language: 'english' });
    const r = await callAs(t, u, 'GET', `${P}/users/me`);
    assert.equal(r.statusCode, 200, r.body);
    const me = r.json();
    assert.equal(me.user_id, u.id);
    assert.equal(me.email, u.email);
    assert.equal(me.user_type, 'tourism_worker');
    assert.equal(me.target_language, 'english');
    assert.ok(me.last_login);
    assert.doesNotMatch(r.body, /password|hash/i);
    assert.equal((await callAs(t, u, 'GET', `${P}/users/me/`)).statusCode, 200);
  });

  test('PUT /users/me changes username and target language; absent fields stay', async () => {
    const u = await learner({ target_language: 'kinyarwanda' });
    const name = uniqueName('Renamed');
    const r = await callAs(t, u, 'PUT', `${P}/users/me`, { username: `  ${name} `, target_language: 'french' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().username, name);
    assert.equal(r.json().target_language, 'french');
    assert.deepEqual(await profileRow(u.id), { username: name, target_language: 'french', profile_image: null });

    const only = await callAs(t, u, 'PUT', `${P}/users/me`, { target_language: 'english' });
    assert.equal(only.json().username, name);
    assert.equal((await profileRow(u.id))?.target_language, 'english');

    // Keeping my own name (in another case) is not "taken".
    const same = await callAs(t, u, 'PUT', `${P}/users/me`, { username: name.toUpperCase() });
    assert.equal(same.statusCode, 200, same.body);
    assert.equal(same.json().username, name.toUpperCase());
  });

  test("PATCH /users/me with the origin web client's fields (full_name, avatar_url); unknown ones ignored", async () => {
    const u = await learner();
    const name = uniqueName('Full Name');
    const r = await callAs(t, u, 'PATCH', `${P}/users/me`, { full_name: name, avatar_url: 'https://cdn.example.com/me.png', bio: 'hi', location: 'Kigali' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().username, name);
    assert.equal(r.json().profile_image, 'https://cdn.example.com/me.png');
    assert.deepEqual(await profileRow(u.id), { username: name, target_language: 'kinyarwanda', profile_image: 'https://cdn.example.com/me.png' });
    const cleared = await callAs(t, u, 'PATCH', `${P}/users/me`, { profile_image: null });
    assert.equal(cleared.json().profile_image, null);
  });

  test('GET /users/me/export holds my account, profile, progress, answers and badges; DELETE /users/me erases them', async () => {
    const u = await learner();
    const lessons = (await callAs(t, u, 'GET', `${P}/lessons/?target_language=english&limit=1`)).json();
    const lessonId = lessons[0].lesson_id as string;
    const ex = (await callAs(t, u, 'GET', `${P}/lessons/${lessonId}/exercises`)).json();
    await callAs(t, u, 'POST', `${P}/lessons/${lessonId}/submit`, { exercise_id: ex[0].exercise_id, answer: 'my private answer' });
    await callAs(t, u, 'POST', `${P}/progress/`, { lesson_id: lessonId, score: 90, time_spent: 700, exercises_completed: 4, total_exercises: 4 });
    await callAs(t, u, 'POST', `${P}/student/onboarding`, { native_lang: 'fr', learn_lang: null, goal: 'business', level: null });
    await callAs(t, u, 'POST', `${P}/v1/ethics/consent`, { consent_type: 'live_session_recording', version: '1.0', accepted: true, session_id: '7' });
    await callAs(t, u, 'DELETE', `${P}/v1/ethics/consent/me/live_session_recording`);
    const dsr = (await callAs(t, u, 'POST', `${P}/v1/ethics/data-rights`, { request_type: 'correction', details: 'my private request' })).json();

    const r = await callAs(t, u, 'GET', `${P}/users/me/export`);
    assert.equal(r.statusCode, 200, r.body);
    const data = r.json();
    assert.equal(data.account.email, u.email);
    assert.equal(data.profile.target_language, 'kinyarwanda');
    assert.equal(data.progress.length, 1);
    assert.equal(data.progress[0].lesson_id, lessonId);
    assert.equal(data.exercise_attempts[0].answer, 'my private answer');
    assert.deepEqual(
      data.badges.map((b: { badge_id: string }) => b.badge_id),
      ['B001'],
    );
    assert.equal(data.activity_days.length, 1);
    assert.deepEqual(
      data.notifications.map((n: { title: string; link: string; read_at: string | null }) => [n.title, n.link, n.read_at]),
      [['🏅 Badge earned: First Steps', '/dashboard/achievements', null]],
    );
    assert.equal(data.profile.learning_goal, 'business');
    assert.equal(data.profile.native_language, 'fr');
    assert.ok(data.profile.onboarded_at);
    assert.equal(data.consents.length, 1);
    assert.deepEqual(
      { ...data.consents[0], accepted_at: undefined, revoked_at: undefined },
      { consent_type: 'live_session_recording', version: '1.0', accepted: false, session_id: '7', accepted_at: undefined, revoked_at: undefined },
    );
    assert.ok(data.consents[0].accepted_at && data.consents[0].revoked_at);
    assert.deepEqual(
      data.data_requests.map((d: { reference: string; request_type: string; status: string; details: string }) => [
        d.reference,
        d.request_type,
        d.status,
        d.details,
      ]),
      [[dsr.reference, 'correction', 'pending', 'my private request']],
    );
    assert.doesNotMatch(r.body, /password|hash/i);

    const del = await callAs(t, u, 'DELETE', `${P}/users/me`);
    assert.equal(del.statusCode, 204, del.body);
    for (const table of ['profiles', 'progress', 'exercise_attempts', 'user_badges', 'activity_days', 'notifications', 'consent_records', 'data_requests']) {
      const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM fluentfusion.${table} WHERE user_id = $1`, [u.id]);
      assert.equal((rows[0] as { n: number }).n, 0, table);
    }
    assert.equal((await callAs(t, u, 'GET', `${P}/users/me`)).statusCode, 401);
    // The e-mail and username are free again.
    const again = await t.app.inject({
      method: 'POST',
      url: `${P}/auth/register`,
      payload: { username: data.profile.username, email: u.email, password: 'password123' },
    });
    assert.equal(again.statusCode, 201, again.body);
  });

  test('erasing the identity user alone takes the notifications, consents and data requests with it (foreign key cascade)', async () => {
    const u = await learner();
    const lessonId = (await callAs(t, u, 'GET', `${P}/lessons/?limit=1`)).json()[0].lesson_id as string;
    await callAs(t, u, 'POST', `${P}/progress/`, { lesson_id: lessonId, score: 90, time_spent: 700, exercises_completed: 4, total_exercises: 4 });
    assert.equal((await callAs(t, u, 'POST', `${P}/v1/ethics/consent`, { consent_type: 'cookie_consent', accepted: true })).statusCode, 200);
    assert.equal((await callAs(t, u, 'POST', `${P}/v1/ethics/data-rights`, { request_type: 'objection' })).statusCode, 200);
    const count = async (table: string) =>
      ((await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM fluentfusion.${table} WHERE user_id = $1`, [u.id])).rows[0] as { n: number }).n;
    const tables = ['notifications', 'consent_records', 'data_requests'];
    for (const table of tables) assert.equal(await count(table), 1, table);
    await t.runtime.db.sql.executeSql(`DELETE FROM identity.users WHERE id = $1`, [u.id]);
    for (const table of tables) assert.equal(await count(table), 0, table);
  });
});

describe('rejects bad input', () => {
  test('a username someone else has (any case) → 400, mine unchanged', async () => {
    const a = await learner();
    const b = await learner();
    const aName = (await profileRow(a.id))!.username;
    const bName = (await profileRow(b.id))!.username;
    for (const method of ['PUT', 'PATCH'] as const) {
      const r = await callAs(t, b, method, `${P}/users/me`, { username: aName.toUpperCase(), target_language: 'french' });
      assert.equal(r.statusCode, 400, r.body);
      assert.deepEqual(r.json(), { detail: 'Username already taken' });
    }
    assert.deepEqual(await profileRow(b.id), { username: bName, target_language: 'kinyarwanda', profile_image: null });
  });

  test('wrong types, unknown language, blank or long username, non-http picture → 422 naming the field', async () => {
    const u = await learner();
    const before = await profileRow(u.id);
    expect422(await callAs(t, u, 'PUT', `${P}/users/me`, { target_language: 'spanish' }), ['body', 'target_language']);
    expect422(await callAs(t, u, 'PUT', `${P}/users/me`, { username: '' }), ['body', 'username']);
    expect422(await callAs(t, u, 'PUT', `${P}/users/me`, { username: 'y'.repeat(51) }), ['body', 'username']);
    expect422(await callAs(t, u, 'PUT', `${P}/users/me`, { username: 42 }), ['body', 'username']);
    expect422(await callAs(t, u, 'PUT', `${P}/users/me`, { profile_image: 'javascript:alert(1)' }), ['body', 'profile_image']);
    expect422(await callAs(t, u, 'PATCH', `${P}/users/me`, { avatar_url: 'data:text/html,x' }), ['body', 'avatar_url']);
    assert.deepEqual(await profileRow(u.id), before);
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401 on every /users route', async () => {
    for (const [method, url] of [
      ['GET', `${P}/users/me`],
      ['PUT', `${P}/users/me`],
      ['PATCH', `${P}/users/me`],
      ['GET', `${P}/users/me/export`],
      ['DELETE', `${P}/users/me`],
    ] as const) {
      const r = await callAs(t, null, method, url, method === 'PUT' || method === 'PATCH' ? { target_language: 'french' } : undefined);
      assert.equal(r.statusCode, 401, `${method} ${url}`);
      assert.equal(r.headers['www-authenticate'], 'Bearer');
      assert.equal((await callAs(t, { token: 'nope' }, method, url)).statusCode, 401);
    }
  });

  test("my export has none of another learner's data", async () => {
    const a = await learner();
    const b = await learner();
    const lessonId = (await callAs(t, a, 'GET', `${P}/lessons/?limit=1`)).json()[0].lesson_id as string;
    await callAs(t, a, 'POST', `${P}/progress/`, { lesson_id: lessonId, score: 50, time_spent: 900, exercises_completed: 1, total_exercises: 4 });
    const r = await callAs(t, b, 'GET', `${P}/users/me/export`);
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json().progress, []);
    assert.ok(!r.body.includes(a.id) && !r.body.includes(a.email));
  });
});
