// Couple Compass partner linking: the seed's /couples and the web client's /partner, on one couples model.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp } from '../../../../test/helpers/couple-compass.js';
import { INVITE_ALPHABET } from './invite-code.js';
import { expectBearer401, type GuardedRoute } from '../../../../test/helpers/accounts.js';

const P = '/couple-compass/api/v1';
const NOT_FOUND = { message: 'Resource not found' };
const codeOf = (n: number) => new RegExp(`^[${INVITE_ALPHABET}]{${n}}$`);
let t: TestApp;

before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

interface U {
  id: string;
  email: string;
  name: string;
  token: string;
}

const user = (name = 'Partner'): Promise<U> => ccSignUp(t, { name, tag: 'couples', password: 'couples-pass' });

const call = (u: U | undefined, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown) =>
  t.app.inject({ method, url: `${P}${path}`, ...(u ? { headers: bearer(u.token) } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });

async function invite(u: U): Promise<{ code: string; expires_at: string }> {
  const r = await call(u, 'POST', '/couples/invite');
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

async function couple(a: U, b: U) {
  const { code } = await invite(a);
  const r = await call(b, 'POST', '/couples/join', { code });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { id: string; status: string; members: { user_id: string; role: string }[] };
}

async function activeCouplesOf(userId: string): Promise<number> {
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM couple_compass.couple_members WHERE user_id = $1 AND active`, [userId]);
  return rows[0]!.n as number;
}

async function linkRow(code: string) {
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT status, couple_id, used_by_user_id FROM couple_compass.partner_links WHERE code = $1`, [code]);
  return rows[0] as { status: string; couple_id: string | null; used_by_user_id: string | null } | undefined;
}

describe('works', () => {
  test('invite: an 8-character code from the unambiguous alphabet, valid about 24 h', async () => {
    const a = await user();
    const { code, expires_at } = await invite(a);
    assert.match(code, codeOf(8));
    assert.doesNotMatch(code, /[0O1I]/);
    const ahead = new Date(expires_at).getTime() - Date.now();
    assert.ok(Math.abs(ahead - 24 * 3600_000) < 60_000, `expires in ${ahead} ms`);
    assert.equal((await linkRow(code))!.status, 'pending');
  });

  test('a second invite replaces the first: the old code is refused', async () => {
    const a = await user();
    const b = await user();
    const first = await invite(a);
    const second = await invite(a);
    assert.notEqual(first.code, second.code);
    const old = await call(b, 'POST', '/couples/join', { code: first.code });
    assert.equal(old.statusCode, 400, old.body);
    assert.equal(typeof old.json().detail, 'string');
    const { rows } = await t.runtime.db.sql.executeSql(
      `SELECT count(*)::int AS n FROM couple_compass.partner_links WHERE created_by_user_id = $1 AND status = 'pending'`,
      [a.id],
    );
    assert.equal(rows[0]!.n, 1);
    assert.equal((await call(b, 'POST', '/couples/join', { code: second.code })).statusCode, 200);
  });

  test('join (case-insensitive, dashes and spaces ignored) → the couple with both members', async () => {
    const a = await user('Creator');
    const b = await user('Joiner');
    const { code } = await invite(a);
    const typed = ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4).toLowerCase()} `;
    const r = await call(b, 'POST', '/couples/join', { code: typed });
    assert.equal(r.statusCode, 200, r.body);
    const c = r.json();
    assert.equal(c.status, 'active');
    assert.equal(c.anniversary_date, null);
    assert.equal(c.members.length, 2);
    const byUser = Object.fromEntries(c.members.map((m: { user_id: string }) => [m.user_id, m]));
    assert.equal(byUser[a.id].role, 'admin');
    assert.equal(byUser[a.id].name, 'Creator');
    assert.equal(byUser[a.id].email, a.email);
    assert.equal(byUser[b.id].role, 'partner');
    assert.equal(byUser[b.id].name, 'Joiner');
    const link = (await linkRow(code))!;
    assert.equal(link.status, 'used');
    assert.equal(link.couple_id, c.id);
    assert.equal(link.used_by_user_id, b.id);
    // Both see the same couple.
    for (const u of [a, b]) {
      const me = await call(u, 'GET', '/couples/me');
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().id, c.id);
      assert.equal(me.json().members.length, 2);
    }
  });

  test('PATCH /couples/me: paused, active, anniversary date set and cleared', async () => {
    const a = await user();
    const b = await user();
    const c = await couple(a, b);
    const paused = await call(b, 'PATCH', '/couples/me', { status: 'paused' });
    assert.equal(paused.statusCode, 200, paused.body);
    assert.equal(paused.json().status, 'paused');
    // A paused couple is still the couple: members stay linked.
    assert.equal((await call(a, 'GET', '/couples/me')).json().status, 'paused');
    assert.equal(await activeCouplesOf(a.id), 1);
    const anniv = await call(a, 'PATCH', '/couples/me', { status: 'active', anniversary_date: '2019-06-01' });
    assert.equal(anniv.statusCode, 200, anniv.body);
    assert.equal(anniv.json().status, 'active');
    assert.equal(anniv.json().anniversary_date, '2019-06-01T00:00:00.000Z');
    assert.equal(typeof anniv.json().updated_at, 'string');
    const dt = await call(a, 'PATCH', '/couples/me', { anniversary_date: '2018-03-04T18:30:00Z' });
    assert.equal(dt.json().anniversary_date, '2018-03-04T18:30:00.000Z');
    assert.equal(dt.json().status, 'active');
    const cleared = await call(a, 'PATCH', '/couples/me', { anniversary_date: null });
    assert.equal(cleared.json().anniversary_date, null);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT status, anniversary_date FROM couple_compass.couples WHERE id = $1`, [c.id]);
    assert.deepEqual(rows[0], { status: 'active', anniversary_date: null });
  });

  test('ending a couple frees both: each can link again with someone else', async () => {
    const a = await user();
    const b = await user();
    const c = await couple(a, b);
    const ended = await call(a, 'PATCH', '/couples/me', { status: 'ended' });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json().status, 'ended');
    for (const u of [a, b]) {
      const me = await call(u, 'GET', '/couples/me');
      assert.equal(me.statusCode, 404);
      assert.deepEqual(me.json(), NOT_FOUND);
      assert.equal(await activeCouplesOf(u.id), 0);
    }
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT status FROM couple_compass.couples WHERE id = $1`, [c.id]);
    assert.equal(rows[0]!.status, 'ended');
    const c2 = await couple(a, await user());
    const c3 = await couple(await user(), b);
    assert.notEqual(c2.id, c.id);
    assert.notEqual(c3.id, c2.id);
    assert.equal(await activeCouplesOf(a.id), 1);
    assert.equal(await activeCouplesOf(b.id), 1);
  });

  test('GET /partner/status before and after linking; generate-code; link with a lower-case code', async () => {
    const a = await user('Sky');
    const b = await user('River');
    const before = await call(a, 'GET', '/partner/status');
    assert.equal(before.statusCode, 200);
    assert.deepEqual(before.json(), { has_partner: false, partner: null, active_code: null, active_code_expires_at: null, couple_id: null });

    const gen = await call(a, 'POST', '/partner/generate-code');
    assert.equal(gen.statusCode, 200, gen.body);
    const { code, expires_at, message } = gen.json();
    assert.match(code, codeOf(6));
    assert.match(message, /valid for 24 hours/);
    assert.ok(Math.abs(new Date(expires_at).getTime() - Date.now() - 24 * 3600_000) < 60_000);
    const pending = (await call(a, 'GET', '/partner/status')).json();
    assert.deepEqual([pending.active_code, pending.active_code_expires_at, pending.has_partner], [code, expires_at, false]);

    const link = await call(b, 'POST', '/partner/link', { code: code.toLowerCase() });
    assert.equal(link.statusCode, 200, link.body);
    assert.equal(link.json().success, true);
    assert.equal(link.json().message, 'Successfully linked with Sky!');
    const linkedAt = link.json().partner.linked_at as string;
    assert.deepEqual(link.json().partner, { id: a.id, name: 'Sky', email: a.email, linked_at: linkedAt });
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT couple_id, joined_at FROM couple_compass.couple_members WHERE user_id = $1 AND active`, [b.id]);
    const coupleId = rows[0]!.couple_id as string;
    assert.equal((rows[0]!.joined_at as Date).toISOString(), linkedAt);

    const sa = (await call(a, 'GET', '/partner/status')).json();
    assert.deepEqual(sa, {
      has_partner: true,
      partner: { id: b.id, name: 'River', email: b.email, linked_at: linkedAt },
      active_code: null,
      active_code_expires_at: null,
      couple_id: coupleId,
    });
    const sb = (await call(b, 'GET', '/partner/status')).json();
    assert.deepEqual(sb.partner, { id: a.id, name: 'Sky', email: a.email, linked_at: linkedAt });
    // The seed's view of the same data.
    assert.equal((await call(b, 'GET', '/couples/me')).json().id, coupleId);
  });

  test('DELETE /partner/unlink: both are unlinked, the couple is ended', async () => {
    const a = await user();
    const b = await user();
    const c = await couple(a, b);
    const r = await call(b, 'DELETE', '/partner/unlink');
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().success, true);
    assert.match(r.json().message, /unlinked/i);
    for (const u of [a, b]) {
      const s = (await call(u, 'GET', '/partner/status')).json();
      assert.equal(s.has_partner, false);
      assert.equal(s.partner, null);
      assert.equal(s.couple_id, null);
      assert.equal((await call(u, 'GET', '/couples/me')).statusCode, 404);
    }
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT status FROM couple_compass.couples WHERE id = $1`, [c.id]);
    assert.equal(rows[0]!.status, 'ended');
    // Free again: a new code works.
    assert.equal((await call(a, 'POST', '/partner/generate-code')).statusCode, 200);
  });
});

describe('rejects bad input', () => {
  test('own code → 400', async () => {
    const a = await user();
    const { code } = await invite(a);
    const r = await call(a, 'POST', '/couples/join', { code });
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json(), { detail: 'You cannot use your own invite code' });
    assert.equal((await linkRow(code))!.status, 'pending');
    assert.equal(await activeCouplesOf(a.id), 0);
  });

  test('unknown or malformed codes → 400', async () => {
    const b = await user();
    for (const code of ['ZZZZZZZZ', '!!!', 'a', 'ABCDEFGHJK']) {
      const r = await call(b, 'POST', '/couples/join', { code });
      assert.equal(r.statusCode, 400, `${code}: ${r.body}`);
      assert.deepEqual(r.json(), { detail: 'Invalid invite code' });
    }
    assert.equal((await call(b, 'POST', '/partner/link', { code: 'zzzzzz' })).statusCode, 400);
  });

  test('a used code → 400', async () => {
    const a = await user();
    const b = await user();
    const c = await user();
    const { code } = await invite(a);
    assert.equal((await call(b, 'POST', '/couples/join', { code })).statusCode, 200);
    const r = await call(c, 'POST', '/couples/join', { code });
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json(), { detail: 'This invite code has already been used' });
    assert.equal(await activeCouplesOf(c.id), 0);
  });

  test('an expired code → 400 and is marked expired', async () => {
    const a = await user();
    const b = await user();
    const { code } = await invite(a);
    await t.runtime.db.sql.executeSql(`UPDATE couple_compass.partner_links SET expires_at = now() - interval '1 minute' WHERE code = $1`, [code]);
    const r = await call(b, 'POST', '/couples/join', { code });
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json(), { detail: 'This invite code has expired' });
    assert.equal((await linkRow(code))!.status, 'expired');
    assert.equal(await activeCouplesOf(b.id), 0);
    // An expired code is no longer shown as pending.
    assert.equal((await call(a, 'GET', '/partner/status')).json().active_code, null);
  });

  test('the joiner already in an active couple → 409', async () => {
    const a = await user();
    const b = await user();
    const c = await user();
    await couple(a, b);
    const { code } = await invite(c);
    const r = await call(b, 'POST', '/couples/join', { code });
    assert.equal(r.statusCode, 409, r.body);
    assert.deepEqual(r.json(), { detail: 'You are already in a couple' });
    assert.equal((await linkRow(code))!.status, 'pending');
  });

  test('the creator already in an active couple → 409', async () => {
    const a = await user();
    const b = await user();
    const c = await user();
    const { code } = await invite(a);
    // a links with b through b's code, then the old code is made pending again (as if two requests had crossed).
    await couple(b, a);
    await t.runtime.db.sql.executeSql(`UPDATE couple_compass.partner_links SET status = 'pending' WHERE code = $1`, [code]);
    const r = await call(c, 'POST', '/couples/join', { code });
    assert.equal(r.statusCode, 409, r.body);
    assert.deepEqual(r.json(), { detail: 'The person who shared this code is already in a couple' });
    assert.equal(await activeCouplesOf(c.id), 0);
    assert.equal(await activeCouplesOf(a.id), 1);
  });

  test('inviting while in a couple → 409', async () => {
    const a = await user();
    const b = await user();
    await couple(a, b);
    for (const path of ['/couples/invite', '/partner/generate-code']) {
      const r = await call(a, 'POST', path);
      assert.equal(r.statusCode, 409, r.body);
    }
  });

  test('joining an already-used code of a couple that has ended → 400, not a new couple', async () => {
    const a = await user();
    const b = await user();
    const { code } = await invite(a);
    assert.equal((await call(b, 'POST', '/couples/join', { code })).statusCode, 200);
    await call(a, 'PATCH', '/couples/me', { status: 'ended' });
    const r = await call(await user(), 'POST', '/couples/join', { code });
    assert.equal(r.statusCode, 400);
  });

  test('several users racing for one code: exactly one wins, no 500, one couple', async () => {
    const a = await user();
    const racers = await Promise.all([1, 2, 3, 4].map(() => user()));
    const { code } = await invite(a);
    const rs = await Promise.all(racers.map((u) => call(u, 'POST', '/couples/join', { code })));
    const statuses = rs.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 200).length, 1, JSON.stringify(statuses));
    for (const r of rs) assert.ok(r.statusCode === 200 || r.statusCode === 400 || r.statusCode === 409, `${r.statusCode} ${r.body}`);
    const { rows } = await t.runtime.db.sql.executeSql(
      `SELECT count(DISTINCT m.couple_id)::int AS couples, count(*)::int AS members
         FROM couple_compass.couple_members m
        WHERE m.couple_id IN (SELECT couple_id FROM couple_compass.couple_members WHERE user_id = $1)`,
      [a.id],
    );
    assert.deepEqual(rows[0], { couples: 1, members: 2 });
    const link = (await linkRow(code))!;
    assert.equal(link.status, 'used');
    const winner = racers[statuses.indexOf(200)]!;
    assert.equal(link.used_by_user_id, winner.id);
    for (const u of racers) assert.equal(await activeCouplesOf(u.id), u === winner ? 1 : 0);
  });

  test("two users joining each other's codes at once: one couple, no 500", async () => {
    for (let round = 0; round < 3; round++) {
      const a = await user();
      const b = await user();
      const [ca, cb] = [await invite(a), await invite(b)];
      const rs = await Promise.all([call(a, 'POST', '/couples/join', { code: cb.code }), call(b, 'POST', '/couples/join', { code: ca.code })]);
      const statuses = rs.map((r) => r.statusCode).sort();
      assert.ok(statuses[0] === 200 && (statuses[1] === 400 || statuses[1] === 409), `${JSON.stringify(statuses)} ${rs.map((r) => r.body).join(' | ')}`);
      assert.equal(await activeCouplesOf(a.id), 1);
      assert.equal(await activeCouplesOf(b.id), 1);
      assert.equal((await call(a, 'GET', '/couples/me')).json().id, (await call(b, 'GET', '/couples/me')).json().id);
    }
  });

  test("a chain at once (b uses a's code while c uses b's): one couple, no 500", async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b, c] = [await user(), await user(), await user()];
      const [ca, cb] = [await invite(a), await invite(b)];
      const rs = await Promise.all([call(b, 'POST', '/couples/join', { code: ca.code }), call(c, 'POST', '/couples/join', { code: cb.code })]);
      const statuses = rs.map((r) => r.statusCode).sort();
      assert.ok(statuses[0] === 200 && (statuses[1] === 400 || statuses[1] === 409), `${JSON.stringify(statuses)} ${rs.map((r) => r.body).join(' | ')}`);
      assert.equal(await activeCouplesOf(b.id), 1);
      assert.equal((await activeCouplesOf(a.id)) + (await activeCouplesOf(c.id)), 1);
    }
  });

  test('join body: missing code, wrong type, too long → 422 naming body.code', async () => {
    const b = await user();
    for (const payload of [{}, { code: 12345678 }, { code: 'A'.repeat(21) }, { code: '' }]) {
      const r = await call(b, 'POST', '/couples/join', payload);
      assert.equal(r.statusCode, 422, r.body);
      assert.deepEqual(r.json().detail[0].loc, ['body', 'code']);
      const l = await call(b, 'POST', '/partner/link', payload);
      assert.equal(l.statusCode, 422, l.body);
      assert.deepEqual(l.json().detail[0].loc, ['body', 'code']);
    }
  });

  test('PATCH /couples/me: a bad status or date → 422 naming the field, nothing changes', async () => {
    const a = await user();
    const b = await user();
    const c = await couple(a, b);
    const cases: [unknown, string[]][] = [
      [{ status: 'divorced' }, ['body', 'status']],
      [{ status: 'ACTIVE' }, ['body', 'status']],
      [{ status: 3 }, ['body', 'status']],
      [{ anniversary_date: 'last spring' }, ['body', 'anniversary_date']],
      [{ anniversary_date: '2021-02-30' }, ['body', 'anniversary_date']],
      [{ anniversary_date: '0000-01-01' }, ['body', 'anniversary_date']],
      [{ anniversary_date: 20200101 }, ['body', 'anniversary_date']],
    ];
    for (const [payload, loc] of cases) {
      const r = await call(a, 'PATCH', '/couples/me', payload);
      assert.equal(r.statusCode, 422, `${JSON.stringify(payload)}: ${r.body}`);
      assert.ok(
        (r.json().detail as { loc: string[] }[]).some((d) => JSON.stringify(d.loc) === JSON.stringify(loc)),
        r.body,
      );
    }
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT status, anniversary_date FROM couple_compass.couples WHERE id = $1`, [c.id]);
    assert.deepEqual(rows[0], { status: 'active', anniversary_date: null });
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401 on every couples and partner route', async () => {
    const routes: GuardedRoute[] = [
      ['POST', '/couples/invite'],
      ['POST', '/couples/join', { code: 'ABCDEFGH' }],
      ['GET', '/couples/me'],
      ['PATCH', '/couples/me', { status: 'ended' }],
      ['GET', '/partner/status'],
      ['POST', '/partner/generate-code'],
      ['POST', '/partner/link', { code: 'ABCDEF' }],
      ['DELETE', '/partner/unlink'],
    ];
    await expectBearer401(t, P, routes);
  });

  test('GET /couples/me without a couple → 404 with the seed body', async () => {
    const u = await user();
    const r = await call(u, 'GET', '/couples/me');
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), NOT_FOUND);
    const p = await call(u, 'PATCH', '/couples/me', { status: 'paused' });
    assert.equal(p.statusCode, 404);
    assert.deepEqual(p.json(), NOT_FOUND);
  });

  test('a third user never sees or changes the couple', async () => {
    const a = await user();
    const b = await user();
    const outsider = await user();
    const c = await couple(a, b);
    const me = await call(outsider, 'GET', '/couples/me');
    assert.equal(me.statusCode, 404);
    assert.deepEqual(me.json(), NOT_FOUND);
    for (const payload of [{ status: 'ended' }, { anniversary_date: '2000-01-01' }]) {
      const r = await call(outsider, 'PATCH', '/couples/me', payload);
      assert.equal(r.statusCode, 404);
      assert.deepEqual(r.json(), NOT_FOUND);
    }
    const un = await call(outsider, 'DELETE', '/partner/unlink');
    assert.equal(un.statusCode, 404);
    assert.deepEqual(un.json(), NOT_FOUND);
    const s = (await call(outsider, 'GET', '/partner/status')).json();
    assert.equal(s.has_partner, false);
    assert.equal(s.couple_id, null);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT status, anniversary_date FROM couple_compass.couples WHERE id = $1`, [c.id]);
    assert.deepEqual(rows[0], { status: 'active', anniversary_date: null });
    assert.equal(await activeCouplesOf(a.id), 1);
    assert.equal(await activeCouplesOf(b.id), 1);
    // A body naming the couple changes nothing either: the couple is always the caller's own.
    const sneaky = await call(outsider, 'PATCH', '/couples/me', { id: c.id, couple_id: c.id, status: 'ended' });
    assert.equal(sneaky.statusCode, 404);
  });

  test('unlink when not linked → 404; after the couple ended, its former members get 404 too', async () => {
    const a = await user();
    const b = await user();
    const r = await call(a, 'DELETE', '/partner/unlink');
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), NOT_FOUND);
    await couple(a, b);
    assert.equal((await call(a, 'DELETE', '/partner/unlink')).statusCode, 200);
    for (const u of [a, b]) {
      assert.equal((await call(u, 'DELETE', '/partner/unlink')).statusCode, 404);
      assert.equal((await call(u, 'PATCH', '/couples/me', { status: 'active' })).statusCode, 404, 'an ended couple cannot be revived');
    }
  });
});
