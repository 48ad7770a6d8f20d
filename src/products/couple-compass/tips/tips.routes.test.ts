// Couple Compass tips: the catalogue, the seed's rule-based suggestions (on demand and by the daily job), statuses;
// rejects bad input; refuses other users' suggestions.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp } from '../../../../test/helpers/couple-compass.js';

const P = '/couple-compass/api/v1';
const NOT_FOUND = { message: 'Resource not found' };
const LOVE_LANGUAGES = ['words_of_affirmation', 'quality_time', 'physical_touch', 'acts_of_service', 'receiving_gifts'];

let t: TestApp;

// No job workers: the journal analysis job must not overwrite the sentiment the tests set by SQL. Schedules are
// still created, and the daily job is run inline with runNow.
before(async () => {
  t = await startTestApp({ jobs: false });
});
after(async () => {
  await t.close();
});

interface User {
  id: string;
  token: string;
}
interface Tip {
  id: string;
  title: string;
  content: string;
  category: string | null;
  tags: string[];
  priority_score: number;
}
interface UserTip {
  id: string;
  user_id: string;
  tip_id: string;
  status: string;
  context_json: Record<string, unknown> | null;
  viewed_at: string | null;
  created_at: string;
  tip: Tip;
}

const signup = (): Promise<User> => ccSignUp(t, { name: 'Tia', tag: 'tips', password: 'correct-horse' });

const get = (u: User, url: string) => t.app.inject({ method: 'GET', url: `${P}${url}`, headers: bearer(u.token) });

/** The web client's flat tip. */
interface ClientTip {
  id: string;
  tip_id: string;
  title: string;
  content: string;
  category: string;
  status: string;
  created_at: string;
}

async function generate(u: User) {
  const r = await t.app.inject({ method: 'POST', url: `${P}/tips/generate`, headers: bearer(u.token) });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as ClientTip & { remaining_today: number };
}

/** The full suggestion (with its catalogue tip and reason) behind a generated one. */
async function suggestion(u: User, id: string): Promise<UserTip> {
  const all = (await get(u, '/tips/me?limit=100')).json() as UserTip[];
  const found = all.find((x) => x.id === id);
  assert.ok(found, `suggestion ${id} not in /tips/me`);
  return found;
}

/** A user whose recent journals all scored 1. */
async function lowMoodUser(): Promise<User> {
  const u = await signup();
  for (let i = 0; i < 3; i++) {
    const r = await t.app.inject({ method: 'POST', url: `${P}/journals`, headers: bearer(u.token), payload: { content: `a hard day ${i}` } });
    assert.equal(r.statusCode, 201, r.body);
  }
  await t.runtime.db.sql.executeSql('UPDATE couple_compass.journals SET sentiment_score = 1 WHERE user_id = $1', [u.id]);
  return u;
}

