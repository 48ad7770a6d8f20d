// Couple Compass chat (REST): sessions, AI-answered messages, summaries, stats, partner invitations; rejects bad
// input; anyone but the owner and the joined partner gets a 404.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp, linkCouple } from '../../../../test/helpers/couple-compass.js';

const P = '/couple-compass/api/v1';
const NOT_FOUND = { message: 'Resource not found' };

let t: TestApp;

before(async () => {
  t = await startTestApp({ jobs: false });
});
after(async () => {
  await t.close();
});

interface User {
  id: string;
  token: string;
  name: string;
}
interface Session {
  id: string;
  title: string;
  session_type: string;
  user_id: string;
  partner_user_id: string | null;
  couple_id: string | null;
  summary: string | null;
  message_count: number;
  last_message_at: string | null;
}
interface Message {
  id: string;
  session_id: string;
  user_id: string | null;
  role: string;
  content: string;
  metadata: { suggested_actions?: string[]; confidence_score?: number };
}
interface Invitation {
  id: string;
  session_id: string;
  session_title: string;
  inviter_id: string;
  inviter_name: string | null;
  invitee_id: string;
  status: string;
  expires_at: string;
}

const signup = (name = 'Cy'): Promise<User> => ccSignUp(t, { name, tag: 'chat', password: 'correct-horse' });

async function couple(): Promise<[User, User]> {
  const a = await signup('Ann');
  const b = await signup('Ben');
  await linkCouple(t, a, b);
  return [a, b];
}

const req = (u: User, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `${P}${url}`, headers: bearer(u.token), ...(payload ? { payload } : {}) });

