// Pokes over both path families: sending and listing work, bad input is a 422 naming the field, the wrong user
// gets 403/404 with none of the relationship's data, and a refused poke writes no row. (Live delivery: notifications.ws.test.ts.)
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS_ENV, startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { projectInside } from '../index.js';
import { piRelationship, piSignup } from '../../../../test/helpers/project-inside.js';

const P = '/project-inside/v1';
const PATHS = [`${P}/pokes`, `${P}/interaction/pokes`];
let t: TestApp;
const POKE_LIMIT = projectInside.limits!.POKES_PER_USER!;

before(async () => {
  t = await startTestApp({ jobs: false, products: ['project-inside'], env: DEFAULT_LIMITS_ENV });
});
after(async () => {
  await t.close();
});

interface U {
  id: string;
  token: string;
}

const user = (name: string | null = 'Poker'): Promise<U> => piSignup(t, { ...(name ? { displayName: name } : {}), tag: 'poke' });

/** A relationship whose other members accepted being added. */
const relationship = (owner: U, ...others: U[]): Promise<string> => piRelationship(t, owner, others, { consent: null });

const poke = (u: U | undefined, payload: unknown, url = PATHS[0]!) =>
  t.app.inject({ method: 'POST', url, ...(u ? { headers: bearer(u.token) } : {}), payload: payload as object });
const list = (u: U | undefined, query: string, url = PATHS[0]!) =>
  t.app.inject({ method: 'GET', url: `${url}?${query}`, ...(u ? { headers: bearer(u.token) } : {}) });

async function pokeCount(rid: string): Promise<number> {
  const { rows } = await t.runtime.db.sql.executeSql('SELECT count(*)::int AS n FROM project_inside.pokes WHERE relationship_id = $1', [rid]);
  return rows[0]!.n as number;
}

async function couple(): Promise<{ a: U; b: U; rid: string }> {
  const a = await user('Ann');
  const b = await user('Ben');
  return { a, b, rid: await relationship(a, b) };
}

describe('works', () => {
  test('a member pokes another on both path families; the poke comes back whole', async () => {
    const { a, b, rid } = await couple();
    for (const url of PATHS) {
      const r = await poke(a, { relationship_id: rid, receiver_id: b.id, type: 'EMOJI', emoji: '💛' }, url);
      assert.equal(r.statusCode, 200, r.body);
      const p = r.json();
      assert.match(p.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(
        { ...p, id: undefined, created_at: undefined },
        { id: undefined, created_at: undefined, relationship_id: rid, sender_id: a.id, receiver_id: b.id, type: 'EMOJI', emoji: '💛' },
      );
      assert.ok(!Number.isNaN(Date.parse(p.created_at)));
    }
    assert.equal(await pokeCount(rid), 2);
  });

  test('every documented type is accepted in any case (stored upper case); emoji is optional (null) except for EMOJI; a joined emoji sequence fits', async () => {
    const { a, b, rid } = await couple();
    for (const type of ['THINKING_OF_YOU', 'hug', 'Kiss', 'HIGH_FIVE', 'check_in']) {
      const r = await poke(a, { relationship_id: rid, receiver_id: b.id, type });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().emoji, null);
      assert.equal(r.json().type, type.toUpperCase());
    }
    // What the mobile app sends: type "emoji" with the emoji.
    const app = await poke(a, { relationship_id: rid, receiver_id: b.id, type: 'emoji', emoji: '❤️' }, PATHS[1]);
    assert.equal(app.statusCode, 200, app.body);
    assert.equal(app.json().type, 'EMOJI');
    const { rows } = await t.runtime.db.sql.executeSql('SELECT type, emoji FROM project_inside.pokes WHERE id = $1', [app.json().id]);
    assert.deepEqual(rows[0], { type: 'EMOJI', emoji: '❤️' });
    const family = '👨‍👩‍👧‍👦'; // 7 code points, one grapheme
    const r = await poke(b, { relationship_id: rid, receiver_id: a.id, type: 'EMOJI', emoji: family });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().emoji, family);
    const withNull = await poke(b, { relationship_id: rid, receiver_id: a.id, type: 'HUG', emoji: null });
    assert.equal(withNull.statusCode, 200, withNull.body);
  });

  test('the list is newest first, paginated, the same on both path families, and holds only that relationship', async () => {
    const { a, b, rid } = await couple();
    const other = await couple();
    await poke(other.a, { relationship_id: other.rid, receiver_id: other.b.id, type: 'HUG' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await poke(i % 2 ? b : a, { relationship_id: rid, receiver_id: i % 2 ? a.id : b.id, type: 'KISS' })).json().id);
    const newestFirst = [...ids].reverse();
    for (const url of PATHS) {
      const all = await list(b, `rid=${rid}`, url);
      assert.equal(all.statusCode, 200, all.body);
      assert.deepEqual(
        all.json().map((p: { id: string }) => p.id),
        newestFirst,
      );
      const page = await list(a, `rid=${rid}&limit=2&offset=1`, url);
      assert.deepEqual(
        page.json().map((p: { id: string }) => p.id),
        newestFirst.slice(1, 3),
      );
    }
    const empty = await list(a, `rid=${rid}&offset=50`);
    assert.deepEqual(empty.json(), []);
  });

  test(`the sender limit: ${POKE_LIMIT.max} a minute across both path families, then 429 with Retry-After; others unaffected`, async () => {
    const { a, b, rid } = await couple();
    for (let i = 0; i < POKE_LIMIT.max; i++) {
      const r = await poke(a, { relationship_id: rid, receiver_id: b.id, type: 'HUG' }, PATHS[i % 2]);
      assert.equal(r.statusCode, 200, `poke ${i + 1}: ${r.body}`);
    }
    for (const url of PATHS) {
      const r = await poke(a, { relationship_id: rid, receiver_id: b.id, type: 'HUG' }, url);
      assert.equal(r.statusCode, 429, r.body);
      assert.ok(Number(r.headers['retry-after']) >= 1, `retry-after: ${r.headers['retry-after']}`);
      assert.equal(typeof r.json().detail, 'string');
    }
    assert.equal(await pokeCount(rid), POKE_LIMIT.max);
    assert.equal((await poke(b, { relationship_id: rid, receiver_id: a.id, type: 'HUG' })).statusCode, 200);
    assert.equal((await list(a, `rid=${rid}`)).statusCode, 200, 'reading is not limited by the sending allowance');
  });
});