async function submitLoveLanguage(u: User, answer: string) {
  const quiz = await get(u, '/quizzes/love-language');
  assert.equal(quiz.statusCode, 200, quiz.body);
  const responses = Object.fromEntries((quiz.json().items as { key: string }[]).map((i) => [i.key, answer]));
  const r = await t.app.inject({ method: 'POST', url: `${P}/quizzes/${quiz.json().id}/results`, headers: bearer(u.token), payload: { responses } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().scores_json.primary, answer);
}

async function userTipRows(userId: string): Promise<{ tip_id: string; status: string; viewed_at: Date | null }[]> {
  const { rows } = await t.runtime.db.sql.executeSql('SELECT tip_id, status, viewed_at FROM couple_compass.user_tips WHERE user_id = $1', [userId]);
  return rows as { tip_id: string; status: string; viewed_at: Date | null }[];
}

function jobsSchema(): string {
  // The runner's schema: `jobs` embedded, a random one per test app on a server.
  return (t.runtime.jobs as unknown as { config: { schema: string } }).config.schema;
}

describe('catalogue', () => {
  test('at least 30 tips covering every love language and stress_management', async () => {
    const u = await signup();
    const r = await get(u, '/tips?limit=100');
    assert.equal(r.statusCode, 200);
    const tips = r.json() as Tip[];
    assert.ok(tips.length >= 30, `${tips.length} tips`);
    const tags = new Set(tips.flatMap((x) => x.tags));
    for (const l of LOVE_LANGUAGES) assert.ok(tags.has(l), `no tip tagged ${l}`);
    assert.ok(tips.some((x) => x.category === 'stress_management'));
    assert.equal(new Set(tips.map((x) => x.id)).size, tips.length);
    for (const x of tips) {
      assert.ok(x.title.length > 0 && x.content.length > 0);
      assert.ok(Number.isInteger(x.priority_score));
    }
  });

  test('filter by category and by tag', async () => {
    const u = await signup();
    const byCat = (await get(u, '/tips?category=stress_management&limit=100')).json() as Tip[];
    assert.ok(byCat.length >= 2);
    assert.ok(byCat.every((x) => x.category === 'stress_management'));
    for (const tag of [...LOVE_LANGUAGES, 'stress']) {
      const byTag = (await get(u, `/tips?tag=${tag}&limit=100`)).json() as Tip[];
      assert.ok(byTag.length >= 1, tag);
      assert.ok(
        byTag.every((x) => x.tags.includes(tag)),
        tag,
      );
    }
    const both = (await get(u, '/tips?category=connection&tag=quality_time&limit=100')).json() as Tip[];
    assert.ok(both.length >= 1);
    assert.ok(both.every((x) => x.category === 'connection' && x.tags.includes('quality_time')));
    assert.deepEqual((await get(u, '/tips?category=no_such_category')).json(), []);
    assert.deepEqual((await get(u, '/tips?tag=no_such_tag')).json(), []);
  });

  test('pagination: pages are slices of the same order', async () => {
    const u = await signup();
    const all = ((await get(u, '/tips?limit=10')).json() as Tip[]).map((x) => x.id);
    const p1 = ((await get(u, '/tips?limit=5&offset=0')).json() as Tip[]).map((x) => x.id);
    const p2 = ((await get(u, '/tips?limit=5&offset=5')).json() as Tip[]).map((x) => x.id);
    assert.equal(all.length, 10);
    assert.deepEqual([...p1, ...p2], all);
    assert.equal(((await get(u, '/tips')).json() as Tip[]).length, 20, 'default page size');
    const far = await get(u, '/tips?offset=100000');
    assert.deepEqual(far.json(), []);
  });

  test('bad query → 422 naming the parameter', async () => {
    const u = await signup();
    for (const [q, loc] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['offset=-1', 'offset'],
      ['limit=abc', 'limit'],
      [`category=${'c'.repeat(101)}`, 'category'],
    ]) {
      const r = await get(u, `/tips?${q}`);
      assert.equal(r.statusCode, 422, q);
      assert.deepEqual(r.json().detail[0].loc, ['query', loc]);
    }
  });
});

