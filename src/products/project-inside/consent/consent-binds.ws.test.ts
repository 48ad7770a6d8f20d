// Issue 13 #5: consent binds. Feature frames are recorded and nudges sent only for members whose ACTIVE consent has
// REALTIME_FEATURES_ONLY (others get server.error consent_required and nothing is stored, even when it changes
// mid-session); report stats only for members whose consent has SUMMARY_SHARED. Real sockets, database state.
import { test, before, after, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { FrameClient, SocketSet } from '../../../../test/helpers/sockets.js';
import { PI, piCall, piRelationship, piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';
import { buildReportJob } from '../sessions/session-report.job.js';
import { existingSessionLive } from '../sessions/session-live.js';

let t: TestApp;
let port: number;
const open = new SocketSet();
let fakeNow = Date.now();

before(async () => {
  t = await startTestApp({ products: ['project-inside'], jobs: false, overrides: { now: () => fakeNow } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterEach(() => open.closeAll());
after(async () => {
  open.closeAll();
  await t.close();
});

async function connect(u: PiUser, sid: string): Promise<FrameClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${PI}/sessions/${sid}/ws?token=${encodeURIComponent(u.token)}`);
  open.add(ws);
  const c = new FrameClient(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await c.next('server.session_state', (f) => f.payload?.user_id === u.id);
  return c;
}

const frame = (sid: string, rate: number, overlap: number) => ({
  type: 'client.feature_frame',
  sid,
  payload: { timestamp_ms: 1, speaking_rate: rate, overlap_ratio: overlap },
});
const signup = () => piSignup(t, { tag: 'pi-consent-ws' });
const consent = (u: PiUser, rid: string, scopes: string[], status = 'ACTIVE') => piCall(t, u, 'PUT', `/relationships/${rid}/consent/me`, { scopes, status });

async function session(a: PiUser, b: PiUser, scopes: { a: string[] | null; b: string[] | null }): Promise<{ rid: string; sid: string }> {
  const rid = await piRelationship(t, a, [b], { consent: null });
  if (scopes.a) assert.equal((await consent(a, rid, scopes.a)).statusCode, 200);
  if (scopes.b) assert.equal((await consent(b, rid, scopes.b)).statusCode, 200);
  const s = await piCall(t, a, 'POST', '/sessions', { relationship_id: rid, participants: [b.id] });
  assert.equal(s.statusCode, 200, s.body);
  return { rid, sid: s.json().id as string };
}

async function statsOf(sid: string): Promise<Record<string, number>> {
  await existingSessionLive(t.ctx('project-inside'))?.recorder.flush();
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT user_id, frames FROM project_inside.session_stats WHERE session_id = $1`, [sid]);
  return Object.fromEntries(rows.map((r) => [r.user_id as string, r.frames as number]));
}
const nudgeCount = async (sid: string, uid: string) =>
  (await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM project_inside.nudges WHERE session_id = $1 AND user_id = $2`, [sid, uid])).rows[0]!
    .n as number;

describe('live features need REALTIME_FEATURES_ONLY', () => {
  test('no answer, a draft, a revoked consent, or one without the scope: consent_required, no nudge, nothing stored', async () => {
    for (const [label, answer] of [
      ['no answer', null],
      ['draft', { scopes: ['REALTIME_FEATURES_ONLY'], status: 'DRAFT' }],
      ['revoked', { scopes: ['REALTIME_FEATURES_ONLY'], status: 'REVOKED' }],
      ['summary only', { scopes: ['SUMMARY_SHARED'], status: 'ACTIVE' }],
    ] as const) {
      const [a, b] = [await signup(), await signup()];
      const { rid, sid } = await session(a, b, { a: ['REALTIME_FEATURES_ONLY'], b: null });
      if (answer) assert.equal((await consent(b, rid, [...answer.scopes], answer.status)).statusCode, 200);
      const [ca, cb] = [await connect(a, sid), await connect(b, sid)];
      fakeNow += 60_000;
      cb.send(frame(sid, 9, 0.9));
      const e = await cb.next('server.error', (f) => f.payload?.code === 'consent_required');
      assert.match(String(e.payload?.message), /REALTIME_FEATURES_ONLY/, label);
      // The consenting member is recorded and nudged as usual.
      ca.send(frame(sid, 9, 0));
      await ca.next('server.nudge');
      await cb.sync();
      assert.equal(cb.count('server.nudge'), 0, label);
      const stats = await statsOf(sid);
      assert.equal(stats[b.id], undefined, `${label}: no frame of B stored`);
      assert.equal(stats[a.id], 1, label);
      assert.equal(await nudgeCount(sid, b.id), 0, label);
      assert.equal(await nudgeCount(sid, a.id), 1, label);
    }
  });

  test('consent given or withdrawn mid-session applies to the next frame, on the open socket', async () => {
    const [a, b] = [await signup(), await signup()];
    const { rid, sid } = await session(a, b, { a: ['REALTIME_FEATURES_ONLY'], b: null });
    const cb = await connect(b, sid);
    cb.send(frame(sid, 1, 0));
    await cb.next('server.error', (f) => f.payload?.code === 'consent_required');
    assert.equal((await consent(b, rid, ['REALTIME_FEATURES_ONLY'])).statusCode, 200);
    fakeNow += 60_000;
    cb.send(frame(sid, 9, 0));
    await cb.next('server.nudge');
    assert.equal((await statsOf(sid))[b.id], 1);
    assert.equal((await consent(b, rid, ['REALTIME_FEATURES_ONLY'], 'REVOKED')).statusCode, 200);
    fakeNow += 60_000;
    cb.send(frame(sid, 9, 0));
    await cb.next('server.error', (f) => f.payload?.code === 'consent_required');
    assert.equal((await statsOf(sid))[b.id], 1, 'nothing more stored after the withdrawal');
    assert.equal(await nudgeCount(sid, b.id), 1);
  });
});

describe('report stats need SUMMARY_SHARED', () => {
  test('a member who shares live features but not summaries is recorded, but absent from the report (stats, shares, moments)', async () => {
    const [a, b] = [await signup(), await signup()];
    const { sid } = await session(a, b, { a: ['REALTIME_FEATURES_ONLY', 'SUMMARY_SHARED'], b: ['REALTIME_FEATURES_ONLY'] });
    const [ca, cb] = [await connect(a, sid), await connect(b, sid)];
    fakeNow += 60_000;
    ca.send(frame(sid, 2, 0));
    cb.send(frame(sid, 9, 0.9));
    await cb.next('server.nudge');
    await ca.sync();
    assert.deepEqual(await statsOf(sid), { [a.id]: 1, [b.id]: 1 });
    assert.equal((await piCall(t, a, 'POST', `/sessions/${sid}/finalize`)).statusCode, 200);
    await buildReportJob(t.ctx('project-inside'), { sessionId: sid });
    const report = await piCall(t, b, 'GET', `/sessions/${sid}/report`);
    assert.equal(report.statusCode, 200, report.body);
    const r = report.json();
    assert.equal(r.status, 'ready');
    assert.deepEqual(
      r.stats.participants.map((p: { user_id: string }) => p.user_id),
      [a.id],
    );
    assert.equal(r.stats.participants[0].talk_share, 1);
    assert.equal(r.stats.frames, 1);
    assert.deepEqual(r.stats.nudges, { SLOW_DOWN: 0, PAUSE: 0, total: 0 });
    assert.deepEqual(r.moments, []);
    assert.ok(!report.body.includes(b.id), 'nothing of B in the report');
  });

  test('nobody shares summaries: the report has no participant stats', async () => {
    const [a, b] = [await signup(), await signup()];
    const { sid } = await session(a, b, { a: ['REALTIME_FEATURES_ONLY'], b: ['REALTIME_FEATURES_ONLY'] });
    const ca = await connect(a, sid);
    ca.send(frame(sid, 2, 0));
    await ca.sync();
    assert.equal((await piCall(t, a, 'POST', `/sessions/${sid}/finalize`)).statusCode, 200);
    await buildReportJob(t.ctx('project-inside'), { sessionId: sid });
    const r = (await piCall(t, a, 'GET', `/sessions/${sid}/report`)).json();
    assert.deepEqual(r.stats.participants, []);
    assert.equal(r.stats.frames, 0);
  });
});
