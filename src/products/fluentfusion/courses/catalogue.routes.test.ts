// FluentFusion /api/student/catalog, course pages, enrolment and my quizzes — works, bad input, wrong user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, expectBearer401, type TestUser } from '../../../../test/helpers/accounts.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { shippedCatalogue } from '../content/seed.js';
import { DIFFICULTIES } from '../content/types.js';
import { signUpLearner } from '../../../../test/helpers/fluentfusion.js';

const P = '/fluentfusion/api';
let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
});
after(async () => {
  await t.close();
});

const learner = (payload: Record<string, unknown> = {}) => signUpLearner(t, 'ct', payload);

const shipped = shippedCatalogue();
const ofTrack = (language: string) => shipped.filter((l) => l.targetLanguage === language);
const get = (u: TestUser | null, path: string) => callAs(t, u, 'GET', `${P}${path}`);
const enroll = (u: TestUser | null, course: string | number, body: unknown = {}) => callAs(t, u, 'POST', `${P}/student/courses/${course}/enroll`, body);
const sql = (text: string, values: unknown[] = []) => t.runtime.db.sql.executeSql(text, values);

async function enrolments(userId: string): Promise<string[]> {
  const { rows } = await sql(`SELECT target_language FROM fluentfusion.enrollments WHERE user_id = $1 ORDER BY target_language`, [userId]);
  return (rows as { target_language: string }[]).map((r) => r.target_language);
}
const ids = (courses: { id: number }[]) => courses.map((c) => c.id);

