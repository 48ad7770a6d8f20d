// After a break-up the former partner is out of the shared chat: no live events, no titles, summaries, lists, stats
// or exports of it, and pending invitations lapse; the couple's open chat sockets are closed (1008) within 2 s on
// every instance, also when the end reached a process without a signal. Real sockets.
import { test, before, after, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { startTestApp, bearer, usingPostgres, usingRedis, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp } from '../../../../test/helpers/couple-compass.js';
import { SocketSet } from '../../../../test/helpers/sockets.js';

const P = '/couple-compass/api/v1';

let t: TestApp;
let port: number;
const open = new SocketSet();

before(async () => {
  t = await startTestApp({ jobs: false });
  port = await listen(t);
});
afterEach(() => open.closeAll());
after(async () => {
  open.closeAll();
  await t.close();
});

async function listen(app: TestApp): Promise<number> {
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  return (app.app.server.address() as AddressInfo).port;
}

interface User {
  id: string;
  token: string;
}

const signup = (app = t, name = 'Ex'): Promise<User> => ccSignUp(app, { name, tag: 'breakup', password: 'correct-horse' });

const rest = (u: User, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, app = t) =>
  app.app.inject({ method, url: `${P}${url}`, headers: bearer(u.token), ...(payload ? { payload } : {}) });

async function couple(app = t): Promise<[User, User]> {
  const a = await signup(app, 'Ann');
  const b = await signup(app, 'Ben');
  const code = (await rest(a, 'POST', '/couples/invite', undefined, app)).json().code as string;
  const j = await rest(b, 'POST', '/couples/join', { code }, app);
  assert.equal(j.statusCode, 200, j.body);
  return [a, b];
}

/** A session owned by A that B joined through an accepted invitation. */
async function sharedSession(a: User, b: User, app = t): Promise<string> {
  const s = await rest(a, 'POST', '/chat/sessions', { title: 'Just us' }, app);
  assert.equal(s.statusCode, 201, s.body);
  const inv = await rest(a, 'POST', `/chat/sessions/${s.json().id}/invite-partner`, undefined, app);
  assert.equal(inv.statusCode, 201, inv.body);
  const acc = await rest(b, 'POST', `/chat/invitations/${inv.json().id}/accept`, undefined, app);
  assert.equal(acc.statusCode, 200, acc.body);
  return s.json().id as string;
}

interface Live {
  ws: WebSocket;
  frames: Record<string, unknown>[];
  closed: Promise<{ code: number; at: number }>;
}

async function connect(u: User, p = port): Promise<Live> {
  const ws = new WebSocket(`ws://127.0.0.1:${p}${P}/chat/ws/${u.id}?token=${encodeURIComponent(u.token)}`);
  open.add(ws);
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (d) => {
    try {
      frames.push(JSON.parse(String(d)) as Record<string, unknown>);
    } catch {
      frames.push({ text: String(d) });
    }
  });
  const closed = new Promise<{ code: number; at: number }>((resolve) => ws.once('close', (code) => resolve({ code, at: Date.now() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_q, res) => reject(new Error(`handshake refused ${res.statusCode}`)));
  });
  for (let i = 0; i < 100 && !frames.some((f) => f.type === 'connected'); i++) await new Promise((r) => setTimeout(r, 20));
  return { ws, frames, closed };
}

/** Waits until everything sent before now has reached the socket (a ping/pong round trip, then a short grace). */
async function settle(c: Live): Promise<void> {
  const before = c.frames.filter((f) => f.type === 'pong').length;
  c.ws.send(JSON.stringify({ type: 'ping' }));
  for (let i = 0; i < 100 && c.frames.filter((f) => f.type === 'pong').length === before; i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300));
}

const sql = async (q: string, params: unknown[] = []) => (await t.runtime.db.sql.executeSql(q, params)).rows as Record<string, unknown>[];

