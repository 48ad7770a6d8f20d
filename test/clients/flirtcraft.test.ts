// Contract of the FlirtCraft app (Innov8Apps/FlirtCraft, FlirtCraft-frontend/lib/api: client.ts, services/*.ts,
// types.ts): every call its API client makes, sent the way it sends them (Content-Type: application/json on every
// request, a body only when there is data, `Authorization: Bearer <Supabase access token>` when signed in), answered
// in the `{success, data}` envelope it unwraps, with the fields its types read — at the root paths it uses when this
// is the only product (EXPO_PUBLIC_API_URL + /api/v1). The app signs up and in with Supabase Auth directly
// (stores/onboardingStore.ts, SignInScreen.tsx) and sends `supabase.auth.getSession()`'s access token; here a
// project secret is configured and tokens are signed with it. Its onboarding answers go to Supabase tables this
// server cannot see, so the user answers them here through /onboarding (see appUser).
//
//   userService          GET /users/profile · PUT /users/profile · GET /users/stats · POST /users/streak
//                        GET /users/achievements · POST /users/xp · GET /users/limits
//   scenarioService      GET /scenarios · GET /scenarios?available_only=true · GET /scenarios/{type}
//   conversationService  GET /conversations · GET /conversations?limit&status=completed · GET /conversations/{id}
//                        POST /conversations · POST /conversations/{id}/messages · PUT /conversations/{id}/complete
//                        GET /conversations/{id}/feedback · POST /conversations/context
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, uniqueEmail, type TestApp } from '../helpers/app.js';
import { subjectOf } from '../helpers/accounts.js';
import { codeIn, mailTo, ONBOARDING, registerBody } from '../helpers/flirtcraft.js';
import { supabaseEnv, supabaseToken, supabaseUser } from '../helpers/supabase.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ products: ['flirtcraft'], env: supabaseEnv() });
});
after(() => t.close());

interface Who {
  token: string;
}

