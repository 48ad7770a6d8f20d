// FluentFusion /api/progress (record = upsert per lesson, list mine) and the origin client's per-lesson form.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, type TestUser } from '../../../../test/helpers/accounts.js';
import { shippedCatalogue } from '../content/seed.js';
import { signUpLearner } from '../../../../test/helpers/fluentfusion.js';

const P = '/fluentfusion/api';
let t: TestApp;

const learner = () => signUpLearner(t, 'p');

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
});
after(async () => {
  await t.close();
});

const catalogue = shippedCatalogue();
const [L1, L2, L3] = [catalogue[0]!, catalogue[1]!, catalogue[2]!];
const record = (u: TestUser | null, body: Record<string, unknown>) => callAs(t, u, 'POST', `${P}/progress/`, body);
const result = (lessonId: string, extra: Record<string, unknown> = {}) => ({
  lesson_id: lessonId,
  score: 75,
  time_spent: 900,
  exercises_completed: 3,
  total_exercises: 4,
  completed: true,
  ...extra,
});

async function rows(userId: string) {
  const { rows: r } = await t.runtime.db.sql.executeSql(
    `SELECT lesson_id, score, time_spent, exercises_completed, total_exercises, completed, completed_at IS NOT NULL AS has_completed_at FROM fluentfusion.progress WHERE user_id = $1 ORDER BY lesson_id`,
    [userId],
  );
  return r as Record<string, unknown>[];
}
async function badgeIds(userId: string) {
  const { rows: r } = await t.runtime.db.sql.executeSql(`SELECT badge_id FROM fluentfusion.user_badges WHERE user_id = $1 ORDER BY badge_id`, [userId]);
  return (r as { badge_id: string }[]).map((x) => x.badge_id);
}

describe('works', () => {
  test('the first record of a lesson → 201 with the record and the badges it earned', async () => {
    const u = await learner();
    const r = await record(u, result(L1.id, { score: 100, time_spent: 420 }));
    assert.equal(r.statusCode, 201, r.body);
    const p = r.json();
    assert.match(p.progress_id, /^[0-9a-f-]{36}$/);
    assert.equal(p.user_id, u.id);
    assert.equal(p.lesson_id, L1.id);
    assert.equal(p.score, 100);
    assert.equal(p.time_spent, 420);
    assert.equal(p.exercises_completed, 3);
    assert.equal(p.total_exercises, 4);
    assert.equal(p.completed, true);
    assert.ok(Date.parse(p.completed_at) > 0);
    // First Steps (1 lesson), Perfect Score (100 %), Quick Learner (< 600 s).
    assert.deepEqual(
      p.new_badges.map((b: { badge_id: string }) => b.badge_id),
      ['B001', 'B004', 'B005'],
    );
    assert.deepEqual(await rows(u.id), [
      { lesson_id: L1.id, score: 100, time_spent: 420, exercises_completed: 3, total_exercises: 4, completed: true, has_completed_at: true },
    ]);
    assert.deepEqual(await badgeIds(u.id), ['B001', 'B004', 'B005']);
  });

  test('recording the same lesson again updates its one record (200) and awards nothing twice', async () => {
    const u = await learner();
    const first = (await record(u, result(L1.id, { score: 60 }))).json();
    const again = await record(u, result(L1.id, { score: 100, time_spent: 500, exercises_completed: 4 }));
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().progress_id, first.progress_id);
    assert.deepEqual(
      again.json().new_badges.map((b: { badge_id: string }) => b.badge_id),
      ['B004', 'B005'],
    );
    const third = await record(u, result(L1.id, { score: 100, time_spent: 500 }));
    assert.deepEqual(third.json().new_badges, []);
    assert.equal((await rows(u.id)).length, 1);
    assert.equal((await rows(u.id))[0]!.score, 100);
    assert.deepEqual(await badgeIds(u.id), ['B001', 'B004', 'B005']);
  });

  test('a lesson still in progress earns no lesson badges; completed defaults to true', async () => {
    const u = await learner();
    const r = await record(u, result(L1.id, { completed: false, score: 100, time_spent: 10 }));
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().completed, false);
    assert.equal(r.json().completed_at, null);
    assert.deepEqual(r.json().new_badges, []);
    const { completed: _omit, ...withoutFlag } = result(L2.id);
    const d = await record(u, withoutFlag);
    assert.equal(d.json().completed, true);
  });

  test('GET /progress/: mine only, most recent first, paginated; slash-less too', async () => {
    const u = await learner();
    // A few milliseconds apart, so "most recent" is never a tie.
    for (const body of [result(L1.id), result(L2.id), result(L3.id), result(L1.id, { score: 95 })]) {
      await record(u, body);
      await new Promise((r) => setTimeout(r, 5));
    }
    const r = await callAs(t, u, 'GET', `${P}/progress/`);
    assert.equal(r.statusCode, 200);
    assert.deepEqual(
      r.json().map((p: { lesson_id: string }) => p.lesson_id),
      [L1.id, L3.id, L2.id],
    );
    assert.deepEqual(
      (await callAs(t, u, 'GET', `${P}/progress?skip=1&limit=1`)).json().map((p: { lesson_id: string }) => p.lesson_id),
      [L3.id],
    );
  });

  test("the origin client's POST /lessons/{id}/progress: time and completion from the client, score from my graded answers", async () => {
    const u = await learner();
    const [mc, fb] = [L1.exercises.find((e) => e.type === 'multiple_choice')!, L1.exercises.find((e) => e.type === 'fill_blank')!];
    await callAs(t, u, 'POST', `${P}/lessons/${L1.id}/submit`, { exercise_id: mc.id, answer: mc.correctAnswer });
    await callAs(t, u, 'POST', `${P}/lessons/${L1.id}/submit`, { exercise_id: fb.id, answer: 'wrong' });
    const r = await callAs(t, u, 'POST', `${P}/lessons/${L1.id}/progress`, { watched_seconds: 700, is_completed: true });
    assert.equal(r.statusCode, 200, r.body);
    const total = L1.exercises.reduce((s, e) => s + e.points, 0);
    assert.equal(r.json().message, 'Progress updated');
    assert.equal(r.json().score, Math.round((10 / total) * 10000) / 100);
    assert.equal(r.json().exercises_completed, 2);
    assert.equal(r.json().total_exercises, L1.exercises.length);
    assert.equal(r.json().time_spent, 700);
    assert.deepEqual(
      r.json().new_badges.map((b: { badge_id: string }) => b.badge_id),
      ['B001'],
    );
    assert.equal((await rows(u.id)).length, 1);
  });
});