describe('after a break-up the former partner is out of the shared chat (issue 13 #3)', () => {
  test('unlinking clears the partner on the sessions; the ex gets no live message, AI answer or typing of the chat', async () => {
    const [a, b] = await couple();
    const sessionId = await sharedSession(a, b);
    assert.equal((await rest(b, 'DELETE', '/partner/unlink')).statusCode, 200);

    // The ex's client reconnects after the break-up, as the web client does on its own.
    const ex = await connect(b);
    const owner = await connect(a);
    const sent = await rest(a, 'POST', `/chat/sessions/${sessionId}/messages`, { content: 'AI, I need advice after the break-up' });
    assert.equal(sent.statusCode, 200, sent.body);
    owner.ws.send(JSON.stringify({ type: 'typing', session_id: sessionId, is_typing: true }));
    await settle(owner);
    await settle(ex);
    assert.deepEqual(
      ex.frames.filter((f) => f.type !== 'connected' && f.type !== 'pong'),
      [],
      'the ex received something of the chat',
    );
    assert.deepEqual(await sql('SELECT partner_id FROM couple_compass.chat_sessions WHERE id = $1', [sessionId]), [{ partner_id: null }]);
  });

  test('the ex no longer lists the session, sees its new title or summary, or counts it in stats; every read → 404', async () => {
    const [a, b] = await couple();
    const sessionId = await sharedSession(a, b);
    await rest(b, 'POST', `/chat/sessions/${sessionId}/messages`, { content: 'hello from Ben' });
    assert.equal((await rest(b, 'DELETE', '/partner/unlink')).statusCode, 200);
    assert.equal((await rest(a, 'PUT', `/chat/sessions/${sessionId}/title`, { title: 'Moving on' })).statusCode, 200);
    assert.equal((await rest(a, 'POST', `/chat/sessions/${sessionId}/summary`)).statusCode, 200);

    const list = (await rest(b, 'GET', '/chat/sessions')).json() as { id: string; title: string }[];
    assert.deepEqual(list, [], JSON.stringify(list));
    const stats = (await rest(b, 'GET', '/chat/stats')).json();
    assert.equal(stats.total_sessions, 0);
    for (const [method, url] of [
      ['GET', `/chat/sessions/${sessionId}`],
      ['GET', `/chat/sessions/${sessionId}/history`],
      ['GET', `/chat/sessions/${sessionId}/participants`],
      ['POST', `/chat/sessions/${sessionId}/summary`],
      ['POST', `/chat/sessions/${sessionId}/messages`],
    ] as const) {
      const r = await rest(b, method, url, method === 'POST' && url.endsWith('messages') ? { content: 'still here?' } : undefined);
      assert.equal(r.statusCode, 404, `${method} ${url}: ${r.body}`);
    }
    // The owner keeps the session and its history.
    assert.equal((await rest(a, 'GET', `/chat/sessions/${sessionId}`)).json().title, 'Moving on');
    // A new partner of the owner does not inherit it either.
    const c = await signup(t, 'Cal');
    const code = (await rest(c, 'POST', '/couples/invite')).json().code as string;
    assert.equal((await rest(a, 'POST', '/couples/join', { code })).statusCode, 200);
    assert.deepEqual((await rest(b, 'GET', '/chat/sessions')).json(), []);
    assert.deepEqual((await rest(c, 'GET', '/chat/sessions')).json(), []);
  });

  test('ending the couple (PATCH /couples/me) does the same, and a pending chat invitation lapses', async () => {
    const [a, b] = await couple();
    const sessionId = await sharedSession(a, b);
    const other = await rest(a, 'POST', '/chat/sessions', { title: 'Second talk' });
    const inv = await rest(a, 'POST', `/chat/sessions/${other.json().id}/invite-partner`);
    assert.equal(inv.statusCode, 201, inv.body);
    assert.equal((await rest(a, 'PATCH', '/couples/me', { status: 'ended' })).statusCode, 200);
    assert.deepEqual(await sql('SELECT partner_id FROM couple_compass.chat_sessions WHERE id = $1', [sessionId]), [{ partner_id: null }]);
    assert.deepEqual(await sql('SELECT status FROM couple_compass.chat_invitations WHERE id = $1', [inv.json().id]), [{ status: 'expired' }]);
    assert.deepEqual((await rest(b, 'GET', '/chat/invitations')).json(), []);
    assert.deepEqual((await rest(b, 'GET', '/chat/sessions')).json(), []);
    assert.equal((await rest(b, 'POST', `/chat/invitations/${inv.json().id}/accept`)).statusCode, 400);
  });

  test("the ex's export holds nothing of the shared session", async () => {
    const [a, b] = await couple();
    const sessionId = await sharedSession(a, b);
    await rest(a, 'POST', `/chat/sessions/${sessionId}/messages`, { content: "Ann's private worry" });
    assert.equal((await rest(b, 'DELETE', '/partner/unlink')).statusCode, 200);
    const data = JSON.stringify(await t.runtime.privacy.exportUser('couple-compass', b.id));
    assert.ok(!data.includes(sessionId), 'the session is in the ex’s export');
    assert.ok(!data.includes("Ann's private worry"));
  });
});

