// FluentFusion /api/recommendations/: the three rules on real progress — works, bad input, wrong user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, type TestUser } from '../../../../test/helpers/accounts.js';
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

const learner = (target_language = 'kinyarwanda') => signUpLearner(t, 'r', { target_language });

interface Rec {
  lesson_id: string;
  title: string;
  description: string;
  difficulty: string;
  category: string;
  duration: number;
  reason: string;
  confidence: number;
}
const recommendations = async (u: TestUser) => {
  const r = await callAs(t, u, 'GET', `${P}/recommendations/`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as Rec[];
};
const record = (u: TestUser, lessonId: string, score: number) =>
  callAs(t, u, 'POST', `${P}/progress/`, { lesson_id: lessonId, score, time_spent: 900, exercises_completed: 4, total_exercises: 4, completed: true });

const catalogue = shippedCatalogue();
const course = (lang: string) => catalogue.filter((l) => l.targetLanguage === lang);

describe('works', () => {
  test('a new learner: up to five beginner lessons of their language, "Perfect for beginners", 0.9', async () => {
    for (const lang of ['kinyarwanda', 'english', 'french']) {
      const u = await learner(lang);
      const recs = await recommendations(u);
      const beginners = course(lang).filter((l) => l.difficulty === 'beginner');
      assert.deepEqual(
        recs.map((r) => r.lesson_id),
        beginners.slice(0, 5).map((l) => l.id),
      );
      const first = beginners[0]!;
      assert.deepEqual(recs[0], {
        lesson_id: first.id,
        title: first.title,
        description: first.description,
        difficulty: 'beginner',
        category: first.category,
        duration: first.duration,
        reason: 'Perfect for beginners',
        confidence: 0.9,
      });
      for (const r of recs) assert.equal(r.reason, 'Perfect for beginners');
    }
    const u = await learner();
    assert.deepEqual((await callAs(t, u, 'GET', `${P}/recommendations`)).json(), await recommendations(u));
  });

  test('average ≥ 80: the same or next level of the last completed lesson, lessons with progress left out, 0.85', async () => {
    const u = await learner('french');
    const fr = course('french');
    const beginner = fr.find((l) => l.difficulty === 'beginner')!;
    await record(u, beginner.id, 80);
    const recs = await recommendations(u);
    const expected = fr.filter((l) => l.id !== beginner.id && ['beginner', 'intermediate'].includes(l.difficulty)).slice(0, 5);
    assert.deepEqual(
      recs.map((r) => r.lesson_id),
      expected.map((l) => l.id),
    );
    assert.ok(recs.every((r) => r.reason === 'Based on your excellent progress' && r.confidence === 0.85));

    // The last completed lesson is advanced → only advanced ones.
    const advanced = fr.filter((l) => l.difficulty === 'advanced');
    await record(u, advanced[0]!.id, 100);
    const top = await recommendations(u);
    assert.deepEqual(
      top.map((r) => r.lesson_id),
      advanced.slice(1).map((l) => l.id),
    );
  });

  test('average < 80: the same level as the last completed lesson, "Practice makes perfect", 0.75', async () => {
    const u = await learner('english');
    const en = course('english');
    const intermediate = en.filter((l) => l.difficulty === 'intermediate');
    await record(u, intermediate[0]!.id, 40);
    const recs = await recommendations(u);
    assert.deepEqual(
      recs.map((r) => r.lesson_id),
      intermediate.slice(1, 6).map((l) => l.id),
    );
    assert.ok(recs.every((r) => r.reason === 'Practice makes perfect' && r.confidence === 0.75));
  });

  test('changing the target language changes what is recommended', async () => {
    const u = await learner('kinyarwanda');
    await callAs(t, u, 'PUT', `${P}/users/me`, { target_language: 'english' });
    const recs = await recommendations(u);
    assert.ok(recs.length > 0);
    assert.ok(recs.every((r) => course('english').some((l) => l.id === r.lesson_id)));
  });

  test('with every lesson of the language started, nothing is left to recommend', async () => {
    const u = await learner('kinyarwanda');
    for (const l of course('kinyarwanda')) await record(u, l.id, 90);
    assert.deepEqual(await recommendations(u), []);
  });
});

describe('rejects bad input', () => {
  test('the route takes no input; unknown query parameters are ignored', async () => {
    const u = await learner();
    assert.equal((await callAs(t, u, 'GET', `${P}/recommendations/?limit=-5`)).statusCode, 200);
  });
});

describe('refuses the wrong user', () => {
  test("no token → 401; one learner's progress never shapes another's recommendations", async () => {
    const r = await callAs(t, null, 'GET', `${P}/recommendations/`);
    assert.equal(r.statusCode, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer');
    const a = await learner();
    const b = await learner();
    await record(a, course('kinyarwanda')[0]!.id, 20);
    assert.equal((await recommendations(b))[0]!.reason, 'Perfect for beginners');
    assert.equal((await recommendations(a))[0]!.reason, 'Practice makes perfect');
  });
});