async function newSession(u: User, body: object = { title: 'Our talk' }): Promise<Session> {
  const r = await req(u, 'POST', '/chat/sessions', body);
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

async function invite(owner: User, sessionId: string): Promise<Invitation> {
  const r = await req(owner, 'POST', `/chat/sessions/${sessionId}/invite-partner`);
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

/** A couple with a session owned by A that B has joined. */
async function joinedSession(): Promise<{ a: User; b: User; s: Session }> {
  const [a, b] = await couple();
  const s = await newSession(a);
  const inv = await invite(a, s.id);
  const acc = await req(b, 'POST', `/chat/invitations/${inv.id}/accept`);
  assert.equal(acc.statusCode, 200, acc.body);
  return { a, b, s };
}

describe('sessions', () => {
  test('POST → 201, listed, readable with its messages, renamed, deleted by the owner', async () => {
    const u = await signup();
    const s = await newSession(u, { title: 'First' });
    assert.equal(s.title, 'First');
    assert.equal(s.user_id, u.id);
    assert.equal(s.partner_user_id, null);
    assert.equal(s.session_type, 'ai_mediation');
    assert.equal(s.message_count, 0);
    const dflt = await newSession(u, {});
    assert.equal(dflt.title, 'New Conversation');
    await newSession(u, { title: 'Third' });

    const list = await req(u, 'GET', '/chat/sessions');
    assert.equal(list.statusCode, 200);
    const ids = list.json().map((x: Session) => x.id);
    assert.equal(ids.length, 3);
    assert.ok(ids.includes(s.id) && ids.includes(dflt.id));
    const page = await req(u, 'GET', '/chat/sessions?limit=1&offset=0');
    assert.equal(page.json().length, 1);

    const one = await req(u, 'GET', `/chat/sessions/${s.id}`);
    assert.equal(one.statusCode, 200);
    assert.equal(one.json().id, s.id);
    assert.deepEqual(one.json().messages, []);

    const renamed = await req(u, 'PUT', `/chat/sessions/${s.id}/title`, { title: 'Renamed' });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().title, 'Renamed');
    assert.equal((await req(u, 'GET', `/chat/sessions/${s.id}`)).json().title, 'Renamed');

    const del = await req(u, 'DELETE', `/chat/sessions/${s.id}`);
    assert.equal(del.statusCode, 200);
    assert.deepEqual(del.json(), { message: 'Session deleted' });
    const gone = await req(u, 'GET', `/chat/sessions/${s.id}`);
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(gone.json(), NOT_FOUND);
    const { rows } = await t.runtime.db.sql.executeSql('SELECT 1 FROM couple_compass.chat_sessions WHERE id = $1', [s.id]);
    assert.equal(rows.length, 0);
  });

  test("a couple chat needs a linked partner (400 without); with one it carries the couple's id; older type names are accepted", async () => {
    const u = await signup();
    for (const session_type of ['couple_chat', 'couple']) {
      const r = await req(u, 'POST', '/chat/sessions', { session_type });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(typeof r.json().detail, 'string');
    }
    assert.equal((await newSession(u, { session_type: 'individual' })).session_type, 'ai_mediation');
    const [a] = await couple();
    const s = await newSession(a, { session_type: 'couple_chat' });
    assert.equal(s.session_type, 'couple_chat');
    assert.ok(s.couple_id);
    assert.equal((await newSession(a, { session_type: 'couple' })).session_type, 'couple_chat');
  });

  test('POST messages → the user message and the AI answer, both stored', async () => {
    const u = await signup();
    const s = await newSession(u);
    const r = await req(u, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'We argued about money and I feel stressed and sad.' });
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json() as { user_message: Message; ai_response: Message; suggested_actions: string[]; confidence_score: number };
    assert.equal(body.user_message.role, 'user');
    assert.equal(body.user_message.user_id, u.id);
    assert.equal(body.user_message.session_id, s.id);
    assert.equal(body.user_message.content, 'We argued about money and I feel stressed and sad.');
    assert.deepEqual(body.user_message.metadata, {});
    assert.equal(body.ai_response.role, 'ai');
    assert.equal(body.ai_response.user_id, null);
    assert.ok(body.ai_response.content.length > 0);
    assert.ok(Array.isArray(body.suggested_actions) && body.suggested_actions.length >= 1 && body.suggested_actions.length <= 3);
    assert.ok(body.suggested_actions.every((a) => typeof a === 'string' && a.length > 0));
    assert.deepEqual(body.ai_response.metadata.suggested_actions, body.suggested_actions);
    assert.ok(body.confidence_score > 0 && body.confidence_score <= 1);
    assert.equal(body.ai_response.metadata.confidence_score, body.confidence_score);

    const hist = await req(u, 'GET', `/chat/sessions/${s.id}/history`);
    assert.equal(hist.statusCode, 200);
    assert.deepEqual(
      hist.json().map((m: Message) => m.id),
      [body.user_message.id, body.ai_response.id],
    );
    const paged = await req(u, 'GET', `/chat/sessions/${s.id}/history?limit=1&offset=1`);
    assert.deepEqual(
      paged.json().map((m: Message) => m.id),
      [body.ai_response.id],
    );

    const detail = (await req(u, 'GET', `/chat/sessions/${s.id}`)).json();
    assert.equal(detail.message_count, 2);
    assert.ok(detail.last_message_at);
    assert.equal(detail.messages.length, 2);
    const { rows } = await t.runtime.db.sql.executeSql('SELECT role, content FROM couple_compass.chat_messages WHERE session_id = $1 ORDER BY created_at', [
      s.id,
    ]);
    assert.deepEqual(
      rows.map((x) => x.role),
      ['user', 'assistant'],
    );
  });

  test('POST summary stores a summary on the session', async () => {
    const u = await signup();
    const s = await newSession(u);
    const empty = await req(u, 'POST', `/chat/sessions/${s.id}/summary`);
    assert.equal(empty.statusCode, 200);
    assert.equal(typeof empty.json().summary, 'string');
    await req(u, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'We talked about trust and feel closer.' });
    const r = await req(u, 'POST', `/chat/sessions/${s.id}/summary`);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().session_id, s.id);
    assert.ok(r.json().summary.length > 0);
    assert.notEqual(r.json().summary, empty.json().summary);
    assert.equal((await req(u, 'GET', `/chat/sessions/${s.id}`)).json().summary, r.json().summary);
  });

  test('GET /chat/stats counts my sessions and messages', async () => {
    const u = await signup();
    const zero = await req(u, 'GET', '/chat/stats');
    assert.equal(zero.statusCode, 200);
    assert.deepEqual(zero.json(), {
      total_sessions: 0,
      total_messages: 0,
      total_ai_responses: 0,
      active_sessions: 0,
      couple_sessions: 0,
      average_messages_per_session: 0,
    });
    const s1 = await newSession(u);
    await newSession(u);
    await req(u, 'POST', `/chat/sessions/${s1.id}/messages`, { content: 'hello' });
    const r = await req(u, 'GET', '/chat/stats');
    assert.deepEqual(r.json(), {
      total_sessions: 2,
      total_messages: 1,
      total_ai_responses: 1,
      active_sessions: 2,
      couple_sessions: 0,
      average_messages_per_session: 1,
    });
  });

  test('the joined partner may send messages and read history; the partner deleting = leaving', async () => {
    const { a, b, s } = await joinedSession();
    const m = await req(b, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'Hi from Ben' });
    assert.equal(m.statusCode, 200, m.body);
    assert.equal(m.json().user_message.user_id, b.id);
    // Small talk between partners: the AI stays out of it.
    assert.equal(m.json().ai_response, null);
    const seenByA = (await req(a, 'GET', `/chat/sessions/${s.id}/history`)).json() as Message[];
    assert.deepEqual(
      seenByA.map((x) => [x.role, x.user_id]),
      [['partner', b.id]],
    );
    const asked = await req(b, 'POST', `/chat/sessions/${s.id}/messages`, { content: '@AI what do you think?' });
    assert.ok(asked.json().ai_response);
    assert.equal((await req(a, 'GET', `/chat/sessions/${s.id}/history`)).json().length, 3);
    const stats = (await req(b, 'GET', '/chat/stats')).json();
    assert.deepEqual([stats.total_sessions, stats.couple_sessions, stats.total_messages, stats.total_ai_responses], [1, 1, 2, 1]);
    assert.ok((await req(b, 'GET', '/chat/sessions')).json().some((x: Session) => x.id === s.id));
    // Only the owner invites.
    assert.equal((await req(b, 'POST', `/chat/sessions/${s.id}/invite-partner`)).statusCode, 403);

    const leave = await req(b, 'DELETE', `/chat/sessions/${s.id}`);
    assert.equal(leave.statusCode, 200);
    assert.deepEqual(leave.json(), { message: 'You left the session' });
    const gone = await req(b, 'GET', `/chat/sessions/${s.id}`);
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(gone.json(), NOT_FOUND);
    assert.ok(!(await req(b, 'GET', '/chat/sessions')).json().some((x: Session) => x.id === s.id));
    const still = await req(a, 'GET', `/chat/sessions/${s.id}`);
    assert.equal(still.statusCode, 200);
    assert.equal(still.json().partner_user_id, null);
    assert.equal(still.json().session_type, 'ai_mediation');
    assert.equal(still.json().messages.length, 3);
  });
});

