// FluentFusion /api/student/courses (language tracks), a track's lessons and marking one done — works, bad input, wrong user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS_ENV, startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, expectBearer401, type TestUser } from '../../../../test/helpers/accounts.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { shippedCatalogue } from '../content/seed.js';
import { lessonText } from './tracks.js';
import { signUpLearner } from '../../../../test/helpers/fluentfusion.js';

const P = '/fluentfusion/api';
let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
});
after(async () => {
  await t.close();
});

const learnerOn = (app: TestApp, payload: Record<string, unknown> = {}) => signUpLearner(app, 'cr', payload);
const learner = (payload: Record<string, unknown> = {}) => learnerOn(t, payload);

const catalogue = shippedCatalogue();
const rw = catalogue.filter((l) => l.targetLanguage === 'kinyarwanda');
const fr = catalogue.filter((l) => l.targetLanguage === 'french');
const complete = (u: TestUser | null, course: string, lesson: string, body: unknown = {}) =>
  callAs(t, u, 'POST', `${P}/student/courses/${course}/lessons/${lesson}/complete`, body);
const sql = (text: string, values: unknown[] = []) => t.runtime.db.sql.executeSql(text, values);

async function progressRows(userId: string) {
  const { rows } = await sql(`SELECT lesson_id, score, time_spent, completed FROM fluentfusion.progress WHERE user_id = $1 ORDER BY lesson_id`, [userId]);
  return rows as { lesson_id: string; score: number; time_spent: number; completed: boolean }[];
}
async function counts(userId: string) {
  const { rows } = await sql(
    `SELECT (SELECT count(*)::int FROM fluentfusion.user_badges WHERE user_id = $1) AS badges,
            (SELECT count(*)::int FROM fluentfusion.notifications WHERE user_id = $1) AS notes`,
    [userId],
  );
  return rows[0] as { badges: number; notes: number };
}

describe('works', () => {
  test('GET /student/courses: my target track with what the course pages read', async () => {
    const u = await learner({ target_language: 'kinyarwanda' });
    const r = await callAs(t, u, 'GET', `${P}/student/courses`);
    assert.equal(r.statusCode, 200, r.body);
    const [c, ...rest] = r.json();
    assert.deepEqual(rest, []);
    assert.equal(c.id, 1, 'a number: the client compares ids with Number(select.value)');
    assert.equal(c.slug, 'kinyarwanda');
    assert.equal(c.title, 'Kinyarwanda for Tourism');
    assert.equal(c.language, 'Kinyarwanda');
    assert.equal(c.flag_emoji, '🇷🇼');
    assert.equal(c.level, 'All Levels');
    assert.equal(c.instructor, 'FluentFusion');
    assert.equal(c.instructor_initials, 'FF');
    assert.equal(c.price, 0);
    assert.equal(c.rating, 0);
    assert.equal(c.completion, 0);
    assert.equal(c.completed_lessons, 0);
    assert.equal(c.lesson_count, rw.length);
    assert.ok(Date.parse(c.enrolled_at) > 0);
  });

  test("a track's lessons: beginner first, module = level, readable content, none completed yet", async () => {
    const u = await learner();
    const r = await callAs(t, u, 'GET', `${P}/student/courses/french/lessons`);
    assert.equal((await callAs(t, u, 'GET', `${P}/student/courses/3/lessons`)).body, r.body, 'course 3 is French');
    assert.equal(r.statusCode, 200, r.body);
    const lessons = r.json();
    assert.equal(lessons.length, fr.length);
    assert.deepEqual(
      lessons.map((l: { id: string }) => l.id),
      [...fr].sort((a, b) => a.sortOrder - b.sortOrder).map((l) => l.id),
    );
    const first = lessons[0];
    const src = fr.find((l) => l.id === first.id)!;
    assert.deepEqual(first, {
      id: src.id,
      title: src.title,
      lesson_type: 'text',
      duration_min: src.duration,
      order: 1,
      description: src.description,
      video_url: null,
      content: lessonText(src.content),
      resource_url: null,
      is_preview: false,
      module_id: 'beginner',
      module_title: 'Beginner',
      is_completed: false,
    });
    assert.match(first.content, /^Vocabulary\n• /);
    assert.ok(first.content.includes(src.content.vocabulary[0]!.word));
    assert.deepEqual([...new Set(lessons.map((l: { module_title: string }) => l.module_title))], ['Beginner', 'Intermediate', 'Advanced']);
    lessons.forEach((l: { order: number }, i: number) => assert.equal(l.order, i + 1));
  });

  test('completing a lesson: score from my answers, time = nominal duration, completion and XP; repeat → same, no new badge', async () => {
    const u = await learner();
    const L = rw[0]!;
    const mc = L.exercises.find((e) => e.type === 'multiple_choice')!;
    await callAs(t, u, 'POST', `${P}/lessons/${L.id}/submit`, { exercise_id: mc.id, answer: mc.correctAnswer });
    const r = await complete(u, 'kinyarwanda', L.id);
    assert.equal(r.statusCode, 200, r.body);
    const completion = Math.round((1 / rw.length) * 1000) / 10;
    assert.deepEqual(r.json(), { ok: true, completion, xp: mc.points + 10 });
    const total = L.exercises.reduce((s, e) => s + e.points, 0);
    assert.deepEqual(await progressRows(u.id), [
      { lesson_id: L.id, score: Math.round((mc.points / total) * 10000) / 100, time_spent: L.duration * 60, completed: true },
    ]);
    // First Steps only: a click is not "under ten minutes".
    assert.deepEqual(await counts(u.id), { badges: 1, notes: 1 });
    // The client sends the course number it was given.
    const again = await complete(u, '1', L.id);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), r.json());
    assert.deepEqual(await counts(u.id), { badges: 1, notes: 1 });
    const [c] = (await callAs(t, u, 'GET', `${P}/student/courses`)).json();
    assert.equal(c.completion, completion);
    assert.equal(c.completed_lessons, 1);
    const lessons = (await callAs(t, u, 'GET', `${P}/student/courses/kinyarwanda/lessons`)).json();
    assert.deepEqual(
      lessons.filter((l: { is_completed: boolean }) => l.is_completed).map((l: { id: string }) => l.id),
      [L.id],
    );
  });

  test('a lesson I recorded in progress keeps its time; completing in another track adds that course', async () => {
    const u = await learner({ target_language: 'kinyarwanda' });
    const L = fr[0]!;
    await callAs(t, u, 'POST', `${P}/progress/`, { lesson_id: L.id, score: 50, time_spent: 420, exercises_completed: 0, total_exercises: 4, completed: false });
    // No body at all is fine too.
    const r = await callAs(t, u, 'POST', `${P}/student/courses/french/lessons/${L.id}/complete`);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal((await progressRows(u.id))[0]!.time_spent, 420);
    assert.deepEqual(
      (await callAs(t, u, 'GET', `${P}/student/courses`)).json().map((c: { id: number; slug: string }) => [c.id, c.slug]),
      [
        [1, 'kinyarwanda'],
        [3, 'french'],
      ],
    );
  });

  test('marking lessons done is limited per learner (429 with Retry-After)', async () => {
    const strict = await startTestApp({
      products: ['fluentfusion'],
      env: { ...DEFAULT_LIMITS_ENV, FLUENTFUSION_RATE_LIMIT_LESSON_COMPLETIONS_PER_USER: '2/60' },
    });
    try {
      const u = await learnerOn(strict);
      const other = await learnerOn(strict);
      const call = (who: TestUser) => callAs(strict, who, 'POST', `${P}/student/courses/kinyarwanda/lessons/${rw[0]!.id}/complete`, {});
      assert.equal((await call(u)).statusCode, 200);
      assert.equal((await call(u)).statusCode, 200);
      const r = await call(u);
      assert.equal(r.statusCode, 429, r.body);
      assert.ok(Number(r.headers['retry-after']) > 0);
      assert.match(r.json().detail, /Too many requests/);
      assert.equal((await call(other)).statusCode, 200);
    } finally {
      await strict.close();
    }
  });
});

