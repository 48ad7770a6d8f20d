// FluentFusion /api/v1/ethics/data-rights (the web client's Data & Privacy page): submit, list — works, bad input,
// wrong user, limits, and no request text in the logs or the acknowledgement mail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DEFAULT_LIMITS_ENV, captureLogs, startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, expectBearer401, type TestUser } from '../../../../test/helpers/accounts.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { signUpLearner } from '../../../../test/helpers/fluentfusion.js';

const P = '/fluentfusion/api';
const E = `${P}/v1/ethics`;
let t: TestApp;
let clock = Date.UTC(2026, 3, 1, 9, 0, 0);
const logs: string[] = [];
const privateTexts: string[] = [];

before(async () => {
  const logStream = captureLogs(logs).stream;
  t = await startTestApp({ products: ['fluentfusion'], overrides: { now: () => clock }, env: { LOG_LEVEL: 'trace' }, logStream });
});
after(async () => {
  await t.close();
});

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const learner = (app: TestApp = t) => signUpLearner(app, 'dr');
const submit = (u: TestUser | null, body: unknown, app: TestApp = t) => callAs(app, u, 'POST', `${E}/data-rights`, body);
const mine = (u: TestUser, query = '') => callAs(t, u, 'GET', `${E}/data-rights/me${query}`);
const secret = () => {
  const s = `private-${randomBytes(6).toString('hex')}`;
  privateTexts.push(s);
  return s;
};

async function mailsTo(app: TestApp, to: string, n: number) {
  for (let i = 0; i < 250; i++) {
    const got = app.outbox.filter((m) => m.to === to && /data request/.test(m.subject));
    if (got.length >= n) return got;
    await sleep(20);
  }
  assert.fail(`timed out waiting for ${n} mails to ${to}`);
}

