// Issue 13 #4, Project Inside's part: the end of a relationship reaches live sockets. Its session sockets close with
// 1008 (policy violation) within 2 s — at once through the bus, and from the database re-check when a signal was
// lost; other relationships' sockets and the notification socket stay open. (Across instances: sessions.multi.test.ts.)
import { test, before, after, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { SocketSet } from '../../../../test/helpers/sockets.js';
import { PI, piCall, piRelationship, piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';

let t: TestApp;
let port: number;
const open = new SocketSet();

before(async () => {
  t = await startTestApp({ products: ['project-inside'], jobs: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterEach(() => open.closeAll());
after(async () => {
  open.closeAll();
  await t.close();
});

interface Sock {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
}

function connect(path: string): Promise<Sock> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${PI}${path}`);
  open.add(ws);
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
  return new Promise((resolve, reject) => {
    ws.once('message', () => resolve({ ws, closed }));
    ws.once('error', reject);
  });
}
const sessionSocket = (u: PiUser, sid: string) => connect(`/sessions/${sid}/ws?token=${encodeURIComponent(u.token)}`);
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

async function sessionOf(a: PiUser, b: PiUser): Promise<{ rid: string; sid: string }> {
  const rid = await piRelationship(t, a, [b]);
  const s = await piCall(t, a, 'POST', '/sessions', { relationship_id: rid, participants: [b.id] });
  assert.equal(s.statusCode, 200, s.body);
  return { rid, sid: s.json().id as string };
}

describe('the end of a relationship closes its session sockets', () => {
  test('every participant socket closes with 1008 within 2 s; another relationship and the notification socket stay open', async () => {
    const [a, b, c] = [await piSignup(t), await piSignup(t), await piSignup(t)];
    const { rid, sid } = await sessionOf(a, b);
    const other = await sessionOf(a, c);
    const [sa, sb, sOther] = [await sessionSocket(a, sid), await sessionSocket(b, sid), await sessionSocket(a, other.sid)];
    const notif = await connect(`/interaction/notifications?token=${encodeURIComponent(b.token)}`);
    const started = Date.now();
    const end = await piCall(t, b, 'DELETE', `/relationships/${rid}`);
    assert.equal(end.statusCode, 204, end.body);
    for (const s of [sa, sb]) {
      const r = await within(s.closed, 2000);
      assert.notEqual(r, 'timeout', 'closed within 2 s');
      assert.deepEqual(r, { code: 1008, reason: 'relationship ended' });
    }
    assert.ok(Date.now() - started < 2000);
    assert.equal(await within(sOther.closed, 300), 'timeout', "another relationship's socket stays");
    assert.equal(notif.ws.readyState, WebSocket.OPEN, 'the notification socket stays');
    // And no new socket for it: the relationship is gone.
    const again = new WebSocket(`ws://127.0.0.1:${port}${PI}/sessions/${sid}/ws?token=${encodeURIComponent(a.token)}`);
    open.add(again);
    const status = await new Promise<number>((resolve) => {
      again.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      again.once('open', () => resolve(101));
      again.once('error', () => undefined);
    });
    assert.equal(status, 403);
  });

  test('a lost signal: the database re-check still closes the sockets (1008) within a few seconds', async () => {
    const [a, b] = [await piSignup(t), await piSignup(t)];
    const { rid, sid } = await sessionOf(a, b);
    const sb = await sessionSocket(b, sid);
    // Ended behind the product's back (another instance whose bus message never arrived).
    await t.runtime.db.sql.executeSql(`UPDATE project_inside.relationships SET status = 'ENDED', ended_at = now() WHERE id = $1`, [rid]);
    const r = await within(sb.closed, 5000);
    assert.deepEqual(r, { code: 1008, reason: 'relationship ended' });
  });

  test('only members end it: a stranger (403) or a pending member (403) leaves the sockets open', async () => {
    const [a, b, c, d] = [await piSignup(t), await piSignup(t), await piSignup(t), await piSignup(t)];
    const { rid, sid } = await sessionOf(a, b);
    const pending = await piCall(t, a, 'POST', '/relationships', { type: 'friend', member_ids: [d.id] });
    const sb = await sessionSocket(b, sid);
    assert.equal((await piCall(t, c, 'DELETE', `/relationships/${rid}`)).statusCode, 403);
    assert.equal((await piCall(t, d, 'DELETE', `/relationships/${pending.json().id as string}`)).statusCode, 403);
    assert.equal(await within(sb.closed, 500), 'timeout');
  });
});