describe('rules (POST /tips/generate: one tip per call)', () => {
  test('recent low mood → stress_management tips with reason recent_low_mood, one per generation', async () => {
    const u = await lowMoodUser();
    const first = await generate(u);
    assert.equal(first.remaining_today, 2);
    assert.equal(first.category, 'Emotional Support');
    assert.equal(first.status, 'suggested');
    const second = await generate(u);
    for (const g of [first, second]) {
      const x = await suggestion(u, g.id);
      assert.equal(x.user_id, u.id);
      assert.equal(x.tip.category, 'stress_management');
      assert.deepEqual(x.context_json, { reason: 'recent_low_mood' });
      assert.equal(x.viewed_at, null);
      assert.equal(g.content, x.tip.content);
      assert.equal(g.title, x.tip.title);
    }
    assert.notEqual(first.tip_id, second.tip_id);
    const rows = await userTipRows(u.id);
    assert.equal(rows.length, 2);
  });

  test('an average of 2.5 or more is not low mood (unanalysed entries count as 3)', async () => {
    const u = await signup();
    for (let i = 0; i < 2; i++) {
      await t.app.inject({ method: 'POST', url: `${P}/journals`, headers: bearer(u.token), payload: { content: `entry ${i}` } });
    }
    // One entry at 2, one unanalysed (3): average 2.5.
    await t.runtime.db.sql.executeSql(
      'UPDATE couple_compass.journals SET sentiment_score = 2 WHERE id = (SELECT id FROM couple_compass.journals WHERE user_id = $1 ORDER BY created_at LIMIT 1)',
      [u.id],
    );
    assert.deepEqual((await suggestion(u, (await generate(u)).id)).context_json, { reason: 'general' });
  });

  test('primary love language quality_time → a tip tagged quality_time with reason love_language_match, labelled by the language', async () => {
    const u = await signup();
    await submitLoveLanguage(u, 'quality_time');
    const g = await generate(u);
    const x = await suggestion(u, g.id);
    assert.ok(x.tip.tags.includes('quality_time'), JSON.stringify(x.tip.tags));
    assert.deepEqual(x.context_json, { reason: 'love_language_match', language: 'quality_time' });
    assert.equal(g.category, 'Quality Time');
  });

  test('both rules apply: they take turns (stress, love language, stress)', async () => {
    const u = await lowMoodUser();
    await submitLoveLanguage(u, 'physical_touch');
    const got: UserTip[] = [];
    for (let i = 0; i < 3; i++) got.push(await suggestion(u, (await generate(u)).id));
    assert.deepEqual(
      got.map((x) => x.context_json?.reason),
      ['recent_low_mood', 'love_language_match', 'recent_low_mood'],
    );
    assert.ok(got[1]!.tip.tags.includes('physical_touch'));
  });

  test('never suggests a tip twice while fresh ones remain (unique per user and tip in the DB)', async () => {
    const u = await lowMoodUser();
    await submitLoveLanguage(u, 'quality_time');
    const ids = [(await generate(u)).tip_id, (await generate(u)).tip_id, (await generate(u)).tip_id];
    assert.equal(new Set(ids).size, 3);
    const rows = await userTipRows(u.id);
    assert.equal(rows.length, 3);
    // The database itself refuses a duplicate.
    await assert.rejects(
      t.runtime.db.sql.executeSql('INSERT INTO couple_compass.user_tips (user_id, tip_id) VALUES ($1, $2)', [u.id, ids[0]]),
      (e: { code?: string; cause?: { code?: string } }) => (e.code ?? e.cause?.code) === '23505',
    );
    // The daily job does not repeat them either.
    await t.runtime.jobs.runNow('couple-compass__generate-daily-tips', {});
    const after = await userTipRows(u.id);
    assert.equal(new Set(after.map((x) => x.tip_id)).size, after.length);
  });

  test('no rule matching → the best general tip; again → another one', async () => {
    const u = await signup();
    const r = await generate(u);
    assert.deepEqual((await suggestion(u, r.id)).context_json, { reason: 'general' });
    const again = await generate(u);
    assert.notEqual(again.tip_id, r.tip_id);
  });

  test('every tip already given → the one given longest ago is suggested again and becomes the newest', async () => {
    const u = await signup();
    // Give the whole catalogue, one tip per minute in the past, oldest first by key.
    await t.runtime.db.sql.executeSql(
      `INSERT INTO couple_compass.user_tips (user_id, tip_id, status, viewed_at, created_at)
       SELECT $1, id, 'viewed', now(), now() - (row_number() OVER (ORDER BY key DESC)) * interval '1 minute' FROM couple_compass.tips`,
      [u.id],
    );
    const { rows } = await t.runtime.db.sql.executeSql('SELECT id, tip_id FROM couple_compass.user_tips WHERE user_id = $1 ORDER BY created_at LIMIT 1', [
      u.id,
    ]);
    const before = (await userTipRows(u.id)).length;
    const g = await generate(u);
    assert.deepEqual([g.id, g.tip_id, g.status], [rows[0]!.id, rows[0]!.tip_id, 'suggested']);
    assert.ok(Date.now() - Date.parse(g.created_at) < 60_000);
    assert.equal((await userTipRows(u.id)).length, before, 'no duplicate row');
    const x = await suggestion(u, g.id);
    assert.deepEqual([x.context_json, x.viewed_at], [{ reason: 'suggested_again' }, null]);
    assert.equal(((await get(u, '/tips/latest')).json() as ClientTip).id, g.id);
  });

  test('at most 3 generations a day: remaining_today counts down, the 4th → 400 with a message', async () => {
    const u = await signup();
    assert.deepEqual([(await generate(u)).remaining_today, (await generate(u)).remaining_today, (await generate(u)).remaining_today], [2, 1, 0]);
    const before = (await userTipRows(u.id)).length;
    const r = await t.app.inject({ method: 'POST', url: `${P}/tips/generate`, headers: bearer(u.token) });
    assert.equal(r.statusCode, 400);
    assert.equal(typeof r.json().detail, 'string');
    assert.match(r.json().detail, /3 times per day/);
    assert.equal((await userTipRows(u.id)).length, before);
    // The limit is per user.
    assert.equal((await generate(await signup())).remaining_today, 2);
  });

  test('concurrent generations still respect the daily limit', async () => {
    const u = await signup();
    const rs = await Promise.all([1, 2, 3, 4, 5].map(() => t.app.inject({ method: 'POST', url: `${P}/tips/generate`, headers: bearer(u.token) })));
    assert.deepEqual(rs.map((r) => r.statusCode).sort(), [200, 200, 200, 400, 400]);
    assert.equal((await userTipRows(u.id)).length, 3);
  });
});

