// Project Inside consent in the mobile app's vocabulary: templates (by relationship type), my versioned consent (me or
// my id), every member's consent with member_status; accepted members only.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { HTTPMethods } from 'fastify';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { ALL_SCOPES, piCall, piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';

let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['project-inside'], jobs: false });
});
after(async () => {
  await t.close();
});

type U = PiUser;

const signup = (displayName = 'Member'): Promise<U> => piSignup(t, { displayName, tag: 'pi-consent' });

const call = (u: U | null, method: HTTPMethods, url: string, payload?: unknown) => piCall(t, u, method, url, payload);

async function couple(type = 'couple', accept = true) {
  const a = await signup('Ana');
  const b = await signup('Ben');
  const r = await call(a, 'POST', '/relationships', { type, member_ids: [b.id] });
  assert.equal(r.statusCode, 200, r.body);
  const rid = r.json().id as string;
  if (accept) assert.equal((await call(b, 'POST', `/relationships/${rid}/accept`)).statusCode, 200);
  return { a, b, rid };
}

async function consentRow(rid: string, uid: string) {
  const { rows } = await t.runtime.db.sql.executeSql(
    `SELECT scopes, status, version FROM project_inside.consents WHERE relationship_id = $1 AND user_id = $2`,
    [rid, uid],
  );
  return rows[0] as { scopes: string[]; status: string; version: number } | undefined;
}