describe('rejects bad input', () => {
  const fields = (body: string) => JSON.stringify((JSON.parse(body) as { detail: { loc: unknown[] }[] }).detail.map((d) => d.loc));

  test('422 naming the field, and no row written', async () => {
    const { a, b, rid } = await couple();
    const ok = { relationship_id: rid, receiver_id: b.id, type: 'HUG' };
    const cases: [string, unknown][] = [
      ['type', { ...ok, type: undefined }],
      ['type', { ...ok, type: 'SLAP' }],
      ['type', { ...ok, type: '' }],
      ['type', { ...ok, type: 'x'.repeat(31) }],
      ['type', { ...ok, type: 7 }],
      ['relationship_id', { ...ok, relationship_id: 'not-a-uuid' }],
      ['relationship_id', { ...ok, relationship_id: undefined }],
      ['receiver_id', { ...ok, receiver_id: '1; DROP TABLE pokes' }],
      ['emoji', { ...ok, emoji: 'x'.repeat(17) }],
      ['emoji', { ...ok, emoji: '' }],
      ['emoji', { ...ok, emoji: 'a\nb' }],
      ['emoji', { ...ok, emoji: '\u202Eabc' }],
      ['emoji', { ...ok, emoji: 12 }],
      ['emoji', { ...ok, type: 'EMOJI' }],
      ['emoji', { ...ok, type: 'emoji' }],
      ['emoji', { ...ok, type: 'EMOJI', emoji: '   ' }],
    ];
    for (const [field, payload] of cases) {
      const r = await poke(a, payload);
      assert.equal(r.statusCode, 422, `${JSON.stringify(payload)} → ${r.statusCode} ${r.body}`);
      assert.ok(fields(r.body).includes(`"${field}"`), `${JSON.stringify(payload)} should name ${field}: ${r.body}`);
    }
    // A NUL character anywhere in a body is refused by the core before any field is looked at.
    const nul = await poke(a, { ...ok, emoji: '🙂\u0000' });
    assert.equal(nul.statusCode, 422, nul.body);
    for (const raw of ['{"relationship_id":', '[1,2]', 'null']) {
      const r = await t.app.inject({ method: 'POST', url: PATHS[1]!, headers: { ...bearer(a.token), 'content-type': 'application/json' }, payload: raw });
      assert.ok(r.statusCode === 400 || r.statusCode === 422, `${raw} → ${r.statusCode}`);
    }
    assert.equal(await pokeCount(rid), 0);
  });

  test('poking yourself is a 400 and writes nothing', async () => {
    const { a, rid } = await couple();
    const r = await poke(a, { relationship_id: rid, receiver_id: a.id, type: 'HUG' });
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.json().detail, /yourself/);
    assert.equal(await pokeCount(rid), 0);
  });

  test('the list needs a uuid rid and a limit of 1..100', async () => {
    const { a, rid } = await couple();
    for (const [q, field] of [
      ['', 'rid'],
      ['rid=nope', 'rid'],
      [`rid=${rid}&limit=0`, 'limit'],
      [`rid=${rid}&limit=101`, 'limit'],
      [`rid=${rid}&offset=-1`, 'offset'],
      [`rid=${rid}&limit=abc`, 'limit'],
    ] as const) {
      const r = await list(a, q, PATHS[1]);
      assert.equal(r.statusCode, 422, `${q} → ${r.statusCode} ${r.body}`);
      assert.ok(fields(r.body).includes(`"${field}"`), `${q}: ${r.body}`);
    }
  });
});