describe('my tips', () => {
  test('latest is null before any; /me, /latest and /history list mine newest first', async () => {
    const u = await signup();
    const none = await get(u, '/tips/latest');
    assert.equal(none.statusCode, 200);
    assert.equal(none.json(), null);
    assert.deepEqual((await get(u, '/tips/me')).json(), []);
    assert.deepEqual((await get(u, '/tips/history')).json(), { tips: [], total_count: 0, offset: 0, limit: 5 });
    const g1 = await generate(u);
    await new Promise((res) => setTimeout(res, 5));
    const g2 = await generate(u);
    const me = (await get(u, '/tips/me')).json() as UserTip[];
    assert.deepEqual(
      me.map((x) => x.id),
      [g2.id, g1.id],
    );
    assert.ok(me.every((x) => x.user_id === u.id && typeof x.tip.title === 'string'));
    const latest = (await get(u, '/tips/latest')).json() as ClientTip;
    const { remaining_today: _r, ...g2Tip } = g2;
    assert.deepEqual(latest, g2Tip);
    const hist = (await get(u, '/tips/history?limit=1')).json() as { tips: ClientTip[]; total_count: number };
    assert.deepEqual(
      hist.tips.map((x) => x.id),
      [g2.id],
    );
    assert.equal(hist.total_count, 2);
    const hist2 = (await get(u, '/tips/history?limit=1&offset=1')).json() as { tips: ClientTip[] };
    assert.deepEqual(
      hist2.tips.map((x) => x.id),
      [g1.id],
    );
    const page = (await get(u, '/tips/me?limit=1&offset=1')).json() as UserTip[];
    assert.deepEqual(
      page.map((x) => x.id),
      [g1.id],
    );
    assert.equal((await get(u, '/tips/history?limit=0')).statusCode, 422);
    assert.equal((await get(u, '/tips/history?limit=101')).statusCode, 422);
  });

  test('PATCH /tips/me/{id}: viewed sets viewed_at, later statuses keep it', async () => {
    const u = await signup();
    const ut = await generate(u);
    const patch = (status: string) => t.app.inject({ method: 'PATCH', url: `${P}/tips/me/${ut!.id}`, headers: bearer(u.token), payload: { status } });
    const v = await patch('viewed');
    assert.equal(v.statusCode, 200, v.body);
    assert.equal(v.json().status, 'viewed');
    assert.ok(v.json().viewed_at);
    const viewedAt = v.json().viewed_at;
    for (const status of ['helpful', 'dismissed']) {
      const r = await patch(status);
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().status, status);
      assert.equal(r.json().viewed_at, viewedAt);
    }
    const [row] = await userTipRows(u.id);
    assert.equal(row!.status, 'dismissed');
    assert.ok(row!.viewed_at);
  });

  test('PATCH straight to helpful also sets viewed_at', async () => {
    const u = await signup();
    const ut = await generate(u);
    const r = await t.app.inject({ method: 'PATCH', url: `${P}/tips/me/${ut!.id}`, headers: bearer(u.token), payload: { status: 'helpful' } });
    assert.equal(r.statusCode, 200);
    assert.ok(r.json().viewed_at);
  });

  test('POST /tips/view by user tip id or catalogue tip id → viewed', async () => {
    const u = await signup();
    const g1 = await generate(u);
    const g2 = await generate(u);
    const byUserTip = await t.app.inject({ method: 'POST', url: `${P}/tips/view`, headers: bearer(u.token), payload: { tip_id: g1.id } });
    assert.equal(byUserTip.statusCode, 200, byUserTip.body);
    assert.equal(byUserTip.json().id, g1.id);
    assert.equal(byUserTip.json().status, 'viewed');
    assert.ok(byUserTip.json().viewed_at);
    const byCatalogue = await t.app.inject({ method: 'POST', url: `${P}/tips/view`, headers: bearer(u.token), payload: { tip_id: g2.tip_id } });
    assert.equal(byCatalogue.statusCode, 200, byCatalogue.body);
    assert.equal(byCatalogue.json().id, g2.id);
    assert.equal(byCatalogue.json().status, 'viewed');
    // Viewing a tip marked helpful keeps it helpful.
    await t.app.inject({ method: 'PATCH', url: `${P}/tips/me/${g1.id}`, headers: bearer(u.token), payload: { status: 'helpful' } });
    const again = await t.app.inject({ method: 'POST', url: `${P}/tips/view`, headers: bearer(u.token), payload: { tip_id: g1.id } });
    assert.equal(again.json().status, 'helpful');
    // A catalogue tip never suggested to me → 404.
    const shown = new Set([g1.tip_id, g2.tip_id]);
    const other = ((await get(u, '/tips?limit=100')).json() as Tip[]).find((x) => !shown.has(x.id))!;
    const r = await t.app.inject({ method: 'POST', url: `${P}/tips/view`, headers: bearer(u.token), payload: { tip_id: other.id } });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), NOT_FOUND);
  });

  test('bad status, malformed ids and bad bodies → 422 naming the field', async () => {
    const u = await signup();
    const ut = await generate(u);
    for (const [payload, type] of [
      [{ status: 'loved' }, 'enum'],
      [{ status: 'suggested' }, 'enum'],
      [{ status: 3 }, 'enum'],
      [{}, 'missing'],
    ] as const) {
      const r = await t.app.inject({ method: 'PATCH', url: `${P}/tips/me/${ut!.id}`, headers: bearer(u.token), payload });
      assert.equal(r.statusCode, 422, JSON.stringify(payload));
      const hit = (r.json().detail as { loc: unknown[]; type: string }[]).find((d) => JSON.stringify(d.loc) === '["body","status"]');
      assert.ok(hit, r.body);
      assert.equal(hit.type, type);
    }
    assert.equal((await userTipRows(u.id))[0]!.status, 'suggested');
    const badId = await t.app.inject({ method: 'PATCH', url: `${P}/tips/me/123`, headers: bearer(u.token), payload: { status: 'viewed' } });
    assert.equal(badId.statusCode, 422);
    assert.deepEqual(badId.json().detail[0].loc, ['path', 'user_tip_id']);
    const badView = await t.app.inject({ method: 'POST', url: `${P}/tips/view`, headers: bearer(u.token), payload: { tip_id: 'x' } });
    assert.equal(badView.statusCode, 422);
    assert.deepEqual(badView.json().detail[0].loc, ['body', 'tip_id']);
    const noView = await t.app.inject({ method: 'POST', url: `${P}/tips/view`, headers: bearer(u.token), payload: {} });
    assert.equal(noView.statusCode, 422);
    assert.deepEqual(noView.json().detail[0].loc, ['body', 'tip_id']);
  });
});

