// The Couple Compass web client's contract: every call it makes (couple-compass/frontend in its origin repository),
// sent the way it sends it — base URL `/api/v1` of a server started with PRODUCTS=couple-compass, `Content-Type:
// application/json` even without a body — and the fields it reads from each answer. Bad input and other users'
// data are covered by the product's own route tests; here a missing or renamed field is what fails.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { startTestApp, uniqueEmail, type TestApp } from '../helpers/app.js';
import { SocketSet } from '../helpers/sockets.js';

const API = '/api/v1';
const ORIGIN = 'http://127.0.0.1:3104';

let t: TestApp;
let port: number;
const sockets = new SocketSet();

before(async () => {
  t = await startTestApp({ products: ['couple-compass'], jobs: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
after(async () => {
  sockets.closeAll();
  await t.close();
});

interface ClientUser {
  id: string;
  name: string;
  email: string;
  token: string;
}

/** A call as the client's pages make it: JSON content type always, the bearer token when logged in. */
function call(token: string | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) {
  return t.app.inject({
    method,
    url: `${API}${path}`,
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

const sql = async (q: string, params: unknown[] = []) => (await t.runtime.db.sql.executeSql(q, params)).rows as Record<string, unknown>[];

async function register(name = 'Alex'): Promise<ClientUser> {
  const email = uniqueEmail('client');
  const r = await call(null, 'POST', '/auth/register', { name, email, password: 'password-123' });
  assert.equal(r.statusCode, 200, r.body);
  const d = r.json();
  return { id: d.id, name: d.name, email: d.email, token: d.access_token };
}

async function linked(): Promise<[ClientUser, ClientUser]> {
  const a = await register('Alex');
  const b = await register('Blair');
  const code = (await call(a.token, 'POST', '/partner/generate-code')).json().code as string;
  assert.equal((await call(b.token, 'POST', '/partner/link', { code })).statusCode, 200);
  return [a, b];
}

const isDateTime = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /T/.test(v);

describe('landing page', () => {
  test('GET /health → status, version', async () => {
    const r = await call(null, 'GET', '/health');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().status, 'healthy');
    assert.equal(typeof r.json().version, 'string');
  });

  test('CORS: the client origin may send Authorization and Content-Type', async () => {
    const r = await t.app.inject({
      method: 'OPTIONS',
      url: `${API}/partner/status`,
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,content-type' },
    });
    assert.ok(r.statusCode < 300, String(r.statusCode));
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    assert.match(String(r.headers['access-control-allow-headers']).toLowerCase(), /authorization/);
  });
});

describe('sign-up, login, profile (signup, login, profile-setup, ProfileSettingsModal, chat page)', () => {
  test('POST /auth/register → access_token, id, name, email; the account exists', async () => {
    const email = uniqueEmail('client');
    const r = await call(null, 'POST', '/auth/register', { name: 'Robin', email, password: 'password-123' });
    assert.equal(r.statusCode, 200, r.body);
    const d = r.json();
    assert.equal(typeof d.access_token, 'string');
    assert.equal(d.name, 'Robin');
    assert.equal(d.email, email);
    assert.deepEqual(await sql('SELECT name FROM couple_compass.profiles WHERE user_id = $1', [d.id]), [{ name: 'Robin' }]);
    // The same e-mail again: an error with a readable detail.
    const again = await call(null, 'POST', '/auth/register', { name: 'Robin', email, password: 'password-123' });
    assert.equal(again.statusCode, 400);
    assert.equal(again.json().detail, 'Email already registered');
  });

  test('POST /auth/login → access_token, user.id/name/email; a wrong password → detail', async () => {
    const u = await register('Sam');
    const r = await call(null, 'POST', '/auth/login', { email: u.email, password: 'password-123' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(typeof r.json().access_token, 'string');
    assert.deepEqual([r.json().user.id, r.json().user.name, r.json().user.email], [u.id, 'Sam', u.email]);
    const bad = await call(null, 'POST', '/auth/login', { email: u.email, password: 'wrong-password' });
    assert.equal(bad.statusCode, 401);
    assert.equal(typeof bad.json().detail, 'string');
  });

  test('PUT /users/profile (onboarding form, blank optional fields) → user; onboarding is complete', async () => {
    const u = await register('Kai');
    const r = await call(u.token, 'PUT', '/users/profile', {
      pronouns: '',
      birthdate: '1990-04-12',
      timezone: 'Europe/Paris',
      relationshipStatus: 'dating',
      partnerName: '',
      anniversaryDate: '',
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().user.id, u.id);
    assert.equal(r.json().user.email, u.email);
    assert.equal(r.json().user.onboarding_completed, true);
    const [row] = await sql('SELECT timezone, relationship_status, onboarding_completed, pronouns FROM couple_compass.profiles WHERE user_id = $1', [u.id]);
    assert.deepEqual(row, { timezone: 'Europe/Paris', relationship_status: 'dating', onboarding_completed: true, pronouns: null });
  });

  test('GET /users/profile → the form fields, birthdate as YYYY-MM-DD (what <input type=date> takes)', async () => {
    const u = await register('Lee');
    await call(u.token, 'PUT', '/users/profile', {
      pronouns: 'they/them',
      birthdate: '1988-12-31',
      timezone: 'Asia/Tokyo',
      relationshipStatus: 'married',
      partnerName: 'Jo',
      anniversaryDate: '2015-06-20',
    });
    const r = await call(u.token, 'GET', '/users/profile');
    assert.equal(r.statusCode, 200, r.body);
    const d = r.json();
    assert.deepEqual(
      [d.name, d.pronouns, d.birthdate, d.timezone, d.relationship_status, d.partner_name, d.anniversary_date],
      ['Lee', 'they/them', '1988-12-31', 'Asia/Tokyo', 'married', 'Jo', '2015-06-20'],
    );
  });

  test('PUT /users/profile (settings form, with name) → user; saving the loaded form again keeps the birthdate', async () => {
    const u = await register('Max');
    await call(u.token, 'PUT', '/users/profile', {
      pronouns: '',
      birthdate: '1992-02-29',
      timezone: 'UTC',
      relationshipStatus: '',
      partnerName: '',
      anniversaryDate: '',
    });
    const loaded = (await call(u.token, 'GET', '/users/profile')).json();
    const form = {
      name: 'Maxine',
      pronouns: loaded.pronouns || '',
      birthdate: loaded.birthdate || '',
      timezone: loaded.timezone || 'UTC',
      relationshipStatus: loaded.relationship_status || '',
      partnerName: loaded.partner_name || '',
      anniversaryDate: loaded.anniversary_date || '',
    };
    const r = await call(u.token, 'PUT', '/users/profile', form);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().user.name, 'Maxine');
    assert.equal((await call(u.token, 'GET', '/users/profile')).json().birthdate, '1992-02-29');
  });

  test('GET /auth/profile → id, name, email, partner_id, partner_name', async () => {
    const [a, b] = await linked();
    const r = await call(a.token, 'GET', '/auth/profile');
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().id, r.json().name, r.json().partner_id, r.json().partner_name], [a.id, 'Alex', b.id, 'Blair']);
    // The chat page stores this answer as the signed-in user; the dashboard signs out a stored user without an email.
    assert.equal(r.json().email, a.email);
    const alone = await register();
    assert.equal((await call(alone.token, 'GET', '/auth/profile')).json().partner_id, null);
  });
});

describe('partner page and PartnerConnectionModal', () => {
  test('GET /partner/status without a partner → has_partner false, no code', async () => {
    const u = await register();
    const r = await call(u.token, 'GET', '/partner/status');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().has_partner, false);
    assert.equal(r.json().partner, null);
    assert.equal(r.json().active_code, null);
  });

  test('POST /partner/generate-code (JSON content type, no body) → code, expires_at, message; status shows the active code', async () => {
    const u = await register();
    const r = await call(u.token, 'POST', '/partner/generate-code');
    assert.equal(r.statusCode, 200, r.body);
    const { code, expires_at, message } = r.json();
    assert.match(code, /^[A-Z2-9]{6}$/, 'six characters: the client refuses any other length');
    assert.ok(isDateTime(expires_at));
    assert.equal(typeof message, 'string');
    const s = (await call(u.token, 'GET', '/partner/status')).json();
    assert.deepEqual([s.active_code, s.active_code_expires_at], [code, expires_at]);
    assert.deepEqual(await sql('SELECT status FROM couple_compass.partner_links WHERE code = $1', [code]), [{ status: 'pending' }]);
  });

  test('POST /partner/link {code} → message, partner.name; status → partner {name, email, linked_at}', async () => {
    const a = await register('Alex');
    const b = await register('Blair');
    const code = (await call(a.token, 'POST', '/partner/generate-code')).json().code as string;
    const r = await call(b.token, 'POST', '/partner/link', { code: code.toUpperCase() });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(typeof r.json().message, 'string');
    assert.equal(r.json().partner.name, 'Alex');
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const s = (await call(me.token, 'GET', '/partner/status')).json();
      assert.equal(s.has_partner, true);
      assert.deepEqual([s.partner.id, s.partner.name, s.partner.email], [other.id, other.name, other.email]);
      assert.ok(isDateTime(s.partner.linked_at));
    }
    const wrong = await call((await register()).token, 'POST', '/partner/link', { code: 'ZZZZZZ' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(typeof wrong.json().detail, 'string');
  });

  test('DELETE /partner/unlink (JSON content type, no body) → message; both are free', async () => {
    const [a, b] = await linked();
    const r = await call(a.token, 'DELETE', '/partner/unlink');
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(typeof r.json().message, 'string');
    for (const u of [a, b]) assert.equal((await call(u.token, 'GET', '/partner/status')).json().has_partner, false);
    assert.deepEqual(await sql('SELECT count(*)::int AS n FROM couple_compass.couple_members WHERE user_id = ANY($1::uuid[]) AND active', [[a.id, b.id]]), [
      { n: 0 },
    ]);
  });
});

describe('dashboard: tips (RelationshipTips, TipsHistory, TipCard)', () => {
  test('GET /tips/latest → null before any tip', async () => {
    const u = await register();
    const r = await call(u.token, 'GET', '/tips/latest');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json(), null);
  });

  test('POST /tips/generate {} → a flat tip {id, content, category, created_at}; /tips/latest answers the same', async () => {
    const u = await register();
    const r = await call(u.token, 'POST', '/tips/generate', {});
    assert.equal(r.statusCode, 200, r.body);
    const tip = r.json();
    assert.equal(typeof tip.id, 'string');
    assert.ok(tip.content.length > 0);
    assert.ok(typeof tip.category === 'string' && tip.category.length > 0);
    assert.ok(isDateTime(tip.created_at));
    const latest = (await call(u.token, 'GET', '/tips/latest')).json();
    assert.deepEqual([latest.id, latest.content, latest.category, latest.created_at], [tip.id, tip.content, tip.category, tip.created_at]);
    assert.deepEqual(await sql('SELECT count(*)::int AS n FROM couple_compass.user_tips WHERE user_id = $1', [u.id]), [{ n: 1 }]);
  });

  test('GET /tips/history?limit=5 → {tips: [...]} newest first', async () => {
    const u = await register();
    const first = (await call(u.token, 'POST', '/tips/generate', {})).json();
    await new Promise((r) => setTimeout(r, 5));
    const second = (await call(u.token, 'POST', '/tips/generate', {})).json();
    const r = await call(u.token, 'GET', '/tips/history?limit=5');
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(
      r.json().tips.map((x: { id: string }) => x.id),
      [second.id, first.id],
    );
    for (const x of r.json().tips) assert.ok(x.content && x.category && isDateTime(x.created_at));
  });

  test('the 4th generation of the day → 400 with a detail the card shows', async () => {
    const u = await register();
    for (let i = 0; i < 3; i++) assert.equal((await call(u.token, 'POST', '/tips/generate', {})).statusCode, 200);
    const r = await call(u.token, 'POST', '/tips/generate', {});
    assert.equal(r.statusCode, 400);
    assert.equal(typeof r.json().detail, 'string');
  });
});

describe('dashboard: moods (MoodTracker, mood streak)', () => {
  test('GET /mood/today → null before a check-in', async () => {
    const u = await register();
    const r = await call(u.token, 'GET', '/mood/today');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json(), null);
  });

  test('POST /mood/ {mood_level, notes, context_tags {tag: true}} → the check-in with updated_at set', async () => {
    const u = await register();
    const r = await call(u.token, 'POST', '/mood/', { mood_level: 4, notes: 'good day', context_tags: { work: true, family: true } });
    assert.ok(r.statusCode === 200 || r.statusCode === 201, r.body);
    const m = r.json();
    assert.equal(m.mood_level, 4);
    assert.equal(m.notes, 'good day');
    assert.deepEqual(m.context_tags, { work: true, family: true });
    assert.ok(isDateTime(m.updated_at), 'the card shows updated_at (null showed 1 January 1970)');
    assert.ok(Date.now() - Date.parse(m.updated_at) < 60_000);
    assert.deepEqual(await sql('SELECT mood_level, notes FROM couple_compass.mood_checkins WHERE user_id = $1', [u.id]), [
      { mood_level: 4, notes: 'good day' },
    ]);
    const today = (await call(u.token, 'GET', '/mood/today')).json();
    assert.deepEqual([today.mood_level, today.notes, today.context_tags, today.updated_at], [4, 'good day', { work: true, family: true }, m.updated_at]);
    // No notes and no tags: the client sends nulls.
    const plain = await call(u.token, 'POST', '/mood/', { mood_level: 2, notes: null, context_tags: null });
    assert.ok(plain.statusCode < 300, plain.body);
    assert.deepEqual(plain.json().context_tags, {});
  });

  test('GET /mood/history?days=30&limit=5&offset=0 → moods[], total_count', async () => {
    const u = await register();
    await call(u.token, 'POST', '/mood/', { mood_level: 5, notes: null, context_tags: { social: true } });
    const r = await call(u.token, 'GET', '/mood/history?days=30&limit=5&offset=0');
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().total_count, 1);
    const [m] = r.json().moods;
    assert.equal(m.mood_level, 5);
    assert.ok(isDateTime(m.created_at));
    assert.deepEqual(m.context_tags, { social: true });
    assert.equal(typeof m.id, 'string');
  });

  test('GET /mood/stats?days=30 → average_mood (a number), total_entries, recent_trend', async () => {
    const u = await register();
    await call(u.token, 'POST', '/mood/', { mood_level: 3, notes: null, context_tags: null });
    const r = await call(u.token, 'GET', '/mood/stats?days=30');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().average_mood, 3);
    assert.equal(r.json().total_entries, 1);
    assert.ok(['improving', 'declining', 'stable'].includes(r.json().recent_trend));
  });

  test('GET /mood/streak → current_streak, longest_streak', async () => {
    const u = await register();
    assert.deepEqual((await call(u.token, 'GET', '/mood/streak')).json().current_streak, 0);
    await call(u.token, 'POST', '/mood/', { mood_level: 3, notes: null, context_tags: null });
    const r = (await call(u.token, 'GET', '/mood/streak')).json();
    assert.deepEqual([r.current_streak, r.longest_streak], [1, 1]);
  });
});

describe('quiz pages', () => {
  test('GET /quiz/relationship → id, title, categories[name, display_name, weight], items[id, prompt, category, options[label, value, points]]', async () => {
    const u = await register();
    const r = await call(u.token, 'GET', '/quiz/relationship');
    assert.equal(r.statusCode, 200, r.body);
    const q = r.json();
    assert.equal(typeof q.id, 'string');
    assert.ok(q.title && q.description);
    assert.deepEqual(
      q.categories.map((c: { name: string }) => c.name),
      ['communication', 'trust_security', 'intimacy_affection', 'support_partnership'],
    );
    for (const c of q.categories) assert.ok(c.display_name && typeof c.weight === 'number' && c.icon);
    assert.ok(q.items.length >= 10);
    for (const item of q.items) {
      assert.ok(item.id && item.prompt);
      assert.ok(
        q.categories.some((c: { name: string }) => c.name === item.category),
        item.category,
      );
      assert.ok(item.options.length >= 2);
      for (const o of item.options) assert.ok(o.label && o.value && Number.isInteger(o.points));
    }
  });

  test('POST /quiz/relationship/submit {quiz_id, answers[{question_id, answer}]} → id; GET results/{id} → every field the results page reads', async () => {
    const u = await register();
    const q = (await call(u.token, 'GET', '/quiz/relationship')).json();
    // The quiz page answers each item by its id with the chosen option's value; mix the answers.
    // The quiz page's first submission misses the last answer (its state is one render behind): that is scored too.
    const answers = q.items
      .map((item: { id: string; options: { value: string }[] }, i: number) => ({ question_id: item.id, answer: item.options[i % 2]!.value }))
      .slice(0, -1);
    const s = await call(u.token, 'POST', '/quiz/relationship/submit', { quiz_id: q.id, answers });
    assert.equal(s.statusCode, 200, s.body);
    assert.equal(typeof s.json().id, 'string');
    const r = await call(u.token, 'GET', `/quiz/relationship/results/${s.json().id}`);
    assert.equal(r.statusCode, 200, r.body);
    const res = r.json();
    assert.equal(typeof res.overall_score, 'number');
    assert.match(res.interpretation_details.color, /^#[0-9a-f]{6}$/i);
    assert.ok(res.interpretation_details.title && res.interpretation_details.description);
    assert.equal(res.category_scores.length, 4);
    for (const c of res.category_scores) {
      assert.ok(c.category && c.display_name && c.interpretation && c.icon);
      assert.equal(typeof c.percentage, 'number');
      assert.ok(c.score <= c.max_possible);
    }
    assert.ok(res.insights.length > 0);
    for (const i of res.insights) assert.ok(['strength', 'improvement', 'tip'].includes(i.insight_type) && i.message);
    assert.equal(typeof res.comprehensive_insights, 'string');
    assert.ok(res.relationship_tips.length > 0);
    for (const tip of res.relationship_tips) assert.ok(tip.title && tip.description);
    assert.deepEqual(await sql('SELECT count(*)::int AS n FROM couple_compass.relationship_assessments WHERE user_id = $1', [u.id]), [{ n: 1 }]);
    // Another user's result is not theirs to read.
    assert.equal((await call((await register()).token, 'GET', `/quiz/relationship/results/${s.json().id}`)).statusCode, 404);
  });
});

describe('chat page (chatService)', () => {
  test('POST /chat/sessions {title, session_type: ai_mediation} → id, title, session_type', async () => {
    const u = await register();
    const r = await call(u.token, 'POST', '/chat/sessions', { title: 'New Conversation', session_type: 'ai_mediation' });
    assert.ok(r.statusCode === 200 || r.statusCode === 201, r.body);
    assert.deepEqual([r.json().title, r.json().session_type], ['New Conversation', 'ai_mediation']);
    assert.deepEqual(await sql('SELECT owner_id, title FROM couple_compass.chat_sessions WHERE id = $1', [r.json().id]), [
      { owner_id: u.id, title: 'New Conversation' },
    ]);
  });

  test('GET /chat/sessions?limit=20&offset=0 → a list of {id, title, session_type}', async () => {
    const u = await register();
    const s = (await call(u.token, 'POST', '/chat/sessions', { title: 'Chat 1', session_type: 'ai_mediation' })).json();
    const r = await call(u.token, 'GET', '/chat/sessions?limit=20&offset=0');
    assert.equal(r.statusCode, 200);
    assert.deepEqual(
      r.json().map((x: { id: string; title: string; session_type: string }) => [x.id, x.title, x.session_type]),
      [[s.id, 'Chat 1', 'ai_mediation']],
    );
  });

  test('POST /chat/sessions/{id}/messages {content, message_type} alone → ai_response {id, content, created_at}, suggested_actions', async () => {
    const u = await register();
    const s = (await call(u.token, 'POST', '/chat/sessions', { title: 'Solo', session_type: 'ai_mediation' })).json();
    const r = await call(u.token, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'We keep arguing about chores', message_type: 'text' });
    assert.equal(r.statusCode, 200, r.body);
    const ai = r.json().ai_response;
    assert.ok(ai && ai.id && ai.content && isDateTime(ai.created_at));
    assert.equal(ai.role, 'ai');
    assert.ok(Array.isArray(r.json().suggested_actions) && r.json().suggested_actions.length > 0);
    assert.deepEqual(await sql('SELECT role FROM couple_compass.chat_messages WHERE session_id = $1 ORDER BY created_at', [s.id]), [
      { role: 'user' },
      { role: 'assistant' },
    ]);
  });

  test('GET /chat/sessions/{id} → messages[id, role, content, created_at, metadata.suggested_actions, user_id]', async () => {
    const u = await register();
    const s = (await call(u.token, 'POST', '/chat/sessions', { title: 'Solo', session_type: 'ai_mediation' })).json();
    await call(u.token, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'hello there', message_type: 'text' });
    const r = await call(u.token, 'GET', `/chat/sessions/${s.id}`);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().id, r.json().title, r.json().session_type], [s.id, 'Solo', 'ai_mediation']);
    const [mine, ai] = r.json().messages;
    assert.deepEqual([mine.role, mine.content, mine.user_id], ['user', 'hello there', u.id]);
    assert.ok(isDateTime(mine.created_at));
    assert.equal(ai.role, 'ai');
    assert.equal(ai.user_id, null);
    assert.ok(Array.isArray(ai.metadata.suggested_actions));
  });

  test('GET /chat/sessions/{id}/history?limit=50&offset=0 → a list of messages, oldest first', async () => {
    const u = await register();
    const s = (await call(u.token, 'POST', '/chat/sessions', { title: 'Solo', session_type: 'ai_mediation' })).json();
    await call(u.token, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'first', message_type: 'text' });
    const r = await call(u.token, 'GET', `/chat/sessions/${s.id}/history?limit=50&offset=0`);
    assert.equal(r.statusCode, 200);
    assert.ok(Array.isArray(r.json()));
    assert.deepEqual(
      r.json().map((m: { role: string }) => m.role),
      ['user', 'ai'],
    );
    assert.equal(r.json()[0].content, 'first');
  });

  test('PUT /chat/sessions/{id}/title {title} → the session; POST …/summary (no body) → summary', async () => {
    const u = await register();
    const s = (await call(u.token, 'POST', '/chat/sessions', { title: 'Old', session_type: 'ai_mediation' })).json();
    const t1 = await call(u.token, 'PUT', `/chat/sessions/${s.id}/title`, { title: 'Money talk' });
    assert.equal(t1.statusCode, 200);
    assert.equal(t1.json().title, 'Money talk');
    await call(u.token, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'We argue about money', message_type: 'text' });
    const sum = await call(u.token, 'POST', `/chat/sessions/${s.id}/summary`);
    assert.equal(sum.statusCode, 200, sum.body);
    assert.ok(sum.json().summary.length > 0);
    assert.deepEqual(await sql('SELECT title, summary FROM couple_compass.chat_sessions WHERE id = $1', [s.id]), [
      { title: 'Money talk', summary: sum.json().summary },
    ]);
  });

  test('GET /chat/stats and GET /chat/sessions/{id}/participants answer JSON', async () => {
    const u = await register();
    const s = (await call(u.token, 'POST', '/chat/sessions', { title: 'S', session_type: 'ai_mediation' })).json();
    const st = await call(u.token, 'GET', '/chat/stats');
    assert.equal(st.statusCode, 200);
    assert.equal(st.json().total_sessions, 1);
    const p = await call(u.token, 'GET', `/chat/sessions/${s.id}/participants`);
    assert.equal(p.statusCode, 200);
    assert.deepEqual(p.json().participants, [{ user_id: u.id, name: 'Alex', role: 'owner' }]);
  });

  test('DELETE /chat/sessions/{id} (JSON content type, no body) → 200; the session is gone', async () => {
    const u = await register();
    const s = (await call(u.token, 'POST', '/chat/sessions', { title: 'Gone', session_type: 'ai_mediation' })).json();
    const r = await call(u.token, 'DELETE', `/chat/sessions/${s.id}`);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(await sql('SELECT count(*)::int AS n FROM couple_compass.chat_sessions WHERE id = $1', [s.id]), [{ n: 0 }]);
  });

  test('couple chat: invite-partner {session_id, invitation_message} → invitations list → accept (no body) → session_id; session is couple_chat', async () => {
    const [a, b] = await linked();
    const s = (await call(a.token, 'POST', '/chat/sessions', { title: 'Us', session_type: 'ai_mediation' })).json();
    const inv = await call(a.token, 'POST', `/chat/sessions/${s.id}/invite-partner`, {
      session_id: s.id,
      invitation_message: 'Join me in this relationship chat session',
    });
    assert.ok(inv.statusCode < 300, inv.body);
    const list = await call(b.token, 'GET', '/chat/invitations');
    assert.equal(list.statusCode, 200);
    const [i] = list.json();
    assert.deepEqual([i.session_id, i.inviter_id, i.inviter_name, i.status], [s.id, a.id, 'Alex', 'pending']);
    assert.ok(isDateTime(i.created_at));
    const acc = await call(b.token, 'POST', `/chat/invitations/${i.id}/accept`);
    assert.equal(acc.statusCode, 200, acc.body);
    assert.equal(acc.json().session_id, s.id);
    const seen = (await call(b.token, 'GET', `/chat/sessions/${acc.json().session_id}`)).json();
    assert.deepEqual([seen.id, seen.session_type], [s.id, 'couple_chat']);
    assert.deepEqual(await sql('SELECT partner_id FROM couple_compass.chat_sessions WHERE id = $1', [s.id]), [{ partner_id: b.id }]);
  });

  test('couple chat: partners’ small talk gets no AI answer (ai_response null); "AI, …" or "advisor" does; roles are user/partner/ai', async () => {
    const [a, b] = await linked();
    const s = (await call(a.token, 'POST', '/chat/sessions', { title: 'Us', session_type: 'ai_mediation' })).json();
    await call(a.token, 'POST', `/chat/sessions/${s.id}/invite-partner`, { session_id: s.id });
    const [i] = (await call(b.token, 'GET', '/chat/invitations')).json();
    await call(b.token, 'POST', `/chat/invitations/${i.id}/accept`);
    const small = await call(b.token, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'how was your day? said you were tired', message_type: 'text' });
    assert.equal(small.statusCode, 200, small.body);
    assert.equal(small.json().ai_response, null);
    const asked = await call(a.token, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'AI, can you help us plan the weekend?', message_type: 'text' });
    assert.ok(asked.json().ai_response?.content);
    const advisor = await call(b.token, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'what does the advisor think', message_type: 'text' });
    assert.ok(advisor.json().ai_response?.content);
    const roles = (await call(a.token, 'GET', `/chat/sessions/${s.id}/history?limit=50&offset=0`)).json().map((m: { role: string }) => m.role);
    assert.deepEqual(roles, ['partner', 'user', 'ai', 'partner', 'ai']);
    assert.deepEqual(await sql("SELECT count(*)::int AS n FROM couple_compass.chat_messages WHERE session_id = $1 AND role = 'assistant'", [s.id]), [{ n: 2 }]);
  });

  test('POST /chat/invitations/{id}/decline {invitation_id, reason} → message; the invitation is declined', async () => {
    const [a, b] = await linked();
    const s = (await call(a.token, 'POST', '/chat/sessions', { title: 'Us', session_type: 'ai_mediation' })).json();
    await call(a.token, 'POST', `/chat/sessions/${s.id}/invite-partner`, { session_id: s.id });
    const [i] = (await call(b.token, 'GET', '/chat/invitations')).json();
    const r = await call(b.token, 'POST', `/chat/invitations/${i.id}/decline`, { invitation_id: i.id, reason: 'not now' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(typeof r.json().message, 'string');
    assert.deepEqual(await sql('SELECT status FROM couple_compass.chat_invitations WHERE id = $1', [i.id]), [{ status: 'declined' }]);
    assert.deepEqual((await call(b.token, 'GET', '/chat/invitations')).json(), []);
  });
});

