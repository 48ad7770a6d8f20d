// FluentFusion learner pages: /api/student/dashboard, /api/users/me/dashboard, /api/student/profile,
// /api/student/leaderboard and the public /api/stats — works, bad input, wrong user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, expectBearer401, type TestUser } from '../../../../test/helpers/accounts.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { shippedCatalogue } from '../content/seed.js';
import { computePlatformStats } from './learner.service.js';
import { utcDay } from './metrics.js';
import { signUpLearner } from '../../../../test/helpers/fluentfusion.js';

const P = '/fluentfusion/api';
let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
});
after(async () => {
  await t.close();
});

const learner = (payload: Record<string, unknown> = {}) => signUpLearner(t, 'lp', payload);

const catalogue = shippedCatalogue();
const rw = catalogue.filter((l) => l.targetLanguage === 'kinyarwanda');
const en = catalogue.filter((l) => l.targetLanguage === 'english');
const [L1, L2] = [rw[0]!, rw[1]!];
const mc = L1.exercises.find((e) => e.type === 'multiple_choice')!;
const DAY = 86_400_000;
const daysAgo = (n: number) => utcDay(Date.now() - n * DAY);

const submit = (u: TestUser, lessonId: string, exerciseId: string, answer: string) =>
  callAs(t, u, 'POST', `${P}/lessons/${lessonId}/submit`, { exercise_id: exerciseId, answer });
const record = (u: TestUser, lessonId: string, extra: Record<string, unknown> = {}) =>
  callAs(t, u, 'POST', `${P}/progress/`, { lesson_id: lessonId, score: 90, time_spent: 900, exercises_completed: 1, total_exercises: 4, ...extra });
const sql = (text: string, values: unknown[] = []) => t.runtime.db.sql.executeSql(text, values);

/** Gives a learner `points` of XP straight in the table: a correct answer worth that much. */
async function grantPoints(u: TestUser, points: number) {
  await sql(`INSERT INTO fluentfusion.exercise_attempts (user_id, lesson_id, exercise_id, answer, correct, points_earned) VALUES ($1, $2, $3, 'x', true, $4)`, [
    u.id,
    L1.id,
    mc.id,
    points,
  ]);
}

/** Every page of the leaderboard as `u`. */
async function wholeBoard(u: TestUser) {
  const out: Record<string, unknown>[] = [];
  for (let skip = 0; ; skip += 50) {
    const r = await callAs(t, u, 'GET', `${P}/student/leaderboard?skip=${skip}&limit=50`);
    assert.equal(r.statusCode, 200, r.body);
    const page = r.json() as Record<string, unknown>[];
    // The first page also carries my own row when I rank below it.
    const inPage = page.filter((e) => (e.rank as number) > skip && (e.rank as number) <= skip + 50);
    out.push(...inPage);
    if (inPage.length < 50) return out;
  }
}

