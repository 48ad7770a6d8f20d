// Two API instances on one PostgreSQL + Redis: session_state and nudges cross instances, the nudge rate limit is
// shared, and finalize on one instance closes the sockets on the other and gets their frames into the report.
import { test, before, after, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { piRelationship, piSignup } from '../../../../test/helpers/project-inside.js';
import { startTestApp, bearer, usingPostgres, usingRedis, type TestApp } from '../../../../test/helpers/app.js';
import { FrameClient, SocketSet } from '../../../../test/helpers/sockets.js';

const skip = usingPostgres && usingRedis ? false : 'needs TEST_DATABASE_URL and TEST_REDIS_URL (two instances need a shared database and Redis)';
const P = '/project-inside/v1';

describe('coaching across two instances', { skip }, () => {
  let a: TestApp;
  let b: TestApp;
  const ports = new Map<TestApp, number>();
  let fakeNow = Date.now();
  const open = new SocketSet();

  before(async () => {
    const secret = new Uint8Array(randomBytes(32)); // one deployment, one signing secret
    const overrides = { secret, now: () => fakeNow }; // one clock for the whole "deployment"
    a = await startTestApp({ products: ['project-inside'], overrides, jobs: true });
    b = await startTestApp({ products: ['project-inside'], overrides, jobs: false });
    for (const x of [a, b]) {
      await x.app.listen({ port: 0, host: '127.0.0.1' });
      ports.set(x, (x.app.server.address() as AddressInfo).port);
    }
  });
  const closeAll = () => open.closeAll();
  afterEach(closeAll);
  after(async () => {
    closeAll();
    await a?.close();
    await b?.close();
  });

  interface User {
    id: string;
    token: string;
  }
  const signup = (): Promise<User> => piSignup(a, { tag: 'multi' });
  const sessionOf = async (owner: User, other: User): Promise<string> => {
    const rid = await piRelationship(a, owner, [other]);
    const s = await a.app.inject({
      method: 'POST',
      url: `${P}/sessions`,
      headers: bearer(owner.token),
      payload: { relationship_id: rid, participants: [other.id] },
    });
    assert.equal(s.statusCode, 200, s.body);
    return s.json().id;
  };

  const connect = async (on: TestApp, u: User, sid: string): Promise<FrameClient> => {
    const ws = new WebSocket(`ws://127.0.0.1:${ports.get(on)}${P}/sessions/${sid}/ws?token=${u.token}`);
    open.add(ws);
    const c = new FrameClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await c.next('server.session_state', (f) => f.payload?.user_id === u.id);
    await new Promise((r) => setTimeout(r, 250)); // let the SUBSCRIBEs reach Redis
    return c;
  };
  const frame = (sid: string, rate: number, overlap = 0) => ({
    type: 'client.feature_frame',
    sid,
    payload: { timestamp_ms: 1, speaking_rate: rate, overlap_ratio: overlap },
  });
  const sync = async (c: FrameClient) => {
    c.send('{');
    await c.next('server.error', (f) => f.payload?.code === 'invalid_json');
  };

  test('session_state reaches a participant on the other instance', async () => {
    const [x, y] = [await signup(), await signup()];
    const sid = await sessionOf(x, y);
    const cx = await connect(a, x, sid);
    await connect(b, y, sid);
    const s = await cx.next('server.session_state', (f) => f.payload?.user_id === y.id);
    assert.deepEqual(s.payload, { sid, participants: [x.id, y.id], event: 'joined', user_id: y.id });
  });

  test('a nudge caused on B reaches the speaker on A; the rate limit is shared by both instances', async () => {
    const [x, y] = [await signup(), await signup()];
    const sid = await sessionOf(x, y);
    const onA = await connect(a, x, sid);
    const onB = await connect(b, x, sid);
    fakeNow += 60_000;
    onB.send(frame(sid, 4.6));
    const n = await onA.next('server.nudge');
    assert.deepEqual(n, { type: 'server.nudge', sid, payload: { nudge_type: 'SLOW_DOWN', intensity: 3, message: 'Try slowing down.' } });
    await onB.next('server.nudge');
    // Inside the window on the other instance: refused by the shared limit.
    onA.send(frame(sid, 6, 0.9));
    await sync(onA);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(onA.frames.filter((f) => f.type === 'server.nudge').length, 0);
    assert.equal(onB.frames.filter((f) => f.type === 'server.nudge').length, 0);
    fakeNow += 10_000;
    onA.send(frame(sid, 1, 0.5));
    assert.equal((await onB.next('server.nudge')).payload!.nudge_type, 'PAUSE');
  });

  test('finalize on A closes the sockets on B (session_ended, 1000) and the frames B recorded reach the report', async () => {
    const [x, y] = [await signup(), await signup()];
    const sid = await sessionOf(x, y);
    const cy = await connect(b, y, sid);
    fakeNow += 60_000;
    for (let i = 0; i < 7; i++) cy.send(frame(sid, i === 0 ? 3.5 : 2));
    await cy.next('server.nudge');
    await sync(cy);
    const fin = await a.app.inject({ method: 'POST', url: `${P}/sessions/${sid}/finalize`, headers: bearer(x.token) });
    assert.equal(fin.statusCode, 200, fin.body);
    assert.equal((await cy.next('server.session_ended')).payload!.status, 'FINALIZED');
    assert.equal((await cy.closed).code, 1000);
    let report: { status: string; stats: { frames: number; nudges: { SLOW_DOWN: number } } } | undefined;
    for (let i = 0; i < 80 && report?.status !== 'ready'; i++) {
      if (i) await new Promise((r) => setTimeout(r, 250));
      report = (await b.app.inject({ method: 'GET', url: `${P}/coach/sessions/${sid}/report`, headers: bearer(y.token) })).json();
    }
    assert.equal(report?.status, 'ready');
    assert.equal(report!.stats.frames, 7);
    assert.equal(report!.stats.nudges.SLOW_DOWN, 1);
  });

  test('ending the relationship on A closes its session sockets on B with 1008 within 2 s', async () => {
    const [x, y] = [await signup(), await signup()];
    const sid = await sessionOf(x, y);
    const cy = await connect(b, y, sid);
    const started = Date.now();
    const rid = (await a.app.inject({ method: 'GET', url: `${P}/history/sessions`, headers: bearer(x.token) })).json()[0].relationship_id as string;
    const end = await a.app.inject({ method: 'DELETE', url: `${P}/relationships/${rid}`, headers: bearer(x.token) });
    assert.equal(end.statusCode, 204, end.body);
    const code = await Promise.race([cy.closed.then((c) => c.code), new Promise<number>((r) => setTimeout(() => r(-1), 2000))]);
    assert.equal(code, 1008);
    assert.ok(Date.now() - started < 2500);
  });
});