describe('invitations', () => {
  test('invite-partner requires a linked partner (400 without)', async () => {
    const u = await signup();
    const s = await newSession(u);
    const r = await req(u, 'POST', `/chat/sessions/${s.id}/invite-partner`);
    assert.equal(r.statusCode, 400);
    assert.equal(typeof r.json().detail, 'string');
    const { rows } = await t.runtime.db.sql.executeSql('SELECT 1 FROM couple_compass.chat_invitations WHERE session_id = $1', [s.id]);
    assert.equal(rows.length, 0);
  });

  test('one pending invitation per session (second → 409); the invitee sees it with inviter_name; accept joins', async () => {
    const [a, b] = await couple();
    const s = await newSession(a, { title: 'Weekend plans' });
    const inv = await invite(a, s.id);
    assert.equal(inv.session_id, s.id);
    assert.equal(inv.inviter_id, a.id);
    assert.equal(inv.invitee_id, b.id);
    assert.equal(inv.inviter_name, 'Ann');
    assert.equal(inv.status, 'pending');
    assert.equal(inv.session_title, 'Weekend plans');
    const ttl = Date.parse(inv.expires_at) - Date.now();
    assert.ok(ttl > 23.9 * 3600_000 && ttl <= 24 * 3600_000 + 5000, `${ttl}`);

    const dup = await req(a, 'POST', `/chat/sessions/${s.id}/invite-partner`);
    assert.equal(dup.statusCode, 409, dup.body);
    assert.equal(typeof dup.json().detail, 'string');

    const mine = await req(b, 'GET', '/chat/invitations');
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.json().length, 1);
    assert.equal(mine.json()[0].id, inv.id);
    assert.equal(mine.json()[0].inviter_name, 'Ann');
    assert.deepEqual((await req(a, 'GET', '/chat/invitations')).json(), []);

    const acc = await req(b, 'POST', `/chat/invitations/${inv.id}/accept`);
    assert.equal(acc.statusCode, 200, acc.body);
    assert.deepEqual(acc.json(), { message: 'Invitation accepted', session_id: s.id });
    const parts = await req(b, 'GET', `/chat/sessions/${s.id}/participants`);
    assert.equal(parts.statusCode, 200);
    assert.deepEqual(parts.json(), {
      session_id: s.id,
      participants: [
        { user_id: a.id, name: 'Ann', role: 'owner' },
        { user_id: b.id, name: 'Ben', role: 'partner' },
      ],
    });
    const sess = (await req(a, 'GET', `/chat/sessions/${s.id}`)).json();
    assert.equal(sess.partner_user_id, b.id);
    assert.equal(sess.session_type, 'couple_chat');
    assert.deepEqual((await req(b, 'GET', '/chat/invitations')).json(), []);
    // Answered once; a second answer is refused.
    const twice = await req(b, 'POST', `/chat/invitations/${inv.id}/decline`);
    assert.equal(twice.statusCode, 400);
    // With the partner joined, no further invitation.
    assert.equal((await req(a, 'POST', `/chat/sessions/${s.id}/invite-partner`)).statusCode, 400);
  });

  test('decline: the partner stays out, the owner may invite again', async () => {
    const [a, b] = await couple();
    const s = await newSession(a);
    const inv = await invite(a, s.id);
    const r = await req(b, 'POST', `/chat/invitations/${inv.id}/decline`);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { message: 'Invitation declined' });
    const { rows } = await t.runtime.db.sql.executeSql('SELECT status, responded_at FROM couple_compass.chat_invitations WHERE id = $1', [inv.id]);
    assert.equal(rows[0]!.status, 'declined');
    assert.ok(rows[0]!.responded_at);
    assert.equal((await req(b, 'GET', `/chat/sessions/${s.id}`)).statusCode, 404);
    assert.equal((await req(a, 'GET', `/chat/sessions/${s.id}/participants`)).json().participants.length, 1);
    const again = await invite(a, s.id);
    assert.notEqual(again.id, inv.id);
  });

  test('an expired invitation → 400 on accept, marked expired, not listed; a new one can be sent', async () => {
    const [a, b] = await couple();
    const s = await newSession(a);
    const inv = await invite(a, s.id);
    await t.runtime.db.sql.executeSql("UPDATE couple_compass.chat_invitations SET expires_at = now() - interval '1 minute' WHERE id = $1", [inv.id]);
    assert.deepEqual((await req(b, 'GET', '/chat/invitations')).json(), []);
    const r = await req(b, 'POST', `/chat/invitations/${inv.id}/accept`);
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.json().detail, /expired/);
    const { rows } = await t.runtime.db.sql.executeSql('SELECT status FROM couple_compass.chat_invitations WHERE id = $1', [inv.id]);
    assert.equal(rows[0]!.status, 'expired');
    assert.equal((await req(b, 'GET', `/chat/sessions/${s.id}`)).statusCode, 404);
    assert.equal((await req(a, 'GET', `/chat/sessions/${s.id}`)).json().partner_user_id, null);
    // An expired (still pending in the DB) invitation does not block a new one.
    const s2 = await newSession(a);
    const old = await invite(a, s2.id);
    await t.runtime.db.sql.executeSql("UPDATE couple_compass.chat_invitations SET expires_at = now() - interval '1 minute' WHERE id = $1", [old.id]);
    const fresh = await invite(a, s2.id);
    assert.notEqual(fresh.id, old.id);
  });
});

