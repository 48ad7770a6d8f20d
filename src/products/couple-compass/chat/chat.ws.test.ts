// Couple Compass live chat socket over REAL sockets: token-checked handshake, ping/pong, garbage answered with an
// error (the socket stays open), and the live events between partners (message, typing, invitation, joined).
import { test, before, after, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { startTestApp, uniqueEmail, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp, linkCouple } from '../../../../test/helpers/couple-compass.js';
import { SocketSet } from '../../../../test/helpers/sockets.js';
import { createAccessTokenSigner } from '../../../core/identity/tokens.js';

const P = '/couple-compass/api/v1';

let t: TestApp;
let port: number;
const open = new SocketSet();

before(async () => {
  t = await startTestApp({ jobs: false });
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
  name: string;
}

const signup = (name = 'Wes'): Promise<User> => ccSignUp(t, { name, tag: 'ws', password: 'correct-horse' });

async function couple(): Promise<[User, User]> {
  const a = await signup('Ann');
  const b = await signup('Ben');
  await linkCouple(t, a, b);
  return [a, b];
}

const rest = (u: User, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `${P}${url}`, headers: bearer(u.token), ...(payload ? { payload } : {}) });

type Frame = Record<string, unknown>;

/** A connected client that records every frame and can wait for one matching a predicate. */
class Client {
  frames: (Frame | string)[] = [];
  private waiters: { pred: (f: Frame | string) => boolean; resolve: (f: Frame | string) => void }[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : String(data);
      let f: Frame | string = text;
      try {
        const v = JSON.parse(text) as unknown;
        if (v && typeof v === 'object') f = v as Frame;
      } catch {
        /* a plain-text frame such as 'pong' */
      }
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => (w.pred(f) ? (w.resolve(f), false) : true));
    });
  }

  /** The first frame (already received or still to come) matching `pred`. */
  next<T extends Frame | string>(pred: (f: Frame | string) => boolean, what: string, timeoutMs = 5000): Promise<T> {
    const have = this.frames.find(pred);
    if (have !== undefined) {
      this.frames.splice(this.frames.indexOf(have), 1);
      return Promise.resolve(have as T);
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.frames)}`)), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (f) => {
          clearTimeout(timer);
          this.frames.splice(this.frames.indexOf(f), 1);
          resolve(f as T);
        },
      });
    });
  }

  type<T extends Frame = Frame>(type: string, extra: (f: Frame) => boolean = () => true): Promise<T> {
    return this.next<T>((f) => typeof f === 'object' && f.type === type && extra(f), `a '${type}' frame`);
  }

  send(data: unknown) {
    this.ws.send(typeof data === 'string' ? data : JSON.stringify(data));
  }
}

const url = (userId: string, token?: string) =>
  `ws://127.0.0.1:${port}${P}/chat/ws/${userId}${token !== undefined ? `?token=${encodeURIComponent(token)}` : ''}`;

/** Opens a socket and waits for the server's `connected` frame. */
async function connect(u: User, opts: { headers?: Record<string, string>; viaQuery?: boolean } = {}): Promise<Client> {
  const ws = new WebSocket(url(u.id, opts.viaQuery === false ? undefined : u.token), opts.headers ? { headers: opts.headers } : {});
  open.add(ws);
  const c = new Client(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
  });
  const hello = await c.type('connected');
  assert.equal(hello.user_id, u.id);
  return c;
}

/** Tries a handshake that must be refused; resolves with the HTTP status and body the server answered. */
function refused(target: string, headers?: Record<string, string>): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(target, headers ? { headers } : {});
  open.add(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('handshake unexpectedly accepted')));
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

/** A session owned by A that B has joined through an accepted invitation. */
async function joinedSession(a: User, b: User): Promise<string> {
  const s = await rest(a, 'POST', '/chat/sessions', { title: 'Live' });
  assert.equal(s.statusCode, 201, s.body);
  const inv = await rest(a, 'POST', `/chat/sessions/${s.json().id}/invite-partner`);
  assert.equal(inv.statusCode, 201, inv.body);
  const acc = await rest(b, 'POST', `/chat/invitations/${inv.json().id}/accept`);
  assert.equal(acc.statusCode, 200, acc.body);
  return s.json().id as string;
}

