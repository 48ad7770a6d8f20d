// /conversations: start (onboarded, daily limit), turns with the partner (max 20), end with feedback, the app's
// paths, progress applied by the job.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { TestApp } from '../../../../test/helpers/app.js';
import { callAs } from '../../../../test/helpers/accounts.js';
import { P, envelopeError, locs, onboardedUser, startFlirtcraft, verifiedUser, type FcUser } from '../../../../test/helpers/flirtcraft.js';
import { conversations, events, messages, profiles, progress, userAchievements, xpEvents } from '../db.js';
import { applyProgress } from '../progress/progress.job.js';
import type { Ctx } from '../shared/context.js';

let t: TestApp;
before(async () => {
  t = await startFlirtcraft();
});
after(() => t.close());

const dz = () => t.runtime.db.dz;
const start = (u: FcUser, scenario_type = 'coffee_shop', difficulty_level = 'green') =>
  callAs(t, u, 'POST', `${P}/conversations`, { scenario_type, difficulty_level });
const say = (u: FcUser, id: string, content: string) => callAs(t, u, 'POST', `${P}/conversations/${id}/messages`, { content });

/** Waits until the progress job has counted the conversation. */
async function counted(id: string) {
  for (let i = 0; i < 200; i++) {
    const [c] = await dz().select().from(conversations).where(eq(conversations.id, id));
    if (c?.progressAppliedAt) return c;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('progress job did not run');
}

describe('works', () => {
  test('start → turns in character → end with feedback → progress (XP, streak, ice_breaker) applied once', async () => {
    const u = await onboardedUser(t);
    const s = await start(u, 'bookstore', 'yellow');
    assert.equal(s.statusCode, 200, s.body);
    const c = s.json().data;
    assert.equal(c.status, 'active');
    assert.equal(c.total_messages, 0);
    assert.equal(c.max_messages, 20);
    assert.equal(c.user_id, u.id);
    assert.equal(c.ai_character_context.scenario_type, 'bookstore');
    assert.match(c.ai_character_context.appearance, /woman/, 'the preferred gender');
    assert.ok(c.ai_character_context.age >= 22 && c.ai_character_context.age <= 30, 'the preferred ages');
    assert.equal(c.available_starters.length, 3);
    assert.deepEqual(s.json().meta, { daily_conversations_used: 1, daily_limit: 3 });

    const m1 = await say(u, c.id, 'Hi! That poetry section looks great, what are you reading?');
    assert.equal(m1.statusCode, 200, m1.body);
    const turn = m1.json().data;
    assert.deepEqual(turn.message, turn.user_message);
    assert.equal(turn.user_message.sender_type, 'user');
    assert.equal(turn.user_message.message_order, 1);
    assert.equal(turn.ai_response.sender_type, 'ai');
    assert.equal(turn.ai_response.message_order, 2);
    assert.ok(turn.ai_response.content.length > 0 && !turn.ai_response.content.includes('['));
    assert.ok(turn.ai_response.ai_body_language && turn.ai_response.ai_body_language === turn.ai_response.body_language);
    assert.ok(['low receptiveness', 'guarded', 'moderately receptive', 'highly receptive'].includes(turn.ai_response.ai_receptiveness));
    assert.ok(turn.user_message.feedback_type);
    assert.ok(turn.live_feedback.engagement >= 0 && turn.live_feedback.engagement <= 100);
    assert.deepEqual(turn.conversation_status, { total_messages: 2, max_messages: 20, remaining_messages: 18, can_continue: true });
    assert.equal((await say(u, c.id, 'I love mystery novels too, I just finished one set in Lisbon. Any favourites?')).statusCode, 200);

    const got = (await callAs(t, u, 'GET', `${P}/conversations/${c.id}`)).json().data;
    assert.deepEqual(
      got.messages.map((m: { message_order: number; sender_type: string }) => [m.message_order, m.sender_type]),
      [
        [1, 'user'],
        [2, 'ai'],
        [3, 'user'],
        [4, 'ai'],
      ],
    );
    assert.equal(got.feedback, null);
    envelopeError(await callAs(t, u, 'GET', `${P}/conversations/${c.id}/feedback`), 404, 'feedback_not_ready');

    const end = await callAs(t, u, 'POST', `${P}/conversations/${c.id}/end`);
    assert.equal(end.statusCode, 200, end.body);
    const e = end.json().data;
    assert.ok(e.session_score >= 0 && e.session_score <= 100);
    assert.equal(e.tier, e.session_score >= 80 ? 'gold' : e.session_score >= 60 ? 'silver' : 'bronze');
    assert.equal(e.outcome_level, e.tier);
    assert.equal(e.feedback.flirtation_score, null);
    assert.ok(e.feedback.strengths.length > 0 && e.feedback.areas_for_improvement.length > 0 && e.feedback.suggestions.length > 0);
    assert.match(e.duration, /^\d+:\d\d:\d\d$/);
    assert.match(end.json().message, new RegExp(`You earned ${e.tier} level performance`));

    const fb = (await callAs(t, u, 'GET', `${P}/conversations/${c.id}/feedback`)).json().data;
    assert.equal(fb.overall_score, e.session_score);
    assert.equal(fb.conversation_id, c.id);

    // Ended: no more turns, no second end; the app's PUT answers the same conversation again.
    envelopeError(await say(u, c.id, 'one more thing'), 409, 'conversation_not_active');
    envelopeError(await callAs(t, u, 'POST', `${P}/conversations/${c.id}/end`), 409, 'conversation_already_ended');
    const put = await callAs(t, u, 'PUT', `${P}/conversations/${c.id}/complete`, { outcome: 'gold' });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().data.outcome, e.tier, "the client's outcome is not taken");
    assert.equal(put.json().data.feedback.overall_score, e.session_score);

    const row = await counted(c.id);
    assert.equal(row.status, 'completed');
    const [p] = await dz().select().from(progress).where(eq(progress.userId, u.id));
    assert.equal(p!.totalConversations, 1);
    assert.equal(p!.currentStreak, 1);
    const xp = await dz().select().from(xpEvents).where(eq(xpEvents.userId, u.id));
    const sources = xp.map((x) => x.source).sort();
    for (const s of [
      'achievement:ice_breaker',
      'achievement:onboarding_complete',
      'conversation_completed',
      'difficulty_bonus',
      'first_of_day',
      'new_scenario',
    ])
      assert.ok(sources.includes(s), s);
    assert.equal(
      p!.xpPoints,
      xp.reduce((a, x) => a + x.points, 0),
    );
    assert.ok((await dz().select().from(userAchievements).where(eq(userAchievements.userId, u.id))).some((a) => a.achievementType === 'ice_breaker'));
    // Running the job again changes nothing.
    assert.deepEqual(await applyProgress(t.ctx('flirtcraft') as unknown as Ctx, c.id), { applied: false });
    assert.equal((await dz().select().from(progress).where(eq(progress.userId, u.id)))[0]!.xpPoints, p!.xpPoints);

    const list = await callAs(t, u, 'GET', `${P}/conversations?status=completed&limit=5`);
    assert.equal(list.json().data.length, 1);
    assert.deepEqual(list.json().meta, { total: 1, limit: 5, offset: 0 });
    assert.equal(list.json().data[0].messages, undefined);

    const types = (await dz().select().from(events).where(eq(events.userId, u.id))).map((x) => x.eventType);
    for (const ty of ['conversation_started', 'message_sent', 'conversation_completed', 'ai_call', 'achievement_unlocked']) assert.ok(types.includes(ty), ty);
    const sent = await dz()
      .select()
      .from(events)
      .where(and(eq(events.userId, u.id), eq(events.eventType, 'message_sent')));
    assert.ok(!JSON.stringify(sent).includes('Lisbon'), 'events never hold message text');
  });

  test('the app’s context path and PUT /complete on an active conversation', async () => {
    const u = await onboardedUser(t);
    const ctxr = await callAs(t, u, 'POST', `${P}/conversations/context`, { scenario_type: 'park', difficulty_level: 'red' });
    assert.equal(ctxr.statusCode, 200, ctxr.body);
    assert.equal(ctxr.json().data.scenario_type, 'park');
    assert.equal(typeof ctxr.json().data.environment, 'string');
    const c = (await start(u, 'park', 'red')).json().data;
    await say(u, c.id, 'Hey, sorry to bother you, is that a golden retriever?');
    const done = await callAs(t, u, 'PUT', `${P}/conversations/${c.id}/complete`);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().data.status, 'completed');
    assert.equal(typeof done.json().data.feedback.flirtation_score, 'number', 'red difficulty scores flirtation');
    assert.equal(done.json().data.messages.length, 2);
  });

  test('list pages: newest first by start time, limit and offset give distinct pages, meta echoes them', async () => {
    const [u, other] = [await onboardedUser(t), await onboardedUser(t)];
    const ids: string[] = [];
    for (const s of ['coffee_shop', 'park', 'bookstore']) ids.push((await start(u, s)).json().data.id as string);
    assert.equal((await start(other)).statusCode, 200);
    // Distinct start times, oldest first: ids[0] 3 h ago, ids[1] 2 h ago, ids[2] 1 h ago.
    for (const [i, id] of ids.entries())
      await dz()
        .update(conversations)
        .set({ startTime: new Date(Date.now() - (3 - i) * 3_600_000) })
        .where(eq(conversations.id, id));
    const page = async (query: string) => {
      const r = await callAs(t, u, 'GET', `${P}/conversations?${query}`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as { data: { id: string }[]; meta: { total: number; limit: number; offset: number } };
    };
    const first = await page('limit=2&offset=0');
    assert.deepEqual(
      first.data.map((c) => c.id),
      [ids[2], ids[1]],
    );
    assert.deepEqual(first.meta, { total: 3, limit: 2, offset: 0 });
    const second = await page('limit=2&offset=2');
    assert.deepEqual(
      second.data.map((c) => c.id),
      [ids[0]],
    );
    assert.deepEqual(second.meta, { total: 3, limit: 2, offset: 2 });
    const middle = await page('limit=1&offset=1');
    assert.deepEqual(
      middle.data.map((c) => c.id),
      [ids[1]],
    );
    assert.deepEqual(middle.meta, { total: 3, limit: 1, offset: 1 });
    const past = await page('limit=2&offset=5');
    assert.deepEqual(past.data, []);
    assert.deepEqual(past.meta, { total: 3, limit: 2, offset: 5 });
    const defaults = await page('');
    assert.deepEqual(
      defaults.data.map((c) => c.id),
      [ids[2], ids[1], ids[0]],
    );
    assert.deepEqual(defaults.meta, { total: 3, limit: 10, offset: 0 });
  });

  test('daily limit: free 3 a day, the 4th → 403 with the reason; premium 50', async () => {
    const u = await onboardedUser(t);
    for (let i = 0; i < 3; i++) assert.equal((await start(u)).statusCode, 200);
    const r = envelopeError(await start(u), 403, 'daily_limit_reached');
    assert.match(r.error.message, /Daily conversation limit reached \(3 conversations per day\)/);
    assert.equal((await dz().select().from(conversations).where(eq(conversations.userId, u.id))).length, 3);
    const limits = (await callAs(t, u, 'GET', `${P}/users/limits`)).json().data;
    assert.equal(limits.can_start_conversation, false);
    await dz().update(profiles).set({ isPremium: true }).where(eq(profiles.userId, u.id));
    const s = await start(u, 'gallery');
    assert.equal(s.statusCode, 200, s.body);
    assert.equal(s.json().meta.daily_limit, 50);
    // Premium that has run out is free again.
    await dz()
      .update(profiles)
      .set({ premiumExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(profiles.userId, u.id));
    envelopeError(await start(u, 'gallery'), 403, 'premium_required');
  });

  test('concurrent starts cannot pass the daily limit', async () => {
    const u = await onboardedUser(t);
    const rs = await Promise.all(Array.from({ length: 6 }, () => start(u)));
    assert.equal(rs.filter((r) => r.statusCode === 200).length, 3, rs.map((r) => r.statusCode).join(','));
    for (const r of rs.filter((x) => x.statusCode !== 200)) envelopeError(r, 403, 'daily_limit_reached');
    assert.equal((await dz().select().from(conversations).where(eq(conversations.userId, u.id))).length, 3);
  });

  test('at most 20 messages: the 11th turn → 409; concurrent turns get distinct orders', async () => {
    const u = await onboardedUser(t);
    const c = (await start(u)).json().data;
    const first = await Promise.all([say(u, c.id, 'Hi there!'), say(u, c.id, 'What are you drinking?')]);
    assert.deepEqual(
      first.map((r) => r.statusCode),
      [200, 200],
    );
    for (let i = 0; i < 8; i++) assert.equal((await say(u, c.id, `Message number ${i}, how is your day going?`)).statusCode, 200);
    const last = await callAs(t, u, 'GET', `${P}/conversations/${c.id}`);
    assert.equal(last.json().data.total_messages, 20);
    assert.equal(last.json().data.can_continue, false);
    envelopeError(await say(u, c.id, 'Eleventh?'), 409, 'message_limit_reached');
    const orders = (await dz().select().from(messages).where(eq(messages.conversationId, c.id))).map((m) => m.messageOrder).sort((a, b) => a - b);
    assert.deepEqual(
      orders,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });
});

describe('rejects bad input', () => {
  test('bad bodies and ids → 422 naming the field; unknown scenario → 404; nothing stored', async () => {
    const u = await onboardedUser(t);
    envelopeError(await start(u, 'moon_base'), 404, 'scenario_not_found');
    for (const [body, loc] of [
      [{ scenario_type: 'park', difficulty_level: 'purple' }, 'body.difficulty_level'],
      [{ difficulty_level: 'green' }, 'body.scenario_type'],
      [{ scenario_type: 'x'.repeat(51), difficulty_level: 'green' }, 'body.scenario_type'],
    ] as const) {
      const r = await callAs(t, u, 'POST', `${P}/conversations`, body);
      envelopeError(r, 422);
      assert.ok(locs(r).includes(loc), JSON.stringify(locs(r)));
    }
    assert.equal((await dz().select().from(conversations).where(eq(conversations.userId, u.id))).length, 0);
    const c = (await start(u)).json().data;
    for (const content of ['', '   ', 'x'.repeat(1001)]) {
      const r = await say(u, c.id, content);
      envelopeError(r, 422);
      assert.deepEqual([...new Set(locs(r))], ['body.content']);
    }
    envelopeError(await callAs(t, u, 'POST', `${P}/conversations/${c.id}/messages`, { content: 42 }), 422);
    envelopeError(await callAs(t, u, 'GET', `${P}/conversations/not-a-uuid`), 422);
    envelopeError(await callAs(t, u, 'GET', `${P}/conversations/00000000-0000-4000-8000-000000000000`), 404, 'conversation_not_found');
    envelopeError(await callAs(t, u, 'GET', `${P}/conversations?limit=0`), 422);
    envelopeError(await callAs(t, u, 'GET', `${P}/conversations?status=paused`), 422);
    envelopeError(await callAs(t, u, 'POST', `${P}/conversations/${c.id}/end`), 400, 'conversation_too_short');
    envelopeError(await callAs(t, u, 'PUT', `${P}/conversations/${c.id}/complete`, { outcome: 'platinum' }), 422);
    assert.equal((await dz().select().from(messages).where(eq(messages.conversationId, c.id))).length, 0);
    assert.equal((await dz().select().from(conversations).where(eq(conversations.id, c.id)))[0]!.status, 'active');
  });
});

describe('refuses the wrong user', () => {
  test("another user's conversation is 404 on every route and untouched; no token → 401; not onboarded → 403", async () => {
    const [a, b] = [await onboardedUser(t), await onboardedUser(t)];
    const c = (await start(a)).json().data;
    await say(a, c.id, 'Hello, is this seat free?');
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['GET', '/feedback', undefined],
      ['POST', '/messages', { content: 'hi' }],
      ['POST', '/end', undefined],
      ['PUT', '/complete', undefined],
    ] as const) {
      envelopeError(await callAs(t, b, method, `${P}/conversations/${c.id}${path}`, body), 404);
      envelopeError(await t.app.inject({ method, url: `${P}/conversations/${c.id}${path}`, ...(body ? { payload: body } : {}) }), 401);
    }
    const row = (await dz().select().from(conversations).where(eq(conversations.id, c.id)))[0]!;
    assert.equal(row.status, 'active');
    assert.equal(row.totalMessages, 2);
    assert.equal((await callAs(t, b, 'GET', `${P}/conversations`)).json().data.length, 0);

    const fresh = await verifiedUser(t);
    envelopeError(await start(fresh), 403, 'onboarding_required');
    envelopeError(await t.app.inject({ method: 'POST', url: `${P}/conversations`, payload: {} }), 401);
  });
});
