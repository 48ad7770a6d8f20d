// Project Inside auth (signup/login/refresh/logout), health and relationships: works, bad input, wrong users.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, uniqueEmail, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ageRefreshUse, callAs } from '../../../../test/helpers/accounts.js';
import { piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';
import { createAccessTokenSigner } from '../../../core/identity/tokens.js';

const P = '/project-inside';
let t: TestApp;

before(async () => {
  t = await startTestApp({ jobs: false });
});
after(async () => {
  await t.close();
});

type User = PiUser;

const signup = (displayName?: string, email = uniqueEmail('pi')): Promise<User> => piSignup(t, { displayName, email });

const call = (u: User | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => callAs(t, u, method, `${P}${url}`, payload);

const count = async (sql: string, params: unknown[]) => (await t.runtime.db.sql.executeSql(sql, params)).rows[0]!.n as number;

describe('health', () => {
  test('/health and /v1/health answer the seed shape', async () => {
    for (const url of ['/health', '/v1/health']) {
      const r = await call(null, 'GET', url);
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().status, 'ok');
      assert.equal(typeof r.json().version, 'string');
    }
  });
});

describe('auth', () => {
  test('signup answers tokens with the seed lifetimes (15 min access) and stores the display name', async () => {
    const email = uniqueEmail('pi');
    const r = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/signup`, payload: { email, password: 'correct-horse', display_name: 'Robin' } });
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    assert.deepEqual(Object.keys(b).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type']);
    assert.equal(b.token_type, 'bearer');
    assert.equal(b.expires_in, 15 * 60);
    const rows = await t.runtime.db.sql.executeSql(
      `SELECT p.display_name FROM identity.users u JOIN project_inside.profiles p ON p.user_id = u.id WHERE u.product = 'project-inside' AND u.email = $1`,
      [email],
    );
    assert.equal(rows.rows[0]!.display_name, 'Robin');
  });

  test('duplicate e-mail → 400 "Email already registered", case-insensitively, and racing sign-ups make one user', async () => {
    const u = await signup();
    const again = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/signup`, payload: { email: u.email.toUpperCase(), password: 'another-pass' } });
    assert.equal(again.statusCode, 400);
    assert.deepEqual(again.json(), { detail: 'Email already registered' });
    const email = uniqueEmail('race');
    const rs = await Promise.all(
      [1, 2, 3].map(() => t.app.inject({ method: 'POST', url: `${P}/v1/auth/signup`, payload: { email, password: 'password-123' } })),
    );
    assert.deepEqual(rs.map((r) => r.statusCode).sort(), [200, 400, 400]);
    assert.equal(await count(`SELECT count(*)::int AS n FROM identity.users WHERE product = 'project-inside' AND lower(email) = lower($1)`, [email]), 1);
  });

  test('the same e-mail in Couple Compass is another account', async () => {
    const email = uniqueEmail('two-apps');
    const cc = await t.app.inject({ method: 'POST', url: '/couple-compass/api/v1/auth/signup', payload: { email, password: 'correct-horse', name: 'X' } });
    assert.equal(cc.statusCode, 200);
    const u = await signup(undefined, email);
    // A Couple Compass token does not open Project Inside.
    const me = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/logout`, headers: bearer(cc.json().access_token) });
    assert.equal(me.statusCode, 401);
    assert.equal((await call(u, 'POST', '/v1/auth/logout')).statusCode, 200);
  });

  test('login (JSON), wrong password and unknown e-mail give the same 401', async () => {
    const u = await signup();
    const ok = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/login`, payload: { email: u.email, password: 'correct-horse' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().token_type, 'bearer');
    const wrong = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/login`, payload: { email: u.email, password: 'wrong-horse' } });
    const unknown = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/login`, payload: { email: uniqueEmail('nobody'), password: 'wrong-horse' } });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(unknown.statusCode, 401);
  });

  test('refresh rotates: the old refresh token stops working, reuse revokes the family', async () => {
    const u = await signup();
    const r1 = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/refresh`, payload: { refresh_token: u.refresh } });
    assert.equal(r1.statusCode, 200, r1.body);
    assert.notEqual(r1.json().refresh_token, u.refresh);
    await ageRefreshUse(t, u.refresh); // past the reuse interval: a second use is theft
    const reuse = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/refresh`, payload: { refresh_token: u.refresh } });
    assert.equal(reuse.statusCode, 401);
    // Theft detected: the rotated token is dead too.
    const next = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/refresh`, payload: { refresh_token: r1.json().refresh_token } });
    assert.equal(next.statusCode, 401);
  });

  test('logout ends the session: the access token and the refresh token stop working', async () => {
    const u = await signup();
    assert.equal((await call(u, 'GET', '/v1/relationships')).statusCode, 200);
    const out = await call(u, 'POST', '/v1/auth/logout');
    assert.equal(out.statusCode, 200);
    assert.deepEqual(out.json(), { ok: true });
    assert.equal((await call(u, 'GET', '/v1/relationships')).statusCode, 401);
    const r = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/refresh`, payload: { refresh_token: u.refresh } });
    assert.equal(r.statusCode, 401);
  });

  test('bad input → 422 naming the field; nothing written', async () => {
    const email = uniqueEmail('bad');
    const cases: [unknown, string][] = [
      [{ email, password: 'short' }, 'password'],
      [{ email: 'not-an-email', password: 'correct-horse' }, 'email'],
      [{ password: 'correct-horse' }, 'email'],
      [{ email, password: 'correct-horse', display_name: 'x'.repeat(101) }, 'display_name'],
      [{ email, password: 12345678 }, 'password'],
      [{ email, password: 'correct-horse', invite_token: '' }, 'invite_token'],
    ];
    for (const [payload, field] of cases) {
      const r = await t.app.inject({ method: 'POST', url: `${P}/v1/auth/signup`, payload: payload as object });
      assert.equal(r.statusCode, 422, `${JSON.stringify(payload)} → ${r.body}`);
      assert.ok(
        r.json().detail.some((d: { loc: string[] }) => d.loc.includes(field)),
        r.body,
      );
    }
    assert.equal(await count(`SELECT count(*)::int AS n FROM identity.users WHERE product = 'project-inside' AND email = $1`, [email]), 0);
  });

  test('expired, foreign-secret and refresh tokens are refused with 401', async () => {
    const u = await signup();
    const past = createAccessTokenSigner(t.secret, () => Date.now() - 3600_000);
    const claims = JSON.parse(Buffer.from(u.token.split('.')[1]!, 'base64url').toString()) as { sub: string; sid: string };
    const expired = await past.sign({ userId: claims.sub, sessionId: claims.sid, product: 'project-inside', ttlS: 60 });
    const foreign = await createAccessTokenSigner(new Uint8Array(32).fill(7)).sign({
      userId: claims.sub,
      sessionId: claims.sid,
      product: 'project-inside',
      ttlS: 60,
    });
    for (const token of [expired, foreign, u.refresh, 'garbage']) {
      const r = await t.app.inject({ method: 'GET', url: `${P}/v1/relationships`, headers: bearer(token) });
      assert.equal(r.statusCode, 401, token);
      assert.equal(typeof r.json().detail, 'string');
    }
    assert.equal((await call(null, 'GET', '/v1/relationships')).statusCode, 401);
  });
});