describe('works', () => {
  test('GET /student/catalog: the three tracks with what the catalogue page reads; mine marked enrolled', async () => {
    const u = await learner({ target_language: 'french' });
    const r = await get(u, '/student/catalog');
    assert.equal(r.statusCode, 200, r.body);
    const list = r.json();
    assert.deepEqual(ids(list), [1, 2, 3]);
    const [rw, en, fr] = list;
    assert.equal(rw.title, 'Kinyarwanda for Tourism');
    assert.equal(rw.language, 'Kinyarwanda');
    assert.equal(rw.flag_emoji, '🇷🇼');
    assert.equal(rw.level, 'All Levels');
    assert.equal(rw.price, 0);
    assert.equal(rw.thumbnail_url, null);
    assert.equal(rw.instructor, 'FluentFusion');
    assert.equal(rw.instructor_initials, 'FF');
    assert.equal(rw.rating, 0);
    assert.ok(rw.description.length > 50);
    assert.equal(rw.lesson_count, ofTrack('kinyarwanda').length);
    assert.equal(en.lesson_count, ofTrack('english').length);
    assert.deepEqual(
      list.map((c: { enrolled: boolean }) => c.enrolled),
      [false, false, true],
      'my target track is one of my courses',
    );
    assert.ok(fr.student_count >= 1);
    // Slash-less and trailing-slash forms answer alike.
    assert.deepEqual((await get(u, '/student/catalog/')).json(), list);
  });

  test('filters: words, language (part of the name or code, any case) and level', async () => {
    const u = await learner();
    const q = async (query: string) => ids((await get(u, `/student/catalog?${query}`)).json());
    assert.deepEqual(await q('search=french'), [3]);
    assert.deepEqual(await q('search=MOTO-TAXI'), [1], 'the description counts');
    assert.deepEqual(await q('search=nothing%20like%20this'), []);
    assert.deepEqual(await q('language=English'), [2]);
    assert.deepEqual(await q('language=kinya'), [1]);
    assert.deepEqual(await q('language=fr'), [3]);
    assert.deepEqual(await q('language=Spanish'), [], 'a language the client lists that is not taught: nothing, not an error');
    assert.deepEqual(await q('level=Beginner'), [1, 2, 3]);
    assert.deepEqual(await q('level=All%20Levels'), [1, 2, 3]);
    assert.deepEqual(await q('search=&language=&level='), [1, 2, 3], 'the client sends no empty values, but they mean "all"');
    assert.deepEqual(await q('language=French&level=Advanced'), [3]);
  });

  test('GET /student/catalog/{id}: the course page with its lessons by level, by number or language name', async () => {
    const u = await learner({ target_language: 'kinyarwanda' });
    const r = await get(u, '/student/catalog/3');
    assert.equal(r.statusCode, 200, r.body);
    const c = r.json();
    assert.equal(c.id, 3);
    assert.equal(c.slug, 'french');
    assert.equal(c.enrolled, false);
    assert.equal(c.is_free, true);
    assert.ok(c.subtitle && c.requirements && c.target_audience && c.instructor_bio);
    assert.ok(c.what_you_learn.split('\n').filter(Boolean).length >= 3, 'one outcome per line');
    const fr = ofTrack('french');
    assert.deepEqual(
      c.curriculum.map((s: { title: string }) => s.title),
      ['Beginner', 'Intermediate', 'Advanced'],
    );
    for (const [i, d] of DIFFICULTIES.entries()) {
      const section = c.curriculum[i];
      assert.ok(section.description);
      assert.deepEqual(
        section.lessons.map((l: { id: string }) => l.id),
        fr.filter((l) => l.difficulty === d).map((l) => l.id),
      );
      for (const l of section.lessons) {
        assert.equal(l.lesson_type, 'text');
        assert.ok(l.duration_min > 0);
        assert.equal(l.is_preview, false);
      }
    }
    const total = c.curriculum.reduce((n: number, s: { lessons: unknown[] }) => n + s.lessons.length, 0);
    assert.equal(total, c.lesson_count, 'the page counts lessons from the curriculum');
    assert.deepEqual((await get(u, '/student/catalog/french')).json(), c);
    assert.equal((await get(u, '/student/catalog/1')).json().enrolled, true);
  });

  test('enrol: the track joins my courses and stays there after I change my target language; repeat → already_enrolled', async () => {
    const u = await learner({ target_language: 'english' });
    const r = await enroll(u, 1);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { ok: true, enrolled: true });
    assert.deepEqual(await enrolments(u.id), ['kinyarwanda']);
    const again = await enroll(u, 'kinyarwanda');
    assert.deepEqual(again.json(), { ok: true, already_enrolled: true });
    assert.deepEqual(await enrolments(u.id), ['kinyarwanda'], 'one row');

    const mine = (await get(u, '/student/courses')).json();
    assert.deepEqual(ids(mine), [2, 1], 'my target track first, then the one I joined');
    const joined = mine[1];
    const { rows } = await sql(`SELECT enrolled_at FROM fluentfusion.enrollments WHERE user_id = $1`, [u.id]);
    assert.equal(joined.enrolled_at, new Date((rows[0] as { enrolled_at: string }).enrolled_at).toISOString());
    assert.equal((await get(u, '/student/catalog/1')).json().enrolled, true);
    // An enrolment refreshes the cached learner counts at once: they match the tables.
    const { rows: counted } = await sql(
      `SELECT count(DISTINCT user_id)::int AS n FROM (
         SELECT user_id FROM fluentfusion.profiles WHERE target_language = 'kinyarwanda'
         UNION ALL SELECT user_id FROM fluentfusion.enrollments WHERE target_language = 'kinyarwanda'
         UNION ALL SELECT p.user_id FROM fluentfusion.progress p JOIN fluentfusion.lessons l ON l.id = p.lesson_id
           WHERE l.target_language = 'kinyarwanda') AS x`,
    );
    assert.equal((await get(u, '/student/catalog/1')).json().student_count, (counted[0] as { n: number }).n);
    const dash = (await get(u, '/student/dashboard')).json();
    assert.deepEqual(ids(dash.enrolled_courses), [2, 1]);
    assert.equal(dash.total_courses, 2);

    // My own target track: already one of my courses, but the enrolment is kept for when I switch.
    assert.deepEqual((await enroll(u, 2, null)).json(), { ok: true, already_enrolled: true });
    assert.deepEqual(await enrolments(u.id), ['english', 'kinyarwanda']);
    assert.equal((await callAs(t, u, 'PUT', `${P}/users/me`, { target_language: 'french' })).statusCode, 200);
    assert.deepEqual(ids((await get(u, '/student/courses')).json()), [3, 1, 2]);

    const board = (await get(u, '/student/leaderboard')).json();
    const me = board.find((row: { is_me: boolean }) => row.is_me);
    assert.equal(me.courses, 3, 'the leaderboard counts the tracks I joined');
  });

  test('GET /student/quizzes: a quiz per lesson of my courses; my answers and success rate, nobody else’s', async () => {
    const u = await learner({ target_language: 'kinyarwanda' });
    const other = await learner({ target_language: 'kinyarwanda' });
    const r = await get(u, '/student/quizzes');
    assert.equal(r.statusCode, 200, r.body);
    const quizzes = r.json();
    const rw = ofTrack('kinyarwanda');
    assert.deepEqual(
      quizzes.map((q: { id: string }) => q.id),
      rw.map((l) => l.id),
    );
    const first = rw[0]!;
    assert.deepEqual(quizzes[0], {
      id: first.id,
      lesson_id: first.id,
      title: first.title,
      course: 'Kinyarwanda for Tourism',
      course_id: 1,
      flag_emoji: '🇷🇼',
      difficulty: first.difficulty,
      question_count: first.exercises.length,
      avg_score: 0,
      attempts: 0,
    });

    const mc = first.exercises.find((e) => e.type === 'multiple_choice')!;
    const submit = (who: TestUser, answer: string) => callAs(t, who, 'POST', `${P}/lessons/${first.id}/submit`, { exercise_id: mc.id, answer });
    assert.equal((await submit(u, mc.correctAnswer)).json().correct, true);
    assert.equal((await submit(u, 'certainly not an option')).json().correct, false);
    assert.equal((await submit(u, mc.correctAnswer)).json().correct, true);
    await submit(other, 'certainly not an option');
    const q = (await get(u, '/student/quizzes')).json()[0];
    assert.equal(q.attempts, 3);
    assert.equal(q.avg_score, 66.7);
    assert.equal((await get(other, '/student/quizzes')).json()[0].avg_score, 0);

    // Paging, and a track I join brings its quizzes.
    assert.deepEqual(
      (await get(u, '/student/quizzes?skip=1&limit=2')).json().map((x: { id: string }) => x.id),
      rw.slice(1, 3).map((l) => l.id),
    );
    await enroll(u, 'english');
    assert.equal((await get(u, '/student/quizzes')).json().length, rw.length + ofTrack('english').length);
  });

  test('export lists my enrolments; erasing my account removes them', async () => {
    const u = await learner();
    await enroll(u, 3);
    const data = (await get(u, '/users/me/export')).json();
    assert.deepEqual(
      data.enrollments.map((e: { target_language: string }) => e.target_language),
      ['french'],
    );
    assert.ok(Date.parse(data.enrollments[0].enrolled_at) > 0);
    const del = await callAs(t, u, 'DELETE', `${P}/users/me`);
    assert.equal(del.statusCode, 204, del.body);
    assert.deepEqual(await enrolments(u.id), []);
  });
});