describe('handshake', () => {
  test('a valid token (query or Authorization header) connects and gets {type: connected}', async () => {
    const u = await signup();
    const c = await connect(u);
    assert.equal(c.ws.readyState, WebSocket.OPEN);
    const h = await connect(u, { viaQuery: false, headers: bearer(u.token) });
    assert.equal(h.ws.readyState, WebSocket.OPEN);
    assert.equal(t.runtime.hub.localCount(`couple-compass:user:${u.id}`), 2);
  });

  test('no token, a bad token, an expired token, a refresh token → 401', async () => {
    const u = await signup();
    const refresh = await t.app.inject({
      method: 'POST',
      url: `${P}/auth/signup`,
      payload: { email: uniqueEmail('ws'), password: 'correct-horse', name: 'R' },
    });
    const claims = JSON.parse(Buffer.from(u.token.split('.')[1]!, 'base64url').toString());
    const expired = await createAccessTokenSigner(t.secret, () => Date.now() - 3 * 3600_000).sign({
      userId: u.id,
      sessionId: claims.sid,
      product: 'couple-compass',
      ttlS: 60,
    });
    for (const [label, target] of [
      ['no token', url(u.id)],
      ['empty token', url(u.id, '')],
      ['bad token', url(u.id, 'not-a-jwt')],
      ['expired token', url(u.id, expired)],
      ['refresh token', url(u.id, refresh.json().refresh_token)],
    ] as const) {
      const r = await refused(target);
      assert.equal(r.status, 401, `${label}: ${r.status} ${r.body}`);
      assert.equal(typeof JSON.parse(r.body).detail, 'string', label);
    }
    const header = await refused(url(u.id), { authorization: 'Bearer nope' });
    assert.equal(header.status, 401);
    assert.equal(t.runtime.hub.localCount(`couple-compass:user:${u.id}`), 0);
  });

  test("another user's id in the path → 403", async () => {
    const a = await signup();
    const b = await signup();
    const r = await refused(url(b.id, a.token));
    assert.equal(r.status, 403, r.body);
    assert.equal(t.runtime.hub.localCount(`couple-compass:user:${b.id}`), 0);
    const bad = await refused(url('not-a-uuid', a.token));
    assert.ok(bad.status === 403 || bad.status === 422, `${bad.status}`);
  });
});

describe('frames', () => {
  test("text 'ping' → 'pong'; {type: ping} → {type: pong}", async () => {
    const u = await signup();
    const c = await connect(u);
    c.send('ping');
    assert.equal(await c.next((f) => f === 'pong', "'pong'"), 'pong');
    c.send({ type: 'ping' });
    const pong = await c.type('pong');
    assert.equal(typeof pong.timestamp, 'number');
  });

  test('invalid JSON, a non-object, an unknown type, a binary frame → {type: error}; the socket stays open', async () => {
    const u = await signup();
    const c = await connect(u);
    for (const bad of ['{not json', '[1,2]', JSON.stringify({ type: 'dance' }), JSON.stringify({ type: 'typing' })]) {
      c.send(bad);
      const e = await c.type('error');
      assert.equal(typeof e.message, 'string', bad);
      assert.equal(c.ws.readyState, WebSocket.OPEN);
    }
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await c.type('error');
    c.send({ type: 'ping' });
    await c.type('pong');
    assert.equal(c.ws.readyState, WebSocket.OPEN);
  });

  test('typing for a session I am not part of → error, nothing reaches its owner', async () => {
    const [a] = await couple();
    const stranger = await signup();
    const s = await rest(a, 'POST', '/chat/sessions', { title: 'mine' });
    const ca = await connect(a);
    const cs = await connect(stranger);
    cs.send({ type: 'typing', session_id: s.json().id });
    const e = await cs.type('error');
    assert.equal(e.code, 'not_found');
    ca.send({ type: 'ping' });
    await ca.type('pong');
    assert.ok(!ca.frames.some((f) => typeof f === 'object' && f.type === 'typing'), JSON.stringify(ca.frames));
  });
});

