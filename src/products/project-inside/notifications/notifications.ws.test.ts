// The notifications socket over real sockets: refused handshakes, connection.established, both pings, garbage
// answered (socket stays usable), heartbeat drop of a silent peer, and live emoji_poke / notification.new events
// reaching exactly the right user's sockets.
import { test, before, after, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { SocketSet } from '../../../../test/helpers/sockets.js';
import { piRelationship, piSignup } from '../../../../test/helpers/project-inside.js';
import { createAccessTokenSigner } from '../../../core/identity/tokens.js';

const P = '/project-inside/v1';
let t: TestApp;
let port: number;
const sockets = new SocketSet();

before(async () => {
  t = await startTestApp({ jobs: false, products: ['project-inside'] });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
const closeSockets = () => sockets.closeAll();
afterEach(closeSockets);
after(async () => {
  closeSockets();
  await t.close();
});

interface U {
  id: string;
  token: string;
  refresh: string;
  name: string;
}

async function user(name = 'Nia'): Promise<U> {
  return { ...(await piSignup(t, { displayName: name, tag: 'notif' })), name };
}

/** A relationship whose other members accepted being added. */
const relationship = (owner: U, ...others: U[]): Promise<string> => piRelationship(t, owner, others, { consent: null });

type Frame = Record<string, unknown> | string;

/** A socket that keeps every frame it got and can wait for the next one matching a predicate. */
class Listener {
  readonly frames: Frame[] = [];
  private waiting: { match: (f: Frame) => boolean; done: (f: Frame) => void }[] = [];
  closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      let f: Frame = isBinary ? '<binary>' : String(data);
      try {
        const v = JSON.parse(f) as unknown;
        if (v && typeof v === 'object') f = v as Record<string, unknown>;
      } catch {
        /* plain text such as pong */
      }
      const w = this.waiting.find((x) => x.match(f));
      if (w) {
        this.waiting.splice(this.waiting.indexOf(w), 1);
        w.done(f);
      } else this.frames.push(f);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }

  wait(match: (f: Frame) => boolean, what: string, ms = 5000): Promise<Frame> {
    const i = this.frames.findIndex(match);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms; have ${JSON.stringify(this.frames)}`)), ms);
      this.waiting.push({ match, done: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  type(type: string, extra: (f: Record<string, unknown>) => boolean = () => true) {
    return this.wait((f) => typeof f === 'object' && f.type === type && extra(f), `'${type}' frame`) as Promise<Record<string, unknown>>;
  }

  /** Nothing matching arrives within `ms` (used after a positive delivery elsewhere, so the quiet is meaningful). */
  async none(match: (f: Frame) => boolean, ms = 300) {
    await new Promise((r) => setTimeout(r, ms));
    assert.equal(this.frames.filter(match).length, 0, `unexpected frames: ${JSON.stringify(this.frames)}`);
  }

  send(x: unknown) {
    this.ws.send(typeof x === 'string' || Buffer.isBuffer(x) ? x : JSON.stringify(x));
  }
}

const wsUrl = (token?: string, p = port) =>
  `ws://127.0.0.1:${p}${P}/interaction/notifications${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

async function connect(u: U, o: { port?: number; header?: boolean; wsOptions?: WebSocket.ClientOptions } = {}): Promise<Listener> {
  const ws = new WebSocket(wsUrl(o.header ? undefined : u.token, o.port), { ...(o.header ? { headers: bearer(u.token) } : {}), ...o.wsOptions });
  sockets.add(ws);
  const l = new Listener(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_q, res) => reject(new Error(`handshake refused with ${res.statusCode}`)));
  });
  const hello = await l.type('connection.established');
  assert.deepEqual(hello, { type: 'connection.established', user_id: u.id });
  return l;
}

/** A handshake that must be refused: the HTTP status and body, and proof no socket opened. */
function refusal(url: string): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(url);
  sockets.add(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('handshake was accepted')));
    ws.once('message', () => reject(new Error('data before refusal')));
    ws.once('unexpected-response', (_q, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

const poke = (from: U, rid: string, to: U, extra: object = { type: 'EMOJI', emoji: '🫶' }) =>
  t.app.inject({ method: 'POST', url: `${P}/interaction/pokes`, headers: bearer(from.token), payload: { relationship_id: rid, receiver_id: to.id, ...extra } });

describe('handshake', () => {
  test('missing, invalid, expired, refresh and other-product tokens are refused with 401 before any data', async () => {
    const u = await user();
    const expired = await createAccessTokenSigner(t.secret, () => Date.now() - 24 * 3600_000).sign({
      userId: u.id,
      sessionId: '00000000-0000-4000-8000-000000000000',
      product: 'project-inside',
      ttlS: 60,
    });
    const claims = JSON.parse(Buffer.from(u.token.split('.')[1]!, 'base64url').toString()) as { sid: string };
    const otherProduct = await createAccessTokenSigner(t.secret).sign({ userId: u.id, sessionId: claims.sid, product: 'couple-compass', ttlS: 600 });
    for (const [label, token] of [
      ['missing', undefined],
      ['empty', ''],
      ['garbage', 'not-a-jwt'],
      ['expired', expired],
      ['refresh token', u.refresh],
      ['other product', otherProduct],
      ['tampered', `${u.token.slice(0, -2)}xx`],
    ] as const) {
      const r = await refusal(wsUrl(token));
      assert.equal(r.status, 401, `${label}: ${r.status} ${r.body}`);
      assert.ok(!r.body.includes(u.id), `${label}: ${r.body}`);
    }
  });

  test('a valid token in the query or an Authorization header: connection.established with my id', async () => {
    const u = await user();
    await connect(u);
    await connect(u, { header: true });
  });

  test('a logged-out session can no longer connect', async () => {
    const u = await user();
    const out = await t.app.inject({ method: 'POST', url: `${P}/auth/logout`, headers: bearer(u.token), payload: { refresh_token: u.refresh } });
    assert.ok(out.statusCode < 300, out.body);
    assert.equal((await refusal(wsUrl(u.token))).status, 401);
  });
});

describe('messages', () => {
  test('text ping → pong, JSON ping → {type:"pong"}', async () => {
    const c = await connect(await user());
    c.send('ping');
    assert.equal(await c.wait((f) => f === 'pong', 'pong'), 'pong');
    c.send({ type: 'ping' });
    assert.deepEqual(await c.type('pong'), { type: 'pong' });
  });

  test('garbage gets an error with a code, and the socket stays usable', async () => {
    const c = await connect(await user());
    for (const [bad, code] of [
      ['{not json', 'bad_frame'],
      ['[1,2,3]', 'bad_frame'],
      ['"just a string"', 'bad_frame'],
      [Buffer.from([0xff, 0x00, 0x01]), 'bad_frame'],
      [JSON.stringify({ type: 'subscribe', topic: 'everything' }), 'unknown_type'],
      [JSON.stringify({ nothing: true }), 'unknown_type'],
    ] as const) {
      if (Buffer.isBuffer(bad)) c.ws.send(bad, { binary: true });
      else c.send(bad);
      const e = await c.type('error');
      assert.equal(e.code, code, `${String(bad)} → ${JSON.stringify(e)}`);
      assert.equal(typeof e.message, 'string');
    }
    c.send('ping');
    await c.wait((f) => f === 'pong', 'pong after garbage');
    assert.equal(c.ws.readyState, WebSocket.OPEN);
  });

  test('a flood is answered with rate_limited errors, not obeyed, and the socket survives', async () => {
    const c = await connect(await user());
    for (let i = 0; i < 60; i++) c.send({ type: 'ping' });
    await c.type('error', (f) => f.code === 'rate_limited');
    assert.equal(c.ws.readyState, WebSocket.OPEN);
  });
});

describe('live events', () => {
  test('a poke reaches every notification socket of the receiver, with the sender name, and nobody else', async () => {
    const [a, b, c] = [await user('Ann'), await user('Ben'), await user('Cat')];
    const rid = await relationship(a, b, c);
    const stranger = await user('Stranger');
    const [b1, b2, aSock, cSock, sSock] = [await connect(b), await connect(b), await connect(a), await connect(c), await connect(stranger)];
    const r = await poke(a, rid, b);
    assert.equal(r.statusCode, 200, r.body);
    const sent = r.json();
    for (const s of [b1, b2]) {
      const e = await s.type('emoji_poke');
      // The fields the app reads at the top level, and the same again in payload.
      assert.deepEqual(e, {
        type: 'emoji_poke',
        poke_id: sent.id,
        sender_id: a.id,
        sender_name: 'Ann',
        emoji: '🫶',
        poke_type: 'EMOJI',
        relationship_id: rid,
        created_at: sent.created_at,
        payload: { id: sent.id, relationship_id: rid, sender_id: a.id, sender_name: 'Ann', type: 'EMOJI', emoji: '🫶', created_at: sent.created_at },
      });
    }
    for (const s of [aSock, cSock, sSock]) await s.none((f) => typeof f === 'object' && f.type === 'emoji_poke');
  });

  test('a refused poke sends no event', async () => {
    const [a, b] = [await user('Ann'), await user('Ben')];
    const rid = await relationship(a, b);
    const stranger = await user('Eve');
    const bSock = await connect(b);
    assert.equal((await poke(stranger, rid, b)).statusCode, 403);
    assert.equal((await poke(a, rid, b, { type: 'EMOJI' })).statusCode, 422);
    assert.equal((await poke(a, rid, b, { type: 'HUG' })).statusCode, 200);
    const e = await bSock.type('emoji_poke');
    assert.equal((e.payload as { type: string }).type, 'HUG', 'the first event is the accepted poke');
    assert.equal(e.emoji, 'HUG', 'without an emoji the top-level emoji is the poke type');
    await bSock.none((f) => typeof f === 'object' && f.type === 'emoji_poke');
  });

  test("notification.new (the app's fields in payload) when someone adds me, when I accept, and when it ends; not to the one who did it", async () => {
    const [a, b] = [await user('Ann'), await user('Ben')];
    const [aSock, bSock] = [await connect(a), await connect(b)];
    const created = await t.app.inject({
      method: 'POST',
      url: `${P}/relationships`,
      headers: bearer(a.token),
      payload: { type: 'couple', member_ids: [b.id] },
    });
    const rid = created.json().id as string;
    const added = await bSock.type('notification.new');
    const p = added.payload as Record<string, unknown>;
    assert.equal(typeof p.id, 'string');
    assert.equal(typeof p.timestamp, 'number');
    assert.deepEqual(
      { ...p, id: 'x', timestamp: 0 },
      {
        id: 'x',
        timestamp: 0,
        type: 'invite',
        title: 'Relationship request',
        message: 'Ann wants to add you to their partner relationship. Add them back in Project Inside to accept.',
        read: false,
        kind: 'relationship.invited',
        relationship_id: rid,
        sender_id: a.id,
        sender_name: 'Ann',
      },
    );
    assert.equal((await t.app.inject({ method: 'POST', url: `${P}/relationships/${rid}/accept`, headers: bearer(b.token) })).statusCode, 200);
    const accepted = await aSock.type('notification.new');
    assert.equal((accepted.payload as { kind: string }).kind, 'relationship.accepted');
    assert.equal((accepted.payload as { message: string }).message, 'Ben accepted your partner relationship request.');
    const end = await t.app.inject({ method: 'DELETE', url: `${P}/relationships/${rid}`, headers: bearer(a.token) });
    assert.equal(end.statusCode, 204);
    const ended = await bSock.type('notification.new', (f) => (f.payload as { kind: string }).kind === 'relationship.ended');
    assert.equal((ended.payload as { relationship_id: string }).relationship_id, rid);
    assert.equal((ended.payload as { type: string }).type, 'system');
    await aSock.none((f) => typeof f === 'object' && f.type === 'notification.new');
    await bSock.none((f) => typeof f === 'object' && f.type === 'notification.new');
  });

  test('a closed socket leaves its topic', async () => {
    const [a, b] = [await user('Ann'), await user('Ben')];
    const rid = await relationship(a, b);
    const bSock = await connect(b);
    const topic = `project-inside:user:${b.id}`;
    assert.equal(t.runtime.hub.localCount(topic), 1);
    bSock.ws.close();
    await bSock.closed;
    for (let i = 0; i < 20 && t.runtime.hub.localCount(topic) > 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(t.runtime.hub.localCount(topic), 0);
    assert.equal((await poke(a, rid, b)).statusCode, 200, 'a poke to an offline receiver is still stored');
  });
});

describe('heartbeat (short settings)', () => {
  let fast: TestApp;
  let fastPort: number;
  before(async () => {
    fast = await startTestApp({
      jobs: false,
      products: ['project-inside'],
      env: { PROJECT_INSIDE_WEBSOCKET_HEARTBEAT_INTERVAL: '0.1', PROJECT_INSIDE_WEBSOCKET_TIMEOUT: '0.4' },
    });
    await fast.app.listen({ port: 0, host: '127.0.0.1' });
    fastPort = (fast.app.server.address() as AddressInfo).port;
  });
  after(async () => {
    closeSockets();
    await fast.close();
  });

  const fastUser = async (): Promise<U> => ({ ...(await piSignup(fast, { tag: 'beat' })), name: '' });

  test('the server pings; a peer that answers stays, a silent one is dropped', async () => {
    const u = await fastUser();
    const alive = await connect(u, { port: fastPort });
    let pings = 0;
    alive.ws.on('ping', () => pings++);
    const silent = await connect(u, { port: fastPort, wsOptions: { autoPong: false } });
    const code = await Promise.race([silent.closed, new Promise<string>((r) => setTimeout(() => r('still open'), 3000))]);
    assert.notEqual(code, 'still open', 'the silent peer should have been dropped');
    assert.ok(pings >= 2, `pings seen: ${pings}`);
    assert.equal(alive.ws.readyState, WebSocket.OPEN);
  });
});
