// Couple Compass journals: works (analysis through the real job runner, retried on AI failure), rejects bad input,
// refuses the wrong user (partner included) with the seed's exact 404 body.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp, linkCouple } from '../../../../test/helpers/couple-compass.js';
import { localAi, type AiPort } from '../../../core/ai/port.js';

const P = '/couple-compass/api/v1';
const NOT_FOUND = { message: 'Resource not found' };
const POSITIVE = 'I love my partner. We had a wonderful, happy, calm evening together and I feel grateful and close.';
const NEGATIVE = 'I am sad and angry. We fought again, I feel lonely, hurt and ignored, and I cried all night.';

const FLAKY = 'flaky-ai-marker';
/** AI calls for texts carrying FLAKY; the first of them throws like an unavailable provider. */
let flakyCalls = 0;

let t: TestApp;

before(async () => {
  const local = localAi();
  const flaky: AiPort = {
    ...local,
    async json(req) {
      if (typeof req.input === 'string' && req.input.includes(FLAKY) && ++flakyCalls === 1) throw new Error('AI provider unavailable (test)');
      return local.json(req);
    },
  };
  // 2 % of the seed's 60 s retry delay: the retry runs about a second later, through the real job runner.
  t = await startTestApp({ env: { JOB_RETRY_DELAY_PERCENT: '2' }, overrides: { ai: flaky } });
});
after(async () => {
  await t.close();
});

interface User {
  id: string;
  token: string;
}

const signup = (name = 'Jo'): Promise<User> => ccSignUp(t, { name, tag: 'journal', password: 'correct-horse' });

async function couple(): Promise<[User, User]> {
  const a = await signup('Ann');
  const b = await signup('Ben');
  await linkCouple(t, a, b);
  return [a, b];
}

async function write(u: User, content: string, visibility?: 'private' | 'shared') {
  const r = await t.app.inject({ method: 'POST', url: `${P}/journals`, headers: bearer(u.token), payload: { content, ...(visibility ? { visibility } : {}) } });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as Journal;
}

interface Journal {
  id: string;
  user_id: string;
  couple_id: string | null;
  content: string;
  visibility: string;
  sentiment_score: number | null;
  themes: string[] | null;
  created_at: string;
  updated_at: string | null;
}