describe('works', () => {
  test("templates in the app's fields, by relationship type, built from the scope vocabulary", async () => {
    const expected: [string, string[]][] = [
      ['romantic', ['COUPLE_DEFAULT', 'PRIVATE_COUPLE', 'ENHANCED_COUPLE']],
      ['couple', ['COUPLE_DEFAULT', 'PRIVATE_COUPLE', 'ENHANCED_COUPLE']],
      ['family', ['FAMILY_DEFAULT']],
      ['sibling', ['FAMILY_DEFAULT']],
      ['friend', ['FRIEND_DEFAULT']],
      ['colleague', ['DEFAULT']],
    ];
    for (const [type, ids] of expected) {
      const { a, rid } = await couple(type);
      const r = await call(a, 'GET', `/relationships/${rid}/consent/templates`);
      assert.equal(r.statusCode, 200, r.body);
      const list = r.json() as { template_id: string; title: string; description: string; scopes: string[] }[];
      assert.deepEqual(
        list.map((x) => x.template_id),
        ids,
        type,
      );
      for (const tpl of list) {
        assert.deepEqual(Object.keys(tpl).sort(), ['description', 'scopes', 'template_id', 'title']);
        assert.ok(tpl.scopes.includes('REALTIME_FEATURES_ONLY'));
        for (const s of tpl.scopes) assert.ok(ALL_SCOPES.includes(s), s);
      }
    }
  });

  test('version: 1 on the first write, same on an identical PUT, +1 per change; `me` and my id are the same', async () => {
    const { a, rid } = await couple();
    const put = (uid: string, body: unknown) => call(a, 'PUT', `/relationships/${rid}/consent/${uid}`, body);
    const first = await put('me', { scopes: ['SUMMARY_SHARED', 'REALTIME_FEATURES_ONLY'], status: 'ACTIVE' });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { ok: true, version: 1 });
    // Same scopes in another order (and duplicated), status left to its default ACTIVE: no change.
    const same = await put(a.id, { scopes: ['REALTIME_FEATURES_ONLY', 'SUMMARY_SHARED', 'SUMMARY_SHARED'] });
    assert.deepEqual(same.json(), { ok: true, version: 1 });
    const fewer = await put(a.id, { scopes: ['REALTIME_FEATURES_ONLY'], status: 'ACTIVE' });
    assert.deepEqual(fewer.json(), { ok: true, version: 2 });
    const revoked = await put('me', { scopes: ['REALTIME_FEATURES_ONLY'], status: 'REVOKED' });
    assert.deepEqual(revoked.json(), { ok: true, version: 3 });
    assert.deepEqual(await consentRow(rid, a.id), { scopes: ['REALTIME_FEATURES_ONLY'], status: 'REVOKED', version: 3 });
  });

  test('concurrent changing PUTs each count: no lost increment', async () => {
    const { a, rid } = await couple();
    // Eight different answers (scope sets and statuses): every write is a change, whatever order they land in.
    const rs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(a, 'PUT', `/relationships/${rid}/consent/me`, { scopes: ALL_SCOPES.filter((_s, k) => ((i + 1) >> k) & 1), status: i < 7 ? 'ACTIVE' : 'DRAFT' }),
      ),
    );
    for (const r of rs) assert.equal(r.statusCode, 200, r.body);
    const versions = rs.map((r) => r.json().version as number).sort((x, y) => x - y);
    // Each write saw the previous one: versions 1..8, and the row holds 8.
    assert.deepEqual(versions, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal((await consentRow(rid, a.id))!.version, 8);
  });

  test('GET /consent: every member with member_status, DRAFT/version 0 until they answer', async () => {
    const { a, b, rid } = await couple();
    await call(a, 'PUT', `/relationships/${rid}/consent/me`, { scopes: ['REALTIME_FEATURES_ONLY'], status: 'ACTIVE' });
    const r = await call(b, 'GET', `/relationships/${rid}/consent`);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json() as { relationship_id: string; relationship_status: string; members: Record<string, unknown>[] };
    assert.equal(body.relationship_id, rid);
    assert.equal(body.relationship_status, 'active');
    assert.equal(body.members.length, 2);
    const ma = body.members.find((m) => m.user_id === a.id)!;
    const mb = body.members.find((m) => m.user_id === b.id)!;
    assert.deepEqual(
      { ...ma, updated_at: typeof ma.updated_at },
      {
        user_id: a.id,
        display_name: 'Ana',
        member_status: 'ACCEPTED',
        consent_status: 'ACTIVE',
        scopes: ['REALTIME_FEATURES_ONLY'],
        version: 1,
        updated_at: 'string',
      },
    );
    assert.deepEqual(mb, { user_id: b.id, display_name: 'Ben', member_status: 'ACCEPTED', consent_status: 'DRAFT', scopes: [], version: 0, updated_at: null });
  });

  test('a member who has not accepted is listed as INVITED and nothing else; they cannot read or answer consent yet', async () => {
    const { a, b, rid } = await couple('couple', false);
    const r = await call(a, 'GET', `/relationships/${rid}/consent`);
    assert.equal(r.statusCode, 200, r.body);
    const mb = (r.json().members as Record<string, unknown>[]).find((m) => m.user_id === b.id);
    assert.deepEqual(mb, { user_id: b.id, display_name: null, member_status: 'INVITED', consent_status: 'DRAFT', scopes: [], version: 0, updated_at: null });
    assert.doesNotMatch(r.body, /Ben/);
    assert.equal((await call(b, 'GET', `/relationships/${rid}/consent`)).statusCode, 403);
    assert.equal((await call(b, 'PUT', `/relationships/${rid}/consent/me`, { scopes: ALL_SCOPES })).statusCode, 403);
    assert.equal(await consentRow(rid, b.id), undefined);
  });
});