describe('rejects bad input', () => {
  test("message content '' or 4001 characters or wrong type → 422 naming body.content, nothing stored", async () => {
    const u = await signup();
    const s = await newSession(u);
    for (const [content, type] of [
      ['', 'string_too_short'],
      ['x'.repeat(4001), 'string_too_long'],
      [7, 'string_type'],
      [undefined, 'missing'],
    ] as const) {
      const r = await req(u, 'POST', `/chat/sessions/${s.id}/messages`, content === undefined ? {} : { content });
      assert.equal(r.statusCode, 422, r.body);
      const hit = (r.json().detail as { loc: unknown[]; type: string }[]).find((d) => JSON.stringify(d.loc) === '["body","content"]');
      assert.ok(hit, r.body.slice(0, 300));
      assert.equal(hit.type, type);
    }
    const ok = await req(u, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'y'.repeat(4000) });
    assert.equal(ok.statusCode, 200);
    assert.equal((await req(u, 'GET', `/chat/sessions/${s.id}/history`)).json().length, 2);
  });

  test('an unknown message_type → 422 naming body.message_type; nothing stored', async () => {
    const u = await signup();
    const s = await newSession(u);
    const r = await req(u, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'hi', message_type: 'image' });
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(r.json().detail[0].loc, ['body', 'message_type']);
    assert.deepEqual((await req(u, 'GET', `/chat/sessions/${s.id}/history`)).json(), []);
  });

  test('bad titles and session types → 422 naming the field', async () => {
    const u = await signup();
    const s = await newSession(u);
    for (const [body, field, type] of [
      [{ title: '' }, 'title', 'string_too_short'],
      [{ title: 't'.repeat(201) }, 'title', 'string_too_long'],
      [{ session_type: 'group' }, 'session_type', 'enum'],
    ] as const) {
      const r = await req(u, 'POST', '/chat/sessions', body);
      assert.equal(r.statusCode, 422, r.body);
      assert.deepEqual(r.json().detail[0].loc, ['body', field]);
      assert.equal(r.json().detail[0].type, type);
    }
    for (const body of [{ title: '' }, { title: 't'.repeat(201) }, {}]) {
      const r = await req(u, 'PUT', `/chat/sessions/${s.id}/title`, body);
      assert.equal(r.statusCode, 422, r.body);
      assert.deepEqual(r.json().detail[0].loc, ['body', 'title']);
    }
    assert.equal((await req(u, 'GET', `/chat/sessions/${s.id}`)).json().title, 'Our talk');
    const list = await req(u, 'GET', '/chat/sessions?limit=1000');
    assert.equal(list.statusCode, 422);
  });

  test('malformed session and invitation ids → 422 naming the parameter', async () => {
    const u = await signup();
    const routes: ['GET' | 'POST' | 'PUT' | 'DELETE', string, string, object?][] = [
      ['GET', '/chat/sessions/abc', 'session_id'],
      ['DELETE', '/chat/sessions/abc', 'session_id'],
      ['POST', '/chat/sessions/abc/messages', 'session_id', { content: 'x' }],
      ['GET', '/chat/sessions/abc/history', 'session_id'],
      ['PUT', '/chat/sessions/abc/title', 'session_id', { title: 'x' }],
      ['POST', '/chat/sessions/abc/summary', 'session_id'],
      ['GET', '/chat/sessions/abc/participants', 'session_id'],
      ['POST', '/chat/sessions/abc/invite-partner', 'session_id'],
      ['POST', '/chat/invitations/abc/accept', 'invitation_id'],
      ['POST', '/chat/invitations/abc/decline', 'invitation_id'],
    ];
    for (const [method, url, param, body] of routes) {
      const r = await req(u, method, url, body);
      assert.equal(r.statusCode, 422, `${method} ${url}: ${r.body}`);
      assert.deepEqual(r.json().detail[0].loc, ['path', param]);
      assert.equal(r.json().detail[0].type, 'uuid_parsing');
    }
  });
});