/** Polls GET /journals/{id} until the analysis job has stored a sentiment (or fails after ~20 s). */
async function analysed(u: User, id: string, timeoutMs = 20_000): Promise<Journal> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await t.app.inject({ method: 'GET', url: `${P}/journals/${id}`, headers: bearer(u.token) });
    assert.equal(r.statusCode, 200, r.body);
    const j = r.json() as Journal;
    if (j.sentiment_score !== null) return j;
    if (Date.now() > until) assert.fail(`journal ${id} not analysed within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

function jobsSchema(): string {
  // The runner's schema: `jobs` embedded, a random one per test app on a server.
  return (t.runtime.jobs as unknown as { config: { schema: string } }).config.schema;
}

async function analysisJobs(id: string): Promise<number> {
  const { rows } = await t.runtime.db.sql.executeSql(
    `SELECT count(*)::int AS n FROM ${jobsSchema()}.job WHERE name = 'couple-compass__analyze-journal' AND data->>'journalId' = $1`,
    [id],
  );
  return rows[0]!.n as number;
}

async function journalCount(userId: string): Promise<number> {
  const { rows } = await t.runtime.db.sql.executeSql('SELECT count(*)::int AS n FROM couple_compass.journals WHERE user_id = $1', [userId]);
  return rows[0]!.n as number;
}

describe('works', () => {
  test('POST → 201 unanalysed, then the job stores sentiment 1..5 and at most 3 themes', async () => {
    const u = await signup();
    const text = 'We talked and argued about money, work stress, family and trust; I feel tired and worried.';
    const j = await write(u, text, 'shared');
    assert.equal(j.user_id, u.id);
    assert.equal(j.content, text);
    assert.equal(j.visibility, 'shared');
    assert.equal(j.sentiment_score, null);
    assert.equal(j.couple_id, null);
    const done = await analysed(u, j.id);
    assert.ok(Number.isInteger(done.sentiment_score) && done.sentiment_score! >= 1 && done.sentiment_score! <= 5, `${done.sentiment_score}`);
    assert.ok(Array.isArray(done.themes));
    assert.ok(done.themes!.length >= 1 && done.themes!.length <= 3, JSON.stringify(done.themes));
    assert.equal(done.content, text);
  });

  test('visibility defaults to private; an entry written in a couple carries the couple id', async () => {
    const [a] = await couple();
    const j = await write(a, 'Just a note.');
    assert.equal(j.visibility, 'private');
    const { rows } = await t.runtime.db.sql.executeSql(
      "SELECT c.id FROM couple_compass.couples c JOIN couple_compass.couple_members m ON m.couple_id = c.id WHERE m.user_id = $1 AND c.status = 'active'",
      [a.id],
    );
    assert.equal(j.couple_id, rows[0]!.id);
  });

  test('a negative text scores lower than a positive one', async () => {
    const u = await signup();
    const pos = await write(u, POSITIVE);
    const neg = await write(u, NEGATIVE);
    const [p, n] = await Promise.all([analysed(u, pos.id), analysed(u, neg.id)]);
    assert.ok(n.sentiment_score! < p.sentiment_score!, `negative ${n.sentiment_score} vs positive ${p.sentiment_score}`);
    assert.ok(p.sentiment_score! >= 4);
    assert.ok(n.sentiment_score! <= 2);
  });

  test('PATCH with new content resets the sentiment and analyses again', async () => {
    const u = await signup();
    const j = await write(u, POSITIVE);
    const first = await analysed(u, j.id);
    assert.ok(first.sentiment_score! >= 4);
    const r = await t.app.inject({ method: 'PATCH', url: `${P}/journals/${j.id}`, headers: bearer(u.token), payload: { content: NEGATIVE } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().content, NEGATIVE);
    assert.equal(r.json().sentiment_score, null);
    assert.equal(r.json().themes, null);
    assert.ok(r.json().updated_at);
    const second = await analysed(u, j.id);
    assert.ok(second.sentiment_score! <= 2, `${second.sentiment_score}`);
    assert.equal(await analysisJobs(j.id), 2);
  });

  test('PATCH of the visibility only keeps the analysis and enqueues nothing', async () => {
    const u = await signup();
    const j = await write(u, POSITIVE);
    const first = await analysed(u, j.id);
    const r = await t.app.inject({ method: 'PATCH', url: `${P}/journals/${j.id}`, headers: bearer(u.token), payload: { visibility: 'shared' } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().visibility, 'shared');
    assert.equal(r.json().sentiment_score, first.sentiment_score);
    assert.deepEqual(r.json().themes, first.themes);
    // The same text sent again is not a change either.
    const same = await t.app.inject({ method: 'PATCH', url: `${P}/journals/${j.id}`, headers: bearer(u.token), payload: { content: POSITIVE } });
    assert.equal(same.statusCode, 200, same.body);
    assert.equal(same.json().sentiment_score, first.sentiment_score);
    assert.equal(await analysisJobs(j.id), 1);
    const { rows } = await t.runtime.db.sql.executeSql('SELECT content_version, visibility FROM couple_compass.journals WHERE id = $1', [j.id]);
    assert.deepEqual(rows[0], { content_version: 1, visibility: 'shared' });
  });

  test('GET /journals lists only mine, newest first, paginated', async () => {
    const u = await signup();
    const other = await signup();
    await write(other, 'not yours');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await write(u, `entry ${i}`, i === 1 ? 'shared' : 'private')).id);
    const all = await t.app.inject({ method: 'GET', url: `${P}/journals`, headers: bearer(u.token) });
    assert.equal(all.statusCode, 200);
    assert.deepEqual(
      all.json().map((j: Journal) => j.id),
      [...ids].reverse(),
    );
    const page1 = await t.app.inject({ method: 'GET', url: `${P}/journals?limit=2&offset=0`, headers: bearer(u.token) });
    const page2 = await t.app.inject({ method: 'GET', url: `${P}/journals?limit=2&offset=2`, headers: bearer(u.token) });
    assert.deepEqual(
      page1.json().map((j: Journal) => j.id),
      [ids[2], ids[1]],
    );
    assert.deepEqual(
      page2.json().map((j: Journal) => j.id),
      [ids[0]],
    );
    const bad = await t.app.inject({ method: 'GET', url: `${P}/journals?limit=0`, headers: bearer(u.token) });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().detail[0].loc, ['query', 'limit']);
  });

  test("GET /journals/shared: the couple's shared entries, partner's included, never a private one", async () => {
    const [a, b] = await couple();
    const aShared = await write(a, 'A shares this', 'shared');
    const aPrivate = await write(a, 'A keeps this', 'private');
    const bShared = await write(b, 'B shares this', 'shared');
    const bPrivate = await write(b, 'B keeps this');
    const stranger = await signup();
    const strangerShared = await write(stranger, 'stranger shares', 'shared');
    for (const u of [a, b]) {
      const r = await t.app.inject({ method: 'GET', url: `${P}/journals/shared`, headers: bearer(u.token) });
      assert.equal(r.statusCode, 200, r.body);
      const ids = r.json().map((j: Journal) => j.id);
      assert.deepEqual(ids, [bShared.id, aShared.id]);
      assert.ok(r.json().every((j: Journal) => j.visibility === 'shared'));
      for (const hidden of [aPrivate.id, bPrivate.id, strangerShared.id]) assert.ok(!ids.includes(hidden));
    }
    const paged = await t.app.inject({ method: 'GET', url: `${P}/journals/shared?limit=1&offset=1`, headers: bearer(a.token) });
    assert.deepEqual(
      paged.json().map((j: Journal) => j.id),
      [aShared.id],
    );
    // A user outside the couple sees none of it (only their own shared entry).
    const r = await t.app.inject({ method: 'GET', url: `${P}/journals/shared`, headers: bearer(stranger.token) });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(
      r.json().map((j: Journal) => j.id),
      [strangerShared.id],
    );
  });

  test('DELETE by the owner → 204, then 404 and the row is gone', async () => {
    const u = await signup();
    const j = await write(u, 'to be deleted');
    const del = await t.app.inject({ method: 'DELETE', url: `${P}/journals/${j.id}`, headers: bearer(u.token) });
    assert.equal(del.statusCode, 204);
    assert.equal(del.body, '');
    const get = await t.app.inject({ method: 'GET', url: `${P}/journals/${j.id}`, headers: bearer(u.token) });
    assert.equal(get.statusCode, 404);
    assert.deepEqual(get.json(), NOT_FOUND);
    const again = await t.app.inject({ method: 'DELETE', url: `${P}/journals/${j.id}`, headers: bearer(u.token) });
    assert.equal(again.statusCode, 404);
    assert.equal(await journalCount(u.id), 0);
  });
});

describe('a failing AI call is retried by the job runner', () => {
  test('the first attempt throws, the retry analyses the entry', async () => {
    const u = await signup();
    const j = await write(u, `${POSITIVE} ${FLAKY}`);
    assert.equal(j.sentiment_score, null);
    const done = await analysed(u, j.id);
    assert.ok(done.sentiment_score! >= 4, `${done.sentiment_score}`);
    assert.ok(flakyCalls >= 2, `engine called ${flakyCalls} times`);
    const { rows } = await t.runtime.db.sql.executeSql(
      `SELECT retry_count, state FROM ${jobsSchema()}.job WHERE name = 'couple-compass__analyze-journal' AND data->>'journalId' = $1`,
      [j.id],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.retry_count, 1);
  });
});

describe('rejects bad input', () => {
  const cases: [string, unknown, (string | number)[], string][] = [
    ['empty content', { content: '' }, ['body', 'content'], 'string_too_short'],
    ['content of 20001 characters', { content: 'x'.repeat(20_001) }, ['body', 'content'], 'string_too_long'],
    ['content wrong type', { content: 42 }, ['body', 'content'], 'string_type'],
    ['missing content', { visibility: 'shared' }, ['body', 'content'], 'missing'],
    ["visibility 'public'", { content: 'ok', visibility: 'public' }, ['body', 'visibility'], 'enum'],
  ];
  for (const [label, payload, loc, type] of cases) {
    test(`POST: ${label} → 422 naming ${loc.join('.')}, nothing written`, async () => {
      const u = await signup();
      const r = await t.app.inject({ method: 'POST', url: `${P}/journals`, headers: bearer(u.token), payload: payload as object });
      assert.equal(r.statusCode, 422, r.body);
      const hit = (r.json().detail as { type: string; loc: unknown[]; msg: string }[]).find((d) => JSON.stringify(d.loc) === JSON.stringify(loc));
      assert.ok(hit, `no error at ${JSON.stringify(loc)}: ${r.body.slice(0, 500)}`);
      assert.equal(hit.type, type);
      assert.equal(typeof hit.msg, 'string');
      assert.equal(await journalCount(u.id), 0);
    });
  }

  test('exactly 20000 characters is accepted', async () => {
    const u = await signup();
    const j = await write(u, 'y'.repeat(20_000));
    assert.equal(j.content.length, 20_000);
  });

  test('PATCH: empty content, too long content and a bad visibility → 422, the entry unchanged', async () => {
    const u = await signup();
    const j = await write(u, 'original');
    for (const [payload, field, type] of [
      [{ content: '' }, 'content', 'string_too_short'],
      [{ content: 'x'.repeat(20_001) }, 'content', 'string_too_long'],
      [{ visibility: 'public' }, 'visibility', 'enum'],
      [{ content: ['a'] }, 'content', 'string_type'],
    ] as const) {
      const r = await t.app.inject({ method: 'PATCH', url: `${P}/journals/${j.id}`, headers: bearer(u.token), payload });
      assert.equal(r.statusCode, 422, r.body);
      const hit = (r.json().detail as { type: string; loc: unknown[] }[]).find((d) => JSON.stringify(d.loc) === JSON.stringify(['body', field]));
      assert.ok(hit, r.body.slice(0, 500));
      assert.equal(hit.type, type);
    }
    const { rows } = await t.runtime.db.sql.executeSql('SELECT content, visibility, content_version FROM couple_compass.journals WHERE id = $1', [j.id]);
    assert.deepEqual(rows[0], { content: 'original', visibility: 'private', content_version: 1 });
  });

  test('a malformed uuid in the path → 422 naming journal_id on GET, PATCH and DELETE', async () => {
    const u = await signup();
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const r = await t.app.inject({
        method,
        url: `${P}/journals/not-a-uuid`,
        headers: bearer(u.token),
        ...(method === 'PATCH' ? { payload: { visibility: 'shared' } } : {}),
      });
      assert.equal(r.statusCode, 422, `${method}: ${r.body}`);
      const d = r.json().detail[0];
      assert.deepEqual(d.loc, ['path', 'journal_id']);
      assert.equal(d.type, 'uuid_parsing');
      assert.equal(d.input, 'not-a-uuid');
    }
  });

  test('a 2 MB body → 413, nothing written', async () => {
    const u = await signup();
    const r = await t.app.inject({ method: 'POST', url: `${P}/journals`, headers: bearer(u.token), payload: { content: 'x'.repeat(2 * 1024 * 1024) } });
    assert.equal(r.statusCode, 413);
    assert.equal(await journalCount(u.id), 0);
  });

  test('malformed JSON → 422, nothing written', async () => {
    const u = await signup();
    const r = await t.app.inject({
      method: 'POST',
      url: `${P}/journals`,
      headers: { ...bearer(u.token), 'content-type': 'application/json' },
      payload: '{"content": ',
    });
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(await journalCount(u.id), 0);
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401 on every journal route', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const routes: [string, string][] = [
      ['GET', '/journals'],
      ['POST', '/journals'],
      ['GET', '/journals/shared'],
      ['GET', `/journals/${id}`],
      ['PATCH', `/journals/${id}`],
      ['DELETE', `/journals/${id}`],
    ];
    for (const [method, url] of routes) {
      for (const headers of [{}, { authorization: 'Bearer nope' }]) {
        const r = await t.app.inject({
          method: method as 'GET',
          url: `${P}${url}`,
          headers,
          ...(method === 'POST' || method === 'PATCH' ? { payload: { content: 'x' } } : {}),
        });
        assert.equal(r.statusCode, 401, `${method} ${url}: ${r.statusCode}`);
        assert.equal(r.headers['www-authenticate'], 'Bearer');
      }
    }
  });

  test('GET/PATCH/DELETE by another user or the partner → exact 404, nothing leaked or changed', async () => {
    const [a, b] = await couple();
    const stranger = await signup();
    const secret = 'my very private thoughts';
    for (const visibility of ['private', 'shared'] as const) {
      const j = await write(a, secret, visibility);
      for (const other of [b, stranger]) {
        for (const [method, payload] of [
          ['GET', undefined],
          ['PATCH', { content: 'hijacked', visibility: 'private' }],
          ['DELETE', undefined],
        ] as const) {
          const r = await t.app.inject({ method, url: `${P}/journals/${j.id}`, headers: bearer(other.token), ...(payload ? { payload } : {}) });
          assert.equal(r.statusCode, 404, `${method} ${visibility}: ${r.body}`);
          assert.deepEqual(r.json(), NOT_FOUND);
          assert.ok(!r.body.includes(secret));
        }
      }
      const { rows } = await t.runtime.db.sql.executeSql('SELECT content, visibility, content_version FROM couple_compass.journals WHERE id = $1', [j.id]);
      assert.deepEqual(rows[0], { content: secret, visibility, content_version: 1 });
      // Other users' lists never contain it either.
      const list = await t.app.inject({ method: 'GET', url: `${P}/journals`, headers: bearer(b.token) });
      assert.ok(!list.body.includes(j.id));
    }
  });

  test('an unknown but well-formed id → the same 404 body', async () => {
    const u = await signup();
    const r = await t.app.inject({ method: 'GET', url: `${P}/journals/00000000-0000-4000-8000-000000000000`, headers: bearer(u.token) });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), NOT_FOUND);
  });

  test('after the couple ends, the former partner no longer sees the shared entries', async () => {
    const [a, b] = await couple();
    const shared = await write(a, 'shared while together', 'shared');
    const before = await t.app.inject({ method: 'GET', url: `${P}/journals/shared`, headers: bearer(b.token) });
    assert.ok(before.json().some((j: Journal) => j.id === shared.id));
    const end = await t.app.inject({ method: 'PATCH', url: `${P}/couples/me`, headers: bearer(a.token), payload: { status: 'ended' } });
    assert.equal(end.statusCode, 200, end.body);
    const after = await t.app.inject({ method: 'GET', url: `${P}/journals/shared`, headers: bearer(b.token) });
    assert.equal(after.statusCode, 200);
    assert.ok(!after.json().some((j: Journal) => j.id === shared.id));
  });

  test('a new partner never sees entries shared with a former partner (shared means shared with that couple)', async () => {
    const [a, b] = await couple();
    const withB = await write(a, 'shared with B only', 'shared');
    const end = await t.app.inject({ method: 'PATCH', url: `${P}/couples/me`, headers: bearer(a.token), payload: { status: 'ended' } });
    assert.equal(end.statusCode, 200, end.body);
    const c = await signup('Cat');
    const inv = await t.app.inject({ method: 'POST', url: `${P}/couples/invite`, headers: bearer(a.token) });
    const join = await t.app.inject({ method: 'POST', url: `${P}/couples/join`, headers: bearer(c.token), payload: { code: inv.json().code } });
    assert.equal(join.statusCode, 200, join.body);
    const withC = await write(a, 'shared with C', 'shared');
    const r = await t.app.inject({ method: 'GET', url: `${P}/journals/shared`, headers: bearer(c.token) });
    assert.equal(r.statusCode, 200);
    const ids = r.json().map((j: Journal) => j.id);
    assert.deepEqual(ids, [withC.id]);
    assert.ok(!r.body.includes('shared with B only'));
    // B, now single, doesn't see A's entries either; A still has the old entry in their own list.
    const rb = await t.app.inject({ method: 'GET', url: `${P}/journals/shared`, headers: bearer(b.token) });
    assert.ok(!rb.json().some((j: Journal) => j.id === withB.id || j.id === withC.id));
    const mine = await t.app.inject({ method: 'GET', url: `${P}/journals`, headers: bearer(a.token) });
    assert.ok(mine.json().some((j: Journal) => j.id === withB.id));
  });
});