describe('rejects bad input', () => {
  test('unknown level, oversize words, wrong paging → 422 naming the parameter', async () => {
    const u = await learner();
    expect422(await get(u, '/student/catalog?level=Expert'), ['query', 'level']);
    expect422(await get(u, '/student/catalog?level=beginner'), ['query', 'level']);
    expect422(await get(u, `/student/catalog?search=${'x'.repeat(101)}`), ['query', 'search']);
    expect422(await get(u, `/student/catalog?language=${'x'.repeat(51)}`), ['query', 'language']);
    expect422(await get(u, '/student/quizzes?limit=101'), ['query', 'limit']);
    expect422(await get(u, '/student/quizzes?skip=-1'), ['query', 'skip']);
    expect422(await get(u, '/student/quizzes?limit=many'), ['query', 'limit']);
  });

  test('unknown course → 404 Course not found, nothing stored; oversize ids and bodies that are not objects → 422', async () => {
    const u = await learner();
    for (const id of ['4', '0', 'spanish', '1.0', "1' OR '1'='1"]) {
      const detail = await get(u, `/student/catalog/${encodeURIComponent(id)}`);
      assert.equal(detail.statusCode, 404, id);
      assert.deepEqual(detail.json(), { detail: 'Course not found' });
      const e = await enroll(u, encodeURIComponent(id));
      assert.equal(e.statusCode, 404, id);
      assert.deepEqual(e.json(), { detail: 'Course not found' });
    }
    assert.deepEqual(await enrolments(u.id), []);
    expect422(await get(u, `/student/catalog/${'1'.repeat(51)}`), ['path', 'course_id']);
    expect422(await enroll(u, '1'.repeat(51)), ['path', 'course_id']);
    assert.equal((await enroll(u, 1, [1])).statusCode, 422);
    assert.deepEqual(await enrolments(u.id), []);
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401, nothing stored', async () => {
    await expectBearer401(t, P, [
      ['GET', '/student/catalog'],
      ['GET', '/student/catalog/1'],
      ['POST', '/student/courses/1/enroll', {}],
      ['GET', '/student/quizzes'],
    ]);
    const u = await learner();
    const forged = { token: `${u.token.slice(0, -4)}AAAA` };
    assert.equal((await callAs(t, forged, 'POST', `${P}/student/courses/1/enroll`, {})).statusCode, 401);
    assert.equal((await callAs(t, forged, 'GET', `${P}/student/quizzes`)).statusCode, 401);
    assert.deepEqual(await enrolments(u.id), []);
  });

  test("enrolling never touches another learner's courses", async () => {
    const a = await learner({ target_language: 'english' });
    const b = await learner({ target_language: 'english' });
    await enroll(a, 3);
    assert.deepEqual(ids((await get(b, '/student/courses')).json()), [2]);
    assert.equal((await get(b, '/student/catalog/3')).json().enrolled, false);
  });
});