/** ApiClient.get/post/put/delete: JSON content type always, query params appended, a body only when given. */
async function call(who: Who | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', endpoint: string, data?: unknown, params?: Record<string, unknown>) {
  const qs = params ? '?' + new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString() : '';
  return t.app.inject({
    method,
    url: `/api/v1${endpoint}${qs}`,
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${who.token}` } : {}) },
    ...(data !== undefined ? { payload: JSON.stringify(data) } : {}),
  });
}

/** handleResponse: a 2xx with success:true gives `data`; anything else becomes ApiError(status, error.code, error.message). */
async function data<T = Record<string, unknown>>(r: Promise<{ statusCode: number; body: string; json(): unknown }>): Promise<T> {
  const res = await r;
  assert.ok(res.statusCode >= 200 && res.statusCode < 300, `${res.statusCode} ${res.body.slice(0, 300)}`);
  const body = res.json() as { success: boolean; data?: T };
  assert.equal(body.success, true, res.body.slice(0, 300));
  return body.data as T;
}

function apiError(res: { statusCode: number; json(): unknown }, status: number, code: string) {
  assert.equal(res.statusCode, status);
  const e = (res.json() as { error?: { code?: string; message?: string } }).error;
  assert.equal(e?.code, code);
  assert.ok(typeof e?.message === 'string' && e.message.length > 0);
}

const iso = (v: unknown, field: string) => assert.ok(typeof v === 'string' && !Number.isNaN(Date.parse(v)), `${field}: ${String(v)}`);

function isScenario(s: Record<string, unknown>) {
  for (const k of ['id', 'type', 'display_name', 'description']) assert.equal(typeof s[k], 'string', k);
  assert.equal(typeof s.is_premium, 'boolean');
  assert.equal(typeof s.context_templates, 'object');
  assert.equal(typeof s.difficulty_modifiers, 'object');
  iso(s.created_at, 'created_at');
}

function isConversation(c: Record<string, unknown>, userId: string) {
  for (const k of ['id', 'scenario_type']) assert.equal(typeof c[k], 'string', k);
  assert.equal(c.user_id, userId);
  assert.ok(['green', 'yellow', 'red'].includes(c.difficulty_level as string));
  assert.ok(['active', 'completed', 'abandoned'].includes(c.status as string));
  assert.equal(typeof c.ai_character_context, 'object');
  assert.equal(typeof c.total_messages, 'number');
  iso(c.start_time, 'start_time');
  iso(c.created_at, 'created_at');
}

function isMessage(m: Record<string, unknown>, conversationId: string, sender: 'user' | 'ai') {
  assert.equal(typeof m.id, 'string');
  assert.equal(m.conversation_id, conversationId);
  assert.equal(m.sender_type, sender);
  assert.ok(typeof m.content === 'string' && m.content.length > 0);
  assert.equal(typeof m.message_order, 'number');
  iso(m.timestamp, 'timestamp');
}

/** The app's onboarding answers, given here (the app writes them to its Supabase tables). */
async function onboard(who: Who) {
  await data(call(who, 'POST', '/onboarding/age-verification', ONBOARDING.age));
  await data(call(who, 'POST', '/onboarding/preferences', ONBOARDING.preferences));
  await data(call(who, 'POST', '/onboarding/skill-goals', ONBOARDING.skills));
  await data(call(who, 'POST', '/onboarding/complete'));
}

/** A user of the app: signed in with Supabase (its access token as Bearer), onboarded. */
async function appUser(): Promise<Who & { id: string }> {
  const who = { token: await supabaseToken(supabaseUser('fc-app')) };
  await onboard(who);
  const me = await data(call(who, 'GET', '/users/profile'));
  return { ...who, id: me.id as string };
}

/** A user of this server's own sign-up and sign-in (the same header carries its token). */
async function localUser(): Promise<Who & { id: string }> {
  const email = uniqueEmail('fc-app');
  assert.equal((await call(null, 'POST', '/auth/register', registerBody(email))).statusCode, 200);
  const token = codeIn(await mailTo(t, email, /Confirm/));
  const v = await call(null, 'POST', '/auth/verify-email', { token });
  assert.equal(v.statusCode, 200, v.body);
  const who = { token: (v.json() as { access_token: string }).access_token };
  await onboard(who);
  return { ...who, id: subjectOf(who.token) };
}

describe('the app’s calls', () => {
  test('scenarioService: all scenarios, the available ones, one by type', async () => {
    const u = await appUser();
    const all = await data<Record<string, unknown>[]>(call(u, 'GET', '/scenarios'));
    assert.ok(Array.isArray(all) && all.length >= 5);
    all.forEach(isScenario);
    const available = await data<Record<string, unknown>[]>(call(u, 'GET', '/scenarios', undefined, { available_only: true }));
    assert.ok(Array.isArray(available) && available.length >= 5);
    assert.ok(
      available.every((s) => s.is_premium === false),
      'a free user is offered the free scenarios',
    );
    const one = await data(call(u, 'GET', '/scenarios/coffee_shop'));
    isScenario(one);
    assert.equal(one.type, 'coffee_shop');
    apiError(await call(u, 'GET', '/scenarios/moon_base'), 404, 'scenario_not_found');
  });

  test('conversationService: context, create, messages, complete, feedback, one, list, history', async () => {
    const u = await appUser();
    const ctx = await data(call(u, 'POST', '/conversations/context', { scenario_type: 'park', difficulty_level: 'yellow' }));
    for (const k of ['appearance', 'environment', 'body_language']) assert.ok(typeof ctx[k] === 'string' && (ctx[k] as string).length > 0, k);
    assert.ok(Array.isArray(ctx.conversation_starters) && (ctx.conversation_starters as unknown[]).length > 0);
    assert.equal(ctx.scenario_type, 'park');
    assert.equal(ctx.difficulty_level, 'yellow');
    iso(ctx.generated_at, 'generated_at');

    const c = await data(call(u, 'POST', '/conversations', { scenario_type: 'coffee_shop', difficulty_level: 'green' }));
    isConversation(c, u.id);
    assert.equal(c.status, 'active');
    const id = c.id as string;

    const sent = await data(call(u, 'POST', `/conversations/${id}/messages`, { content: 'Hi! Is that a flat white? I can never decide what to order here.' }));
    isMessage(sent.message as Record<string, unknown>, id, 'user');
    isMessage(sent.ai_response as Record<string, unknown>, id, 'ai');
    if (sent.live_feedback !== undefined && sent.live_feedback !== null) {
      const lf = sent.live_feedback as Record<string, unknown>;
      for (const k of ['confidence', 'appropriateness', 'engagement']) assert.equal(typeof lf[k], 'number', k);
    }

    // completeConversation(id) without data: PUT with the JSON content type and no body.
    const done = await data(call(u, 'PUT', `/conversations/${id}/complete`));
    isConversation(done, u.id);
    assert.equal(done.status, 'completed');
    assert.equal(typeof done.session_score, 'number');
    assert.ok(['bronze', 'silver', 'gold'].includes(done.outcome as string));
    iso(done.end_time, 'end_time');

    const f = await data(call(u, 'GET', `/conversations/${id}/feedback`));
    assert.equal(typeof f.id, 'string');
    assert.equal(f.conversation_id, id);
    for (const k of ['engagement_score', 'responsiveness_score', 'storytelling_score', 'emotional_intelligence_score', 'momentum_score', 'overall_score']) {
      assert.ok(typeof f[k] === 'number' && (f[k] as number) >= 0 && (f[k] as number) <= 100, k);
    }
    assert.ok(typeof f.feedback_text === 'string' && f.feedback_text.length > 0);
    iso(f.created_at, 'created_at');

    const one = await data(call(u, 'GET', `/conversations/${id}`));
    isConversation(one, u.id);
    const msgs = one.messages as Record<string, unknown>[];
    assert.equal(msgs.length, 2);
    isMessage(msgs[0]!, id, 'user');
    isMessage(msgs[1]!, id, 'ai');

    const active = await data(call(u, 'POST', '/conversations', { scenario_type: 'bookstore', difficulty_level: 'red' }));
    const list = await data<Record<string, unknown>[]>(call(u, 'GET', '/conversations'));
    assert.ok(Array.isArray(list));
    assert.deepEqual(new Set(list.map((x) => x.id)), new Set([id, active.id]));
    list.forEach((x) => isConversation(x, u.id));
    // getConversationHistory(limit): ?limit=…&status=completed
    const history = await data<Record<string, unknown>[]>(call(u, 'GET', '/conversations', undefined, { limit: 10, status: 'completed' }));
    assert.deepEqual(
      history.map((x) => x.id),
      [id],
    );
  });

  test('completeConversation with the outcome it may send; a completed conversation takes no more messages', async () => {
    const u = await appUser();
    const c = await data(call(u, 'POST', '/conversations', { scenario_type: 'campus', difficulty_level: 'green' }));
    await data(call(u, 'POST', `/conversations/${c.id as string}/messages`, { content: 'Is this the line for the library café?' }));
    const done = await data(call(u, 'PUT', `/conversations/${c.id as string}/complete`, { outcome: 'gold' }));
    assert.equal(done.status, 'completed');
    assert.ok(['bronze', 'silver', 'gold'].includes(done.outcome as string));
    const more = await call(u, 'POST', `/conversations/${c.id as string}/messages`, { content: 'One more thing!' });
    assert.ok(more.statusCode >= 400 && more.statusCode < 500, more.body);
    assert.equal((more.json() as { success: boolean }).success, false);
  });

  test('userService: profile, update, stats, streak, achievements, XP, limits', async () => {
    const u = await appUser();
    const p = await data(call(u, 'GET', '/users/profile'));
    assert.equal(p.id, u.id);
    assert.equal(typeof p.email, 'string');
    for (const k of ['target_age_min', 'target_age_max', 'daily_conversations_used', 'xp_points', 'level', 'streak_count'])
      assert.equal(typeof p[k], 'number', k);
    assert.ok(['free', 'premium'].includes(p.premium_tier as string));
    assert.ok(Array.isArray(p.skill_goals));
    iso(p.created_at, 'created_at');
    iso(p.updated_at, 'updated_at');

    // updateProfile(Partial<UserProfile>) with the app's words.
    const up = await data(
      call(u, 'PUT', '/users/profile', { target_gender: 'randomized', target_age_min: 25, target_age_max: 35, skill_goals: ['conversation_starters'] }),
    );
    assert.equal(up.target_gender, 'randomized');
    assert.equal(up.target_age_min, 25);
    assert.equal(up.target_age_max, 35);
    assert.deepEqual(up.skill_goals, ['conversation_starters']);

    const stats = await data(call(u, 'GET', '/users/stats'));
    for (const k of ['xp_points', 'level', 'streak_count', 'conversations_completed', 'achievements_earned']) assert.equal(typeof stats[k], 'number', k);

    // updateStreak(): POST with the JSON content type and no body.
    const streak = await data(call(u, 'POST', '/users/streak'));
    assert.equal(typeof streak.streak_count, 'number');
    assert.equal(typeof streak.xp_earned, 'number');

    const achievements = await data<Record<string, unknown>[]>(call(u, 'GET', '/users/achievements'));
    assert.ok(Array.isArray(achievements));
    const onboarding = achievements.find((a) => a.achievement_type === 'onboarding_complete');
    assert.ok(onboarding, 'finishing the onboarding unlocked its achievement');
    assert.equal(onboarding.user_id, u.id);
    assert.equal(typeof onboarding.id, 'string');
    iso(onboarding.earned_at, 'earned_at');

    const xp = await data(call(u, 'POST', '/users/xp', { points: 10, source: 'daily_tip' }));
    assert.equal(typeof xp.total_xp, 'number');
    assert.equal(typeof xp.level, 'number');
    assert.equal(typeof xp.level_up, 'boolean');
    assert.equal((await data(call(u, 'GET', '/users/stats'))).xp_points, xp.total_xp);

    const limits = await data(call(u, 'GET', '/users/limits'));
    assert.equal(limits.daily_conversations_used, 0);
    assert.equal(limits.daily_limit, 3);
    assert.equal(limits.premium_tier, 'free');
    assert.equal(limits.can_start_conversation, true);
  });

  test('errors carry error.code and error.message, which the client turns into ApiError', async () => {
    apiError(await call(null, 'GET', '/users/profile'), 401, 'not_authenticated');
    apiError(await call({ token: 'not-a-token' }, 'GET', '/conversations'), 401, 'invalid_token');
    const u = await appUser();
    const other = await appUser();
    const c = await data(call(u, 'POST', '/conversations', { scenario_type: 'park', difficulty_level: 'green' }));
    apiError(await call(other, 'GET', `/conversations/${c.id as string}`), 404, 'conversation_not_found');
    apiError(await call(other, 'PUT', `/conversations/${c.id as string}/complete`), 404, 'conversation_not_found');
    const bad = await call(u, 'POST', '/conversations', { scenario_type: 'park', difficulty_level: 'purple' });
    assert.equal(bad.statusCode, 422);
    assert.equal((bad.json() as { error: { code: string } }).error.code, 'validation_error');
  });

  test('a Supabase user’s first call (before any onboarding) finds a fresh account, not an error', async () => {
    const u = supabaseUser('fc-first');
    const who = { token: await supabaseToken(u) };
    const p = await data(call(who, 'GET', '/users/profile'));
    assert.equal(p.email, u.email);
    assert.equal(p.onboarding_completed, false);
    const limits = await data(call(who, 'GET', '/users/limits'));
    assert.equal(limits.can_start_conversation, false);
    apiError(await call(who, 'POST', '/conversations', { scenario_type: 'park', difficulty_level: 'green' }), 403, 'onboarding_required');
    const scenarios = await data<Record<string, unknown>[]>(call(who, 'GET', '/scenarios', undefined, { available_only: true }));
    scenarios.forEach(isScenario);
  });

  test('a token of this server’s own sign-in works on the same calls', async () => {
    const u = await localUser();
    const p = await data(call(u, 'GET', '/users/profile'));
    assert.equal(p.id, u.id);
    const c = await data(call(u, 'POST', '/conversations', { scenario_type: 'coffee_shop', difficulty_level: 'green' }));
    isConversation(c, u.id);
  });
});
