// Contract of the Project Inside mobile app (jiqin822/project_inside_pub, mobile/: src/shared/api/apiService.ts,
// services/apiService.ts, App.tsx and the screens): every call it makes, with the values it sends, answered with the
// fields it reads — at the root paths the app uses when this is the only product (API base + /v1). Calls the app
// makes that this server does not offer (activities, lounge, market, love map, STT, voice) are listed at the end.
import { test, before, after, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { startTestApp, uniqueEmail, type TestApp } from '../helpers/app.js';
import { SocketSet } from '../helpers/sockets.js';
import { subjectOf } from '../helpers/accounts.js';
import { memoryPush } from '../../src/core/push/port.js';
import { pushNotification } from '../../src/products/project-inside/notifications/notification-push.job.js';

let t: TestApp;
let port: number;
const sockets = new SocketSet();
const push = memoryPush();

before(async () => {
  t = await startTestApp({ products: ['project-inside'], jobs: false, overrides: { push } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterEach(() => sockets.closeAll());
after(async () => {
  sockets.closeAll();
  await t.close();
});

interface AppUser {
  id: string;
  email: string;
  access: string;
  refresh: string;
}

/** What apiService.request does: JSON body with Content-Type only when there is a body, Bearer when logged in. */
async function api(u: AppUser | null, method: string, endpoint: string, body?: unknown, headers: Record<string, string> = {}) {
  const r = await t.app.inject({
    method: method as 'GET',
    url: `/v1${endpoint}`,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(u ? { authorization: `Bearer ${u.access}` } : {}),
      origin: 'capacitor://localhost',
      ...headers,
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return r;
}
const ok = (r: { statusCode: number; body: string }) => assert.ok(r.statusCode >= 200 && r.statusCode < 300, `${r.statusCode} ${r.body.slice(0, 300)}`);

/** apiService.signup: display_name and invite_token only when non-empty. */
async function signup(displayName?: string, inviteToken?: string, email = uniqueEmail('app')): Promise<AppUser> {
  const body: Record<string, string> = { email: email.trim(), password: 'app-password-1' };
  if (displayName) body.display_name = displayName;
  if (inviteToken) body.invite_token = inviteToken;
  const r = await api(null, 'POST', '/auth/signup', body);
  ok(r);
  const { access_token, refresh_token } = r.json() as { access_token: string; refresh_token: string };
  assert.equal(typeof access_token, 'string');
  assert.equal(typeof refresh_token, 'string');
  return { id: subjectOf(access_token), email, access: access_token, refresh: refresh_token };
}

/**
 * App.tsx handleAddUnit for an existing user, on both phones: lookup, createRelationship(type, [id]). The app has no
 * accept button; the second add answers the first one's request, and both get the same relationship.
 */
async function lovedOnes(a: AppUser, b: AppUser, appType = 'romantic'): Promise<string> {
  const addBy = async (u: AppUser, other: AppUser) => {
    const found = await api(u, 'POST', '/contacts/lookup', { email: other.email });
    ok(found);
    assert.equal(found.json().status, 'EXISTS');
    const r = await api(u, 'POST', '/relationships', { type: appType, member_ids: [found.json().user.id] });
    ok(r);
    return r.json().id as string;
  };
  const rid = await addBy(a, b);
  assert.equal(await addBy(b, a), rid, 'adding back answers the request instead of making a second relationship');
  return rid;
}

describe('auth (AuthScreen, App.tsx)', () => {
  test('signup without and with display_name; the tokens the app stores', async () => {
    const u = await signup();
    const named = await signup('Robin');
    assert.notEqual(u.id, named.id);
  });

  test('login and refresh answer access_token and refresh_token', async () => {
    const u = await signup();
    const login = await api(null, 'POST', '/auth/login', { email: u.email, password: 'app-password-1' });
    ok(login);
    assert.equal(typeof login.json().access_token, 'string');
    const refreshed = await api(null, 'POST', '/auth/refresh', { refresh_token: login.json().refresh_token });
    ok(refreshed);
    assert.equal(typeof refreshed.json().access_token, 'string');
    assert.equal(typeof refreshed.json().refresh_token, 'string');
  });

  test('signup with display_name: null (the onboarding wizard before a name is typed) → 200, no name stored', async () => {
    const r = await api(null, 'POST', '/auth/signup', { email: uniqueEmail('app-null-name'), password: 'app-password-1', display_name: null });
    ok(r);
    const me = await api({ id: '', email: '', access: r.json().access_token as string, refresh: '' }, 'GET', '/users/me');
    ok(me);
    assert.equal(me.json().display_name, null);
  });

  // The app shows `detail || message`, so with FastAPI's list in `detail` it still shows "[object Object]"; the list
  // stays (it is the contract every other client reads) and `message` is there for clients that read it.
  test("a 422 keeps FastAPI's detail list and adds a readable message", async () => {
    const r = await api(null, 'POST', '/auth/signup', { email: 'not-an-email', password: 'app-password-1' });
    assert.equal(r.statusCode, 422);
    assert.ok(Array.isArray(r.json().detail));
    assert.match(r.json().message, /^email: /);
  });

  test('the native shells are allowed origins, with credentials (capacitor://localhost, https://localhost)', async () => {
    for (const origin of ['capacitor://localhost', 'https://localhost']) {
      const pre = await t.app.inject({
        method: 'OPTIONS',
        url: '/v1/auth/login',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
      assert.ok(pre.statusCode < 300, `${origin} → ${pre.statusCode}`);
      assert.equal(pre.headers['access-control-allow-origin'], origin);
      assert.equal(pre.headers['access-control-allow-credentials'], 'true');
    }
  });
});

describe('users (App.tsx, EditProfileScreen, PersonalProfilePanel, OnboardingWizard)', () => {
  test('GET /users/me: the fields App.tsx maps into the profile', async () => {
    const u = await signup('Sam');
    const r = await api(u, 'GET', '/users/me');
    ok(r);
    const me = r.json();
    for (const k of [
      'id',
      'email',
      'display_name',
      'pronouns',
      'personality_type',
      'goals',
      'hobbies',
      'personal_description',
      'profile_picture_url',
      'voice_profile_id',
      'voice_print_data',
    ]) {
      assert.ok(k in me, k);
    }
    assert.equal(me.id, u.id);
    assert.equal(me.display_name, 'Sam');
  });

  test('PATCH /users/me with what handleOnboardingComplete and the profile screens send, read back as the app reads it', async () => {
    const u = await signup('Sam');
    const picture = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]).toString('base64')}`;
    ok(
      await api(u, 'PATCH', '/users/me', {
        display_name: 'Sam',
        pronouns: 'Woman',
        personal_description: 'Calm and curious',
        hobbies: ['Hiking', 'Jazz'],
        birthday: '1992-04-01',
        occupation: 'Nurse',
        personality_type: { type: 'INFJ', values: { ei: 30, sn: 70, tf: 60, jp: 40 } },
        profile_picture_url: picture,
      }),
    );
    ok(await api(u, 'PATCH', '/users/me', { goals: ['Listen more'] }));
    ok(await api(u, 'PATCH', '/users/me', {})); // a cleared field is sent as undefined: an empty body
    ok(await api(u, 'PATCH', '/users/me', { profile_picture_url: '/avatar/infj-w.png' }));
    const me = (await api(u, 'GET', '/users/me')).json();
    assert.equal(me.pronouns, 'Woman');
    assert.equal(me.personal_description, 'Calm and curious');
    assert.deepEqual(me.hobbies, ['Hiking', 'Jazz']);
    assert.deepEqual(me.goals, ['Listen more']);
    assert.equal(me.personality_type.type, 'INFJ');
    assert.deepEqual(me.personality_type.values, { ei: 30, sn: 70, tf: 60, jp: 40 });
    assert.equal(me.profile_picture_url, '/avatar/infj-w.png');
    ok(await api(u, 'PATCH', '/users/me', { personality_type: { type: 'Prefer not to say' } }));
    assert.equal((await api(u, 'GET', '/users/me')).json().personality_type.type, 'Prefer not to say');
  });

  test('GET /users/{id} of a loved one: id, display_name, email, profile_picture_url, voice_profile_id', async () => {
    const [a, b] = [await signup('Ana'), await signup('Ben')];
    await lovedOnes(a, b);
    const r = await api(a, 'GET', `/users/${b.id}`);
    ok(r);
    const u = r.json();
    assert.equal(u.id, b.id);
    assert.equal(u.display_name, 'Ben');
    assert.equal(u.email, b.email);
    assert.ok('profile_picture_url' in u && 'voice_profile_id' in u);
  });
});

describe('relationships, contacts, invites, consent (App.tsx handleAddUnit, OnboardingWizard, relationships.hydrated)', () => {
  test('every type the app sends is accepted (unknown ones become other); the answer has the id the app reads', async () => {
    const u = await signup();
    for (const [type, stored] of [
      ['romantic', 'romantic'],
      ['date', 'date'],
      ['family', 'family'],
      ['parent_child', 'parent_child'],
      ['sibling', 'sibling'],
      ['friend', 'friend'],
      ['colleague', 'colleague'],
      ['friendship', 'other'],
      ['professional', 'other'],
    ]) {
      const r = await api(u, 'POST', '/relationships', { type, member_ids: [] });
      ok(r);
      assert.equal(typeof r.json().id, 'string');
      assert.equal(r.json().type, stored);
    }
    const list = await api(u, 'GET', '/relationships');
    ok(list);
    assert.ok(Array.isArray(list.json()) && list.json().every((x: { id: string; type: string }) => typeof x.id === 'string' && typeof x.type === 'string'));
  });

  test('contacts/lookup: status EXISTS with user.id and display_name, NOT_FOUND, BLOCKED', async () => {
    const [a, b] = [await signup('Ana'), await signup('Ben')];
    const found = (await api(a, 'POST', '/contacts/lookup', { email: b.email })).json();
    assert.equal(found.status, 'EXISTS');
    assert.equal(found.user.id, b.id);
    assert.equal(found.user.display_name, 'Ben');
    assert.equal((await api(a, 'POST', '/contacts/lookup', { email: uniqueEmail('nobody') })).json().status, 'NOT_FOUND');
    ok(await api(b, 'PATCH', '/users/me', { privacy_tier: 'PRIVATE' }));
    assert.equal((await api(a, 'POST', '/contacts/lookup', { email: b.email })).json().status, 'BLOCKED');
  });

  test('invite flow for a new person: draft relationship, createInvite with X-App-Base-URL → invite_url; list; link; validate; landing; signup with the token', async () => {
    const a = await signup('Ana');
    const rid = (await api(a, 'POST', '/relationships', { type: 'romantic', member_ids: [] })).json().id as string;
    const email = uniqueEmail('newcomer');
    const created = await api(a, 'POST', `/relationships/${rid}/invites`, { email, role: 'partner' }, { 'x-app-base-url': 'http://localhost:3000' });
    ok(created);
    const inv = created.json();
    assert.match(inv.invite_url, /^http:\/\/localhost:3000\/signup\?token=/);
    assert.equal(typeof inv.invite_id, 'string');
    const list = (await api(a, 'GET', `/relationships/${rid}/invites`)).json() as {
      invite_id: string;
      email: string;
      status: string;
      inviter_user_id: string;
    }[];
    assert.deepEqual(
      list.map((i) => [i.invite_id, i.email, i.status, i.inviter_user_id]),
      [[inv.invite_id, email, 'SENT', a.id]],
    );
    const link = await api(a, 'GET', `/relationships/${rid}/invites/${inv.invite_id as string}/link`);
    ok(link);
    assert.match(link.json().invite_url, /\/signup\?token=/);
    const token = decodeURIComponent(new URL(inv.invite_url).searchParams.get('token')!);
    const v = (await api(null, 'GET', `/relationships/invites/validate?token=${encodeURIComponent(token)}`)).json();
    assert.deepEqual([v.email, v.relationship_type, v.inviter_name], [email, 'Partner', 'Ana']);
    const landing = await t.app.inject({ method: 'GET', url: `/signup?token=${encodeURIComponent(token)}` });
    assert.equal(landing.statusCode, 200);
    assert.match(landing.body, /Ana invited you to Project Inside/);
    const b = await signup('Ben', token, email);
    const rels = (await api(b, 'GET', '/relationships')).json() as { id: string }[];
    assert.deepEqual(
      rels.map((r) => r.id),
      [rid],
      'handleSignupSuccess sends the invited user to the dashboard',
    );
  });

  test('consent info: members[].user_id and member_status (INVITED until accepted, then ACCEPTED)', async () => {
    const [a, b] = [await signup(), await signup()];
    const rid = (await api(a, 'POST', '/relationships', { type: 'romantic', member_ids: [b.id] })).json().id as string;
    const before = (await api(a, 'GET', `/relationships/${rid}/consent`)).json() as { members: { user_id: string; member_status: string }[] };
    assert.deepEqual(
      before.members.map((m) => [m.user_id, m.member_status]).sort(),
      [
        [a.id, 'ACCEPTED'],
        [b.id, 'INVITED'],
      ].sort(),
    );
    ok(await api(b, 'POST', `/relationships/${rid}/accept`));
    const after = (await api(a, 'GET', `/relationships/${rid}/consent`)).json() as { members: { user_id: string; member_status: string }[] };
    assert.ok(after.members.every((m) => m.member_status === 'ACCEPTED'));
  });

  test("consent in the app's vocabulary: templates (template_id, title, scopes), PUT consent/me with ACTIVE", async () => {
    const [a, b] = [await signup(), await signup()];
    const rid = await lovedOnes(a, b);
    const templates = (await api(a, 'GET', `/relationships/${rid}/consent/templates`)).json() as {
      template_id: string;
      title: string;
      description: string;
      scopes: string[];
    }[];
    assert.ok(templates.length > 0 && templates.every((x) => x.template_id && x.title && x.scopes.length > 0));
    const put = await api(a, 'PUT', `/relationships/${rid}/consent/me`, { scopes: ['REALTIME_FEATURES_ONLY', 'SUMMARY_SHARED'], status: 'ACTIVE' });
    assert.deepEqual(put.json(), { ok: true, version: 1 });
  });

  test('deleteRelationship: the app handles the empty answer', async () => {
    const [a, b] = [await signup(), await signup()];
    const rid = await lovedOnes(a, b);
    const r = await api(a, 'DELETE', `/relationships/${rid}`);
    assert.equal(r.statusCode, 204);
  });
});

describe('activities, pokes, hearts, notifications (ActivitiesScreen, App.tsx sendReaction, NotificationCenterPanel, watch)', () => {
  test('activity suggestions: a bare array the app maps (id, title, description, explanation); debug=true adds debug_source', async () => {
    const [a, b] = [await signup(), await signup()];
    const rid = await lovedOnes(a, b);
    const r = await api(a, 'GET', `/coach/activities/suggestions?${new URLSearchParams({ rid, debug: 'true' })}`);
    ok(r);
    const list = r.json() as { id: string; title: string; description: string; explanation: string; debug_source: string }[];
    assert.ok(Array.isArray(list) && list.length >= 3);
    for (const s of list) for (const k of ['id', 'title', 'description', 'explanation', 'debug_source'] as const) assert.equal(typeof s[k], 'string', k);
  });

  test('sendPoke(rid, receiver, "emoji", emoji) and getPokes', async () => {
    const [a, b] = [await signup(), await signup()];
    const rid = await lovedOnes(a, b);
    ok(await api(a, 'POST', '/interaction/pokes', { relationship_id: rid, receiver_id: b.id, type: 'emoji', emoji: '🥰' }));
    const list = (await api(b, 'GET', `/interaction/pokes?rid=${rid}`)).json() as { emoji: string; sender_id: string }[];
    assert.deepEqual(
      list.map((p) => [p.sender_id, p.emoji]),
      [[a.id, '🥰']],
    );
  });

  test('send-heart and send-emotion ({ok}); list, unread count, read one, read all, delete; push-token registered and used', async () => {
    const [a, b] = [await signup('Ana'), await signup('Ben')];
    await lovedOnes(a, b);
    assert.deepEqual((await api(b, 'POST', '/devices/push-token', { token: `fcm-${b.id}`, platform: 'android' })).json(), { ok: true });
    assert.deepEqual((await api(a, 'POST', '/notifications/send-heart', { target_user_id: b.id })).json(), { ok: true });
    assert.deepEqual((await api(a, 'POST', '/notifications/send-emotion', { target_user_id: b.id })).json(), { ok: true });
    const list = (await api(b, 'GET', '/notifications?limit=50')).json() as {
      id: string;
      type: string;
      title: string;
      message: string;
      read: boolean;
      timestamp: number;
    }[];
    const mine = list.filter((n) => n.type === 'message' || n.type === 'emotion');
    assert.deepEqual(mine.map((n) => [n.type, n.title, n.message, n.read]).sort(), [
      ['emotion', 'Love', 'Ana sent you love', false],
      ['message', 'Heart', 'Ana sent you a heart', false],
    ]);
    assert.ok(mine.every((n) => typeof n.id === 'string' && typeof n.timestamp === 'number'));
    assert.equal((await api(b, 'GET', '/notifications?limit=50&type=emotion')).json().length, 1);
    await pushNotification(t.ctx('project-inside'), { notificationId: mine[0]!.id });
    assert.deepEqual(push.sent.at(-1)!.devices, [{ token: `fcm-${b.id}`, platform: 'android' }]);
    assert.equal(push.sent.at(-1)!.message.data.notificationId, mine[0]!.id);
    const unread = (await api(b, 'GET', '/notifications/unread-count')).json().unread as number;
    assert.deepEqual((await api(b, 'PATCH', `/notifications/${encodeURIComponent(mine[0]!.id)}/read`)).json(), { ok: true });
    assert.equal((await api(b, 'GET', '/notifications/unread-count')).json().unread, unread - 1);
    const all = (await api(b, 'POST', '/notifications/read-all')).json();
    assert.equal(all.ok, true);
    assert.equal(all.updated, unread - 1);
    assert.deepEqual((await api(b, 'DELETE', `/notifications/${encodeURIComponent(mine[1]!.id)}`)).json(), { ok: true });
  });

  test('the notifications socket: connection.established, ping → pong, emoji_poke and notification.new with the fields App.tsx reads', async () => {
    const [a, b] = [await signup('Ana'), await signup('Ben')];
    const rid = await lovedOnes(a, b);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/interaction/notifications?token=${encodeURIComponent(b.access)}`);
    sockets.add(ws);
    const got: (Record<string, unknown> | string)[] = [];
    const waiters: [(m: Record<string, unknown> | string) => boolean, (m: Record<string, unknown> | string) => void][] = [];
    ws.on('message', (d) => {
      const text = String(d);
      const m = text === 'pong' ? text : (JSON.parse(text) as Record<string, unknown>);
      const w = waiters.findIndex(([pred]) => pred(m));
      if (w >= 0) waiters.splice(w, 1)[0]![1](m);
      else got.push(m);
    });
    const next = (pred: (m: Record<string, unknown> | string) => boolean) =>
      new Promise<Record<string, unknown> | string>((resolve, reject) => {
        const i = got.findIndex(pred);
        if (i >= 0) return resolve(got.splice(i, 1)[0]!);
        const timer = setTimeout(() => reject(new Error(`nothing matched: ${JSON.stringify(got)}`)), 4000);
        waiters.push([pred, (m) => (clearTimeout(timer), resolve(m))]);
      });
    const established = (await next((m) => typeof m === 'object' && m.type === 'connection.established')) as Record<string, unknown>;
    assert.equal(established.user_id, b.id);
    ws.send('ping');
    assert.equal(await next((m) => m === 'pong'), 'pong');
    ok(await api(a, 'POST', '/interaction/pokes', { relationship_id: rid, receiver_id: b.id, type: 'emoji', emoji: '🔥' }));
    const poke = (await next((m) => typeof m === 'object' && m.type === 'emoji_poke')) as Record<string, unknown>;
    assert.equal(poke.sender_id, a.id);
    assert.equal(poke.emoji, '🔥');
    assert.equal(poke.relationship_id, rid);
    assert.equal(typeof poke.poke_id, 'string');
    assert.ok(!Number.isNaN(new Date(String(poke.created_at)).getTime()));
    ok(await api(a, 'POST', '/notifications/send-emotion', { target_user_id: b.id, emotion_kind: 'hug' }));
    const n = (await next((m) => typeof m === 'object' && m.type === 'notification.new' && (m.payload as { type: string }).type === 'emotion')) as {
      payload: Record<string, unknown>;
    };
    assert.equal(n.payload.sender_id, a.id);
    assert.equal(n.payload.sender_name, 'Ana');
    assert.equal(n.payload.emotion_kind, 'hug');
    assert.equal(typeof n.payload.timestamp, 'number');
    assert.equal(typeof n.payload.title, 'string');
    assert.equal(typeof n.payload.message, 'string');
  });
});

describe('onboarding and coaching calls of apiService', () => {
  test('onboarding status fields; complete answers ok for the steps, VOICEPRINT_SKIPPED and DONE', async () => {
    const u = await signup();
    const s = (await api(u, 'GET', '/onboarding/status')).json();
    for (const k of ['has_profile', 'has_voiceprint', 'pending_invites', 'active_relationships', 'next_step']) assert.ok(k in s, k);
    for (const step of ['PROFILE', 'VOICEPRINT_SKIPPED', 'RELATIONSHIPS', 'CONSENT', 'DEVICE_SETUP', 'DONE']) {
      const r = await api(u, 'POST', '/onboarding/complete', { step });
      ok(r);
      assert.equal(r.json().ok, true, step);
    }
    assert.equal((await api(u, 'GET', '/onboarding/status')).json().next_step, null);
  });

  test('createSession (participants default []), finalizeSession without a body, getSessionReport, getSessionHistory(limit)', async () => {
    const [a, b] = [await signup(), await signup()];
    const rid = await lovedOnes(a, b);
    const s = await api(a, 'POST', '/coach/sessions', { relationship_id: rid, participants: [] });
    ok(s);
    const sid = s.json().id as string;
    ok(await api(a, 'POST', `/coach/sessions/${sid}/finalize`));
    const report = await api(a, 'GET', `/coach/sessions/${sid}/report`);
    ok(report);
    assert.equal(report.json().status, 'pending');
    const history = await api(a, 'GET', '/history/sessions?limit=20');
    ok(history);
    assert.equal(history.json()[0].id, sid);
  });

  test('analyzeTurn (LiveCoachScreen on an STT final): the body it builds, the fields it merges into the row by segment_id', async () => {
    const u = await signup('Ana');
    // apiService.analyzeTurn: transcript and include_history always; segment_id as a string, history only when
    // include_history and non-empty, speaker only when non-empty, debug only when true.
    const history = [
      { speaker: 'Ana', transcript: 'Did you book the table?' },
      { speaker: 'Unknown_1', transcript: 'I forgot, sorry.' },
    ];
    const r = await api(u, 'POST', '/coach/analyze-turn', {
      transcript: 'You never remember anything I ask.',
      include_history: true,
      segment_id: String(42),
      history,
      speaker: 'Ana',
      debug: true,
    });
    ok(r);
    const b = r.json();
    assert.ok(['Positive', 'Neutral', 'Negative', 'Hostile'].includes(b.sentiment), b.sentiment);
    assert.ok(['None', 'Criticism', 'Contempt', 'Defensiveness', 'Stonewalling'].includes(b.horseman), b.horseman);
    assert.equal(b.horseman, 'Criticism', 'the app shows "<horseman> Detected" for anything but None');
    assert.ok(Number.isInteger(b.level) && b.level >= -5 && b.level <= 5);
    assert.ok(b.nudgeText === null || typeof b.nudgeText === 'string');
    assert.ok(b.suggestedRephrasing === null || typeof b.suggestedRephrasing === 'string');
    assert.equal(typeof b.latency_ms, 'number', 'backend_latency_ms of the latency log');
    assert.equal(b.segment_id, '42');
    assert.equal(typeof b.debug_prompt, 'string', 'analysisPrompt of the debug view');
    assert.match(b.debug_prompt, /I forgot, sorry\./);
    // The smallest body it sends (no history, no speaker, debug off): no debug_prompt.
    const plain = await api(u, 'POST', '/coach/analyze-turn', { transcript: 'Thanks for waiting for me.', include_history: false, segment_id: 'seg-1' });
    ok(plain);
    assert.equal(plain.json().sentiment, 'Positive');
    assert.equal(plain.json().horseman, 'None');
    assert.equal(plain.json().debug_prompt, undefined);
  });
});

describe('calls the app makes that this server does not offer (404)', () => {
  test('activities/compass, lounge, market, love map, speech to text, voice enrollment, scrapbook', async () => {
    const u = await signup();
    for (const [method, path] of [
      ['GET', '/activity/recommendations?mode=activities&relationship_id=x&limit=10'],
      ['POST', '/compass/events'],
      ['GET', '/lounge/rooms'],
      ['GET', '/market/me/economy'],
      ['GET', '/love-map/prompts'],
      ['POST', '/stt/session'],
      ['POST', '/voice/enrollment/start'],
      ['DELETE', '/voice/profile'],
      ['POST', '/activity/scrapbook/generate'],
    ] as const) {
      const r = await api(u, method, path);
      assert.equal(r.statusCode, 404, `${method} ${path}`);
      assert.equal(typeof r.json().detail, 'string', 'the app shows detail as its error text');
    }
  });
});
