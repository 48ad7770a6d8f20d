// The app's /users paths: profile (read, update), stats, streak bonus, achievements, capped XP, limits; export/erase.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../../../test/helpers/app.js';
import { callAs } from '../../../../test/helpers/accounts.js';
import { P, PASSWORD, envelopeError, locs, onboardedUser, registerBody, startFlirtcraft, verifiedUser } from '../../../../test/helpers/flirtcraft.js';
import { conversations, events, messages, profiles, progress, userAchievements, xpEvents } from '../db.js';
import { utcDay } from '../shared/time.js';

let t: TestApp;
before(async () => {
  t = await startFlirtcraft({ env: { FLIRTCRAFT_CLIENT_XP_DAILY_CAP: '100' } });
});
after(() => t.close());
const dz = () => t.runtime.db.dz;

/** A user with one ended conversation (its progress counted). */
async function practised() {
  const u = await onboardedUser(t);
  const c = (await callAs(t, u, 'POST', `${P}/conversations`, { scenario_type: 'campus', difficulty_level: 'green' })).json().data;
  await callAs(t, u, 'POST', `${P}/conversations/${c.id}/messages`, { content: 'Is that the flyer for the climbing club? I have always wanted to try it!' });
  assert.equal((await callAs(t, u, 'POST', `${P}/conversations/${c.id}/end`)).statusCode, 200);
  for (let i = 0; i < 200; i++) {
    const [row] = await dz().select().from(conversations).where(eq(conversations.id, c.id));
    if (row?.progressAppliedAt) return { u, conversationId: c.id };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('progress not applied');
}

describe('works', () => {
  test('profile in the app’s shape; updates with its words (randomized, keeping_flow, age)', async () => {
    const u = await onboardedUser(t);
    const p = (await callAs(t, u, 'GET', `${P}/users/profile`)).json().data;
    assert.equal(p.id, u.id);
    assert.equal(p.target_gender, 'female');
    assert.equal(p.premium_tier, 'free');
    assert.equal(p.daily_limit, 3);
    assert.equal(p.xp_points, 25);
    const r = await callAs(t, u, 'PUT', `${P}/users/profile`, {
      age: 30,
      target_gender: 'randomized',
      skill_goals: ['keeping_flow', 'storytelling', 'flow_maintenance'],
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().data.target_gender, 'randomized');
    assert.equal(r.json().data.age, 30);
    assert.deepEqual(r.json().data.skill_goals, ['flow_maintenance', 'storytelling']);
    const [row] = await dz().select().from(profiles).where(eq(profiles.userId, u.id));
    assert.equal(row!.targetGender, 'everyone');
    assert.equal(row!.birthYear, new Date().getUTCFullYear() - 30);
  });

  test('stats, achievements and the streak bonus once a day after practice', async () => {
    const { u, conversationId } = await practised();
    const s = (await callAs(t, u, 'GET', `${P}/users/stats`)).json().data;
    assert.equal(s.conversations_completed, 1);
    assert.equal(s.streak_count, 1);
    assert.equal(s.achievements_earned, 2);
    assert.ok(s.xp_points > 100 && s.level >= 1);
    const a = (await callAs(t, u, 'GET', `${P}/users/achievements`)).json().data;
    assert.deepEqual(a.map((x: { achievement_type: string }) => x.achievement_type).sort(), ['ice_breaker', 'onboarding_complete']);
    assert.equal(a.find((x: { achievement_type: string }) => x.achievement_type === 'ice_breaker').conversation_id, conversationId);
    const first = (await callAs(t, u, 'POST', `${P}/users/streak`)).json().data;
    assert.deepEqual(first, { streak_count: 1, xp_earned: 25 });
    assert.deepEqual((await callAs(t, u, 'POST', `${P}/users/streak`)).json().data, { streak_count: 1, xp_earned: 0 });
    const after = (await callAs(t, u, 'GET', `${P}/users/stats`)).json().data;
    assert.equal(after.xp_points, s.xp_points + 25);
    // No practice today: a streak that ended yesterday-but-one is 0 and earns nothing.
    await dz().update(progress).set({ lastPracticeDay: '2020-01-01' }).where(eq(progress.userId, u.id));
    assert.deepEqual((await callAs(t, u, 'POST', `${P}/users/streak`)).json().data, { streak_count: 0, xp_earned: 0 });
    assert.equal((await dz().select().from(progress).where(eq(progress.userId, u.id)))[0]!.currentStreak, 0);
  });

  test('client XP: awarded up to the daily cap, level reported', async () => {
    const u = await verifiedUser(t);
    const a = (await callAs(t, u, 'POST', `${P}/users/xp`, { points: 60, source: 'tip_read' })).json().data;
    assert.deepEqual(a, { total_xp: 60, level: 1, level_up: false, awarded: 60 });
    const b = (await callAs(t, u, 'POST', `${P}/users/xp`, { points: 60, source: 'tip_read' })).json().data;
    assert.deepEqual(b, { total_xp: 100, level: 1, level_up: false, awarded: 40 });
    assert.equal((await callAs(t, u, 'POST', `${P}/users/xp`, { points: 10, source: 'tip_read' })).json().data.awarded, 0);
    const rows = await dz().select().from(xpEvents).where(eq(xpEvents.userId, u.id));
    assert.deepEqual(rows.map((r) => r.points).sort(), [40, 60]);
  });

  test('limits: usage of today against the plan', async () => {
    const u = await onboardedUser(t);
    await callAs(t, u, 'POST', `${P}/conversations`, { scenario_type: 'park', difficulty_level: 'green' });
    const l = (await callAs(t, u, 'GET', `${P}/users/limits`)).json().data;
    assert.equal(l.daily_conversations_used, 1);
    assert.equal(l.remaining, 2);
    assert.equal(l.can_start_conversation, true);
    assert.equal(l.premium_tier, 'free');
    assert.equal(utcDay(Date.parse(l.resets_at) - 1), utcDay(Date.now()));
    const notYet = await verifiedUser(t);
    assert.equal((await callAs(t, notYet, 'GET', `${P}/users/limits`)).json().data.can_start_conversation, false);
  });

  test('export has all of my data and no secrets; delete removes it all, ends sessions and frees the e-mail', async () => {
    const { u, conversationId } = await practised();
    const ex = await callAs(t, u, 'GET', `${P}/users/me/export`);
    assert.equal(ex.statusCode, 200, ex.body);
    const d = ex.json().data;
    assert.equal(d.account.email, u.email);
    assert.equal(d.profile.target_gender, 'female');
    assert.ok(d.profile.terms_accepted_at);
    assert.equal(d.conversations.length, 1);
    assert.equal(d.conversations[0].messages.length, 2);
    assert.ok(d.conversations[0].feedback.overall_score >= 0);
    assert.ok(d.achievements.length >= 2 && d.xp_events.length > 0 && d.events.length > 0);
    assert.ok(!/password|hash|refresh_token|access_token/i.test(ex.body));
    const other = await onboardedUser(t);
    assert.ok(!ex.body.includes(other.email));

    assert.equal((await callAs(t, u, 'DELETE', `${P}/users/me`)).statusCode, 204);
    envelopeError(await callAs(t, u, 'GET', `${P}/users/profile`), 401);
    for (const [table, col] of [
      [profiles, profiles.userId],
      [progress, progress.userId],
      [conversations, conversations.userId],
      [userAchievements, userAchievements.userId],
      [xpEvents, xpEvents.userId],
      [events, events.userId],
    ] as const)
      assert.equal((await dz().select().from(table).where(eq(col, u.id))).length, 0);
    assert.equal((await dz().select().from(messages).where(eq(messages.conversationId, conversationId))).length, 0);
    assert.equal((await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: registerBody(u.email) })).statusCode, 200);
    envelopeError(await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email: u.email, password: PASSWORD } }), 403, 'unverified');
    assert.equal((await callAs(t, other, 'GET', `${P}/users/profile`)).statusCode, 200);
  });
});

