// Couple Compass moods: the seed's /moods log and the web client's one-per-day /mood with history, stats and streaks.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp } from '../../../../test/helpers/couple-compass.js';
import { addDays } from './mood-stats.js';
import { localDay } from '../../../core/time-zone.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { expectBearer401, type GuardedRoute } from '../../../../test/helpers/accounts.js';

const P = '/couple-compass/api/v1';
const NOT_FOUND = { message: 'Resource not found' };
let t: TestApp;

before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

interface U {
  id: string;
  token: string;
}

const user = (): Promise<U> => ccSignUp(t, { name: 'Moody', tag: 'mood', password: 'moods-pass-1' });

const call = (u: U | undefined, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown) =>
  t.app.inject({ method, url: `${P}${path}`, ...(u ? { headers: bearer(u.token) } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });

async function linked(a: U, b: U): Promise<string> {
  const inv = await call(a, 'POST', '/couples/invite');
  const j = await call(b, 'POST', '/couples/join', { code: inv.json().code });
  assert.equal(j.statusCode, 200, j.body);
  return j.json().id;
}

/** Today in UTC (the default profile time zone), as the service computes it. */
const today = () => localDay('UTC', new Date());

/** Back-dated check-ins straight into the table: `[daysAgo, level]`, several per day allowed. */
async function backfill(userId: string, entries: [number, number][]) {
  for (const [i, [ago, level]] of entries.entries()) {
    await t.runtime.db.sql.executeSql(
      `INSERT INTO couple_compass.mood_checkins (user_id, mood_level, checkin_date, created_at)
       VALUES ($1, $2, $3::date, ($3::date + time '08:00' + make_interval(mins => $4)) AT TIME ZONE 'UTC')`,
      [userId, level, addDays(today(), -ago), i],
    );
  }
}

async function moodCount(userId: string, day?: string): Promise<number> {
  const { rows } = await t.runtime.db.sql.executeSql(
    `SELECT count(*)::int AS n FROM couple_compass.mood_checkins WHERE user_id = $1 ${day ? 'AND checkin_date = $2::date' : ''}`,
    day ? [userId, day] : [userId],
  );
  return rows[0]!.n as number;
}

describe('works', () => {
  test('POST /moods → 201, not attached to a couple when single', async () => {
    const u = await user();
    const r = await call(u, 'POST', '/moods', { mood_level: 4, notes: 'Good day', context_tags: ['work', 'sleep', 'work', ' '] });
    assert.equal(r.statusCode, 201, r.body);
    const m = r.json();
    assert.equal(m.user_id, u.id);
    assert.equal(m.couple_id, null);
    assert.equal(m.mood_level, 4);
    assert.equal(m.notes, 'Good day');
    assert.deepEqual(m.context_tags, ['work', 'sleep']);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT mood_level, notes, couple_id FROM couple_compass.mood_checkins WHERE id = $1`, [m.id]);
    assert.deepEqual(rows[0], { mood_level: 4, notes: 'Good day', couple_id: null });
    // Only mood_level is required; notes up to 2000 characters.
    const min = await call(u, 'POST', '/moods', { mood_level: 1 });
    assert.equal(min.statusCode, 201);
    assert.equal(min.json().notes, null);
    assert.equal(min.json().context_tags, null);
    assert.equal((await call(u, 'POST', '/moods', { mood_level: 5, notes: 'n'.repeat(2000) })).statusCode, 201);
  });

  test('POST /moods is attached to the couple when linked; GET /moods/partner shows the partner', async () => {
    const a = await user();
    const b = await user();
    const coupleId = await linked(a, b);
    const r = await call(a, 'POST', '/moods', { mood_level: 2, notes: 'Tired' });
    assert.equal(r.statusCode, 201);
    assert.equal(r.json().couple_id, coupleId);
    const p = await call(b, 'GET', '/moods/partner');
    assert.equal(p.statusCode, 200, p.body);
    assert.deepEqual(
      p.json().map((m: { id: string }) => m.id),
      [r.json().id],
    );
    assert.equal((await call(a, 'GET', '/moods/partner')).json().length, 0);
  });

  test('GET /moods: mine, newest first, with limit and offset', async () => {
    const u = await user();
    const ids: string[] = [];
    for (const level of [1, 2, 3, 4, 5]) {
      ids.push((await call(u, 'POST', '/moods', { mood_level: level })).json().id);
      await sleep(3);
    }
    const all = await call(u, 'GET', '/moods');
    assert.equal(all.statusCode, 200);
    assert.deepEqual(
      all.json().map((m: { id: string }) => m.id),
      [...ids].reverse(),
    );
    const page = await call(u, 'GET', '/moods?limit=2&offset=1');
    assert.deepEqual(
      page.json().map((m: { mood_level: number }) => m.mood_level),
      [4, 3],
    );
    assert.deepEqual(
      (await call(u, 'GET', '/moods?limit=2&offset=4')).json().map((m: { mood_level: number }) => m.mood_level),
      [1],
    );
  });

  test('a new check-in has updated_at = created_at, for every check-in (not the time the statement was first prepared)', async () => {
    const seen: string[] = [];
    for (const path of ['/moods', '/mood/', '/moods']) {
      const u = await user();
      const r = await call(u, 'POST', path, { mood_level: 3 });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().updated_at, r.json().created_at);
      const { rows } = await t.runtime.db.sql.executeSql(`SELECT updated_at = created_at AS same FROM couple_compass.mood_checkins WHERE id = $1`, [
        r.json().id,
      ]);
      assert.equal(rows[0]!.same, true);
      seen.push(r.json().updated_at);
      await sleep(20);
    }
    assert.equal(new Set(seen).size, 3);
  });

  test('POST /mood/ twice the same day: one row, updated (201 then 200, same id)', async () => {
    const u = await user();
    const first = await call(u, 'POST', '/mood/', { mood_level: 2, notes: 'meh', context_tags: { work: true, sleep: false } });
    assert.equal(first.statusCode, 201, first.body);
    const m1 = first.json();
    assert.equal(m1.checkin_date, today());
    assert.deepEqual(m1.context_tags, { work: true });
    const second = await call(u, 'POST', '/mood/', { mood_level: 4, context_tags: { family: true } });
    assert.equal(second.statusCode, 200, second.body);
    const m2 = second.json();
    assert.equal(m2.id, m1.id);
    assert.equal(m2.mood_level, 4);
    assert.equal(m2.notes, 'meh', 'absent notes are kept');
    assert.deepEqual(m2.context_tags, { family: true });
    assert.equal(typeof m2.updated_at, 'string');
    assert.equal(await moodCount(u.id, today()), 1);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT mood_level, context_tags FROM couple_compass.mood_checkins WHERE id = $1`, [m1.id]);
    assert.deepEqual(rows[0], { mood_level: 4, context_tags: ['family'] });
  });

  test('POST /mood/ racing the same day still leaves one row', async () => {
    const u = await user();
    const rs = await Promise.all([1, 2, 3, 4].map((level) => call(u, 'POST', '/mood/', { mood_level: level })));
    assert.deepEqual(rs.map((r) => r.statusCode).sort(), [200, 200, 200, 201]);
    assert.equal(new Set(rs.map((r) => r.json().id)).size, 1);
    assert.equal(await moodCount(u.id), 1);
  });

  test("the day is the user's own: a check-in follows the profile time zone", async () => {
    const u = await user();
    const tz = 'Pacific/Kiritimati'; // UTC+14: often already tomorrow
    assert.equal((await call(u, 'PATCH', '/users/me/profile', { timezone: tz })).statusCode, 200);
    const r = await call(u, 'POST', '/mood/', { mood_level: 3 });
    assert.equal(r.json().checkin_date, localDay(tz, new Date()));
    assert.equal((await call(u, 'GET', '/mood/today')).json().id, r.json().id);
  });

  test('context_tags given as a list on /mood/ are read as {tag: true}', async () => {
    const u = await user();
    const r = await call(u, 'POST', '/mood/', { mood_level: 3, context_tags: ['work', 'health'] });
    assert.deepEqual(r.json().context_tags, { work: true, health: true });
  });

  test('GET /mood/today: null before any check-in, then today', async () => {
    const u = await user();
    const none = await call(u, 'GET', '/mood/today');
    assert.equal(none.statusCode, 200);
    assert.equal(none.json(), null);
    await backfill(u.id, [[1, 5]]);
    assert.equal((await call(u, 'GET', '/mood/today')).json(), null, "yesterday's check-in is not today's");
    const posted = await call(u, 'POST', '/mood/', { mood_level: 3 });
    assert.equal(posted.statusCode, 201, 'yesterday does not count as today');
    const r = await call(u, 'GET', '/mood/today');
    assert.equal(r.json().id, posted.json().id);
    assert.equal(r.json().mood_level, 3);
  });

  test('GET /mood/history?days&limit&offset', async () => {
    const u = await user();
    await backfill(u.id, [
      [40, 1],
      [10, 2],
      [3, 3],
      [0, 4],
    ]);
    const r = await call(u, 'GET', '/mood/history?days=30');
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.total_count, 3);
    assert.equal(body.offset, 0);
    assert.equal(body.limit, 30);
    assert.deepEqual(
      body.moods.map((m: { mood_level: number }) => m.mood_level),
      [4, 3, 2],
    );
    assert.deepEqual(
      body.moods.map((m: { checkin_date: string }) => m.checkin_date),
      [0, 3, 10].map((n) => addDays(today(), -n)),
    );
    const week = (await call(u, 'GET', '/mood/history?days=7')).json();
    assert.equal(week.total_count, 2);
    const page = (await call(u, 'GET', '/mood/history?days=60&limit=2&offset=1')).json();
    assert.equal(page.total_count, 4);
    assert.equal(page.limit, 2);
    assert.equal(page.offset, 1);
    assert.deepEqual(
      page.moods.map((m: { mood_level: number }) => m.mood_level),
      [3, 2],
    );
    const defaults = (await call(u, 'GET', '/mood/history')).json();
    assert.equal(defaults.total_count, 3, 'default window is 30 days');
  });

  test('GET /mood/stats: average, distribution, total', async () => {
    const u = await user();
    const none = (await call(u, 'GET', '/mood/stats')).json();
    assert.deepEqual(none, { average_mood: null, total_entries: 0, mood_distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, recent_trend: 'stable' });
    await backfill(u.id, [
      [0, 5],
      [1, 4],
      [2, 4],
      [5, 1],
      [45, 3],
    ]);
    const r = await call(u, 'GET', '/mood/stats?days=30');
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { average_mood: 3.5, total_entries: 4, mood_distribution: { 1: 1, 2: 0, 3: 0, 4: 2, 5: 1 }, recent_trend: 'stable' });
    const wide = (await call(u, 'GET', '/mood/stats?days=60')).json();
    assert.equal(wide.total_entries, 5);
    assert.equal(wide.average_mood, 3.4);
  });

  // The last 7 days (today … today-6) against the 7 before (today-7 … today-13); a trend needs more than ±0.3.
  const trendCases: [string, [number, number][], string][] = [
    ['+0.4 → improving', [[10, 2], ...Array.from({ length: 5 }, (_, i): [number, number] => [i, i < 2 ? 3 : 2])], 'improving'],
    ['+0.3 exactly → stable', [[10, 2], ...Array.from({ length: 10 }, (_, i): [number, number] => [i % 7, i < 3 ? 3 : 2])], 'stable'],
    ['+0.3 exactly from 1.0 → stable', [[10, 1], ...Array.from({ length: 10 }, (_, i): [number, number] => [i % 7, i < 3 ? 2 : 1])], 'stable'],
    ['-0.3 exactly from 2.0 → stable', [[9, 2], ...Array.from({ length: 10 }, (_, i): [number, number] => [i % 7, i < 3 ? 1 : 2])], 'stable'],
    ['-0.4 → declining', [[8, 4], [13, 4], ...Array.from({ length: 5 }, (_, i): [number, number] => [i, i < 2 ? 3 : 4])], 'declining'],
    ['-0.3 exactly → stable', [[7, 4], ...Array.from({ length: 10 }, (_, i): [number, number] => [6 - (i % 7), i < 3 ? 3 : 4])], 'stable'],
    [
      'only recent entries → stable',
      [
        [0, 1],
        [1, 5],
      ],
      'stable',
    ],
    [
      'only older entries → stable',
      [
        [8, 1],
        [20, 5],
      ],
      'stable',
    ],
    [
      '14 days ago is outside both windows',
      [
        [14, 1],
        [0, 5],
      ],
      'stable',
    ],
  ];
  for (const [label, entries, expected] of trendCases) {
    test(`GET /mood/stats recent_trend: ${label}`, async () => {
      const u = await user();
      await backfill(u.id, entries);
      for (const days of [7, 30]) {
        const r = await call(u, 'GET', `/mood/stats?days=${days}`);
        assert.equal(r.statusCode, 200);
        assert.equal(r.json().recent_trend, expected, `days=${days}`);
      }
    });
  }

  test('GET /mood/streak: current and longest from back-dated days', async () => {
    const u = await user();
    assert.deepEqual((await call(u, 'GET', '/mood/streak')).json(), { current_streak: 0, longest_streak: 0, last_checkin: null });
    await backfill(u.id, [
      [0, 3],
      [1, 3],
      [1, 4],
      [2, 3],
      [5, 3],
      [6, 3],
      [7, 3],
      [8, 3],
      [20, 2],
    ]);
    const r = await call(u, 'GET', '/mood/streak');
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { current_streak: 3, longest_streak: 4, last_checkin: today() });
  });

  test('GET /mood/streak: yesterday keeps the streak alive, two days ago does not', async () => {
    const alive = await user();
    await backfill(alive.id, [
      [1, 3],
      [2, 3],
    ]);
    assert.deepEqual((await call(alive, 'GET', '/mood/streak')).json(), { current_streak: 2, longest_streak: 2, last_checkin: addDays(today(), -1) });
    const broken = await user();
    await backfill(broken.id, [
      [2, 3],
      [3, 3],
      [4, 3],
    ]);
    assert.deepEqual((await call(broken, 'GET', '/mood/streak')).json(), { current_streak: 0, longest_streak: 3, last_checkin: addDays(today(), -2) });
  });
});

