// FluentFusion /api/v1/ethics/consent (the web client's sign-up consents, cookie banner and Data & Privacy page):
// record, list, withdraw, versions — works, bad input, wrong user, limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS_ENV, startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, expectBearer401, type TestUser } from '../../../../test/helpers/accounts.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { signUpLearner } from '../../../../test/helpers/fluentfusion.js';

const P = '/fluentfusion/api';
const E = `${P}/v1/ethics`;
let t: TestApp;
let clock = Date.UTC(2026, 3, 1, 9, 0, 0);

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'], overrides: { now: () => clock } });
});
after(async () => {
  await t.close();
});

const learner = (app: TestApp = t) => signUpLearner(app, 'cs');
const give = (u: TestUser | null, body: unknown, app: TestApp = t) => callAs(app, u, 'POST', `${E}/consent`, body);
const mine = (u: TestUser, query = '') => callAs(t, u, 'GET', `${E}/consent/me${query}`);
const withdraw = (u: TestUser | null, type: string) => callAs(t, u, 'DELETE', `${E}/consent/me/${type}`);

interface Row {
  id: string;
  consent_type: string;
  version: string;
  accepted: boolean;
  session_id: string | null;
  accepted_at: Date;
  revoked_at: Date | null;
}
async function rows(userId: string): Promise<Row[]> {
  const r = await t.runtime.db.sql.executeSql(`SELECT * FROM fluentfusion.consent_records WHERE user_id = $1 ORDER BY seq`, [userId]);
  return r.rows as unknown as Row[];
}