describe('relationships', () => {
  test('create with members: the added member is INVITED and invisible until they accept; then both see each other', async () => {
    const a = await signup('Ann');
    const b = await signup('Ben');
    const r = await call(a, 'POST', '/v1/relationships', { type: 'romantic', member_ids: [b.id] });
    assert.equal(r.statusCode, 200, r.body);
    const rel = r.json();
    assert.equal(rel.type, 'romantic');
    assert.equal(rel.status, 'ACTIVE');
    assert.equal(rel.created_by, a.id);
    assert.equal(rel.member_status, 'ACCEPTED');
    type M = { user_id: string; role: string; member_status: string; display_name: string | null; email: string | null };
    const shape = (ms: M[]) => ms.map((m) => [m.user_id, m.role, m.member_status, m.display_name, m.email]).sort();
    assert.deepEqual(
      shape(rel.members),
      [
        [a.id, 'OWNER', 'ACCEPTED', 'Ann', a.email],
        [b.id, 'MEMBER', 'INVITED', null, null],
      ].sort(),
    );
    // B sees the request (who asked, not their e-mail) and may answer it.
    const seen = await call(b, 'GET', `/v1/relationships/${rel.id}`);
    assert.equal(seen.statusCode, 200, seen.body);
    assert.equal(seen.json().member_status, 'INVITED');
    assert.deepEqual(
      shape(seen.json().members),
      [
        [a.id, 'OWNER', 'ACCEPTED', 'Ann', null],
        [b.id, 'MEMBER', 'INVITED', 'Ben', b.email],
      ].sort(),
    );
    assert.equal(
      await count(
        `SELECT count(*)::int AS n FROM project_inside.relationship_members WHERE relationship_id = $1 AND user_id = $2 AND member_status = 'INVITED' AND added_by = $3`,
        [rel.id, b.id, a.id],
      ),
      1,
    );
    const accepted = await call(b, 'POST', `/v1/relationships/${rel.id}/accept`);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().member_status, 'ACCEPTED');
    assert.equal((await call(b, 'POST', `/v1/relationships/${rel.id}/accept`)).statusCode, 200, 'accepting twice is harmless');
    for (const u of [a, b]) {
      const list = await call(u, 'GET', '/v1/relationships');
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list.json().map((x: { id: string }) => x.id),
        [rel.id],
      );
      const one = await call(u, 'GET', `/v1/relationships/${rel.id}`);
      assert.deepEqual(
        shape(one.json().members),
        [
          [a.id, 'OWNER', 'ACCEPTED', 'Ann', a.email],
          [b.id, 'MEMBER', 'ACCEPTED', 'Ben', b.email],
        ].sort(),
      );
    }
    assert.equal(
      await count(
        `SELECT count(*)::int AS n FROM project_inside.relationship_members WHERE relationship_id = $1 AND user_id = $2 AND member_status = 'ACCEPTED' AND responded_at IS NOT NULL`,
        [rel.id, b.id],
      ),
      1,
    );
  });

  test('decline: the pending membership goes; an accepted member cannot decline (409), a stranger neither (403)', async () => {
    const [a, b, c] = [await signup(), await signup(), await signup()];
    const rel = (await call(a, 'POST', '/v1/relationships', { type: 'friend', member_ids: [b.id] })).json();
    assert.equal((await call(c, 'POST', `/v1/relationships/${rel.id}/decline`)).statusCode, 403);
    assert.equal((await call(c, 'POST', `/v1/relationships/${rel.id}/accept`)).statusCode, 403);
    assert.equal((await call(a, 'POST', `/v1/relationships/${rel.id}/decline`)).statusCode, 409);
    const d = await call(b, 'POST', `/v1/relationships/${rel.id}/decline`);
    assert.equal(d.statusCode, 200, d.body);
    assert.deepEqual(d.json(), { ok: true });
    assert.equal(
      await count(`SELECT count(*)::int AS n FROM project_inside.relationship_members WHERE relationship_id = $1 AND user_id = $2`, [rel.id, b.id]),
      0,
    );
    assert.deepEqual((await call(b, 'GET', '/v1/relationships')).json(), []);
    assert.equal((await call(b, 'GET', `/v1/relationships/${rel.id}`)).statusCode, 403);
  });

  test("every known type is kept (any case), the app's others become other; the creator in member_ids is not added twice", async () => {
    const a = await signup();
    const cases: [string, string][] = [
      ['romantic', 'romantic'],
      ['couple', 'couple'],
      ['date', 'date'],
      ['family', 'family'],
      ['friend', 'friend'],
      ['parent_child', 'parent_child'],
      ['Sibling', 'sibling'],
      ['colleague', 'colleague'],
      ['friendship', 'other'],
      ['professional', 'other'],
      ['other', 'other'],
    ];
    for (const [type, stored] of cases) {
      const r = await call(a, 'POST', '/v1/relationships', { type, member_ids: [a.id] });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().type, stored, type);
      assert.equal(r.json().members.length, 1);
      assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.relationships WHERE id = $1 AND type = $2`, [r.json().id, stored]), 1);
    }
    const list = await call(a, 'GET', '/v1/relationships?limit=2');
    assert.equal(list.json().length, 2);
    assert.equal(list.json()[0].type, 'other', 'newest first');
    const page2 = await call(a, 'GET', '/v1/relationships?limit=5&offset=10');
    assert.equal(page2.json().length, 1);
  });

  test('bad input: missing or oversize type, malformed ids, unknown users, duplicates, too many → 4xx, nothing written', async () => {
    const a = await signup();
    const before = await count(`SELECT count(*)::int AS n FROM project_inside.relationships WHERE created_by = $1`, [a.id]);
    const cc = await t.app.inject({
      method: 'POST',
      url: '/couple-compass/api/v1/auth/register',
      payload: { email: uniqueEmail('cc'), password: 'correct-horse', name: 'Other app' },
    });
    const cases: [unknown, number, string?][] = [
      [{ type: 'x'.repeat(51) }, 422, 'type'],
      [{ type: '' }, 422, 'type'],
      [{ type: 7 }, 422, 'type'],
      [{}, 422, 'type'],
      [{ type: 'friend', member_ids: ['not-a-uuid'] }, 422, 'member_ids'],
      [{ type: 'friend', member_ids: 'x' }, 422, 'member_ids'],
      [{ type: 'friend', member_ids: Array.from({ length: 21 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) }, 422, 'member_ids'],
      [{ type: 'friend', member_ids: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001'] }, 422, 'member_ids'],
      [{ type: 'friend', member_ids: ['00000000-0000-4000-8000-000000000001'] }, 403],
      // A user of another product is unknown here.
      [{ type: 'friend', member_ids: [cc.json().id] }, 403],
    ];
    for (const [payload, status, field] of cases) {
      const r = await call(a, 'POST', '/v1/relationships', payload);
      assert.equal(r.statusCode, status, `${JSON.stringify(payload).slice(0, 80)} → ${r.body}`);
      if (field) {
        assert.ok(
          r.json().detail.some((d: { loc: string[] }) => d.loc.includes(field)),
          r.body,
        );
        assert.match(r.json().message, new RegExp(`^${field}`), 'a readable message naming the field');
      } else assert.equal(typeof r.json().detail, 'string');
    }
    assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.relationships WHERE created_by = $1`, [a.id]), before);
  });

  test('another user: cannot read or delete it (403), unknown id 404, malformed 422, nothing of it leaks', async () => {
    const a = await signup();
    const b = await signup();
    const stranger = await signup();
    const rel = (await call(a, 'POST', '/v1/relationships', { type: 'couple', member_ids: [b.id] })).json();
    const get = await call(stranger, 'GET', `/v1/relationships/${rel.id}`);
    assert.equal(get.statusCode, 403);
    assert.ok(!get.body.includes(a.email) && !get.body.includes(a.id));
    const del = await call(stranger, 'DELETE', `/v1/relationships/${rel.id}`);
    assert.equal(del.statusCode, 403);
    assert.deepEqual((await call(stranger, 'GET', '/v1/relationships')).json(), []);
    assert.equal((await call(stranger, 'GET', '/v1/relationships/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await call(stranger, 'DELETE', '/v1/relationships/not-a-uuid')).statusCode, 422);
    assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.relationships WHERE id = $1 AND status = 'ACTIVE'`, [rel.id]), 1);
  });

  test('a member ends it: gone from both lists, its rows kept as ENDED, a second delete is 404', async () => {
    const a = await signup();
    const b = await signup();
    const rel = (await call(a, 'POST', '/v1/relationships', { type: 'friend', member_ids: [b.id] })).json();
    assert.equal((await call(b, 'DELETE', `/v1/relationships/${rel.id}`)).statusCode, 403, 'not before accepting');
    assert.equal((await call(b, 'POST', `/v1/relationships/${rel.id}/accept`)).statusCode, 200);
    const del = await call(b, 'DELETE', `/v1/relationships/${rel.id}`);
    assert.equal(del.statusCode, 204);
    assert.equal(del.body, '');
    for (const u of [a, b]) assert.deepEqual((await call(u, 'GET', '/v1/relationships')).json(), []);
    assert.equal((await call(a, 'GET', `/v1/relationships/${rel.id}`)).statusCode, 404);
    assert.equal((await call(a, 'DELETE', `/v1/relationships/${rel.id}`)).statusCode, 404);
    assert.equal(
      await count(`SELECT count(*)::int AS n FROM project_inside.relationships WHERE id = $1 AND status = 'ENDED' AND ended_at IS NOT NULL`, [rel.id]),
      1,
    );
  });
});

describe('CORS (the seed default: any port on localhost, 127.0.0.1 and 192.168.*.*)', () => {
  const preflight = (origin: string) =>
    t.app.inject({
      method: 'OPTIONS',
      url: `${P}/v1/auth/login`,
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  test('allowed origins get the header back', async () => {
    for (const origin of ['http://localhost:8081', 'http://localhost:19006', 'http://127.0.0.1:3000', 'http://192.168.1.20:8081', 'http://192.168.0.5']) {
      const r = await preflight(origin);
      assert.ok(r.statusCode < 300, `${origin} → ${r.statusCode}`);
      assert.equal(r.headers['access-control-allow-origin'], origin, origin);
    }
  });

  test('look-alikes and other hosts do not', async () => {
    for (const origin of [
      'http://localhost.evil.example',
      'http://localhost.evil.example:8081',
      'http://192.168.1.evil.example',
      'http://10.0.0.8:8081',
      'https://localhost:8081',
      'http://localhost:8081@evil.example',
    ]) {
      const r = await preflight(origin);
      assert.equal(r.headers['access-control-allow-origin'], undefined, origin);
    }
  });
});