async function row(id: string) {
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT * FROM fluentfusion.data_requests WHERE id = $1`, [id]);
  return rows[0] as { user_id: string; reference: string; request_type: string; status: string; details: string | null; resolved_at: Date | null } | undefined;
}

describe('works', () => {
  test('access: completed at once, pointing to the export; a random reference; an acknowledgement without my text', async () => {
    const u = await learner();
    const text = secret();
    const r = await submit(u, { request_type: 'access', details: `  ${text}  ` });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.deepEqual(Object.keys(body).sort(), ['id', 'ok', 'reference']);
    assert.equal(body.ok, true);
    assert.match(body.id, /^[0-9a-f-]{36}$/);
    assert.match(body.reference, /^DSR-[A-Z2-7]{8}$/);
    const stored = (await row(body.id))!;
    assert.equal(stored.user_id, u.id);
    assert.equal(stored.reference, body.reference);
    assert.equal(stored.status, 'completed');
    assert.equal(stored.details, text);
    assert.equal(new Date(stored.resolved_at!).getTime(), clock);

    const list = (await mine(u)).json();
    assert.equal(list.length, 1);
    assert.deepEqual(
      { ...list[0], resolution_notes: undefined },
      {
        id: body.id,
        reference: body.reference,
        request_type: 'access',
        status: 'completed',
        details: text,
        created_at: new Date(clock).toISOString(),
        resolved_at: new Date(clock).toISOString(),
        resolution_notes: undefined,
      },
    );
    assert.match(list[0].resolution_notes, /GET \/api\/users\/me\/export/);

    const [mail] = await mailsTo(t, u.email, 1);
    assert.ok(mail!.subject.includes(body.reference));
    assert.ok(mail!.text.includes(body.reference));
    assert.ok(!mail!.text.includes(text) && !mail!.subject.includes(text), 'the request text is not echoed');
    // The export the notes point to does answer (and lists this request).
    const exp = (await callAs(t, u, 'GET', `${P}/users/me/export`)).json();
    assert.equal(exp.data_requests[0].reference, body.reference);
  });

  test('portability is completed too; deletion stays pending and points to Delete account without erasing; others wait', async () => {
    const u = await learner();
    const port = (await submit(u, { request_type: 'portability' })).json();
    assert.equal((await row(port.id))!.status, 'completed');
    clock += 1000;
    const del = await submit(u, { request_type: 'deletion', details: 'Account deletion request confirmed by user. Password provided for verification.' });
    assert.equal(del.statusCode, 200, del.body);
    clock += 1000;
    const fix = (await submit(u, { request_type: 'correction', details: '' })).json();
    clock += 1000;
    const rest = (await submit(u, { request_type: 'restriction', details: null })).json();
    const obj = (await submit(u, { request_type: 'objection' })).json();
    const list = (await mine(u)).json() as {
      id: string;
      request_type: string;
      status: string;
      details: string | null;
      resolved_at: string | null;
      resolution_notes: string | null;
    }[];
    assert.deepEqual(
      list.map((d) => [d.id, d.request_type, d.status, d.resolved_at === null]),
      [
        [obj.id, 'objection', 'pending', true],
        [rest.id, 'restriction', 'pending', true],
        [fix.id, 'correction', 'pending', true],
        [del.json().id, 'deletion', 'pending', true],
        [port.id, 'portability', 'completed', false],
      ],
    );
    assert.match(list[3]!.resolution_notes!, /DELETE \/api\/users\/me/);
    assert.equal(list[2]!.details, null, 'an empty text is no text');
    assert.equal(list[0]!.resolution_notes, null);
    assert.equal(new Set(list.map((d) => d.id)).size, 5);
    // Nothing was erased: the account still answers.
    assert.equal((await callAs(t, u, 'GET', `${P}/users/me`)).statusCode, 200);
    const mails = await mailsTo(t, u.email, 5);
    assert.ok(mails.every((m) => !m.text.includes('Password provided')));
  });

  test('skip/limit page my requests', async () => {
    const u = await learner();
    for (let i = 0; i < 4; i++) await submit(u, { request_type: 'correction', details: `n${i}` });
    const page = (await mine(u, '?skip=1&limit=2')).json() as { details: string }[];
    assert.deepEqual(
      page.map((d) => d.details),
      ['n2', 'n1'],
    );
  });
});

describe('rejects bad input', () => {
  test("an unknown request_type → 400 in the origin's words; nothing stored", async () => {
    const u = await learner();
    const r = await submit(u, { request_type: 'everything' });
    assert.equal(r.statusCode, 400);
    assert.deepEqual(r.json(), { detail: 'Unknown request_type' });
    assert.deepEqual((await mine(u)).json(), []);
  });

  test('wrong types and oversize fields → 422 naming the field', async () => {
    const u = await learner();
    expect422(await submit(u, {}), ['body', 'request_type']);
    expect422(await submit(u, { request_type: 7 }), ['body', 'request_type']);
    expect422(await submit(u, { request_type: 'x'.repeat(101) }), ['body', 'request_type']);
    expect422(await submit(u, { request_type: 'access', details: 'd'.repeat(2001) }), ['body', 'details']);
    expect422(await submit(u, { request_type: 'access', details: { a: 1 } }), ['body', 'details']);
    expect422(await mine(u, '?limit=ten'), ['query', 'limit']);
    assert.equal((await submit(u, { request_type: 'access', details: 'd'.repeat(2000) })).statusCode, 200, '2000 characters is fine');
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401', async () => {
    await expectBearer401(t, E, [
      ['POST', '/data-rights', { request_type: 'access' }],
      ['GET', '/data-rights/me'],
    ]);
  });

  test("another learner's requests are never listed", async () => {
    const a = await learner();
    const b = await learner();
    const text = secret();
    await submit(a, { request_type: 'objection', details: text });
    const r = await mine(b);
    assert.deepEqual(r.json(), []);
    assert.ok(!r.body.includes(text));
    assert.equal((await mine(a)).json().length, 1);
  });
});

describe('limits', () => {
  test('requests per learner (DATA_REQUESTS_PER_USER) → 429; acknowledgements past MAIL_PER_ACCOUNT are skipped, the request kept', async () => {
    const limited = await startTestApp({
      products: ['fluentfusion'],
      env: { ...DEFAULT_LIMITS_ENV, FLUENTFUSION_RATE_LIMIT_DATA_REQUESTS_PER_USER: '3/3600', RATE_LIMIT_MAIL_PER_ACCOUNT: '2/3600' },
    });
    try {
      const [u, other] = [await learner(limited), await learner(limited)];
      for (let i = 0; i < 3; i++) assert.equal((await submit(u, { request_type: 'correction' }, limited)).statusCode, 200);
      const blocked = await submit(u, { request_type: 'correction' }, limited);
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.equal((await submit(other, { request_type: 'access' }, limited)).statusCode, 200, 'another learner is not blocked');
      await mailsTo(limited, other.email, 1);
      await sleep(200);
      assert.equal(limited.outbox.filter((m) => m.to === u.email && /data request/.test(m.subject)).length, 2, 'the third acknowledgement was over the limit');
      const { rows } = await limited.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM fluentfusion.data_requests WHERE user_id = $1`, [u.id]);
      assert.equal((rows[0] as { n: number }).n, 3);
    } finally {
      await limited.close();
    }
  });
});

describe('logs', () => {
  test('no request text appears in the log (requests logged at trace level)', () => {
    assert.ok(privateTexts.length >= 2);
    const all = logs.join('\n');
    assert.match(all, /data-rights/, 'the requests are logged');
    for (const s of privateTexts) assert.ok(!all.includes(s), 'a request text is in the log');
  });
});
