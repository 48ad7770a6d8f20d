// Project Inside consent: templates, my versioned consent (me or my id), every member's consent; members only.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { HTTPMethods } from 'fastify';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { piCall, piSignup, type PiUser } from '../../../test/helpers/project-inside.js';

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

async function couple() {
  const a = await signup('Ana');
  const b = await signup('Ben');
  const r = await call(a, 'POST', '/relationships', { type: 'couple', member_ids: [b.id] });
  assert.equal(r.statusCode, 200, r.body);
  return { a, b, rid: r.json().id as string };
}

async function consentRow(rid: string, uid: string) {
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT scopes, status, version FROM project_inside.consents WHERE relationship_id = $1 AND user_id = $2`, [rid, uid]);
  return rows[0] as { scopes: string[]; status: string; version: number } | undefined;
}

describe('works', () => {
  test('templates are built from the scope catalogue', async () => {
    const { a, rid } = await couple();
    const r = await call(a, 'GET', `/relationships/${rid}/consent/templates`);
    assert.equal(r.statusCode, 200, r.body);
    const list = r.json() as { id: string; name: string; description: string; scopes: string[] }[];
    assert.ok(list.length >= 2);
    const catalogue = new Set(['audio_features', 'live_nudges', 'session_reports', 'transcripts', 'activity_suggestions', 'share_reports_with_partner']);
    for (const tpl of list) {
      assert.equal(typeof tpl.id, 'string');
      assert.equal(typeof tpl.name, 'string');
      assert.equal(typeof tpl.description, 'string');
      assert.ok(tpl.scopes.length > 0);
      for (const s of tpl.scopes) assert.ok(catalogue.has(s), s);
    }
  });

  test('version: 1 on the first write, same on an identical PUT, +1 per change; `me` and my id are the same', async () => {
    const { a, rid } = await couple();
    const put = (uid: string, body: unknown) => call(a, 'PUT', `/relationships/${rid}/consent/${uid}`, body);
    const first = await put('me', { scopes: ['live_nudges', 'audio_features'], status: 'ACCEPTED' });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { ok: true, version: 1 });
    // Same scopes in another order (and duplicated): no change.
    const same = await put(a.id, { scopes: ['audio_features', 'live_nudges', 'live_nudges'], status: 'ACCEPTED' });
    assert.deepEqual(same.json(), { ok: true, version: 1 });
    const more = await put(a.id, { scopes: ['audio_features', 'live_nudges', 'session_reports'], status: 'ACCEPTED' });
    assert.deepEqual(more.json(), { ok: true, version: 2 });
    const revoked = await put('me', { scopes: ['audio_features', 'live_nudges', 'session_reports'], status: 'REVOKED' });
    assert.deepEqual(revoked.json(), { ok: true, version: 3 });
    assert.deepEqual(await consentRow(rid, a.id), { scopes: ['audio_features', 'live_nudges', 'session_reports'], status: 'REVOKED', version: 3 });
  });

  test('concurrent changing PUTs each count: no lost increment', async () => {
    const { a, rid } = await couple();
    const catalogue = ['audio_features', 'live_nudges', 'session_reports', 'transcripts', 'activity_suggestions', 'share_reports_with_partner'];
    // Eight different scope sets: every write is a change, whatever order they land in.
    const rs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(a, 'PUT', `/relationships/${rid}/consent/me`, { scopes: catalogue.filter((_s, k) => ((i + 1) >> k) & 1), status: 'ACCEPTED' }),
      ),
    );
    for (const r of rs) assert.equal(r.statusCode, 200, r.body);
    const versions = rs.map((r) => r.json().version as number).sort((x, y) => x - y);
    // Each write saw the previous one: versions 1..8, and the row holds 8.
    assert.deepEqual(versions, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal((await consentRow(rid, a.id))!.version, 8);
  });

  test('GET /consent: every member, PENDING/version 0 until they answer', async () => {
    const { a, b, rid } = await couple();
    await call(a, 'PUT', `/relationships/${rid}/consent/me`, { scopes: ['live_nudges'], status: 'ACCEPTED' });
    const r = await call(b, 'GET', `/relationships/${rid}/consent`);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json() as { relationship_id: string; members: { user_id: string; display_name: string; status: string; scopes: string[]; version: number; updated_at: string | null }[] };
    assert.equal(body.relationship_id, rid);
    assert.equal(body.members.length, 2);
    const ma = body.members.find((m) => m.user_id === a.id)!;
    const mb = body.members.find((m) => m.user_id === b.id)!;
    assert.deepEqual({ ...ma, updated_at: typeof ma.updated_at }, { user_id: a.id, display_name: 'Ana', status: 'ACCEPTED', scopes: ['live_nudges'], version: 1, updated_at: 'string' });
    assert.deepEqual(mb, { user_id: b.id, display_name: 'Ben', status: 'PENDING', scopes: [], version: 0, updated_at: null });
  });
});

describe('bad input', () => {
  test('unknown scope, bad status, missing fields → 422 naming the field; nothing written', async () => {
    const { a, rid } = await couple();
    const cases: [unknown, (string | number)[]][] = [
      [{ scopes: ['mind_reading'], status: 'ACCEPTED' }, ['body', 'scopes', 0]],
      [{ scopes: ['live_nudges', 'x'], status: 'ACCEPTED' }, ['body', 'scopes', 1]],
      [{ scopes: 'live_nudges', status: 'ACCEPTED' }, ['body', 'scopes']],
      [{ scopes: ['live_nudges'], status: 'MAYBE' }, ['body', 'status']],
      [{ scopes: ['live_nudges'] }, ['body', 'status']],
      [{ status: 'ACCEPTED' }, ['body', 'scopes']],
    ];
    for (const [payload, loc] of cases) {
      const r = await call(a, 'PUT', `/relationships/${rid}/consent/me`, payload);
      assert.equal(r.statusCode, 422, r.body);
      assert.ok(
        (r.json().detail as { loc: unknown[] }[]).some((d) => JSON.stringify(d.loc) === JSON.stringify(loc)),
        `${JSON.stringify(payload)}: ${r.body}`,
      );
    }
    assert.equal(await consentRow(rid, a.id), undefined);
  });

  test('uid neither a uuid nor `me`, rid not a uuid → 422; unknown relationship → 404', async () => {
    const { a, rid } = await couple();
    const body = { scopes: [], status: 'PENDING' };
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
    assert.equal((await call(null, 'PUT', `/relationships/${rid}/consent/me`, { scopes: [], status: 'PENDING' })).statusCode, 401);
  });

  test("another member's uid → 403 and their consent is untouched", async () => {
    const { a, b, rid } = await couple();
    await call(b, 'PUT', `/relationships/${rid}/consent/me`, { scopes: ['live_nudges'], status: 'ACCEPTED' });
    const r = await call(a, 'PUT', `/relationships/${rid}/consent/${b.id}`, { scopes: [], status: 'REVOKED' });
    assert.equal(r.statusCode, 403, r.body);
    assert.deepEqual(await consentRow(rid, b.id), { scopes: ['live_nudges'], status: 'ACCEPTED', version: 1 });
    assert.equal(await consentRow(rid, a.id), undefined);
  });

  test('a non-member → 403 on all three with none of the data; an ended relationship → 404', async () => {
    const { a, b, rid } = await couple();
    await call(a, 'PUT', `/relationships/${rid}/consent/me`, { scopes: ['live_nudges'], status: 'ACCEPTED' });
    const stranger = await signup('Stranger');
    const list = await call(stranger, 'GET', `/relationships/${rid}/consent`);
    assert.equal(list.statusCode, 403);
    assert.doesNotMatch(list.body, new RegExp(`${a.id}|${b.id}|Ana|Ben`));
    assert.equal((await call(stranger, 'GET', `/relationships/${rid}/consent/templates`)).statusCode, 403);
    assert.equal((await call(stranger, 'PUT', `/relationships/${rid}/consent/me`, { scopes: [], status: 'PENDING' })).statusCode, 403);
    assert.equal(await consentRow(rid, stranger.id), undefined);
    assert.equal((await call(a, 'DELETE', `/relationships/${rid}`)).statusCode, 204);
    assert.equal((await call(b, 'GET', `/relationships/${rid}/consent`)).statusCode, 404);
    assert.equal((await call(b, 'PUT', `/relationships/${rid}/consent/me`, { scopes: [], status: 'PENDING' })).statusCode, 404);
  });
});