describe('bad input', () => {
  test('unknown scope, bad status, missing fields → 422 naming the field; nothing written', async () => {
    const { a, rid } = await couple();
    const cases: [unknown, (string | number)[]][] = [
      [{ scopes: ['mind_reading'], status: 'ACTIVE' }, ['body', 'scopes', 0]],
      [{ scopes: ['SUMMARY_SHARED', 'realtime_features_only'], status: 'ACTIVE' }, ['body', 'scopes', 1]],
      [{ scopes: 'SUMMARY_SHARED', status: 'ACTIVE' }, ['body', 'scopes']],
      [{ scopes: ['SUMMARY_SHARED'], status: 'MAYBE' }, ['body', 'status']],
      [{ scopes: ['SUMMARY_SHARED'], status: 'ACCEPTED' }, ['body', 'status']],
      [{ scopes: Array(9).fill('SUMMARY_SHARED'), status: 'ACTIVE' }, ['body', 'scopes']],
      [{ status: 'ACTIVE' }, ['body', 'scopes']],
    ];
    for (const [payload, loc] of cases) {
      const r = await call(a, 'PUT', `/relationships/${rid}/consent/me`, payload);
      assert.equal(r.statusCode, 422, r.body);
      assert.ok(
        (r.json().detail as { loc: unknown[] }[]).some((d) => JSON.stringify(d.loc) === JSON.stringify(loc)),
        `${JSON.stringify(payload)}: ${r.body}`,
      );
      assert.match(r.json().message, new RegExp(`^${loc.slice(1).join('\\.')}`), r.body);
    }
    assert.equal(await consentRow(rid, a.id), undefined);
  });

  test('uid neither a uuid nor `me`, rid not a uuid → 422; unknown relationship → 404', async () => {
    const { a, rid } = await couple();
    const body = { scopes: [], status: 'DRAFT' };
    const r = await call(a, 'PUT', `/relationships/${rid}/consent/myself`, body);
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().detail[0].loc[1], 'uid');
    const r2 = await call(a, 'GET', `/relationships/nope/consent`);
    assert.equal(r2.statusCode, 422);
    const unknown = '00000000-0000-4000-8000-000000000000';
    assert.equal((await call(a, 'GET', `/relationships/${unknown}/consent`)).statusCode, 404);
    assert.equal((await call(a, 'PUT', `/relationships/${unknown}/consent/me`, body)).statusCode, 404);
    assert.equal((await call(a, 'GET', `/relationships/${unknown}/consent/templates`)).statusCode, 404);
  });
});

describe('wrong user', () => {
  test('no credentials → 401', async () => {
    const { rid } = await couple();
    assert.equal((await call(null, 'GET', `/relationships/${rid}/consent`)).statusCode, 401);
    assert.equal((await call(null, 'GET', `/relationships/${rid}/consent/templates`)).statusCode, 401);
    assert.equal((await call(null, 'PUT', `/relationships/${rid}/consent/me`, { scopes: [], status: 'DRAFT' })).statusCode, 401);
  });

  test("another member's uid → 403 and their consent is untouched", async () => {
    const { a, b, rid } = await couple();
    await call(b, 'PUT', `/relationships/${rid}/consent/me`, { scopes: ['SUMMARY_SHARED'], status: 'ACTIVE' });
    const r = await call(a, 'PUT', `/relationships/${rid}/consent/${b.id}`, { scopes: [], status: 'REVOKED' });
    assert.equal(r.statusCode, 403, r.body);
    assert.deepEqual(await consentRow(rid, b.id), { scopes: ['SUMMARY_SHARED'], status: 'ACTIVE', version: 1 });
    assert.equal(await consentRow(rid, a.id), undefined);
  });

  test('a non-member → 403 on all three with none of the data; an ended relationship → 404', async () => {
    const { a, b, rid } = await couple();
    await call(a, 'PUT', `/relationships/${rid}/consent/me`, { scopes: ['SUMMARY_SHARED'], status: 'ACTIVE' });
    const stranger = await signup('Stranger');
    const list = await call(stranger, 'GET', `/relationships/${rid}/consent`);
    assert.equal(list.statusCode, 403);
    assert.doesNotMatch(list.body, new RegExp(`${a.id}|${b.id}|Ana|Ben`));
    assert.equal((await call(stranger, 'GET', `/relationships/${rid}/consent/templates`)).statusCode, 403);
    assert.equal((await call(stranger, 'PUT', `/relationships/${rid}/consent/me`, { scopes: [], status: 'DRAFT' })).statusCode, 403);
    assert.equal(await consentRow(rid, stranger.id), undefined);
    assert.equal((await call(a, 'DELETE', `/relationships/${rid}`)).statusCode, 204);
    assert.equal((await call(b, 'GET', `/relationships/${rid}/consent`)).statusCode, 404);
    assert.equal((await call(b, 'PUT', `/relationships/${rid}/consent/me`, { scopes: [], status: 'DRAFT' })).statusCode, 404);
  });
});