describe('rejects bad input', () => {
  test('unknown course → 404 Course not found; a lesson of another track or unknown → 404; nothing stored', async () => {
    const u = await learner();
    for (const course of ['spanish', 'KINYARWANDA', '0', '4', '01', '1.0']) {
      const r = await callAs(t, u, 'GET', `${P}/student/courses/${course}/lessons`);
      assert.equal(r.statusCode, 404, r.body);
      assert.deepEqual(r.json(), { detail: 'Course not found' });
      assert.deepEqual((await complete(u, course, rw[0]!.id)).json(), { detail: 'Course not found' });
    }
    const wrongTrack = await complete(u, 'english', rw[0]!.id);
    assert.equal(wrongTrack.statusCode, 404);
    assert.deepEqual(wrongTrack.json(), { detail: 'Lesson not found' });
    assert.equal((await complete(u, 'kinyarwanda', 'no-such-lesson')).statusCode, 404);
    assert.deepEqual(await progressRows(u.id), []);
  });

  test('oversize ids and a non-object body → 422 naming the field', async () => {
    const u = await learner();
    expect422(await callAs(t, u, 'GET', `${P}/student/courses/${'x'.repeat(51)}/lessons`), ['path', 'course_id']);
    expect422(await complete(u, 'kinyarwanda', 'y'.repeat(101)), ['path', 'lesson_id']);
    const arr = await complete(u, 'kinyarwanda', rw[0]!.id, [1]);
    assert.equal(arr.statusCode, 422, arr.body);
    assert.deepEqual(await progressRows(u.id), []);
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401', async () => {
    await expectBearer401(t, P, [
      ['GET', '/student/courses'],
      ['GET', '/student/courses/kinyarwanda/lessons'],
      ['POST', `/student/courses/kinyarwanda/lessons/${rw[0]!.id}/complete`, {}],
    ]);
  });

  test("my completions never show in another learner's courses", async () => {
    const a = await learner();
    const b = await learner();
    await complete(a, 'kinyarwanda', rw[0]!.id);
    const [c] = (await callAs(t, b, 'GET', `${P}/student/courses`)).json();
    assert.equal(c.completion, 0);
    const lessons = (await callAs(t, b, 'GET', `${P}/student/courses/kinyarwanda/lessons`)).json();
    assert.ok(lessons.every((l: { is_completed: boolean }) => !l.is_completed));
    assert.deepEqual(await progressRows(b.id), []);
  });
});