describe('refuses the wrong user', () => {
  test('no token → 401 on the chat routes', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, url] of [
      ['POST', '/chat/sessions'],
      ['GET', '/chat/sessions'],
      ['GET', `/chat/sessions/${id}`],
      ['POST', `/chat/sessions/${id}/messages`],
      ['GET', '/chat/stats'],
      ['GET', '/chat/invitations'],
      ['POST', `/chat/invitations/${id}/accept`],
    ] as const) {
      const r = await t.app.inject({ method, url: `${P}${url}`, ...(method === 'POST' ? { payload: { content: 'x' } } : {}) });
      assert.equal(r.statusCode, 401, `${method} ${url}`);
    }
  });

  test('a non-participant (even the owner’s partner before joining) gets 404 on every session route', async () => {
    const [a, b] = await couple();
    const stranger = await signup();
    const s = await newSession(a, { title: 'Private thoughts' });
    await req(a, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'something only I should see' });
    const routes: ['GET' | 'POST' | 'PUT' | 'DELETE', string, object?][] = [
      ['GET', `/chat/sessions/${s.id}`],
      ['DELETE', `/chat/sessions/${s.id}`],
      ['POST', `/chat/sessions/${s.id}/messages`, { content: 'intrusion' }],
      ['GET', `/chat/sessions/${s.id}/history`],
      ['PUT', `/chat/sessions/${s.id}/title`, { title: 'hijacked' }],
      ['POST', `/chat/sessions/${s.id}/summary`],
      ['GET', `/chat/sessions/${s.id}/participants`],
      ['POST', `/chat/sessions/${s.id}/invite-partner`],
    ];
    for (const u of [b, stranger]) {
      for (const [method, url, body] of routes) {
        const r = await req(u, method, url, body);
        assert.equal(r.statusCode, 404, `${method} ${url}: ${r.body}`);
        assert.deepEqual(r.json(), NOT_FOUND);
      }
      assert.ok(!(await req(u, 'GET', '/chat/sessions')).json().some((x: Session) => x.id === s.id));
    }
    const detail = (await req(a, 'GET', `/chat/sessions/${s.id}`)).json();
    assert.equal(detail.title, 'Private thoughts');
    assert.equal(detail.message_count, 2);
    assert.equal(detail.summary, null);
    const { rows } = await t.runtime.db.sql.executeSql('SELECT count(*)::int AS n FROM couple_compass.chat_invitations WHERE session_id = $1', [s.id]);
    assert.equal(rows[0]!.n, 0);
  });

  test('only the invitee may answer an invitation: others get 404 and it stays pending', async () => {
    const [a, b] = await couple();
    const stranger = await signup();
    const s = await newSession(a);
    const inv = await invite(a, s.id);
    for (const u of [a, stranger]) {
      for (const action of ['accept', 'decline']) {
        const r = await req(u, 'POST', `/chat/invitations/${inv.id}/${action}`);
        assert.equal(r.statusCode, 404, `${action}: ${r.body}`);
        assert.deepEqual(r.json(), NOT_FOUND);
      }
      assert.deepEqual((await req(u, 'GET', '/chat/invitations')).json(), []);
    }
    const unknown = await req(b, 'POST', '/chat/invitations/00000000-0000-4000-8000-000000000000/accept');
    assert.equal(unknown.statusCode, 404);
    const { rows } = await t.runtime.db.sql.executeSql('SELECT status FROM couple_compass.chat_invitations WHERE id = $1', [inv.id]);
    assert.equal(rows[0]!.status, 'pending');
    assert.equal((await req(stranger, 'GET', `/chat/sessions/${s.id}`)).statusCode, 404);
  });

  test('stats count only my own sessions', async () => {
    const { a } = await joinedSession();
    const other = await signup();
    await newSession(other);
    const r = (await req(a, 'GET', '/chat/stats')).json();
    assert.equal(r.total_sessions, 1);
    assert.equal(r.couple_sessions, 1);
  });
});
