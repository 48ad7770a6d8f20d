// FluentFusion onboarding: the public language list and POST /api/student/onboarding — works, bad input, wrong user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, expectBearer401, type TestUser } from '../../../../test/helpers/accounts.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { shippedCatalogue } from '../content/seed.js';
import { signUpLearner } from '../../../../test/helpers/fluentfusion.js';

const P = '/fluentfusion/api';
let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
});
after(async () => {
  await t.close();
});

const learner = (payload: Record<string, unknown> = {}) => signUpLearner(t, 'ob', payload);
const onboard = (u: TestUser | null, body: unknown) => callAs(t, u, 'POST', `${P}/student/onboarding`, body);

async function answers(userId: string) {
  const { rows } = await t.runtime.db.sql.executeSql(
    `SELECT native_language, learning_goal, starting_level, target_language, onboarded_at IS NOT NULL AS onboarded FROM fluentfusion.profiles WHERE user_id = $1`,
    [userId],
  );
  return rows[0] as Record<string, unknown>;
}

describe('works', () => {
  test('GET /languages and /users/languages: the three tracks with lesson counts, no sign-in needed', async () => {
    const catalogue = shippedCatalogue();
    const n = (lang: string) => catalogue.filter((l) => l.targetLanguage === lang).length;
    for (const url of [`${P}/languages`, `${P}/users/languages`]) {
      const r = await t.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), {
        languages: [
          { code: 'rw', name: 'Kinyarwanda', country: 'Rwanda', target_language: 'kinyarwanda', lesson_count: n('kinyarwanda') },
          { code: 'en', name: 'English', country: 'Global', target_language: 'english', lesson_count: n('english') },
          { code: 'fr', name: 'French', country: 'France', target_language: 'french', lesson_count: n('french') },
        ],
      });
    }
    // The client sends its token along when it has one: fine too.
    const u = await learner();
    assert.equal((await callAs(t, u, 'GET', `${P}/languages`)).statusCode, 200);
  });

  test('the four answers are stored; learn_lang rw/en/fr (or the name) sets my target language', async () => {
    const u = await learner({ target_language: 'kinyarwanda' });
    assert.equal((await answers(u.id)).onboarded, false);
    const r = await onboard(u, { native_lang: 'en', learn_lang: 'fr', goal: 'travel', level: 'beginner' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { ok: true });
    assert.deepEqual(await answers(u.id), {
      native_language: 'en',
      learning_goal: 'travel',
      starting_level: 'beginner',
      target_language: 'french',
      onboarded: true,
    });
    await onboard(u, { native_lang: 'rw', learn_lang: 'English', goal: 'business', level: 'advanced' });
    assert.deepEqual(await answers(u.id), {
      native_language: 'rw',
      learning_goal: 'business',
      starting_level: 'advanced',
      target_language: 'english',
      onboarded: true,
    });
    assert.equal((await callAs(t, u, 'GET', `${P}/users/me`)).json().target_language, 'english');
  });

  test('skipped steps (null) clear their answer, absent keys stay; another language to learn changes nothing', async () => {
    const u = await learner({ target_language: 'english' });
    await onboard(u, { native_lang: 'fr', learn_lang: 'en', goal: 'academic', level: 'intermediate' });
    const r = await onboard(u, { native_lang: null, learn_lang: 'es', goal: null });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(await answers(u.id), {
      native_language: null,
      learning_goal: null,
      starting_level: 'intermediate',
      target_language: 'english',
      onboarded: true,
    });
    const empty = await onboard(u, {});
    assert.equal(empty.statusCode, 200);
  });
});

describe('rejects bad input', () => {
  test('unknown goal or level, over 20 characters, wrong types, odd characters → 422 naming the field; nothing stored', async () => {
    const u = await learner();
    const cases: [Record<string, unknown>, string][] = [
      [{ goal: 'fun' }, 'goal'],
      [{ level: 'expert' }, 'level'],
      [{ level: 'Beginner' }, 'level'],
      [{ native_lang: 'x'.repeat(21) }, 'native_lang'],
      [{ learn_lang: 'y'.repeat(21) }, 'learn_lang'],
      [{ native_lang: 42 }, 'native_lang'],
      [{ learn_lang: ['rw'] }, 'learn_lang'],
      [{ native_lang: '' }, 'native_lang'],
      [{ native_lang: '<script>' }, 'native_lang'],
      [{ goal: 7 }, 'goal'],
    ];
    for (const [body, field] of cases) expect422(await onboard(u, body), ['body', field]);
    const bad = await callAs(t, u, 'POST', `${P}/student/onboarding`, undefined, {
      payload: JSON.stringify('not an object'),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.deepEqual(await answers(u.id), {
      native_language: null,
      learning_goal: null,
      starting_level: null,
      target_language: 'kinyarwanda',
      onboarded: false,
    });
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401', async () => {
    await expectBearer401(t, P, [['POST', '/student/onboarding', { goal: 'travel' }]]);
  });

  test("my answers never change another learner's profile", async () => {
    const a = await learner({ target_language: 'kinyarwanda' });
    const b = await learner({ target_language: 'kinyarwanda' });
    await onboard(b, { native_lang: 'fr', learn_lang: 'en', goal: 'travel', level: 'beginner' });
    assert.deepEqual(await answers(a.id), {
      native_language: null,
      learning_goal: null,
      starting_level: null,
      target_language: 'kinyarwanda',
      onboarded: false,
    });
  });
});