describe('works', () => {
  test('a new learner: one course (the target track), no XP, coasting, no streak', async () => {
    const u = await learner({ target_language: 'english' });
    const r = await callAs(t, u, 'GET', `${P}/student/dashboard`);
    assert.equal(r.statusCode, 200, r.body);
    const d = r.json();
    assert.equal(d.total_courses, 1);
    assert.equal(d.avg_completion, 0);
    assert.equal(d.total_spent, 0);
    assert.equal(d.xp, 0);
    assert.equal(d.pulse_state, 'coasting');
    assert.deepEqual(d.upcoming_sessions, []);
    assert.equal(d.current_streak, 0);
    assert.equal(d.best_streak, 0);
    assert.equal(d.lessons_completed, 0);
    assert.equal(d.badges_earned, 0);
    assert.equal(d.enrolled_courses.length, 1);
    const c = d.enrolled_courses[0];
    assert.deepEqual(
      { ...c, enrolled_at: undefined },
      {
        id: 2,
        slug: 'english',
        title: 'English for Tourism',
        language: 'English',
        level: 'All Levels',
        flag_emoji: '🇬🇧',
        instructor: 'FluentFusion',
        completion: 0,
        lesson_count: en.length,
        enrolled_at: undefined,
      },
    );
    assert.ok(Math.abs(Date.parse(c.enrolled_at) - Date.now()) < 60_000);
    const s = await callAs(t, u, 'GET', `${P}/users/me/dashboard`);
    assert.equal(s.statusCode, 200, s.body);
    assert.deepEqual(s.json(), {
      xp_points: 0,
      xp_today: 0,
      current_streak: 0,
      best_streak: 0,
      lessons_completed: 0,
      lessons_this_month: 0,
      fluency_score: 0,
      time_spent_today: 0,
      achievements_unlocked: 0,
      next_level_xp: 100,
      level: 1,
    });
  });

  test('XP = first correct answer per exercise + 10 per completed lesson; streaks, pulse and completion follow', async () => {
    const u = await learner();
    assert.equal((await submit(u, L1.id, mc.id, 'wrong')).statusCode, 200);
    assert.equal((await submit(u, L1.id, mc.id, mc.correctAnswer)).statusCode, 200);
    // A second correct answer to the same exercise earns nothing more.
    await submit(u, L1.id, mc.id, mc.correctAnswer);
    assert.equal((await record(u, L1.id, { score: 90, time_spent: 900 })).statusCode, 201);
    assert.equal((await record(u, L2.id, { score: 70, time_spent: 300, completed: false })).statusCode, 201);
    const xp = mc.points + 10;
    const d = (await callAs(t, u, 'GET', `${P}/student/dashboard`)).json();
    assert.equal(d.xp, xp);
    assert.equal(d.lessons_completed, 1);
    assert.equal(d.badges_earned, 1); // First Steps (the 300 s lesson is not completed)
    assert.equal(d.current_streak, 1);
    assert.equal(d.best_streak, 1);
    assert.equal(d.pulse_state, 'thriving'); // average 80, active today
    assert.equal(d.enrolled_courses[0].completion, Math.round((1 / rw.length) * 1000) / 10);
    assert.equal(d.avg_completion, d.enrolled_courses[0].completion);
    const s = (await callAs(t, u, 'GET', `${P}/users/me/dashboard`)).json();
    assert.equal(s.xp_points, xp);
    assert.equal(s.xp_today, xp);
    assert.equal(s.lessons_completed, 1);
    assert.equal(s.lessons_this_month, 1);
    assert.equal(s.fluency_score, 90);
    assert.equal(s.time_spent_today, 1200);
    assert.equal(s.achievements_unlocked, 1);
    assert.equal(s.level, Math.floor(xp / 100) + 1);
    assert.equal(s.next_level_xp, s.level * 100);
  });

  test('streaks from activity days: current ends yesterday, best is the longest run; idle 14 days → disengaged', async () => {
    const u = await learner();
    await record(u, L1.id, { score: 40 });
    await sql(`DELETE FROM fluentfusion.activity_days WHERE user_id = $1`, [u.id]);
    for (const n of [1, 2, 3, 20, 21, 22, 23, 24]) await sql(`INSERT INTO fluentfusion.activity_days (user_id, day) VALUES ($1, $2)`, [u.id, daysAgo(n)]);
    const d = (await callAs(t, u, 'GET', `${P}/student/dashboard`)).json();
    assert.equal(d.current_streak, 3);
    assert.equal(d.best_streak, 5);
    assert.equal(d.pulse_state, 'coasting'); // one lesson at 40: not yet "struggling"
    await record(u, L2.id, { score: 50 });
    await sql(`DELETE FROM fluentfusion.activity_days WHERE user_id = $1 AND day >= $2`, [u.id, daysAgo(0)]);
    assert.equal((await callAs(t, u, 'GET', `${P}/student/dashboard`)).json().pulse_state, 'struggling');
    await sql(`DELETE FROM fluentfusion.activity_days WHERE user_id = $1 AND day > $2`, [u.id, daysAgo(14)]);
    const idle = (await callAs(t, u, 'GET', `${P}/student/dashboard`)).json();
    assert.equal(idle.pulse_state, 'disengaged');
    assert.equal(idle.current_streak, 0);
    assert.equal((await callAs(t, u, 'GET', `${P}/users/me/dashboard`)).json().current_streak, 0);
  });

  test('my courses: the target track first, then tracks I have progress in', async () => {
    const u = await learner({ target_language: 'french' });
    await record(u, en[0]!.id);
    const d = (await callAs(t, u, 'GET', `${P}/student/dashboard`)).json();
    assert.deepEqual(
      d.enrolled_courses.map((c: { id: number; slug: string }) => [c.id, c.slug]),
      [
        [3, 'french'],
        [2, 'english'],
      ],
    );
    assert.equal(d.total_courses, 2);
    assert.equal(d.enrolled_courses[1].completion, Math.round((1 / en.length) * 1000) / 10);
    assert.equal(d.avg_completion, Math.round(((0 + d.enrolled_courses[1].completion) / 2) * 10) / 10);
  });

  test('GET /student/profile: my name, e-mail, initials, XP and pulse', async () => {
    const u = await learner({ username: `Ada Lovelace ${randomBytes(3).toString('hex')}` });
    await sql(`UPDATE fluentfusion.profiles SET bio = 'hello' WHERE user_id = $1`, [u.id]);
    const r = await callAs(t, u, 'GET', `${P}/student/profile`);
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json();
    assert.equal(p.id, u.id);
    assert.match(p.name, /^Ada Lovelace /);
    assert.equal(p.email, u.email);
    assert.equal(p.bio, 'hello');
    assert.equal(p.avatar_initials, 'A' + p.name.split(' ').at(-1)[0].toUpperCase());
    assert.equal(p.xp, 0);
    assert.equal(p.pulse_state, 'coasting');
    assert.ok(Date.parse(p.created_at) > 0);
    assert.doesNotMatch(r.body, /password|hash/i);
  });

  test('leaderboard: by XP, ties to the earlier sign-up; only active learners with XP, plus me; ranks follow pages', async () => {
    const [a, b, b2, zero, gone, me] = [await learner(), await learner(), await learner(), await learner(), await learner(), await learner()];
    await grantPoints(a, 900_000);
    await grantPoints(b, 800_000);
    await grantPoints(b2, 800_000);
    await grantPoints(gone, 950_000);
    await sql(`UPDATE identity.users SET is_active = false WHERE id = $1`, [gone.id]);
    const board = await wholeBoard(me);
    const ids = board.map((e) => e.id);
    const [ia, ib, ib2] = [ids.indexOf(a.id), ids.indexOf(b.id), ids.indexOf(b2.id)];
    assert.ok(ia >= 0 && ia < ib && ib < ib2, JSON.stringify({ ia, ib, ib2 }));
    assert.ok(!ids.includes(gone.id), 'inactive account listed');
    assert.ok(!ids.includes(zero.id), 'learner without XP listed');
    board.forEach((e, i) => assert.equal(e.rank, i + 1));
    const mine = board.filter((e) => e.is_me);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.id, me.id);
    assert.equal(mine[0]!.xp, 0);
    assert.equal(mine[0]!.courses, 1);
    assert.deepEqual(Object.keys(board[ia]!).sort(), ['avatar_initials', 'courses', 'id', 'is_me', 'name', 'pulse_state', 'rank', 'xp']);
    assert.equal(board[ia]!.xp, 900_000);
    assert.equal(board[ia]!.is_me, false);
    // XP by the same rule as my own dashboard.
    assert.equal((await callAs(t, a, 'GET', `${P}/student/dashboard`)).json().xp, 900_000);
    const page = (await callAs(t, me, 'GET', `${P}/student/leaderboard?skip=${ia}&limit=2`)).json();
    // (On the first page my own row follows; it is checked below.)
    assert.deepEqual(
      page.filter((e: { rank: number }) => e.rank <= ia + 2).map((e: { id: string; rank: number }) => [e.id, e.rank]),
      [
        [a.id, ia + 1],
        [board[ia + 1]!.id, ia + 2],
      ],
    );
    assert.ok((await callAs(t, me, 'GET', `${P}/student/leaderboard`)).json().length <= 51);
    // Below the first page, my row still comes with it, last, with my real rank (Leaderboard.tsx: "your rank").
    const top2 = (await callAs(t, me, 'GET', `${P}/student/leaderboard?limit=2`)).json();
    assert.equal(top2.length, 3);
    assert.deepEqual([top2[2].id, top2[2].rank, top2[2].is_me], [me.id, mine[0]!.rank, true]);
    assert.deepEqual(
      top2.slice(0, 2).map((e: { rank: number }) => e.rank),
      [1, 2],
    );
    // Later pages are the page only.
    const later = (await callAs(t, me, 'GET', `${P}/student/leaderboard?skip=1&limit=1`)).json();
    assert.deepEqual(
      later.map((e: { rank: number }) => e.rank),
      [2],
    );
  });

  test('GET /stats: public aggregates, cached; computed from learners, activity and recorded scores', async () => {
    const before = await computePlatformStats(t.ctx('fluentfusion'));
    const u = await learner();
    await record(u, L1.id, { score: 100 });
    const now = await computePlatformStats(t.ctx('fluentfusion'));
    assert.ok(now.total_users >= before.total_users + 1);
    assert.ok(now.active_learners >= before.active_learners + 1);
    assert.ok(now.active_learners <= now.total_users);
    assert.deepEqual([now.languages, now.courses, now.instructors], [3, 3, 0]);
    assert.ok(Number.isInteger(now.success_rate) && now.success_rate >= 0 && now.success_rate <= 100);
    const { rows } = await sql(`SELECT count(*)::int AS n, (count(*) FILTER (WHERE score >= 70))::int AS ok FROM fluentfusion.progress`);
    const { n, ok } = rows[0] as { n: number; ok: number };
    if (n > 0) assert.ok(Math.abs(now.success_rate - Math.round((ok / n) * 100)) <= 1);
    const r = await t.app.inject({ method: 'GET', url: `${P}/stats` });
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['cache-control']), /max-age=60/);
    assert.deepEqual(Object.keys(r.json()).sort(), ['active_learners', 'courses', 'instructors', 'languages', 'success_rate', 'total_users']);
    await learner();
    // Within the minute the same answer comes from the cache.
    assert.deepEqual((await t.app.inject({ method: 'GET', url: `${P}/stats` })).json(), r.json());
  });
});

