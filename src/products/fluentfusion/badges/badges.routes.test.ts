// FluentFusion badges through the API: the catalogue, mine, and all eight earned from real progress (clock injected).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestApp, uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, type TestUser } from '../../../../test/helpers/accounts.js';
import { shippedCatalogue } from '../content/seed.js';

const P = '/fluentfusion/api';
const DAY = 86_400_000;
let t: TestApp;
let clock = Date.UTC(2026, 2, 1, 9, 0, 0);

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'], overrides: { now: () => clock } });
});
after(async () => {
  await t.close();
});

const form = (username: string, password: string) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ username, password }).toString(),
});

async function learner(): Promise<TestUser & { relogin(): Promise<void> }> {
  const email = uniqueEmail('ff-badges');
  const r = await t.app.inject({
    method: 'POST',
    url: `${P}/auth/register`,
    payload: { username: `b-${randomBytes(5).toString('hex')}`, email, password: 'password123' },
  });
  assert.equal(r.statusCode, 201, r.body);
  const user = { id: r.json().user_id as string, email, password: 'password123', token: '', refresh: undefined, relogin: async () => {} };
  user.relogin = async () => {
    const l = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, ...form(email, 'password123') });
    assert.equal(l.statusCode, 200, l.body);
    user.token = l.json().access_token as string;
  };
  await user.relogin();
  return user;
}

const catalogue = shippedCatalogue();
const record = async (u: TestUser, lessonId: string, extra: Record<string, unknown> = {}) => {
  const r = await callAs(t, u, 'POST', `${P}/progress/`, {
    lesson_id: lessonId,
    score: 70,
    time_spent: 900,
    exercises_completed: 4,
    total_exercises: 4,
    completed: true,
    ...extra,
  });
  assert.ok(r.statusCode === 200 || r.statusCode === 201, r.body);
  return (r.json().new_badges as { badge_id: string }[]).map((b) => b.badge_id);
};
const mine = async (u: TestUser) => {
  const r = await callAs(t, u, 'GET', `${P}/users/me/badges`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { badge_id: string; name: string; earned_at: string }[];
};

describe('works', () => {
  test('GET /badges/: the eight badges B001–B008, no token needed, slash-less too', async () => {
    const r = await t.app.inject({ method: 'GET', url: `${P}/badges/` });
    assert.equal(r.statusCode, 200, r.body);
    const all = r.json() as { badge_id: string; name: string; description: string; icon: string; criteria: string }[];
    assert.deepEqual(
      all.map((b) => [b.badge_id, b.name]),
      [
        ['B001', 'First Steps'],
        ['B002', 'Conversationalist'],
        ['B003', 'Language Enthusiast'],
        ['B004', 'Perfect Score'],
        ['B005', 'Quick Learner'],
        ['B006', 'Culture Explorer'],
        ['B007', 'Vocabulary Master'],
        ['B008', 'Week Streak'],
      ],
    );
    for (const b of all) assert.ok(b.description && b.icon && b.criteria);
    assert.deepEqual((await t.app.inject({ method: 'GET', url: `${P}/badges` })).json(), all);
  });

  test('all eight are earned from real progress, each once, and listed with when', async () => {
    const u = await learner();
    assert.deepEqual(await mine(u), []);
    const rw = catalogue.filter((l) => l.targetLanguage === 'kinyarwanda');
    const en = catalogue.filter((l) => l.targetLanguage === 'english');
    const earned: string[] = [];

    // Day 1: one lesson, slow and imperfect → First Steps only.
    earned.push(...(await record(u, rw[0]!.id)));
    assert.deepEqual(earned, ['B001']);
    // Days 2–5: three more lessons, then a fifth → Conversationalist at five.
    for (let i = 1; i < 5; i++) {
      clock += DAY;
      await u.relogin();
      earned.push(...(await record(u, rw[i]!.id)));
    }
    assert.deepEqual(earned, ['B001', 'B002']);
    // Day 6: the rest of the Kinyarwanda course → every category (Culture Explorer) and 100+ words (Vocabulary Master).
    clock += DAY;
    await u.relogin();
    for (const l of rw.slice(5)) earned.push(...(await record(u, l.id)));
    const words = new Set(rw.flatMap((l) => l.content.vocabulary.map((v) => v.word.toLowerCase())));
    assert.ok(words.size >= 100, `the Kinyarwanda course has ${words.size} distinct words`);
    assert.deepEqual(earned, ['B001', 'B002', 'B006', 'B007']);
    // Day 7: a seventh day in a row (Week Streak), then a tenth lesson (Language Enthusiast).
    clock += DAY;
    await u.relogin();
    assert.equal(rw.length, 8);
    assert.deepEqual(await record(u, en[0]!.id), ['B008']);
    assert.deepEqual(await record(u, en[1]!.id), ['B003']);
    earned.push('B008', 'B003');
    // A perfect, quick lesson → Perfect Score and Quick Learner.
    earned.push(...(await record(u, en[2]!.id, { score: 100, time_spent: 599 })));
    assert.deepEqual([...earned].sort(), ['B001', 'B002', 'B003', 'B004', 'B005', 'B006', 'B007', 'B008']);
    // Again: nothing new.
    assert.deepEqual(await record(u, en[3]!.id, { score: 100, time_spent: 1 }), []);

    const list = await mine(u);
    assert.deepEqual(list.map((b) => b.badge_id).sort(), ['B001', 'B002', 'B003', 'B004', 'B005', 'B006', 'B007', 'B008']);
    assert.equal(list[0]!.badge_id, 'B001');
    assert.equal(list[0]!.earned_at, new Date(Date.UTC(2026, 2, 1, 9, 0, 0)).toISOString());
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM fluentfusion.user_badges WHERE user_id = $1`, [u.id]);
    assert.equal((rows[0] as { n: number }).n, 8);
  });

  test('a gap in the days breaks the streak', async () => {
    const u = await learner();
    const start = clock;
    for (let d = 0; d < 8; d++) {
      if (d === 3) continue;
      clock = start + d * DAY;
      await u.relogin();
      await record(u, catalogue[d % catalogue.length]!.id, { completed: false });
    }
    assert.ok(!(await mine(u)).some((b) => b.badge_id === 'B008'));
    clock = start + 8 * DAY;
    await u.relogin();
    await record(u, catalogue[0]!.id, { completed: false });
    // Days 4–8 are five in a row: still no streak.
    assert.ok(!(await mine(u)).some((b) => b.badge_id === 'B008'));
  });
});

describe('rejects bad input', () => {
  test('the badge routes take no input; unknown query parameters are ignored', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/badges/?x=1` })).statusCode, 200);
    const u = await learner();
    assert.equal((await callAs(t, u, 'GET', `${P}/users/me/badges?limit=abc`)).statusCode, 200);
  });
});

describe('refuses the wrong user', () => {
  test('my badges need a token and show only mine', async () => {
    const r = await callAs(t, null, 'GET', `${P}/users/me/badges`);
    assert.equal(r.statusCode, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer');
    const a = await learner();
    const b = await learner();
    await record(a, catalogue[0]!.id, { score: 100 });
    assert.ok((await mine(a)).length > 0);
    assert.deepEqual(await mine(b), []);
  });
});