describe('works', () => {
  test('the consents sent after login (as AuthContext does, all at once, twice) are recorded once each', async () => {
    const u = await learner();
    const pending = ['terms_and_conditions', 'privacy_policy', 'pulse_automated_processing'];
    const send = () => Promise.all(pending.map((ct) => give(u, { consent_type: ct, version: '1.0', accepted: true })));
    const first = await send();
    for (const r of first) assert.equal(r.statusCode, 200, r.body);
    const ids = first.map((r) => r.json().id as string);
    for (const r of first) assert.deepEqual(Object.keys(r.json()).sort(), ['id', 'ok']);
    const again = await send();
    assert.deepEqual(
      again.map((r) => r.json()),
      ids.map((id) => ({ ok: true, id })),
      'the same answer again returns the existing record',
    );
    const stored = await rows(u.id);
    assert.deepEqual(stored.map((r) => r.consent_type).sort(), [...pending].sort());
    for (const r of stored) {
      assert.equal(r.accepted, true);
      assert.equal(r.version, '1.0');
      assert.equal(r.revoked_at, null);
      assert.equal(new Date(r.accepted_at).getTime(), clock);
    }
    // Nothing about the client is kept beside the answer.
    const cols = await t.runtime.db.sql.executeSql(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'fluentfusion' AND table_name = 'consent_records' ORDER BY column_name`,
    );
    assert.deepEqual(
      (cols.rows as { column_name: string }[]).map((c) => c.column_name),
      ['accepted', 'accepted_at', 'consent_type', 'id', 'revoked_at', 'seq', 'session_id', 'user_id', 'version'],
    );
  });

  test('GET /consent/me: my records newest first with their answer; a refusal is recorded revoked; version defaults to 1.0', async () => {
    const u = await learner();
    clock += 1000;
    const cookies = (await give(u, { consent_type: 'cookie_consent', accepted: true })).json().id as string;
    clock += 1000;
    const marketing = (await give(u, { consent_type: 'marketing_communications', version: '1.0', accepted: false })).json().id as string;
    const r = await mine(u);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), [
      {
        id: marketing,
        consent_type: 'marketing_communications',
        version: '1.0',
        accepted: false,
        accepted_at: new Date(clock).toISOString(),
        revoked_at: new Date(clock).toISOString(),
      },
      { id: cookies, consent_type: 'cookie_consent', version: '1.0', accepted: true, accepted_at: new Date(clock - 1000).toISOString(), revoked_at: null },
    ]);
    // Changing my answer, or answering a new version, is a new record; the old one stays as it was.
    const yes = (await give(u, { consent_type: 'marketing_communications', version: '1.0', accepted: true })).json().id as string;
    const v2 = (await give(u, { consent_type: 'cookie_consent', version: '1.1', accepted: true })).json().id as string;
    assert.equal(new Set([cookies, marketing, yes, v2]).size, 4);
    const list = (await mine(u)).json() as { id: string; accepted: boolean }[];
    assert.deepEqual(
      list.map((c) => [c.id, c.accepted]),
      [
        [v2, true],
        [yes, true],
        [marketing, false],
        [cookies, true],
      ],
    );
  });

  test('skip/limit page the list (default 100)', async () => {
    const u = await learner();
    const types = ['cookie_consent', 'marketing_communications'];
    for (let i = 0; i < 104; i++) await give(u, { consent_type: types[i % 2], version: `1.${i}`, accepted: true });
    assert.equal((await mine(u)).json().length, 100);
    const page = (await mine(u, '?skip=102&limit=10')).json() as { version: string }[];
    assert.deepEqual(
      page.map((c) => c.version),
      ['1.1', '1.0'],
    );
    assert.deepEqual((await mine(u, '?limit=0')).json(), []);
  });

  test('a recording consent keeps its session id; other types drop it', async () => {
    const u = await learner();
    await give(u, { consent_type: 'live_session_recording', accepted: true, version: '1.0', session_id: '42' });
    await give(u, { consent_type: 'cookie_consent', accepted: true, session_id: '42' });
    // Another session is another answer; declining the next one too.
    await give(u, { consent_type: 'live_session_recording', accepted: false, version: '1.0', session_id: '43' });
    const stored = await rows(u.id);
    assert.deepEqual(
      stored.map((r) => [r.consent_type, r.session_id, r.accepted]),
      [
        ['live_session_recording', '42', true],
        ['cookie_consent', null, true],
        ['live_session_recording', '43', false],
      ],
    );
  });

  test('DELETE /consent/me/{type} withdraws my current acceptance; then 404; the client shows it revoked', async () => {
    const u = await learner();
    const id = (await give(u, { consent_type: 'pulse_automated_processing', version: '1.0', accepted: true })).json().id as string;
    clock += 5000;
    const r = await withdraw(u, 'pulse_automated_processing');
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { ok: true });
    const [row] = await rows(u.id);
    assert.equal(row!.id, id);
    assert.equal(row!.accepted, false);
    assert.equal(new Date(row!.revoked_at!).getTime(), clock);
    assert.equal(new Date(row!.accepted_at).getTime(), clock - 5000, 'when it was given is kept');
    const again = await withdraw(u, 'pulse_automated_processing');
    assert.equal(again.statusCode, 404);
    assert.deepEqual(again.json(), { detail: 'No active consent found' });
    const never = await withdraw(u, 'parental_consent');
    assert.equal(never.statusCode, 404);
    assert.deepEqual(never.json(), { detail: 'No active consent found' });
    // Accepting again after withdrawing is a new record.
    const back = (await give(u, { consent_type: 'pulse_automated_processing', version: '1.0', accepted: true })).json().id as string;
    assert.notEqual(back, id);
    assert.equal((await rows(u.id)).length, 2);
  });

  test('withdrawing acts on my latest answer only: after a refusal there is nothing to withdraw', async () => {
    const u = await learner();
    const yes = (await give(u, { consent_type: 'marketing_communications', accepted: true })).json().id as string;
    await give(u, { consent_type: 'marketing_communications', accepted: false });
    assert.equal((await withdraw(u, 'marketing_communications')).statusCode, 404);
    assert.equal((await rows(u.id)).find((r) => r.id === yes)!.revoked_at, null, 'the older acceptance is history, untouched');
  });

  test('GET /consent/versions (public): the documents the client shows, v1.0 of 6 February 2026', async () => {
    const r = await t.app.inject({ method: 'GET', url: `${E}/consent/versions` });
    assert.equal(r.statusCode, 200, r.body);
    const at = '2026-02-06T00:00:00.000Z';
    assert.deepEqual(r.json(), [
      { id: 1, document_type: 'terms', version_number: '1.0', effective_date: at, created_at: at },
      { id: 2, document_type: 'privacy_policy', version_number: '1.0', effective_date: at, created_at: at },
      { id: 3, document_type: 'pulse_disclosure', version_number: '1.0', effective_date: at, created_at: at },
    ]);
  });
});

describe('rejects bad input', () => {
  test("an unknown consent_type → 400 in the origin's words, the value cut to 50 characters; nothing stored", async () => {
    const u = await learner();
    const r = await give(u, { consent_type: 'newsletter', version: '1.0', accepted: true });
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json(), { detail: 'Unknown consent_type: newsletter' });
    const long = 'x'.repeat(100);
    assert.deepEqual((await give(u, { consent_type: long, accepted: true })).json(), { detail: `Unknown consent_type: ${'x'.repeat(50)}` });
    assert.deepEqual(await rows(u.id), []);
  });

  test('wrong types and oversize fields → 422 naming the field', async () => {
    const u = await learner();
    expect422(await give(u, { consent_type: 'x'.repeat(101), accepted: true }), ['body', 'consent_type']);
    expect422(await give(u, { consent_type: 'cookie_consent' }), ['body', 'accepted']);
    expect422(await give(u, { consent_type: 'cookie_consent', accepted: 'maybe' }), ['body', 'accepted']);
    expect422(await give(u, { consent_type: 'cookie_consent', accepted: true, version: '1'.repeat(21) }), ['body', 'version']);
    expect422(await give(u, { consent_type: 'cookie_consent', accepted: true, version: '' }), ['body', 'version']);
    expect422(await give(u, { consent_type: 'cookie_consent', accepted: true, version: '1.0 <b>' }), ['body', 'version']);
    expect422(await give(u, { consent_type: 'cookie_consent', accepted: true, session_id: 's'.repeat(101) }), ['body', 'session_id']);
    expect422(await give(u, { consent_type: 42, accepted: true }), ['body', 'consent_type']);
    expect422(await give(u, { accepted: true }), ['body', 'consent_type']);
    expect422(await mine(u, '?limit=101'), ['query', 'limit']);
    expect422(await mine(u, '?skip=-1'), ['query', 'skip']);
    assert.deepEqual(await rows(u.id), []);
  });

  test('withdrawing an unknown type → 400; an oversize one → 422', async () => {
    const u = await learner();
    const r = await withdraw(u, 'newsletter');
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json(), { detail: 'Unknown consent_type' });
    expect422(await withdraw(u, 'x'.repeat(101)), ['path', 'consent_type']);
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401 (the versions are public)', async () => {
    await expectBearer401(t, E, [
      ['POST', '/consent', { consent_type: 'cookie_consent', accepted: true }],
      ['GET', '/consent/me'],
      ['DELETE', '/consent/me/cookie_consent'],
    ]);
  });

  test("another learner's consents are never listed, deduplicated against or withdrawn", async () => {
    const a = await learner();
    const b = await learner();
    const aId = (await give(a, { consent_type: 'cookie_consent', accepted: true })).json().id as string;
    assert.deepEqual((await mine(b)).json(), []);
    const bId = (await give(b, { consent_type: 'cookie_consent', accepted: true })).json().id as string;
    assert.notEqual(bId, aId);
    assert.equal((await withdraw(b, 'marketing_communications')).statusCode, 404);
    await give(a, { consent_type: 'marketing_communications', accepted: true });
    assert.equal((await withdraw(b, 'marketing_communications')).statusCode, 404, "a's acceptance is not b's to withdraw");
    assert.ok((await rows(a.id)).every((r) => r.accepted && r.revoked_at === null));
    assert.deepEqual(
      ((await mine(b)).json() as { id: string }[]).map((c) => c.id),
      [bId],
    );
  });
});

describe('limits', () => {
  test('new answers per learner are limited (CONSENT_ANSWERS_PER_USER); repeating the current one is not counted', async () => {
    const limited = await startTestApp({
      products: ['fluentfusion'],
      env: { ...DEFAULT_LIMITS_ENV, FLUENTFUSION_RATE_LIMIT_CONSENT_ANSWERS_PER_USER: '2/3600' },
    });
    try {
      const [u, other] = [await learner(limited), await learner(limited)];
      assert.equal((await give(u, { consent_type: 'cookie_consent', accepted: true }, limited)).statusCode, 200);
      for (let i = 0; i < 5; i++) assert.equal((await give(u, { consent_type: 'cookie_consent', accepted: true }, limited)).statusCode, 200);
      assert.equal((await give(u, { consent_type: 'cookie_consent', accepted: false }, limited)).statusCode, 200);
      const blocked = await give(u, { consent_type: 'cookie_consent', accepted: true }, limited);
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.equal((await give(other, { consent_type: 'cookie_consent', accepted: true }, limited)).statusCode, 200, 'another learner is not blocked');
    } finally {
      await limited.close();
    }
  });
});