describe('the end of a couple closes its chat sockets (issue 13 #4)', () => {
  test('unlinking closes both partners’ chat sockets with 1008 within 2 s', async () => {
    const [a, b] = await couple();
    const [ca, cb] = [await connect(a), await connect(b)];
    const t0 = Date.now();
    assert.equal((await rest(a, 'DELETE', '/partner/unlink')).statusCode, 200);
    const timeout = new Promise<{ code: number; at: number }>((resolve) => setTimeout(() => resolve({ code: 0, at: Date.now() }), 2500));
    for (const c of [ca, cb]) {
      const r = await Promise.race([c.closed, timeout]);
      assert.equal(r.code, 1008);
      assert.ok(r.at - t0 <= 2000, `closed after ${r.at - t0} ms`);
    }
    // A fresh socket (the client reconnects) is accepted: the user is not locked out.
    const again = await connect(a);
    assert.equal(again.ws.readyState, WebSocket.OPEN);
  });

  test('a couple ended where no signal reaches this process is still noticed: its sockets close within 4 s', async () => {
    const [a, b] = await couple();
    const cb = await connect(b);
    // As another process without Redis would: straight in the database, no publish.
    await sql(
      `UPDATE couple_compass.couples SET status = 'ended' WHERE id = (SELECT couple_id FROM couple_compass.couple_members WHERE user_id = $1 AND active)`,
      [a.id],
    );
    await sql('UPDATE couple_compass.couple_members SET active = false WHERE user_id = ANY($1::uuid[])', [[a.id, b.id]]);
    const t0 = Date.now();
    const r = await Promise.race([
      cb.closed,
      new Promise<{ code: number; at: number }>((resolve) => setTimeout(() => resolve({ code: 0, at: Date.now() }), 5000)),
    ]);
    assert.equal(r.code, 1008);
    assert.ok(r.at - t0 <= 4000, `closed after ${r.at - t0} ms`);
  });

  test('a user without a partner keeps the socket open; logging out closes it (1008)', async () => {
    const u = await signup();
    const c = await connect(u);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(c.ws.readyState, WebSocket.OPEN);
    const t0 = Date.now();
    assert.equal((await rest(u, 'POST', '/auth/logout')).statusCode, 200);
    const r = await Promise.race([
      c.closed,
      new Promise<{ code: number; at: number }>((resolve) => setTimeout(() => resolve({ code: 0, at: Date.now() }), 3000)),
    ]);
    assert.equal(r.code, 1008);
    assert.ok(r.at - t0 <= 2000, `closed after ${r.at - t0} ms`);
  });

  describe(
    'on every instance',
    { skip: usingPostgres && usingRedis ? false : 'needs TEST_DATABASE_URL and TEST_REDIS_URL (two instances share one database and Redis)' },
    () => {
      let other: TestApp;
      let otherPort: number;
      before(async () => {
        other = await startTestApp({ jobs: false, overrides: { secret: t.secret } });
        otherPort = await listen(other);
      });
      after(async () => {
        open.closeAll();
        await other?.close();
      });

      test('unlinking on one instance closes the couple’s sockets on the other within 2 s', async () => {
        const [a, b] = await couple();
        const ca = await connect(a, otherPort);
        const cb = await connect(b, otherPort);
        await new Promise((r) => setTimeout(r, 200)); // let the subscriptions reach Redis
        const t0 = Date.now();
        assert.equal((await rest(a, 'DELETE', '/partner/unlink')).statusCode, 200);
        for (const c of [ca, cb]) {
          const r = await Promise.race([
            c.closed,
            new Promise<{ code: number; at: number }>((resolve) => setTimeout(() => resolve({ code: 0, at: Date.now() }), 2500)),
          ]);
          assert.equal(r.code, 1008);
          assert.ok(r.at - t0 <= 2000, `closed after ${r.at - t0} ms`);
        }
      });
    },
  );
});
