// FluentFusion exercises: list without answers, graded submissions (stored) — works, bad input, wrong user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, type TestUser } from '../../../../test/helpers/accounts.js';
import { shippedCatalogue } from '../content/seed.js';
import type { ExerciseSeed } from '../content/catalogue.js';
import { signUpLearner } from '../../../../test/helpers/fluentfusion.js';

const P = '/fluentfusion/api';
let t: TestApp;
let u: TestUser;

const learner = () => signUpLearner(t, 'x');

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
  u = await learner();
});
after(async () => {
  await t.close();
});

const catalogue = shippedCatalogue();
const allExercises = catalogue.flatMap((l) => l.exercises);
const ofType = (type: ExerciseSeed['type']) => allExercises.find((e) => e.type === type)!;
const submit = (user: TestUser | null, lessonId: string, payload: unknown) => callAs(t, user, 'POST', `${P}/lessons/${lessonId}/submit`, payload);

async function attempts(userId: string) {
  const { rows } = await t.runtime.db.sql.executeSql(
    `SELECT exercise_id, answer, correct, points_earned FROM fluentfusion.exercise_attempts WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return rows as { exercise_id: string; answer: string; correct: boolean; points_earned: number }[];
}

describe('works', () => {
  test("a lesson's exercises: 3–4, typed, worth their points, answers never shown", async () => {
    for (const lesson of catalogue) {
      const r = await callAs(t, u, 'GET', `${P}/lessons/${lesson.id}/exercises`);
      assert.equal(r.statusCode, 200, r.body);
      const list = r.json() as {
        exercise_id: string;
        type: string;
        points: number;
        options: string[] | null;
        left_items: string[] | null;
        right_items: string[] | null;
      }[];
      assert.ok(list.length >= 3 && list.length <= 4, lesson.id);
      assert.doesNotMatch(r.body, /correct_answer|accepted_answers|explanation|"pairs"/);
      for (const e of list) {
        const seed = lesson.exercises.find((x) => x.id === e.exercise_id)!;
        assert.equal(e.points, { multiple_choice: 10, fill_blank: 15, matching: 20, translation: 20 }[e.type]);
        if (e.type === 'multiple_choice') assert.deepEqual(e.options, seed.options);
        if (e.type === 'matching') {
          assert.deepEqual(
            e.left_items,
            seed.pairs!.map(([l]) => l),
          );
          assert.deepEqual([...e.right_items!].sort(), seed.pairs!.map(([, r]) => r).sort());
          // The right column is shuffled, so it doesn't give the pairs away.
          assert.notDeepEqual(
            e.right_items,
            seed.pairs!.map(([, r]) => r),
          );
        }
        if (e.type === 'fill_blank' || e.type === 'translation') assert.equal(e.options, null);
      }
    }
  });

  test('grading is trimmed and case-insensitive; every attempt is stored', async () => {
    const me = await learner();
    const mc = ofType('multiple_choice');
    const right = await submit(me, mc.lessonId, { exercise_id: mc.id, answer: `  ${mc.correctAnswer.toUpperCase()}  ` });
    assert.equal(right.statusCode, 200, right.body);
    assert.deepEqual(right.json(), {
      exercise_id: mc.id,
      correct: true,
      user_answer: `  ${mc.correctAnswer.toUpperCase()}  `,
      correct_answer: mc.correctAnswer,
      explanation: mc.explanation,
      points_earned: 10,
    });
    const wrongOption = mc.options!.find((o) => o !== mc.correctAnswer)!;
    const wrong = await submit(me, mc.lessonId, { exercise_id: mc.id, answer: wrongOption });
    assert.equal(wrong.json().correct, false);
    assert.equal(wrong.json().points_earned, 0);
    assert.equal(wrong.json().correct_answer, mc.correctAnswer);

    const fb = ofType('fill_blank');
    assert.equal((await submit(me, fb.lessonId, { exercise_id: fb.id, answer: `${fb.correctAnswer}.` })).json().points_earned, 15);
    const tr = ofType('translation');
    assert.equal((await submit(me, tr.lessonId, { exercise_id: tr.id, answer: ` ${tr.correctAnswer.toLowerCase()}? ` })).json().points_earned, 20);

    assert.deepEqual(await attempts(me.id), [
      { exercise_id: mc.id, answer: `  ${mc.correctAnswer.toUpperCase()}  `, correct: true, points_earned: 10 },
      { exercise_id: mc.id, answer: wrongOption, correct: false, points_earned: 0 },
      { exercise_id: fb.id, answer: `${fb.correctAnswer}.`, correct: true, points_earned: 15 },
      { exercise_id: tr.id, answer: ` ${tr.correctAnswer.toLowerCase()}? `, correct: true, points_earned: 20 },
    ]);
  });

  test('matching: pairs in any order and case are right; a wrong pair is wrong', async () => {
    const m = ofType('matching');
    const pairs = m.pairs!;
    const reversed = [...pairs]
      .reverse()
      .map(([l, r]) => `${l.toLowerCase()} = ${r.toUpperCase()}`)
      .join('; ');
    const ok = await submit(u, m.lessonId, { exercise_id: m.id, answer: reversed });
    assert.equal(ok.json().correct, true, ok.body);
    assert.equal(ok.json().points_earned, 20);
    const swapped = pairs.map(([l], i) => `${l}=${pairs[(i + 1) % pairs.length]![1]}`).join(';');
    assert.equal((await submit(u, m.lessonId, { exercise_id: m.id, answer: swapped })).json().correct, false);
    assert.equal((await submit(u, m.lessonId, { exercise_id: m.id, answer: 'not pairs at all' })).json().correct, false);
  });

  test('other accepted wordings of a translation count as right', async () => {
    const withAlternatives = allExercises.find((e) => e.acceptedAnswers.length > 0);
    assert.ok(withAlternatives, 'the shipped content has translations with accepted alternatives');
    const r = await submit(u, withAlternatives.lessonId, { exercise_id: withAlternatives.id, answer: withAlternatives.acceptedAnswers[0]! });
    assert.equal(r.json().correct, true, r.body);
  });
});

describe('rejects bad input', () => {
  test('missing or mistyped fields, oversize answers → 422 naming the field; nothing stored', async () => {
    const me = await learner();
    const mc = ofType('multiple_choice');
    const cases: [unknown, string][] = [
      [{ answer: 'x' }, 'exercise_id'],
      [{ exercise_id: mc.id }, 'answer'],
      [{ exercise_id: mc.id, answer: 42 }, 'answer'],
      [{ exercise_id: mc.id, answer: 'x'.repeat(2001) }, 'answer'],
      [{ exercise_id: '', answer: 'x' }, 'exercise_id'],
    ];
    for (const [payload, field] of cases) {
      const r = await submit(me, mc.lessonId, payload);
      assert.equal(r.statusCode, 422, r.body);
      assert.ok(
        (r.json().detail as { loc: string[] }[]).some((d) => d.loc.join('.') === `body.${field}`),
        r.body,
      );
    }
    assert.deepEqual(await attempts(me.id), []);
  });

  test('an unknown lesson → 404; an exercise of another lesson or unknown → 404 Exercise not found', async () => {
    const [a, b] = [catalogue[0]!, catalogue[1]!];
    const r1 = await submit(u, 'no-such-lesson', { exercise_id: a.exercises[0]!.id, answer: 'x' });
    assert.equal(r1.statusCode, 404);
    assert.deepEqual(r1.json(), { detail: 'Lesson not found' });
    const r2 = await submit(u, b.id, { exercise_id: a.exercises[0]!.id, answer: 'x' });
    assert.equal(r2.statusCode, 404);
    assert.deepEqual(r2.json(), { detail: 'Exercise not found' });
    assert.equal((await submit(u, a.id, { exercise_id: 'nope', answer: 'x' })).statusCode, 404);
    assert.equal((await callAs(t, u, 'GET', `${P}/lessons/no-such-lesson/exercises`)).statusCode, 404);
  });
});

describe('refuses the wrong user', () => {
  test('no or bad token → 401, even with a bad body; nothing stored', async () => {
    const mc = ofType('multiple_choice');
    for (const body of [{ exercise_id: mc.id, answer: mc.correctAnswer }, { nonsense: true }]) {
      const r = await submit(null, mc.lessonId, body);
      assert.equal(r.statusCode, 401, r.body);
      assert.equal(r.headers['www-authenticate'], 'Bearer');
    }
    assert.equal((await callAs(t, { token: 'bad' }, 'GET', `${P}/lessons/${mc.lessonId}/exercises`)).statusCode, 401);
  });

  test("one learner's answers are not another's", async () => {
    const a = await learner();
    const b = await learner();
    const mc = ofType('multiple_choice');
    await submit(a, mc.lessonId, { exercise_id: mc.id, answer: 'secret of a' });
    assert.equal((await attempts(a.id)).length, 1);
    assert.deepEqual(await attempts(b.id), []);
    const exported = await callAs(t, b, 'GET', `${P}/users/me/export`);
    assert.ok(!exported.body.includes('secret of a'));
  });
});