describe('refuses the wrong user', () => {
  test('401 without a token or with a bad one, on both routes and both path families', async () => {
    const { b, rid } = await couple();
    for (const url of PATHS) {
      assert.equal((await poke(undefined, { relationship_id: rid, receiver_id: b.id, type: 'HUG' }, url)).statusCode, 401);
      assert.equal((await list(undefined, `rid=${rid}`, url)).statusCode, 401);
      const bad = await t.app.inject({ method: 'GET', url: `${url}?rid=${rid}`, headers: { authorization: 'Bearer not.a.token' } });
      assert.equal(bad.statusCode, 401);
    }
    assert.equal(await pokeCount(rid), 0);
  });

  test('a stranger can neither poke into a relationship nor read its pokes (403, none of its data)', async () => {
    const { a, b, rid } = await couple();
    await poke(a, { relationship_id: rid, receiver_id: b.id, type: 'EMOJI', emoji: '🌹' });
    const stranger = await user('Stranger');
    const r = await poke(stranger, { relationship_id: rid, receiver_id: b.id, type: 'HUG' });
    assert.equal(r.statusCode, 403, r.body);
    for (const url of PATHS) {
      const l = await list(stranger, `rid=${rid}`, url);
      assert.equal(l.statusCode, 403);
      assert.ok(!l.body.includes('🌹') && !l.body.includes(a.id) && !l.body.includes(b.id), l.body);
    }
    assert.equal(await pokeCount(rid), 1);
  });

  test('the receiver must be a member of that relationship: a member of another one (even my own) is refused', async () => {
    const { a, b, rid } = await couple();
    const c = await user('Cal');
    const rid2 = await relationship(a, c); // A knows C, but through another relationship
    const r = await poke(a, { relationship_id: rid, receiver_id: c.id, type: 'HUG' });
    assert.equal(r.statusCode, 403, r.body);
    // And a member of another relationship can't use it to reach into this one.
    assert.equal((await poke(c, { relationship_id: rid, receiver_id: b.id, type: 'HUG' })).statusCode, 403);
    assert.equal((await poke(c, { relationship_id: rid2, receiver_id: b.id, type: 'HUG' })).statusCode, 403);
    // An unknown receiver id is the same refusal.
    assert.equal((await poke(a, { relationship_id: rid, receiver_id: '00000000-0000-4000-8000-000000000000', type: 'HUG' })).statusCode, 403);
    assert.equal(await pokeCount(rid), 0);
    assert.equal(await pokeCount(rid2), 0);
  });

  test('an unknown or ended relationship is a 404 (sending and listing), and nothing is written', async () => {
    const { a, b, rid } = await couple();
    const unknown = '00000000-0000-4000-8000-000000000001';
    assert.equal((await poke(a, { relationship_id: unknown, receiver_id: b.id, type: 'HUG' })).statusCode, 404);
    assert.equal((await list(a, `rid=${unknown}`)).statusCode, 404);
    await poke(a, { relationship_id: rid, receiver_id: b.id, type: 'HUG' });
    const end = await t.app.inject({ method: 'DELETE', url: `${P}/relationships/${rid}`, headers: bearer(a.token) });
    assert.equal(end.statusCode, 204, end.body);
    const r = await poke(b, { relationship_id: rid, receiver_id: a.id, type: 'HUG' });
    assert.equal(r.statusCode, 404, r.body);
    const l = await list(b, `rid=${rid}`);
    assert.equal(l.statusCode, 404);
    assert.ok(!l.body.includes(a.id));
    assert.equal(await pokeCount(rid), 1);
  });
});
