// Project Inside's two live sockets (notifications, coaching session) over REAL sockets, as parts of one login: when
// that login ends — logout, password reset, account erase, a refresh token used twice — both close with 1008 within
// 2 s, while the user's other login and other users stay connected; a lost signal is caught by the re-check. And the
// caps: sockets per user (both kinds together) and per client IP, which X-Forwarded-For cannot dodge (TRUST_PROXY=0).
import { test, before, after, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { SocketSet } from '../../../../test/helpers/sockets.js';
import { PI, piCall, piRelationship, piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';

interface Server {
  t: TestApp;
  port: number;
}
interface Live {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
}

const PASSWORD = 'correct-horse';
const ENDED = { code: 1008, reason: 'session ended' };
const TOO_MANY = { code: 1008, reason: 'too many connections' };
const open = new SocketSet();
let main: Server;
let caps: Server;

async function serve(env: Record<string, string>): Promise<Server> {
  const t = await startTestApp({ products: ['project-inside'], jobs: false, env });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, port: (t.app.server.address() as AddressInfo).port };
}

before(async () => {
  // A refresh token presented again at any later moment is theft (the reuse grace is covered elsewhere).
  main = await serve({ REFRESH_REUSE_INTERVAL_S: '0' });
  caps = await serve({ RATE_LIMIT_SCALE: '1', SOCKETS_PER_USER_MAX: '2', SOCKETS_PER_IP_MAX: '3', TRUST_PROXY: '0' });
});
afterEach(() => open.closeAll());
after(async () => {
  open.closeAll();
  await main.t.close();
  await caps.t.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, sleep(ms).then(() => 'timeout' as const)]);
const notificationsPath = (u: { token: string }) => `/interaction/notifications?token=${encodeURIComponent(u.token)}`;
const sessionPath = (u: { token: string }, sid: string) => `/sessions/${sid}/ws?token=${encodeURIComponent(u.token)}`;

/** Opens a socket; resolves once the handshake succeeded (admitted or not, the server may close it at once). */
function opened(s: Server, path: string, headers: Record<string, string> = {}): Promise<Live & { firstMessage: Promise<unknown> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${s.port}${PI}${path}`, { headers });
  open.add(ws);
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
  const firstMessage = new Promise<unknown>((r) => ws.once('message', (data) => r(JSON.parse(String(data)))));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, closed, firstMessage }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
  });
}

/** A socket that was admitted: its first frame (connection.established / my own session_state) arrived. */
async function connect(s: Server, path: string, headers: Record<string, string> = {}): Promise<Live> {
  const live = await opened(s, path, headers);
  const first = await within(live.firstMessage, 3000);
  assert.notEqual(first, 'timeout', `no first frame on ${path.split('?')[0]}`);
  return live;
}

/** Owner `a` and member `b` in one relationship with a coaching session of both. */
async function coupleInSession(s: Server, remote = false): Promise<{ a: PiUser; b: PiUser; sid: string }> {
  const signup = () => piSignup(s.t, remote ? { remoteAddress: `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } : {});
  const [a, b] = [await signup(), await signup()];
  const rid = await piRelationship(s.t, a, [b]);
  const r = await piCall(s.t, a, 'POST', '/sessions', { relationship_id: rid, participants: [b.id] });
  assert.equal(r.statusCode, 200, r.body);
  return { a, b, sid: r.json().id as string };
}

async function login(s: Server, u: PiUser): Promise<PiUser> {
  const r = await s.t.app.inject({ method: 'POST', url: `${PI}/auth/login`, payload: { email: u.email, password: PASSWORD } });
  assert.equal(r.statusCode, 200, r.body);
  return { ...u, token: r.json().access_token as string, refresh: r.json().refresh_token as string };
}

/** Both sockets of one login. */
const bothSockets = async (s: Server, u: PiUser, sid: string) => [await connect(s, notificationsPath(u)), await connect(s, sessionPath(u, sid))];

async function closesWith(sockets: Live[], want: { code: number; reason: string }, ms = 2000) {
  const started = Date.now();
  for (const [i, s] of sockets.entries()) {
    const r = await within(s.closed, Math.max(1, ms - (Date.now() - started)));
    assert.notEqual(r, 'timeout', `socket ${i} still open after ${ms} ms`);
    assert.deepEqual(r, want, `socket ${i}`);
  }
}

async function staysOpen(sockets: Live[], ms = 300) {
  await sleep(ms);
  for (const [i, s] of sockets.entries()) assert.equal(s.ws.readyState, WebSocket.OPEN, `socket ${i} must stay open`);
}

async function until(check: () => boolean, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(20);
  }
}