describe('refuses the wrong user', () => {
  test('no token → 401 on every tips route', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, url] of [
      ['GET', '/tips'],
      ['GET', '/tips/me'],
      ['POST', '/tips/generate'],
      ['PATCH', `/tips/me/${id}`],
      ['GET', '/tips/latest'],
      ['GET', '/tips/history'],
      ['POST', '/tips/view'],
    ] as const) {
      const r = await t.app.inject({ method, url: `${P}${url}`, ...(method === 'GET' ? {} : { payload: { status: 'viewed', tip_id: id } }) });
      assert.equal(r.statusCode, 401, `${method} ${url}`);
    }
  });

  test("another user's user_tip_id → 404 on PATCH and view; it stays unchanged", async () => {
    const owner = await signup();
    const other = await signup();
    const ut = await generate(owner);
    const patch = await t.app.inject({ method: 'PATCH', url: `${P}/tips/me/${ut!.id}`, headers: bearer(other.token), payload: { status: 'dismissed' } });
    assert.equal(patch.statusCode, 404);
    assert.deepEqual(patch.json(), NOT_FOUND);
    for (const tipId of [ut!.id, ut!.tip_id]) {
      const view = await t.app.inject({ method: 'POST', url: `${P}/tips/view`, headers: bearer(other.token), payload: { tip_id: tipId } });
      assert.equal(view.statusCode, 404);
      assert.deepEqual(view.json(), NOT_FOUND);
    }
    // A catalogue tip id is not a user tip id for PATCH.
    const byCatalogue = await t.app.inject({ method: 'PATCH', url: `${P}/tips/me/${ut!.tip_id}`, headers: bearer(owner.token), payload: { status: 'viewed' } });
    assert.equal(byCatalogue.statusCode, 404);
    const [row] = await userTipRows(owner.id);
    assert.equal(row!.status, 'suggested');
    assert.equal(row!.viewed_at, null);
    assert.deepEqual((await get(other, '/tips/me')).json(), []);
    assert.equal((await get(other, '/tips/latest')).json(), null);
  });
});

describe('the daily job', () => {
  test('runs the rules for a low-mood user', async () => {
    const u = await lowMoodUser();
    const calm = await signup();
    const out = (await t.runtime.jobs.runNow('couple-compass__generate-daily-tips', {})) as { users_processed: number; tips_created: number };
    assert.ok(out.users_processed >= 2, JSON.stringify(out));
    assert.ok(out.tips_created >= 2, JSON.stringify(out));
    const mine = (await get(u, '/tips/me')).json() as UserTip[];
    assert.equal(mine.length, 2);
    assert.ok(mine.every((x) => x.tip.category === 'stress_management' && x.context_json?.reason === 'recent_low_mood'));
    // No rule matches the other user, and the job adds no general filler.
    assert.deepEqual((await get(calm, '/tips/me')).json(), []);
    // The job does not use up the user's explicit generations.
    assert.equal((await generate(u)).remaining_today, 2);
  });

  test('is scheduled as a daily cron', async () => {
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT cron FROM ${jobsSchema()}.schedule WHERE name = 'couple-compass__generate-daily-tips'`);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.cron, '0 7 * * *');
  });
});
