// The live coaching socket over REAL sockets: handshake refusals (no data first), session_state to every
// participant, nudge thresholds and intensities, the nudge rate limit on an injected clock, garbage frames,
// the per-socket message limit, heartbeat timeout, and what gets recorded (stats, nudges, the report).
import { test, before, after, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import WebSocket from 'ws';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { FrameClient, SocketSet } from '../../../../test/helpers/sockets.js';
import { piRelationship, piSignup } from '../../../../test/helpers/project-inside.js';
import { createAccessTokenSigner } from '../../../core/identity/tokens.js';
import { nudges, sessionStats } from '../db.js';

const P = '/project-inside/v1';
let t: TestApp;
let port: number;
let fakeNow = Date.now();
const open = new SocketSet();

before(async () => {
  t = await startTestApp({ products: ['project-inside'], overrides: { now: () => fakeNow } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
const closeAll = () => open.closeAll();
afterEach(closeAll);
after(async () => {
  closeAll();
  await t.close();
});

interface User {
  id: string;
  token: string;
  refresh: string;
}
const signup = (): Promise<User> => piSignup(t, { tag: 'live' });
const call = (u: User, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `${P}${url}`, headers: bearer(u.token), ...(payload === undefined ? {} : { payload: payload as object }) });

/** A relationship of all users (first is owner) and a session with the given participants (default: all). */
async function sessionOf(users: User[], participants: User[] = users): Promise<string> {
  const [owner, ...rest] = users;
  const rid = await piRelationship(t, owner!, rest);
  const s = await call(participants[0]!, 'POST', '/sessions', { relationship_id: rid, participants: participants.map((p) => p.id) });
  assert.equal(s.statusCode, 200, s.body);
  return s.json().id;
}

const wsUrl = (sid: string, token?: string, family = '') =>
  `ws://127.0.0.1:${port}${P}${family}/sessions/${sid}/ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

async function connect(u: User, sid: string, family = '', opts: WebSocket.ClientOptions = {}): Promise<FrameClient> {
  const ws = new WebSocket(wsUrl(sid, u.token, family), opts);
  open.add(ws);
  const c = new FrameClient(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
  });
  // Our own joined state is the first thing the server sends.
  await c.next('server.session_state', (f) => f.payload?.user_id === u.id);
  return c;
}

/** A handshake that must be refused: its HTTP status, and proof that no WebSocket frame ever arrived. */
function refused(target: string): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(target);
  open.add(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('handshake unexpectedly accepted')));
    ws.on('message', () => reject(new Error('a frame arrived on a refused socket')));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

const frame = (sid: string, speaking_rate: number, overlap_ratio: number, timestamp_ms = 1000) => ({
  type: 'client.feature_frame',
  sid,
  payload: { timestamp_ms, speaking_rate, overlap_ratio },
});
/** Waits until the server has processed everything sent before (messages are handled in order). */
async function sync(c: FrameClient) {
  c.send('{sync');
  await c.next('server.error', (f) => f.payload?.code === 'invalid_json');
}

describe('handshake', () => {
  test('no token, empty, bad, expired or refresh token → 401; nothing is sent', async () => {
    const [a] = [await signup()];
    const sid = await sessionOf([a]);
    const claims = JSON.parse(Buffer.from(a.token.split('.')[1]!, 'base64url').toString());
    const expired = await createAccessTokenSigner(t.secret, () => Date.now() - 3 * 3600_000).sign({
      userId: a.id,
      sessionId: claims.sid,
      product: 'project-inside',
      ttlS: 60,
    });
    for (const [label, token] of [
      ['no token', undefined],
      ['empty token', ''],
      ['bad token', 'not-a-jwt'],
      ['expired token', expired],
      ['refresh token', a.refresh],
    ] as const) {
      const r = await refused(wsUrl(sid, token));
      assert.equal(r.status, 401, `${label}: ${r.status} ${r.body}`);
      assert.equal(typeof JSON.parse(r.body).detail, 'string');
    }
    assert.equal(t.runtime.hub.localCount(), 0);
  });

  test('non-participant member or stranger 403, unknown session 404, malformed sid 422, finalized session 403', async () => {
    const [a, b, c, x] = [await signup(), await signup(), await signup(), await signup()];
    const sid = await sessionOf([a, b, c], [a, b]);
    for (const [u, family] of [
      [c, ''],
      [x, '/interaction'],
    ] as const) {
      const r = await refused(wsUrl(sid, u.token, family));
      assert.equal(r.status, 403, r.body);
      assert.ok(!r.body.includes(a.id));
    }
    assert.equal((await refused(wsUrl(crypto.randomUUID(), a.token))).status, 404);
    assert.equal((await refused(wsUrl('not-a-uuid', a.token))).status, 422);
    assert.equal((await call(a, 'POST', `/sessions/${sid}/finalize`)).statusCode, 200);
    const fin = await refused(wsUrl(sid, b.token, '/interaction'));
    assert.equal(fin.status, 403);
    assert.match(JSON.parse(fin.body).detail, /finalized/);
    assert.equal(t.runtime.hub.localCount(), 0);
  });
});

describe('session state', () => {
  test('every participant hears who joined and left, with the seed participant list (both path families)', async () => {
    const [a, b] = [await signup(), await signup()];
    const sid = await sessionOf([a, b]);
    const ca = await connect(a, sid);
    const cb = await connect(b, sid, '/interaction');
    const seen = await ca.next('server.session_state', (f) => f.payload?.user_id === b.id);
    assert.deepEqual(seen, { type: 'server.session_state', payload: { sid, participants: [a.id, b.id], event: 'joined', user_id: b.id } });
    cb.ws.close();
    const left = await ca.next('server.session_state', (f) => f.payload?.event === 'left');
    assert.equal(left.payload!.user_id, b.id);
  });
});

describe('nudges', () => {
  test('below thresholds nothing (and no allowance used); SLOW_DOWN and PAUSE with their intensities; both → PAUSE; only the speaker hears it', async () => {
    const [a, b] = [await signup(), await signup()];
    const sid = await sessionOf([a, b]);
    const ca = await connect(a, sid);
    const cb = await connect(b, sid);
    const cases: [number, number, string, number][] = [
      [3.5, 0.1, 'SLOW_DOWN', 1],
      [4.5, 0.0, 'SLOW_DOWN', 2],
      [9.0, 0.2, 'SLOW_DOWN', 3],
      [1.0, 0.4, 'PAUSE', 1],
      [2.0, 0.7, 'PAUSE', 2],
      [0.0, 1.0, 'PAUSE', 3],
      [5.0, 0.5, 'PAUSE', 3],
    ];
    for (const [rate, overlap, type, intensity] of cases) {
      fakeNow += 10_000;
      ca.send(frame(sid, 3.0, 0.3)); // at the thresholds: not past them
      ca.send(frame(sid, 1, 0.05));
      ca.send(frame(sid, rate, overlap));
      const n = await ca.next('server.nudge');
      assert.deepEqual(
        n,
        {
          type: 'server.nudge',
          sid,
          payload: { nudge_type: type, intensity, message: type === 'PAUSE' ? 'Pause and let your partner finish.' : 'Try slowing down.' },
        },
        `${rate}/${overlap}`,
      );
    }
    await sync(cb);
    assert.equal(cb.count('server.nudge'), 0, 'the partner is not nudged');
  });

  test('at most one nudge per 10 s per (session, user), on the injected clock; other users have their own allowance', async () => {
    const [a, b] = [await signup(), await signup()];
    const sid = await sessionOf([a, b]);
    const ca = await connect(a, sid, '/interaction');
    const cb = await connect(b, sid);
    fakeNow += 60_000;
    ca.send(frame(sid, 5, 0));
    await ca.next('server.nudge');
    for (let i = 0; i < 5; i++) ca.send(frame(sid, 6, 0.9));
    await sync(ca);
    fakeNow += 9_999;
    ca.send(frame(sid, 6, 0));
    cb.send(frame(sid, 6, 0));
    await cb.next('server.nudge');
    await sync(ca);
    assert.equal(ca.count('server.nudge'), 0, 'still inside the window');
    fakeNow += 1;
    ca.send(frame(sid, 3.2, 0));
    const n = await ca.next('server.nudge');
    assert.equal(n.payload!.intensity, 1);
  });
});

describe('garbage', () => {
  test('invalid JSON, wrong shapes, wrong sid, non-finite and out-of-range numbers → server.error; the socket keeps working', async () => {
    const a = await signup();
    const sid = await sessionOf([a]);
    const c = await connect(a, sid);
    const bad: [string | Buffer, string][] = [
      ['not json', 'invalid_json'],
      ['[1,2]', 'bad_frame'],
      ['42', 'bad_frame'],
      ['null', 'bad_frame'],
      [JSON.stringify({ type: 'client.hello', sid }), 'unknown_type'],
      [JSON.stringify({ sid, payload: {} }), 'unknown_type'],
      [JSON.stringify({ ...frame(sid, 1, 0), sid: crypto.randomUUID() }), 'wrong_sid'],
      [JSON.stringify({ ...frame(sid, 1, 0), sid: undefined }), 'wrong_sid'],
      [JSON.stringify({ type: 'client.feature_frame', sid }), 'invalid_payload'],
      [JSON.stringify({ type: 'client.feature_frame', sid, payload: [] }), 'invalid_payload'],
      [`{"type":"client.feature_frame","sid":"${sid}","payload":{"timestamp_ms":1,"speaking_rate":1e999,"overlap_ratio":0}}`, 'invalid_payload'],
      [`{"type":"client.feature_frame","sid":"${sid}","payload":{"timestamp_ms":-1e999,"speaking_rate":1,"overlap_ratio":0}}`, 'invalid_payload'],
      [JSON.stringify({ type: 'client.feature_frame', sid, payload: { timestamp_ms: 1, speaking_rate: 'fast', overlap_ratio: 0 } }), 'invalid_payload'],
      [JSON.stringify({ type: 'client.feature_frame', sid, payload: { timestamp_ms: 1, speaking_rate: 'NaN', overlap_ratio: 0 } }), 'invalid_payload'],
      [JSON.stringify(frame(sid, 21, 0)), 'invalid_payload'],
      [JSON.stringify(frame(sid, -0.1, 0)), 'invalid_payload'],
      [JSON.stringify(frame(sid, 1, 1.5)), 'invalid_payload'],
      [JSON.stringify(frame(sid, 1, 0, -5)), 'invalid_payload'],
      [JSON.stringify({ type: 'client.feature_frame', sid, payload: { timestamp_ms: 1, overlap_ratio: 0 } }), 'invalid_payload'],
      [Buffer.from([0xff, 0x00, 0x01]), 'bad_frame'],
    ];
    for (const [data, code] of bad) {
      if (Buffer.isBuffer(data)) c.ws.send(data, { binary: true });
      else c.send(data);
      const e = await c.next('server.error');
      assert.equal(e.payload!.code, code, `${String(data)} → ${JSON.stringify(e)}`);
      assert.equal(typeof e.payload!.message, 'string');
      assert.equal(e.sid, sid);
    }
    fakeNow += 20_000;
    c.send(frame(sid, 4, 0));
    assert.equal((await c.next('server.nudge')).payload!.nudge_type, 'SLOW_DOWN');
    assert.equal(c.ws.readyState, WebSocket.OPEN);
  });

  test('a flood is answered with rate_limited errors; the socket stays open', async () => {
    const a = await signup();
    const sid = await sessionOf([a]);
    const c = await connect(a, sid);
    for (let i = 0; i < 120; i++) c.send(frame(sid, 1, 0, i));
    await c.next('server.error', (f) => f.payload?.code === 'rate_limited');
    assert.equal(c.ws.readyState, WebSocket.OPEN);
  });
});

describe('recording and report', () => {
  test('frames and nudges are recorded; finalize tells the sockets and closes them (1000); the job builds the report', async () => {
    const [a, b] = [await signup(), await signup()];
    const sid = await sessionOf([a, b]);
    const ca = await connect(a, sid);
    const cb = await connect(b, sid, '/interaction');
    fakeNow += 60_000;
    for (let i = 0; i < 10; i++) ca.send(frame(sid, i === 0 ? 4 : 2, 0, i * 200));
    for (let i = 0; i < 5; i++) cb.send(frame(sid, i < 2 ? 0 : 1.5, i === 4 ? 0.6 : 0, i * 200));
    cb.send('garbage is not recorded');
    await ca.next('server.nudge');
    await cb.next('server.nudge');
    await sync(ca);
    await sync(cb);

    const fin = await call(b, 'POST', `/sessions/${sid}/finalize`);
    assert.equal(fin.statusCode, 200, fin.body);
    for (const c of [ca, cb]) {
      const ended = await c.next('server.session_ended');
      assert.deepEqual(ended, { type: 'server.session_ended', sid, payload: { sid, status: 'FINALIZED', finalized_at: fin.json().finalized_at } });
      assert.equal((await c.closed).code, 1000);
    }
    const dz = t.ctx('project-inside').db.dz;
    const stats = await dz.select().from(sessionStats).where(eq(sessionStats.sessionId, sid));
    const sa = stats.find((s) => s.userId === a.id)!;
    const sb = stats.find((s) => s.userId === b.id)!;
    assert.equal(sa.frames, 10);
    assert.equal(sa.speakingFrames, 10);
    assert.equal(sa.speakingRateSum, 22);
    assert.equal(sa.maxSpeakingRate, 4);
    assert.equal(sa.overSpeakingRate, 1);
    assert.equal(sb.frames, 5);
    assert.equal(sb.speakingFrames, 3);
    assert.equal(sb.overOverlap, 1);
    assert.equal(sb.maxOverlapRatio, 0.6);
    const ns = await dz.select().from(nudges).where(eq(nudges.sessionId, sid));
    assert.deepEqual(
      ns.map((n) => [n.userId, n.nudgeType]).sort(),
      [
        [a.id, 'SLOW_DOWN'],
        [b.id, 'PAUSE'],
      ].sort(),
    );

    let report: Record<string, unknown> | undefined;
    for (let i = 0; i < 60 && report?.status !== 'ready'; i++) {
      if (i) await new Promise((r) => setTimeout(r, 250));
      report = (await call(a, 'GET', `/sessions/${sid}/report`)).json();
    }
    assert.equal(report?.status, 'ready', 'report built within 15 s');
    const st = report!.stats as { frames: number; nudges: Record<string, number>; participants: { user_id: string; talk_share: number }[] };
    assert.equal(st.frames, 15);
    assert.deepEqual(st.nudges, { SLOW_DOWN: 1, PAUSE: 1, total: 2 });
    assert.equal(st.participants.find((p) => p.user_id === a.id)!.talk_share, Math.round((10 / 13) * 1000) / 1000);
    assert.equal((report!.moments as unknown[]).length, 2);
  });

  test('an upper-case sid is the same session (socket, frames, finalize)', async () => {
    const a = await signup();
    const sid = await sessionOf([a]);
    const c = await connect(a, sid.toUpperCase());
    c.send(frame(sid, 1, 0));
    c.send(frame(sid.toUpperCase(), 1, 0));
    await sync(c);
    assert.equal(c.count('server.error'), 0);
    assert.equal((await call(a, 'POST', `/sessions/${sid.toUpperCase()}/finalize`)).statusCode, 200);
    assert.equal((await c.next('server.session_ended')).sid, sid);
    assert.equal((await c.closed).code, 1000);
    const rows = await t.ctx('project-inside').db.dz.select().from(sessionStats).where(eq(sessionStats.sessionId, sid));
    assert.equal(rows[0]?.frames, 2);
  });

  test('a finalize whose signal was lost (Redis down on the other instance) still ends the live sockets, from the database', async () => {
    const [x, y] = [await signup(), await signup()];
    const sid = await sessionOf([x, y]);
    const c = await connect(x, sid);
    // Finalized by "another instance" whose bus message never arrived: only the row says so.
    await t.runtime.db.sql.executeSql(`UPDATE project_inside.sessions SET status = 'FINALIZED', finalized_at = now() WHERE id = $1`, [sid]);
    const ended = await c.next('server.session_ended', () => true, 6000);
    assert.equal(ended.sid, sid);
    assert.equal((await c.closed).code, 1000);
  });

  test('a closing socket flushes what it recorded', async () => {
    const a = await signup();
    const sid = await sessionOf([a]);
    const c = await connect(a, sid);
    for (let i = 0; i < 3; i++) c.send(frame(sid, 1, 0, i));
    await sync(c);
    c.ws.close();
    await c.closed;
    const dz = t.ctx('project-inside').db.dz;
    let rows: (typeof sessionStats.$inferSelect)[] = [];
    for (let i = 0; i < 40 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await dz.select().from(sessionStats).where(eq(sessionStats.sessionId, sid));
    }
    assert.equal(rows[0]?.frames, 3);
  });
});

describe('heartbeat', () => {
  test('a peer that never answers pings is dropped after the timeout; one that does stays', async () => {
    const hb = await startTestApp({
      products: ['project-inside'],
      jobs: false,
      env: { PROJECT_INSIDE_WEBSOCKET_HEARTBEAT_INTERVAL: '0.1', PROJECT_INSIDE_WEBSOCKET_TIMEOUT: '0.3' },
    });
    try {
      await hb.app.listen({ port: 0, host: '127.0.0.1' });
      const hport = (hb.app.server.address() as AddressInfo).port;
      const { token } = await piSignup(hb, { tag: 'hb' });
      const rel = await hb.app.inject({ method: 'POST', url: `${P}/relationships`, headers: bearer(token), payload: { type: 'friend', member_ids: [] } });
      const s = await hb.app.inject({
        method: 'POST',
        url: `${P}/sessions`,
        headers: bearer(token),
        payload: { relationship_id: rel.json().id, participants: [] },
      });
      const target = `ws://127.0.0.1:${hport}${P}/sessions/${s.json().id}/ws?token=${token}`;
      const silent = new WebSocket(target, { autoPong: false });
      const polite = new WebSocket(target);
      open.add(silent);
      open.add(polite);
      let pings = 0;
      silent.on('ping', () => pings++);
      const started = Date.now();
      const code = await new Promise<number>((resolve) => silent.once('close', (c) => resolve(c)));
      assert.ok(pings >= 1, 'the server pinged');
      assert.ok(Date.now() - started < 5000);
      assert.equal(code, 1006, 'terminated, no close handshake');
      assert.equal(polite.readyState, WebSocket.OPEN);
      polite.close();
    } finally {
      closeAll();
      await hb.close();
    }
  });
});