describe('the end of a login closes its notification and coaching sockets (1008 within 2 s)', () => {
  test("logout: this login's sockets close; my other login and the partner stay connected", async () => {
    const { a, b, sid } = await coupleInSession(main);
    const other = await login(main, a);
    const mine = await bothSockets(main, a, sid);
    const kept = [...(await bothSockets(main, other, sid)), await connect(main, sessionPath(b, sid))];
    assert.equal((await piCall(main.t, a, 'POST', '/auth/logout')).statusCode, 200);
    await closesWith(mine, ENDED);
    await staysOpen(kept);
  });

  test('password reset: every login of mine loses its sockets; the partner stays', async () => {
    const { a, b, sid } = await coupleInSession(main);
    const other = await login(main, a);
    const mine = [...(await bothSockets(main, a, sid)), ...(await bothSockets(main, other, sid))];
    const partner = await connect(main, sessionPath(b, sid));
    // Project Inside has no reset route of its own: this is the core reset any product's route calls.
    const ctx = main.t.ctx('project-inside');
    const token = await ctx.identity.issueEmailToken(a.id, ctx.slug, 'reset_password', 600);
    await ctx.accounts.confirmPasswordReset(token, 'battery-staple-9');
    await closesWith(mine, ENDED);
    await staysOpen([partner]);
  });

  test('erase: my sockets close; the partner stays in the session', async () => {
    const { a, b, sid } = await coupleInSession(main);
    const [notif, coach] = await bothSockets(main, a, sid);
    const partner = await connect(main, sessionPath(b, sid));
    assert.equal((await piCall(main.t, a, 'DELETE', '/users/me')).statusCode, 204);
    await closesWith([notif!], ENDED);
    // The session's signal closes it; should the membership re-check get there first, it says so instead.
    const r = await within(coach!.closed, 2000);
    if (r === 'timeout') assert.fail('the coaching socket still open after 2 s');
    assert.equal(r.code, 1008);
    assert.ok(['session ended', 'no longer a member'].includes(r.reason), r.reason);
    await staysOpen([partner]);
  });

  test("a refresh token used twice revokes its family: that login's sockets close, my other login stays", async () => {
    const { a, sid } = await coupleInSession(main);
    const other = await login(main, a);
    const mine = await bothSockets(main, a, sid);
    const kept = await bothSockets(main, other, sid);
    const refresh = (token: string) => main.t.app.inject({ method: 'POST', url: `${PI}/auth/refresh`, payload: { refresh_token: token } });
    assert.equal((await refresh(a.refresh)).statusCode, 200);
    await sleep(5);
    assert.equal((await refresh(a.refresh)).statusCode, 401);
    await closesWith(mine, ENDED);
    await staysOpen(kept);
  });

  test('a lost signal (ended on another instance): the re-check closes both sockets within a few seconds', async () => {
    const { a, sid } = await coupleInSession(main);
    const mine = await bothSockets(main, a, sid);
    const other = await login(main, a);
    const kept = await bothSockets(main, other, sid);
    const { sessionId } = await main.t.ctx('project-inside').auth.verify(a.token);
    await main.t.runtime.db.sql.executeSql(`UPDATE identity.sessions SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1`, [sessionId]);
    await closesWith(mine, ENDED, 5000);
    await staysOpen(kept, 0);
  });

  test('a member whose membership is gone behind our back: the coaching socket closes (1008), the partner stays', async () => {
    const { a, b, sid } = await coupleInSession(main);
    const [notif, coach] = await bothSockets(main, a, sid);
    const partner = await connect(main, sessionPath(b, sid));
    await main.t.runtime.db.sql.executeSql(`DELETE FROM project_inside.relationship_members WHERE user_id = $1`, [a.id]);
    await closesWith([coach!], { code: 1008, reason: 'no longer a member' }, 5000);
    await staysOpen([notif!, partner], 0);
  });
});

describe('caps (2 per user, 3 per IP)', () => {
  test('a third socket of one user, of either kind, is closed with 1008 before any data; another user is not affected; a freed slot is reusable', async () => {
    const { a, b, sid } = await coupleInSession(caps, true);
    const first = await connect(caps, notificationsPath(a));
    await connect(caps, sessionPath(a, sid));
    for (const path of [notificationsPath(a), sessionPath(a, sid)]) {
      const extra = await opened(caps, path);
      const r = await within(extra.closed, 2000);
      assert.deepEqual(r, TOO_MANY, path.split('?')[0]);
      assert.equal(await within(extra.firstMessage, 0), 'timeout', 'no frame reached a refused socket');
    }
    await connect(caps, notificationsPath(b));
    first.ws.close();
    await first.closed;
    await until(() => caps.t.runtime.sockets.size === 2);
    await connect(caps, notificationsPath(a));
  });

  test('per IP: with TRUST_PROXY=0 an X-Forwarded-For header does not make a new client', async () => {
    await until(() => caps.t.runtime.sockets.size === 0);
    const users = [];
    for (let i = 0; i < 4; i++) users.push(await piSignup(caps.t, { remoteAddress: `10.78.${i}.${Math.floor(Math.random() * 250)}` }));
    for (const [i, u] of users.slice(0, 3).entries()) await connect(caps, notificationsPath(u), { 'x-forwarded-for': `198.51.100.${i + 1}` });
    const fourth = await opened(caps, notificationsPath(users[3]!), { 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '203.0.113.9' });
    assert.deepEqual(await within(fourth.closed, 2000), TOO_MANY);
  });
});