describe('chat socket (useWebSocket, NotificationContext)', () => {
  const wsUrl = (userId: string, token?: string) => `ws://127.0.0.1:${port}${API}/chat/ws/${userId}${token ? `?token=${encodeURIComponent(token)}` : ''}`;

  /** Connects and collects frames; resolves once the server says `connected`. */
  async function connect(u: ClientUser) {
    const ws = new WebSocket(wsUrl(u.id, u.token));
    sockets.add(ws);
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d)) as Record<string, unknown>));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_q, res) => reject(new Error(`refused ${res.statusCode}`)));
    });
    const next = async (type: string) => {
      for (let i = 0; i < 100; i++) {
        const at = frames.findIndex((f) => f.type === type);
        if (at >= 0) return frames.splice(at, 1)[0]!;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no ${type} frame; got ${JSON.stringify(frames)}`);
    };
    await next('connected');
    return { ws, next };
  }

  test('the client’s token-less URL is refused (401) before any data; with ?token= it connects', async () => {
    const u = await register();
    const ws = new WebSocket(wsUrl(u.id));
    sockets.add(ws);
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    assert.equal(status, 401);
    await connect(u);
  });

  test('events carry the client’s fields: invitation.message, partner_joined.partner_id/partner_name, message.content/user_id/metadata.role, typing', async () => {
    const [a, b] = await linked();
    const sa = await connect(a);
    const sb = await connect(b);
    const s = (await call(a.token, 'POST', '/chat/sessions', { title: 'Us', session_type: 'ai_mediation' })).json();
    await call(a.token, 'POST', `/chat/sessions/${s.id}/invite-partner`, { session_id: s.id });
    const inv = await sb.next('invitation');
    assert.equal(typeof inv.message, 'string');
    assert.equal(inv.session_id, s.id);
    await call(b.token, 'POST', `/chat/invitations/${inv.invitation_id as string}/accept`);
    const joined = await sa.next('partner_joined');
    assert.deepEqual([joined.session_id, joined.partner_id, joined.partner_name], [s.id, b.id, 'Blair']);
    assert.equal(typeof (await sa.next('invitation_accepted')).message, 'string');

    await call(b.token, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'see you at 7', message_type: 'text' });
    const m = await sa.next('message');
    assert.deepEqual([m.session_id, m.content, m.user_id, (m.metadata as { role: string }).role], [s.id, 'see you at 7', b.id, 'partner']);
    assert.equal(typeof m.id, 'string');

    await call(a.token, 'POST', `/chat/sessions/${s.id}/messages`, { content: 'advisor, any idea for dinner?', message_type: 'text' });
    const forB = [await sb.next('message'), await sb.next('message')];
    assert.deepEqual(
      forB.map((f) => (f.metadata as { role: string }).role),
      ['partner', 'ai'],
    );
    assert.ok(Array.isArray((forB[1]!.metadata as { suggested_actions: string[] }).suggested_actions));

    sb.ws.send(JSON.stringify({ type: 'typing', session_id: s.id, is_typing: true }));
    const typing = await sa.next('typing');
    assert.deepEqual([typing.session_id, typing.user_id, typing.is_typing], [s.id, b.id, true]);
    sa.ws.send(JSON.stringify({ type: 'ping' }));
    assert.equal((await sa.next('pong')).type, 'pong');
  });
});