describe('rejects bad input', () => {
  test('profile updates, XP and sources out of range → 422 naming the field; nothing changes', async () => {
    const u = await onboardedUser(t);
    for (const [body, loc] of [
      [{ age: 17 }, 'body.age'],
      [{ target_gender: 'robots' }, 'body.target_gender'],
      [{ skill_goals: [] }, 'body.skill_goals'],
      [{ skill_goals: ['juggling'] }, 'body.skill_goals.0'],
      [{ target_age_min: 40 }, 'body.target_age_min'],
      [{ target_age_max: 20 }, 'body.target_age_max'],
    ] as const) {
      const r = await callAs(t, u, 'PUT', `${P}/users/profile`, body);
      envelopeError(r, 422);
      assert.ok(locs(r).includes(loc), `${JSON.stringify(body)}: ${JSON.stringify(locs(r))}`);
    }
    envelopeError(await callAs(t, u, 'PUT', `${P}/users/profile`, {}), 422);
    for (const body of [
      { points: 0, source: 'x' },
      { points: 101, source: 'tip' },
      { points: 5, source: 'Bad Source' },
      { points: 1.5, source: 'tip' },
      { source: 'tip' },
    ]) {
      envelopeError(await callAs(t, u, 'POST', `${P}/users/xp`, body), 422);
    }
    const [row] = await dz().select().from(profiles).where(eq(profiles.userId, u.id));
    assert.equal(row!.targetAgeMin, 22);
    assert.equal(row!.targetGender, 'female');
    assert.equal((await dz().select().from(progress).where(eq(progress.userId, u.id)))[0]!.xpPoints, 25);
  });
});

describe('refuses the wrong user', () => {
  test('every /users path needs a token; each user sees only their own numbers', async () => {
    for (const [method, path] of [
      ['GET', 'profile'],
      ['PUT', 'profile'],
      ['GET', 'stats'],
      ['POST', 'streak'],
      ['GET', 'achievements'],
      ['POST', 'xp'],
      ['GET', 'limits'],
      ['GET', 'me/export'],
      ['DELETE', 'me'],
    ] as const)
      envelopeError(await t.app.inject({ method, url: `${P}/users/${path}` }), 401);
    const [a, b] = [await verifiedUser(t), await verifiedUser(t)];
    await callAs(t, a, 'POST', `${P}/users/xp`, { points: 50, source: 'tip_read' });
    assert.equal((await callAs(t, b, 'GET', `${P}/users/stats`)).json().data.xp_points, 0);
    assert.equal((await callAs(t, b, 'GET', `${P}/users/profile`)).json().data.email, b.email);
  });
});
