// FluentFusion /api/student/notifications: a badge earned notifies once, in its transaction; list, count, mark read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
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

const learner = () => signUpLearner(t, 'nt');
const [L1, L2] = shippedCatalogue();
const record = (u: TestUser, lessonId: string, extra: Record<string, unknown> = {}) =>
  callAs(t, u, 'POST', `${P}/progress/`, { lesson_id: lessonId, score: 80, time_spent: 900, exercises_completed: 1, total_exercises: 4, ...extra });
const sql = (text: string, values: unknown[] = []) => t.runtime.db.sql.executeSql(text, values);
const list = (u: TestUser | null, query = '') => callAs(t, u, 'GET', `${P}/student/notifications${query}`);
const unread = async (u: TestUser) => (await callAs(t, u, 'GET', `${P}/student/notifications/unread-count`)).json().count as number;

async function addNotes(u: TestUser, n: number) {
  for (let i = 0; i < n; i++) {
    await sql(`INSERT INTO fluentfusion.notifications (user_id, title, message, created_at) VALUES ($1, $2, 'm', now() - make_interval(mins => $3))`, [
      u.id,
      `note ${i}`,
      n - i,
    ]);
  }
}

describe('works', () => {
  test('each newly awarded badge → one notification; recording again adds none', async () => {
    const u = await learner();
    assert.deepEqual((await list(u)).json(), []);
    assert.equal(await unread(u), 0);
    const r = await record(u, L1!.id, { score: 100, time_spent: 300 });
    assert.deepEqual(
      r.json().new_badges.map((b: { badge_id: string }) => b.badge_id),
      ['B001', 'B004', 'B005'],
    );
    const notes = (await list(u)).json();
    assert.deepEqual(notes.map((n: { title: string }) => n.title).sort(), [
      '🏅 Badge earned: First Steps',
      '🏅 Badge earned: Perfect Score',
      '🏅 Badge earned: Quick Learner',
    ]);
    for (const n of notes) {
      assert.match(n.id, /^[0-9a-f-]{36}$/);
      assert.equal(n.link, '/dashboard/achievements');
      assert.equal(n.is_read, false);
      assert.ok(n.message.length > 0);
      assert.ok(Math.abs(Date.parse(n.sent_at) - Date.now()) < 60_000);
    }
    assert.equal(await unread(u), 3);
    await record(u, L1!.id, { score: 100, time_spent: 300 });
    await record(u, L2!.id, { score: 60 });
    assert.equal((await list(u)).json().length, 3);
  });

  test('no badge without its notification: a failing notification insert rolls the badge back', async () => {
    const u = await learner();
    // A trigger failing this learner's notification insert stands in for any failure there.
    const fn = `ff_fail_${randomBytes(4).toString('hex')}`;
    await sql(
      `CREATE FUNCTION fluentfusion.${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.user_id = '${u.id}' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`,
    );
    await sql(`CREATE TRIGGER ${fn} BEFORE INSERT ON fluentfusion.notifications FOR EACH ROW EXECUTE FUNCTION fluentfusion.${fn}()`);
    try {
      const r = await record(u, L1!.id);
      assert.equal(r.statusCode, 500);
      const { rows } = await sql(`SELECT count(*)::int AS n FROM fluentfusion.user_badges WHERE user_id = $1`, [u.id]);
      assert.equal((rows[0] as { n: number }).n, 0);
      const p = await sql(`SELECT count(*)::int AS n FROM fluentfusion.progress WHERE user_id = $1`, [u.id]);
      assert.equal((p.rows[0] as { n: number }).n, 0);
    } finally {
      await sql(`DROP TRIGGER ${fn} ON fluentfusion.notifications`);
      await sql(`DROP FUNCTION fluentfusion.${fn}()`);
    }
  });

  test('newest first, 50 by default, skip/limit; mark-read marks all of mine and the count drops to 0', async () => {
    const u = await learner();
    await addNotes(u, 55);
    const all = (await list(u)).json();
    assert.equal(all.length, 50);
    assert.equal(all[0].title, 'note 54');
    assert.equal(all[49].title, 'note 5');
    assert.deepEqual(
      (await list(u, '?skip=53&limit=10')).json().map((n: { title: string }) => n.title),
      ['note 1', 'note 0'],
    );
    assert.equal(await unread(u), 55);
    // The client posts without a body.
    const m = await callAs(t, u, 'POST', `${P}/student/notifications/mark-read`);
    assert.equal(m.statusCode, 200, m.body);
    assert.deepEqual(m.json(), { ok: true, marked: 55 });
    assert.equal(await unread(u), 0);
    assert.ok((await list(u, '?limit=100')).json().every((n: { is_read: boolean }) => n.is_read));
    assert.deepEqual((await callAs(t, u, 'POST', `${P}/student/notifications/mark-read`, {})).json(), { ok: true, marked: 0 });
  });
});

describe('rejects bad input', () => {
  test('paging out of range or not a number → 422 naming the parameter', async () => {
    const u = await learner();
    expect422(await list(u, '?limit=101'), ['query', 'limit']);
    expect422(await list(u, '?skip=-1'), ['query', 'skip']);
    expect422(await list(u, '?limit=ten'), ['query', 'limit']);
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401', async () => {
    await expectBearer401(t, P, [
      ['GET', '/student/notifications'],
      ['GET', '/student/notifications/unread-count'],
      ['POST', '/student/notifications/mark-read'],
    ]);
  });

  test("another learner's notifications are never listed, counted or marked read", async () => {
    const a = await learner();
    const b = await learner();
    await record(a, L1!.id);
    assert.equal(await unread(a), 1);
    assert.deepEqual((await list(b)).json(), []);
    assert.equal(await unread(b), 0);
    assert.deepEqual((await callAs(t, b, 'POST', `${P}/student/notifications/mark-read`)).json(), { ok: true, marked: 0 });
    assert.equal(await unread(a), 1);
    const { rows } = await sql(`SELECT count(*)::int AS n FROM fluentfusion.notifications WHERE user_id = $1 AND read_at IS NULL`, [a.id]);
    assert.equal((rows[0] as { n: number }).n, 1);
  });
});
