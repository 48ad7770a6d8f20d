// Partner codes can't be guessed: wrong codes are counted per account and per client IP (429 + Retry-After past
// the limit, on /partner/link and /couples/join alike), and linking shares moods only from the link on.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp } from '../../../../test/helpers/couple-compass.js';

const P = '/couple-compass/api/v1';
let t: TestApp;

before(async () => {
  // Real limits (tests otherwise scale them out of reach); a low per-IP limit keeps the IP test short.
  t = await startTestApp({ jobs: false, env: { RATE_LIMIT_SCALE: '1', RATE_LIMIT_CODE_FAILURES_PER_IP: '6/900' } });
});
after(async () => t.close());

/** A fresh client address per test: the per-IP counts of one test never reach another. */
const newIp = () => `10.${randomInt(1, 250)}.${randomInt(0, 250)}.${randomInt(1, 250)}`;

interface User {
  id: string;
  token: string;
}

const signup = (ip: string, name = 'Guess'): Promise<User> => ccSignUp(t, { name, tag: 'codes', password: 'correct-horse', remoteAddress: ip });

const call = (u: User, ip: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `${P}${url}`, headers: bearer(u.token), remoteAddress: ip, ...(payload ? { payload } : {}) });

async function activeCouples(userId: string): Promise<number> {
  const { rows } = await t.runtime.db.sql.executeSql('SELECT count(*)::int AS n FROM couple_compass.couple_members WHERE user_id = $1 AND active', [userId]);
  return rows[0]!.n as number;
}

describe('wrong partner codes are limited (issue 13 #8)', () => {
  test('per account: after 10 wrong codes the 11th attempt → 429 with Retry-After, even with the right code', async () => {
    const ip = newIp();
    const owner = await signup(ip, 'Owner');
    const { code } = (await call(owner, ip, 'POST', '/couples/invite')).json() as { code: string };
    const guesser = await signup(newIp());
    for (let i = 0; i < 10; i++) {
      // Both linking routes count, from any address; each wrong code is still answered as what it is.
      const r =
        i % 2
          ? await call(guesser, newIp(), 'POST', '/partner/link', { code: `ZZZZZ${i}` })
          : await call(guesser, newIp(), 'POST', '/couples/join', { code: `QQQQQQQ${i}` });
      assert.equal(r.statusCode, 400, `attempt ${i + 1}: ${r.body}`);
    }
    for (const url of ['/couples/join', '/partner/link']) {
      const r = await call(guesser, newIp(), 'POST', url, { code });
      assert.equal(r.statusCode, 429, `${url}: ${r.body}`);
      assert.ok(Number(r.headers['retry-after']) > 0, String(r.headers['retry-after']));
      assert.equal(typeof r.json().detail, 'string');
    }
    assert.equal(await activeCouples(guesser.id), 0);
    // The code was not used up: its owner's partner can still link with it.
    const partner = await signup(newIp());
    assert.equal((await call(partner, newIp(), 'POST', '/couples/join', { code })).statusCode, 200);
  });

  test('per client IP: wrong codes from one address across accounts → 429 for every account there; another address is unaffected', async () => {
    const ip = newIp();
    for (let i = 0; i < 3; i++) {
      const u = await signup(newIp());
      for (let j = 0; j < 2; j++) assert.equal((await call(u, ip, 'POST', '/partner/link', { code: 'ZZZZZZ' })).statusCode, 400);
    }
    const owner = await signup(newIp());
    const { code } = (await call(owner, newIp(), 'POST', '/partner/generate-code')).json() as { code: string };
    const fresh = await signup(newIp());
    const r = await call(fresh, ip, 'POST', '/partner/link', { code });
    assert.equal(r.statusCode, 429, r.body);
    assert.ok(Number(r.headers['retry-after']) > 0);
    assert.equal(await activeCouples(fresh.id), 0);
    assert.equal((await call(fresh, newIp(), 'POST', '/partner/link', { code })).statusCode, 200);
    assert.equal(await activeCouples(fresh.id), 1);
  });

  test('my own code is not a guess: trying it again and again never locks me out', async () => {
    const ip = newIp();
    const u = await signup(ip);
    const { code: own } = (await call(u, ip, 'POST', '/couples/invite')).json() as { code: string };
    for (let i = 0; i < 12; i++) assert.equal((await call(u, ip, 'POST', '/couples/join', { code: own })).statusCode, 400);
    const owner = await signup(newIp());
    const { code } = (await call(owner, newIp(), 'POST', '/couples/invite')).json() as { code: string };
    assert.equal((await call(u, ip, 'POST', '/couples/join', { code })).statusCode, 200);
  });
});

describe('linking shares moods only from the link on (issue 13 #8)', () => {
  test("the partner sees my moods from the link date, none from before (nor from a former couple's time)", async () => {
    const ip = newIp();
    const a = await signup(ip, 'Ann');
    const b = await signup(newIp(), 'Ben');
    // Before the link: one from two days ago, one just now.
    await t.runtime.db.sql.executeSql(
      `INSERT INTO couple_compass.mood_checkins (user_id, mood_level, notes, checkin_date, created_at)
       VALUES ($1, 1, 'before we met', (now() - interval '2 days')::date, now() - interval '2 days')`,
      [a.id],
    );
    assert.equal((await call(a, ip, 'POST', '/moods', { mood_level: 2, notes: 'just before linking' })).statusCode, 201);
    await new Promise((r) => setTimeout(r, 20));
    const { code } = (await call(a, ip, 'POST', '/couples/invite')).json() as { code: string };
    assert.equal((await call(b, newIp(), 'POST', '/couples/join', { code })).statusCode, 200);
    assert.equal((await call(a, ip, 'POST', '/moods', { mood_level: 4, notes: 'after linking' })).statusCode, 201);

    const seen = (await call(b, newIp(), 'GET', '/moods/partner')).json() as { notes: string; user_id: string }[];
    assert.deepEqual(
      seen.map((m) => m.notes),
      ['after linking'],
    );
    // My own list still has everything.
    assert.equal(((await call(a, ip, 'GET', '/moods')).json() as unknown[]).length, 3);
  });
});