describe('rejects bad input', () => {
  for (const path of ['/moods', '/mood/']) {
    for (const level of [0, 6, 3.5, '3', null, -1, true]) {
      test(`POST ${path} mood_level ${JSON.stringify(level)} → 422 naming body.mood_level, nothing written`, async () => {
        const u = await user();
        expect422(await call(u, 'POST', path, { mood_level: level }), ['body', 'mood_level']);
        assert.equal(await moodCount(u.id), 0);
      });
    }
    test(`POST ${path} without mood_level, with 2001-char notes, or a bad body → 422 naming the field`, async () => {
      const u = await user();
      expect422(await call(u, 'POST', path, { notes: 'hi' }), ['body', 'mood_level']);
      expect422(await call(u, 'POST', path, { mood_level: 3, notes: 'n'.repeat(2001) }), ['body', 'notes']);
      expect422(await call(u, 'POST', path, { mood_level: 3, notes: 42 }), ['body', 'notes']);
      expect422(await call(u, 'POST', path, { mood_level: 3, context_tags: ['t'.repeat(51)] }), ['body', 'context_tags', 0]);
      expect422(await call(u, 'POST', path, { mood_level: 3, context_tags: 'work' }), ['body', 'context_tags']);
      expect422(await call(u, 'POST', path, { mood_level: 3, context_tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }), ['body', 'context_tags']);
      const r = await t.app.inject({ method: 'POST', url: `${P}${path}`, headers: { ...bearer(u.token), 'content-type': 'application/json' }, payload: '[3]' });
      assert.equal(r.statusCode, 422);
      assert.equal(await moodCount(u.id), 0);
    });
  }

  test('POST /moods: context_tags must be a list of strings (the seed shape)', async () => {
    const u = await user();
    expect422(await call(u, 'POST', '/moods', { mood_level: 3, context_tags: { work: true } }), ['body', 'context_tags']);
    expect422(await call(u, 'POST', '/moods', { mood_level: 3, context_tags: [1, 2] }), ['body', 'context_tags', 0]);
  });

  test('POST /mood/: a tag object with non-boolean values → 422', async () => {
    const u = await user();
    const r = await call(u, 'POST', '/mood/', { mood_level: 3, context_tags: { work: 'yes' } });
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(r.json().detail[0].loc.slice(0, 2), ['body', 'context_tags']);
    assert.equal(await moodCount(u.id), 0);
  });

  test('query parameters out of range → 422 naming them', async () => {
    const u = await user();
    expect422(await call(u, 'GET', '/moods?limit=0'), ['query', 'limit']);
    expect422(await call(u, 'GET', '/moods?limit=101'), ['query', 'limit']);
    expect422(await call(u, 'GET', '/moods?offset=-1'), ['query', 'offset']);
    expect422(await call(u, 'GET', '/mood/history?days=0'), ['query', 'days']);
    expect422(await call(u, 'GET', '/mood/history?days=abc'), ['query', 'days']);
    expect422(await call(u, 'GET', '/mood/history?limit=500'), ['query', 'limit']);
    expect422(await call(u, 'GET', '/mood/stats?days=0'), ['query', 'days']);
    expect422(await call(u, 'GET', '/mood/stats?days=99999'), ['query', 'days']);
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401 on every mood route', async () => {
    const routes: GuardedRoute[] = [
      ['POST', '/moods', { mood_level: 3 }],
      ['GET', '/moods'],
      ['GET', '/moods/partner'],
      ['POST', '/mood/', { mood_level: 3 }],
      ['GET', '/mood/today'],
      ['GET', '/mood/history'],
      ['GET', '/mood/stats'],
      ['GET', '/mood/streak'],
    ];
    await expectBearer401(t, P, routes);
  });

  test('GET /moods/partner when not linked → 404 with the seed body', async () => {
    const u = await user();
    const r = await call(u, 'GET', '/moods/partner');
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), NOT_FOUND);
  });

  test("another user's moods never appear in my lists, stats or streaks", async () => {
    const a = await user();
    const outsider = await user();
    const b = await user();
    await linked(a, b);
    await call(a, 'POST', '/moods', { mood_level: 1, notes: 'private to the couple' });
    await call(a, 'POST', '/mood/', { mood_level: 1 });
    await backfill(a.id, [
      [1, 1],
      [2, 1],
    ]);
    assert.deepEqual((await call(outsider, 'GET', '/moods')).json(), []);
    assert.equal((await call(outsider, 'GET', '/moods/partner')).statusCode, 404);
    assert.equal((await call(outsider, 'GET', '/mood/today')).json(), null);
    assert.equal((await call(outsider, 'GET', '/mood/history?days=30')).json().total_count, 0);
    assert.equal((await call(outsider, 'GET', '/mood/stats')).json().total_entries, 0);
    assert.equal((await call(outsider, 'GET', '/mood/streak')).json().current_streak, 0);
    // The partner sees a's log through /moods/partner only, never in their own.
    assert.deepEqual((await call(b, 'GET', '/moods')).json(), []);
    assert.equal((await call(b, 'GET', '/mood/history')).json().total_count, 0);
    // A body naming someone else is ignored.
    const sneaky = await call(outsider, 'POST', '/moods', { mood_level: 5, user_id: a.id, couple_id: '00000000-0000-0000-0000-000000000000' });
    assert.equal(sneaky.statusCode, 201);
    assert.equal(sneaky.json().user_id, outsider.id);
    assert.equal(sneaky.json().couple_id, null);
  });

  test('after unlinking, the former partner is no longer visible', async () => {
    const a = await user();
    const b = await user();
    await linked(a, b);
    await call(a, 'POST', '/moods', { mood_level: 4 });
    assert.equal((await call(b, 'GET', '/moods/partner')).json().length, 1);
    assert.equal((await call(a, 'DELETE', '/partner/unlink')).statusCode, 200);
    const r = await call(b, 'GET', '/moods/partner');
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), NOT_FOUND);
    // A new check-in is no longer attached to the ended couple.
    assert.equal((await call(a, 'POST', '/moods', { mood_level: 4 })).json().couple_id, null);
  });
});
