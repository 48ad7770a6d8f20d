// Two Project Inside instances on one PostgreSQL + Redis: a receiver connected to A gets the poke sent through B,
// and the per-sender poke allowance is one allowance across both.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { piRelationship, piSignup } from '../../../../test/helpers/project-inside.js';
import { DEFAULT_LIMITS_ENV, startTestApp, bearer, usingPostgres, usingRedis, type TestApp } from '../../../../test/helpers/app.js';
import { projectInside } from '../index.js';

const POKE_LIMIT = projectInside.limits!.POKES_PER_USER!;
import { userTopic } from '../shared/topics.js';

const skip = usingPostgres && usingRedis ? false : 'needs TEST_DATABASE_URL and TEST_REDIS_URL (two instances share one PostgreSQL and one Redis)';
const P = '/project-inside/v1';

describe('pokes across two instances', { skip }, () => {
  let a: TestApp;
  let b: TestApp;
  let portA: number;
  const sockets: WebSocket[] = [];

  before(async () => {
    const secret = new Uint8Array(randomBytes(32)); // one deployment, one signing secret
    a = await startTestApp({ jobs: false, products: ['project-inside'], overrides: { secret }, env: DEFAULT_LIMITS_ENV });
    b = await startTestApp({ jobs: false, products: ['project-inside'], overrides: { secret }, env: DEFAULT_LIMITS_ENV });
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    portA = (a.app.server.address() as AddressInfo).port;
  });
  after(async () => {
    for (const s of sockets) s.terminate();
    await a?.close();
    await b?.close();
  });

  const user = (on: TestApp, name: string) => piSignup(on, { displayName: name, tag: 'multi' });

  /** Opens the receiver's socket on A and resolves once Redis has A's subscription (so B's publish can't race it). */
  async function listenOnA(u: { id: string; token: string }) {
    const ws = new WebSocket(`ws://127.0.0.1:${portA}${P}/interaction/notifications?token=${encodeURIComponent(u.token)}`);
    sockets.push(ws);
    const frames: Record<string, unknown>[] = [];
    let notify: () => void = () => undefined;
    ws.on('message', (d) => {
      frames.push(JSON.parse(String(d)) as Record<string, unknown>);
      notify();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const channel = `${a.runtime.redis!.prefix}rt:${userTopic(u.id)}`;
    for (let i = 0; i < 100; i++) {
      const [, n] = (await a.runtime.redis!.client.pubsub('NUMSUB', channel)) as [string, number];
      if (Number(n) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const next = (type: string, ms = 5000) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} within ${ms} ms; got ${JSON.stringify(frames)}`)), ms);
        const check = () => {
          const i = frames.findIndex((f) => f.type === type);
          if (i >= 0) {
            clearTimeout(timer);
            resolve(frames.splice(i, 1)[0]!);
          }
        };
        notify = check;
        check();
      });
    return { ws, frames, next };
  }

  test('receiver on A, poke sent through B: delivered live, with the sender name', async () => {
    const ann = await user(b, 'Ann');
    const ben = await user(a, 'Ben');
    const rid = await piRelationship(b, ann, [ben], { consent: null });
    const sock = await listenOnA(ben);
    assert.equal((await sock.next('connection.established')).user_id, ben.id);
    const r = await b.app.inject({
      method: 'POST',
      url: `${P}/interaction/pokes`,
      headers: bearer(ann.token),
      payload: { relationship_id: rid, receiver_id: ben.id, type: 'THINKING_OF_YOU' },
    });
    assert.equal(r.statusCode, 200, r.body);
    const e = await sock.next('emoji_poke');
    assert.equal(e.sender_id, ann.id);
    assert.equal(e.emoji, 'THINKING_OF_YOU');
    assert.deepEqual(e.payload, {
      id: r.json().id,
      relationship_id: rid,
      sender_id: ann.id,
      sender_name: 'Ann',
      type: 'THINKING_OF_YOU',
      emoji: null,
      created_at: r.json().created_at,
    });
    // Exactly once on A, though A's bus also sees its own local deliveries.
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(sock.frames.filter((f) => f.type === 'emoji_poke').length, 0);
    // And the relationship's list reads the same on both.
    const la = await a.app.inject({ method: 'GET', url: `${P}/pokes?rid=${rid}`, headers: bearer(ben.token) });
    assert.deepEqual(
      la.json().map((p: { id: string }) => p.id),
      [r.json().id],
    );
  });

  test('the per-sender allowance is shared: pokes alternating between A and B stop at the one limit', async () => {
    const ann = await user(a, 'Ann');
    const ben = await user(b, 'Ben');
    const rid = await piRelationship(a, ann, [ben], { type: 'friend', consent: null });
    const statuses: number[] = [];
    for (let i = 0; i < POKE_LIMIT.max + 2; i++) {
      const on = i % 2 ? b : a;
      statuses.push(
        (
          await on.app.inject({
            method: 'POST',
            url: `${P}/pokes`,
            headers: bearer(ann.token),
            payload: { relationship_id: rid, receiver_id: ben.id, type: 'HUG' },
          })
        ).statusCode,
      );
    }
    assert.deepEqual(statuses, [...Array<number>(POKE_LIMIT.max).fill(200), 429, 429]);
  });
});