describe('live events between partners', () => {
  type MsgFrame = {
    type: string;
    session_id: string;
    id: string;
    user_id: string | null;
    content: string;
    metadata: { role: string; suggested_actions?: string[] };
  };
  const roleIs = (role: string) => (f: Frame) => (f as unknown as MsgFrame).metadata?.role === role;

  test("a message reaches the other person's socket with the client's fields; the AI answers when asked and reaches only the other", async () => {
    const [a, b] = await couple();
    const sessionId = await joinedSession(a, b);
    const ca = await connect(a);
    const cb = await connect(b);
    const small = await rest(a, 'POST', `/chat/sessions/${sessionId}/messages`, { content: 'Can we talk about the weekend?' });
    assert.equal(small.statusCode, 200, small.body);
    const user = await cb.type<MsgFrame>('message', roleIs('partner'));
    assert.equal(user.session_id, sessionId);
    assert.equal(user.id, small.json().user_message.id);
    assert.equal(user.content, 'Can we talk about the weekend?');
    assert.equal(user.user_id, a.id);
    assert.equal(small.json().ai_response, null);

    const asked = await rest(a, 'POST', `/chat/sessions/${sessionId}/messages`, { content: 'AI, any advice?' });
    const ai = await cb.type<MsgFrame>('message', roleIs('ai'));
    assert.equal(ai.id, asked.json().ai_response.id);
    assert.equal(ai.user_id, null);
    assert.deepEqual(ai.metadata.suggested_actions, asked.json().suggested_actions);
    // The sender has both in the REST answer: no echo of their own message and no second copy of the answer.
    cb.send({ type: 'ping' });
    await cb.type('pong');
    ca.send({ type: 'ping' });
    await ca.type('pong');
    assert.ok(!ca.frames.some((f) => typeof f === 'object' && f.type === 'message'), JSON.stringify(ca.frames));
  });

  test("a non-participant's socket receives nothing from the session", async () => {
    const [a, b] = await couple();
    const sessionId = await joinedSession(a, b);
    const stranger = await signup();
    const cs = await connect(stranger);
    const cb = await connect(b);
    await rest(a, 'POST', `/chat/sessions/${sessionId}/messages`, { content: 'secret, advisor' });
    await cb.type('message', roleIs('ai'));
    cs.send({ type: 'ping' });
    await cs.type('pong');
    assert.deepEqual(cs.frames, []);
  });

  test('typing from the partner reaches the owner as {type: typing, user_id}', async () => {
    const [a, b] = await couple();
    const sessionId = await joinedSession(a, b);
    const ca = await connect(a);
    const cb = await connect(b);
    cb.send({ type: 'typing', session_id: sessionId });
    const typing = await ca.type('typing');
    assert.equal(typing.user_id, b.id);
    assert.equal(typing.session_id, sessionId);
    assert.equal(typing.is_typing, true);
    cb.send({ type: 'typing', session_id: sessionId, is_typing: false });
    assert.equal((await ca.type('typing')).is_typing, false);
    // The typist does not hear their own typing.
    cb.send({ type: 'ping' });
    await cb.type('pong');
    assert.ok(!cb.frames.some((f) => typeof f === 'object' && f.type === 'typing'));
  });

  test('an invitation arrives live with inviter_name; accepting tells the owner (invitation_accepted, partner_joined)', async () => {
    const [a, b] = await couple();
    const ca = await connect(a);
    const cb = await connect(b);
    const s = await rest(a, 'POST', '/chat/sessions', { title: 'Join me' });
    const inv = await rest(a, 'POST', `/chat/sessions/${s.json().id}/invite-partner`);
    assert.equal(inv.statusCode, 201, inv.body);
    const live = await cb.type('invitation');
    assert.deepEqual(live, {
      type: 'invitation',
      invitation_id: inv.json().id,
      session_id: s.json().id,
      inviter_id: a.id,
      invitee_id: b.id,
      status: 'pending',
      message: 'Ann invited you to join a chat session',
    });

    const acc = await rest(b, 'POST', `/chat/invitations/${inv.json().id}/accept`);
    assert.equal(acc.statusCode, 200, acc.body);
    const accepted = await ca.type('invitation_accepted');
    assert.equal(accepted.invitation_id, inv.json().id);
    assert.equal(accepted.invitee_id, b.id);
    assert.equal(accepted.message, 'Ben accepted your chat invitation');
    const joined = await ca.type('partner_joined');
    assert.deepEqual(joined, {
      type: 'partner_joined',
      session_id: s.json().id,
      partner_id: b.id,
      partner_name: 'Ben',
      message: 'Ben joined the chat session',
    });
  });

  test('declining tells the owner (invitation_declined); the partner leaving tells the owner (partner_left)', async () => {
    const [a, b] = await couple();
    const ca = await connect(a);
    const s = await rest(a, 'POST', '/chat/sessions', { title: 'Maybe' });
    const inv = await rest(a, 'POST', `/chat/sessions/${s.json().id}/invite-partner`);
    await rest(b, 'POST', `/chat/invitations/${inv.json().id}/decline`);
    const declined = await ca.type('invitation_declined');
    assert.equal(declined.invitation_id, inv.json().id);
    assert.equal(declined.status, 'declined');
    assert.equal(declined.message, 'Ben declined your chat invitation');

    const sessionId = await joinedSession(a, b);
    await ca.type('partner_joined', (f) => f.session_id === sessionId);
    const leave = await t.app.inject({ method: 'DELETE', url: `${P}/chat/sessions/${sessionId}`, headers: bearer(b.token) });
    assert.equal(leave.statusCode, 200);
    const left = await ca.type('partner_left');
    assert.deepEqual(left, { type: 'partner_left', session_id: sessionId, partner_id: b.id, partner_name: 'Ben', message: 'Ben left the chat' });
  });
});