describe('rejects bad input', () => {
  test('score outside 0–100, negative or fractional times, more done than total, wrong types, missing fields → 422; nothing stored', async () => {
    const u = await learner();
    const cases: [Record<string, unknown>, string][] = [
      [result(L1.id, { score: 101 }), 'score'],
      [result(L1.id, { score: -0.5 }), 'score'],
      [result(L1.id, { score: 'high' }), 'score'],
      [result(L1.id, { time_spent: -1 }), 'time_spent'],
      [result(L1.id, { time_spent: 1.5 }), 'time_spent'],
      [result(L1.id, { exercises_completed: 5, total_exercises: 4 }), 'exercises_completed'],
      [result(L1.id, { total_exercises: -1 }), 'total_exercises'],
      [result(L1.id, { completed: 'yes' }), 'completed'],
      [{ score: 50, time_spent: 1, exercises_completed: 1, total_exercises: 1 }, 'lesson_id'],
      [result(L1.id, { lesson_id: 'x'.repeat(101) }), 'lesson_id'],
    ];
    for (const [body, field] of cases) {
      const r = await record(u, body);
      assert.equal(r.statusCode, 422, `${field}: ${r.body}`);
      assert.ok(
        (r.json().detail as { loc: string[] }[]).some((d) => d.loc.join('.') === `body.${field}`),
        r.body,
      );
    }
    const bad = await callAs(t, u, 'POST', `${P}/lessons/${L1.id}/progress`, { watched_seconds: -3, is_completed: true });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(await rows(u.id), []);
  });

  test('an unknown lesson → 404 Lesson not found; nothing stored', async () => {
    const u = await learner();
    const r = await record(u, result('no-such-lesson'));
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), { detail: 'Lesson not found' });
    assert.equal((await callAs(t, u, 'POST', `${P}/lessons/no-such-lesson/progress`, { watched_seconds: 3, is_completed: true })).statusCode, 404);
    assert.deepEqual(await rows(u.id), []);
    assert.deepEqual(await badgeIds(u.id), []);
  });
});

describe('refuses the wrong user', () => {
  test('no token → 401 (before the body is even checked)', async () => {
    for (const body of [result(L1.id), { junk: 1 }]) {
      const r = await record(null, body);
      assert.equal(r.statusCode, 401);
      assert.equal(r.headers['www-authenticate'], 'Bearer');
    }
    assert.equal((await callAs(t, null, 'GET', `${P}/progress/`)).statusCode, 401);
    assert.equal((await callAs(t, null, 'POST', `${P}/lessons/${L1.id}/progress`, { watched_seconds: 1, is_completed: true })).statusCode, 401);
  });

  test("a learner sees only their own progress; recording mine never touches another's", async () => {
    const a = await learner();
    const b = await learner();
    await record(a, result(L1.id, { score: 33 }));
    await record(b, result(L1.id, { score: 88 }));
    const mine = (await callAs(t, b, 'GET', `${P}/progress/`)).json();
    assert.equal(mine.length, 1);
    assert.equal(mine[0].user_id, b.id);
    assert.equal(mine[0].score, 88);
    assert.equal((await rows(a.id))[0]!.score, 33);
    assert.ok(!JSON.stringify(mine).includes(a.id));
  });
});
