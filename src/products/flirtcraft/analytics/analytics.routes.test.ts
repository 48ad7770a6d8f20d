// Analytics for the FIRST_SUPERUSER administrator, counted from events; tracking; the premium switch.
// The app's clock runs years ahead and this file's earlier runs' future events are cleared first, so the windows
// hold only this run's events on a shared database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, gt } from 'drizzle-orm';
import { uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { callAs } from '../../../../test/helpers/accounts.js';
import { P, PASSWORD, envelopeError, locs, onboardedUser, startFlirtcraft, verifiedUser, type FcUser } from '../../../../test/helpers/flirtcraft.js';
import { conversations, events, profiles } from '../db.js';
import { recordEvent } from './events.repo.js';

const DAY = 86_400_000;
const AHEAD = (5 * 365 + Math.floor(Math.random() * 3000)) * DAY;
const now = () => Date.now() + AHEAD;
let t: TestApp;
let admin: { token: string };
const ADMIN = uniqueEmail('admin');

before(async () => {
  t = await startFlirtcraft({ env: { FIRST_SUPERUSER: ADMIN, FIRST_SUPERUSER_PASSWORD: PASSWORD }, overrides: { now } });
  await t.runtime.db.dz.delete(events).where(gt(events.createdAt, new Date(Date.now() + 365 * DAY)));
  const l = await t.app.inject({ method: 'POST', url: `${P}/auth/login`, payload: { email: ADMIN, password: PASSWORD } });
  assert.equal(l.statusCode, 200, l.body);
  admin = { token: l.json().access_token };
});
after(() => t.close());

const A = (path: string, who: { token: string } = admin) => callAs(t, who, 'GET', `${P}/analytics/${path}`);

/** Waits for the progress job (its events land in the windows too). */
async function counted(id: string) {
  for (let i = 0; i < 200; i++) {
    if ((await t.runtime.db.dz.select().from(conversations).where(eq(conversations.id, id)))[0]?.progressAppliedAt) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('progress job did not run');
}

async function converse(u: FcUser, scenario: string, difficulty: string) {
  const c = (await callAs(t, u, 'POST', `${P}/conversations`, { scenario_type: scenario, difficulty_level: difficulty })).json().data;
  await callAs(t, u, 'POST', `${P}/conversations/${c.id}/messages`, { content: 'Hi! What are you up to today?' });
  return c.id as string;
}

describe('works', () => {
  test('funnel, conversations and dashboard count what happened; no e-mail in any answer', async () => {
    const users = [await onboardedUser(t), await onboardedUser(t)];
    const halfway = await verifiedUser(t);
    await callAs(t, halfway, 'POST', `${P}/onboarding/progress`, { step_id: 'howItWorks1', skipped: true });
    const id1 = await converse(users[0]!, 'coffee_shop', 'green');
    await callAs(t, users[0]!, 'POST', `${P}/conversations/${id1}/end`);
    await counted(id1);
    await converse(users[1]!, 'park', 'red');

    const funnel = await A('onboarding-funnel?date_range=7');
    assert.equal(funnel.statusCode, 200, funnel.body);
    const f = funnel.json().data;
    assert.equal(f.total_registrations, 3);
    assert.equal(f.email_verified, 3);
    assert.equal(f.completed_onboarding, 2);
    assert.equal(f.onboarding_completion_rate, 66.7);
    assert.equal(f.step_metrics.howItWorks1.skipped, 1);
    assert.equal(f.step_metrics.ageVerification.completed, 2);

    const conv = (await A('conversations?date_range=30')).json().data;
    assert.equal(conv.total_conversations, 2);
    assert.equal(conv.completed_conversations, 1);
    assert.equal(conv.completion_rate, 50);
    assert.deepEqual(conv.scenario_distribution, { coffee_shop: 1, park: 1 });
    assert.deepEqual(conv.difficulty_distribution, { green: 1, red: 1 });
    assert.equal(conv.outcome_distribution.gold + conv.outcome_distribution.silver + conv.outcome_distribution.bronze, 1);
    assert.equal(conv.average_messages_per_conversation, 2);

    const dash = (await A('dashboard')).json().data;
    assert.equal(dash.today.registrations, 3);
    assert.equal(dash.today.conversations, 2);
    assert.equal(dash.today.messages, 2);
    assert.equal(dash.today.onboarding_completions, 2);
    assert.equal(dash.hourly_trends.length, 24);
    assert.equal(
      dash.hourly_trends.reduce((a: number, h: { registrations: number }) => a + h.registrations, 0),
      3,
    );
    assert.ok(dash.totals.users >= 3 && dash.totals.conversations >= 2);

    const perf = (await A('performance/ai_response_time?hours=2')).json().data;
    assert.ok(perf.metrics.reduce((a: number, m: { count: number }) => a + m.count, 0) >= 3, 'ai_call events: two characters, two replies, one feedback');
    assert.equal(
      (await A('performance/ai_fallback_rate')).json().data.metrics.every((m: { average: number }) => m.average === 0),
      true,
    );

    for (const path of ['dashboard', 'onboarding-funnel', 'conversations', 'engagement', 'performance/ai_response_time']) {
      const body = (await A(path)).body;
      assert.ok(!/@example\.com/.test(body), `${path} holds no e-mail`);
    }
  });

  test('engagement: nested DAU ≤ WAU ≤ MAU, retention over distinct days, premium conversion', async () => {
    const dz = t.runtime.db.dz;
    const base = (await A('engagement?date_range=30')).json().data;
    const [u1, u2, u3] = [await verifiedUser(t), await verifiedUser(t), await verifiedUser(t)];
    // u2 was last active 3 days ago; u3 20 and 25 days ago (two distinct days: retained).
    await dz
      .update(events)
      .set({ createdAt: new Date(now() - 3 * DAY) })
      .where(eq(events.userId, u2.id));
    await dz
      .update(events)
      .set({ createdAt: new Date(now() - 20 * DAY) })
      .where(eq(events.userId, u3.id));
    await recordEvent(dz, { userId: u3.id, type: 'message_sent', at: new Date(now() - 25 * DAY) });
    const e = (await A('engagement?date_range=30')).json().data;
    assert.equal(e.daily_active_users, base.daily_active_users + 1);
    assert.equal(e.weekly_active_users, base.weekly_active_users + 2);
    assert.equal(e.monthly_active_users, base.monthly_active_users + 3);
    assert.ok(e.daily_active_users <= e.weekly_active_users && e.weekly_active_users <= e.monthly_active_users);
    assert.ok(e.retention.retained_users >= 1 && e.retention.retained_users <= e.retention.active_users);

    const p = await callAs(t, admin, 'PUT', `${P}/admin/users/premium`, {
      email: u1.email.toUpperCase(),
      is_premium: true,
      premium_expires_at: new Date(now() + 30 * DAY).toISOString(),
    });
    assert.equal(p.statusCode, 200, p.body);
    assert.equal(p.json().data.user_id, u1.id);
    assert.equal((await dz.select().from(profiles).where(eq(profiles.userId, u1.id)))[0]!.isPremium, true);
    const after = (await A('engagement?date_range=30')).json().data;
    assert.equal(after.premium_conversion.premium_users, e.premium_conversion.premium_users + 1);
    assert.ok(after.premium_conversion.conversion_rate > 0);
    assert.equal((await callAs(t, u1, 'GET', `${P}/users/limits`)).json().data.premium_tier, 'premium');
    const off = await callAs(t, admin, 'PUT', `${P}/admin/users/premium`, { email: u1.email, is_premium: false });
    assert.equal(off.json().data.is_premium, false);
  });

  test('any user may track an app event; it is kept apart from server metrics', async () => {
    const u = await verifiedUser(t);
    const before = (await A('dashboard')).json().data.today.total_events;
    const r = await callAs(t, u, 'POST', `${P}/analytics/track`, { event_type: 'tip_viewed', event_data: { tip: 3 } });
    assert.deepEqual(r.json(), { success: true, message: 'Event tracked successfully' });
    assert.equal((await callAs(t, u, 'POST', `${P}/analytics/track?event_type=screen_open`)).statusCode, 200);
    const rows = await t.runtime.db.dz
      .select()
      .from(events)
      .where(and(eq(events.userId, u.id), eq(events.source, 'client')));
    assert.deepEqual(rows.map((x) => x.eventType).sort(), ['screen_open', 'tip_viewed']);
    assert.equal((await A('dashboard')).json().data.today.total_events, before);
  });
});

describe('rejects bad input', () => {
  test('ranges, metric names, event types and premium bodies → 422/404', async () => {
    for (const q of [
      'onboarding-funnel?date_range=0',
      'conversations?date_range=366',
      'engagement?date_range=abc',
      'performance/cpu',
      'performance/ai_response_time?hours=999',
    ]) {
      envelopeError(await A(q), 422);
    }
    const u = await verifiedUser(t);
    for (const body of [{}, { event_type: 'Bad Type' }, { event_type: 'x' }, { event_type: 'ok_type', event_data: 'nope' }]) {
      envelopeError(await callAs(t, u, 'POST', `${P}/analytics/track`, body), 422);
    }
    const big = await callAs(t, u, 'POST', `${P}/analytics/track`, { event_type: 'big', event_data: { a: 'x'.repeat(5000) } });
    envelopeError(big, 422);
    assert.deepEqual(locs(big), ['body.event_data']);
    envelopeError(await callAs(t, admin, 'PUT', `${P}/admin/users/premium`, { email: uniqueEmail('nobody'), is_premium: true }), 404, 'user_not_found');
    envelopeError(
      await callAs(t, admin, 'PUT', `${P}/admin/users/premium`, { email: u.email, is_premium: true, premium_expires_at: new Date(now() - DAY).toISOString() }),
      422,
    );
    envelopeError(await callAs(t, admin, 'PUT', `${P}/admin/users/premium`, { email: u.email, is_premium: 'yes' }), 422);
  });
});

describe('refuses the wrong user', () => {
  test('analytics and the premium switch: 401 without a token, 403 for users who are not administrators', async () => {
    const u = await onboardedUser(t);
    for (const path of ['dashboard', 'onboarding-funnel', 'conversations', 'engagement', 'performance/ai_response_time']) {
      envelopeError(await t.app.inject({ method: 'GET', url: `${P}/analytics/${path}` }), 401);
      envelopeError(await A(path, u), 403, 'admin_required');
    }
    envelopeError(await callAs(t, u, 'PUT', `${P}/admin/users/premium`, { email: u.email, is_premium: true }), 403);
    assert.equal((await t.runtime.db.dz.select().from(profiles).where(eq(profiles.userId, u.id)))[0]!.isPremium, false);
    envelopeError(await t.app.inject({ method: 'POST', url: `${P}/analytics/track`, payload: { event_type: 'x_y' } }), 401);
  });
});