describe('rejects bad input', () => {
  test('leaderboard paging: limit over 50, negative skip, not a number → 422 naming the parameter', async () => {
    const u = await learner();
    expect422(await callAs(t, u, 'GET', `${P}/student/leaderboard?limit=51`), ['query', 'limit']);
    expect422(await callAs(t, u, 'GET', `${P}/student/leaderboard?skip=-1`), ['query', 'skip']);
    expect422(await callAs(t, u, 'GET', `${P}/student/leaderboard?limit=many`), ['query', 'limit']);
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401 on every learner page', async () => {
    await expectBearer401(t, P, [
      ['GET', '/student/dashboard'],
      ['GET', '/users/me/dashboard'],
      ['GET', '/student/profile'],
      ['GET', '/student/leaderboard'],
    ]);
  });

  test("the leaderboard shows other learners' names and numbers only (no e-mail); my pages hold only my data", async () => {
    const a = await learner();
    const b = await learner();
    await grantPoints(a, 700_000);
    await record(a, L1.id, { score: 12 });
    const board = await wholeBoard(b);
    const row = board.find((e) => e.id === a.id);
    assert.ok(row);
    assert.equal(row.is_me, false);
    const text = JSON.stringify(board);
    assert.ok(!text.includes(a.email) && !text.includes(b.email));
    assert.doesNotMatch(text, /@/);
    for (const url of ['/student/dashboard', '/users/me/dashboard', '/student/profile']) {
      const r = await callAs(t, b, 'GET', `${P}${url}`);
      assert.ok(!r.body.includes(a.id) && !r.body.includes(a.email), url);
    }
    assert.equal((await callAs(t, b, 'GET', `${P}/student/dashboard`)).json().xp, 0);
  });
});
