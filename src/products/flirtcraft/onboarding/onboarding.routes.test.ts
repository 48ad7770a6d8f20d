// /onboarding: the 18+ check, answers, step progress, completion (achievement + XP), profile, reset.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { TestApp } from '../../../../test/helpers/app.js';
import { callAs } from '../../../../test/helpers/accounts.js';
import { ONBOARDING, P, envelopeError, locs, startFlirtcraft, verifiedUser } from '../../../../test/helpers/flirtcraft.js';
import { events, profiles, progress, userAchievements } from '../db.js';
import { reset } from './onboarding.service.js';
import type { Ctx } from '../shared/context.js';

let t: TestApp;
before(async () => {
  t = await startFlirtcraft();
});
after(() => t.close());

const YEAR = new Date().getUTCFullYear();
const profileRow = async (id: string) => (await t.runtime.db.dz.select().from(profiles).where(eq(profiles.userId, id)))[0]!;

describe('works', () => {
  test('a new user starts at step 0 of 11; answers complete their steps; completion unlocks the achievement once', async () => {
    const u = await verifiedUser(t);
    const flow = await callAs(t, u, 'GET', `${P}/onboarding/flow`);
    assert.equal(flow.statusCode, 200);
    const f = flow.json();
    assert.equal(f.success, undefined, 'the flow is bare');
    assert.equal(f.total_steps, 11);
    assert.equal(f.current_step_index, 0);
    assert.equal(f.steps[0].id, 'welcome');
    assert.equal(f.steps[10].id, 'complete');
    assert.equal(f.is_complete, false);

    const age = await callAs(t, u, 'POST', `${P}/onboarding/age-verification`, { birth_year: YEAR - 18 });
    assert.equal(age.statusCode, 200, age.body);
    assert.deepEqual(age.json().data, { age_verified: true, birth_year: YEAR - 18, age: 18 });
    assert.equal((await profileRow(u.id)).birthYear, YEAR - 18);

    const prefs = await callAs(t, u, 'POST', `${P}/onboarding/preferences`, ONBOARDING.preferences);
    assert.equal(prefs.statusCode, 200, prefs.body);
    assert.equal(prefs.json().data.target_gender, 'female');
    const skills = await callAs(t, u, 'POST', `${P}/onboarding/skill-goals`, ONBOARDING.skills);
    assert.equal(skills.json().data.detected_persona, 'anxiousAlex');
    const privacy = await callAs(t, u, 'POST', `${P}/onboarding/privacy-settings`, { notifications_enabled: true });
    assert.equal(privacy.json().data.analytics_opt_in, false);
    assert.equal(privacy.json().data.privacy_level, 'standard');

    const w = await callAs(t, u, 'POST', `${P}/onboarding/progress`, { step_id: 'welcome', completed: true, step_data: { seen: true } });
    assert.equal(w.statusCode, 200, w.body);
    const s = await callAs(t, u, 'POST', `${P}/onboarding/progress`, { step_id: 'howItWorks1', skipped: true });
    assert.equal(s.json().data.current_step_index, 2);
    assert.equal(s.json().data.steps[1].skipped, true);

    const done = await callAs(t, u, 'POST', `${P}/onboarding/complete`);
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json().data, { achievements_unlocked: ['onboarding_complete'], ready_for_conversations: true });
    const again = await callAs(t, u, 'POST', `${P}/onboarding/complete`);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().message, 'Onboarding already completed');

    const dz = t.runtime.db.dz;
    assert.equal((await dz.select().from(userAchievements).where(eq(userAchievements.userId, u.id))).length, 1);
    assert.equal((await dz.select().from(progress).where(eq(progress.userId, u.id)))[0]!.xpPoints, 25);
    const p = await profileRow(u.id);
    assert.ok(p.onboardingCompleted && p.stepsCompleted.includes('complete') && p.stepsCompleted.includes('notifications'));
    const steps = await dz
      .select()
      .from(events)
      .where(and(eq(events.userId, u.id), eq(events.eventType, 'onboarding_step')));
    assert.ok(steps.length >= 7);
    assert.equal(
      (
        await dz
          .select()
          .from(events)
          .where(and(eq(events.userId, u.id), eq(events.eventType, 'onboarding_completed')))
      ).length,
      1,
    );

    const me = await callAs(t, u, 'GET', `${P}/auth/me`);
    assert.equal(me.json().onboarding_completed, true);
    const flow2 = (await callAs(t, u, 'GET', `${P}/onboarding/flow`)).json();
    assert.equal(flow2.is_complete, true);
    assert.equal(flow2.current_step_index, 10);

    const prof = await callAs(t, u, 'GET', `${P}/onboarding/profile`);
    assert.equal(prof.json().success, true);
    assert.equal(prof.json().data.age, 18);
    assert.deepEqual(prof.json().data.primary_skills, ONBOARDING.skills.primary_skills);
  });

  test('reset (outside production) clears answers, achievements and XP; production refuses', async () => {
    const u = await verifiedUser(t);
    for (const [path, body] of [
      ['age-verification', ONBOARDING.age],
      ['preferences', ONBOARDING.preferences],
      ['skill-goals', ONBOARDING.skills],
      ['complete', undefined],
    ] as const)
      assert.equal((await callAs(t, u, 'POST', `${P}/onboarding/${path}`, body)).statusCode, 200);
    const r = await callAs(t, u, 'DELETE', `${P}/onboarding/reset`);
    assert.deepEqual(r.json(), { success: true, message: 'Onboarding progress reset successfully' });
    const p = await profileRow(u.id);
    assert.equal(p.onboardingCompleted, false);
    assert.equal(p.birthYear, null);
    assert.deepEqual(p.primarySkills, []);
    assert.equal((await t.runtime.db.dz.select().from(progress).where(eq(progress.userId, u.id)))[0]!.xpPoints, 0);
    // Completing again grants the achievement (and its XP) again.
    for (const [path, body] of [
      ['age-verification', ONBOARDING.age],
      ['preferences', ONBOARDING.preferences],
      ['skill-goals', ONBOARDING.skills],
      ['complete', undefined],
    ] as const)
      assert.equal((await callAs(t, u, 'POST', `${P}/onboarding/${path}`, body)).statusCode, 200);
    assert.equal((await t.runtime.db.dz.select().from(progress).where(eq(progress.userId, u.id)))[0]!.xpPoints, 25);

    const ctx = t.ctx('flirtcraft') as unknown as Ctx;
    await assert.rejects(reset({ ...ctx, config: { ...ctx.config, env: 'production' } }, u.id), /not allowed in production/);
    assert.equal((await profileRow(u.id)).onboardingCompleted, true);
  });

  test('DELETE /onboarding/reset with NODE_ENV=production → 403 not_allowed_in_production, nothing changed', async () => {
    const prod = await startFlirtcraft({ env: { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), MAIL_CONSOLE: 'true' } });
    try {
      const u = await verifiedUser(prod);
      for (const [path, body] of [
        ['age-verification', ONBOARDING.age],
        ['preferences', ONBOARDING.preferences],
        ['skill-goals', ONBOARDING.skills],
        ['complete', undefined],
      ] as const)
        assert.equal((await callAs(prod, u, 'POST', `${P}/onboarding/${path}`, body)).statusCode, 200);
      const r = envelopeError(await callAs(prod, u, 'DELETE', `${P}/onboarding/reset`), 403, 'not_allowed_in_production');
      assert.match(r.error.message, /not allowed in production/);
      const [p] = await prod.runtime.db.dz.select().from(profiles).where(eq(profiles.userId, u.id));
      assert.equal(p!.onboardingCompleted, true);
      assert.equal(p!.birthYear, ONBOARDING.age.birth_year);
      assert.equal((await prod.runtime.db.dz.select().from(progress).where(eq(progress.userId, u.id)))[0]!.xpPoints, 25);
    } finally {
      await prod.close();
    }
  });
});

describe('rejects bad input', () => {
  test('ages outside 18–100 by year, bad ranges and enums → 422 naming the field, nothing stored', async () => {
    const u = await verifiedUser(t);
    for (const [path, body, loc] of [
      ['age-verification', { birth_year: YEAR - 17 }, 'body.birth_year'],
      ['age-verification', { birth_year: YEAR - 101 }, 'body.birth_year'],
      ['age-verification', { birth_year: '1990' }, 'body.birth_year'],
      ['age-verification', { birth_year: 1990.5 }, 'body.birth_year'],
      ['preferences', { ...ONBOARDING.preferences, target_age_min: 30, target_age_max: 25 }, 'body.target_age_max'],
      ['preferences', { ...ONBOARDING.preferences, target_age_min: 17 }, 'body.target_age_min'],
      ['preferences', { ...ONBOARDING.preferences, target_gender: 'robots' }, 'body.target_gender'],
      ['preferences', { ...ONBOARDING.preferences, relationship_goal: undefined }, 'body.relationship_goal'],
      ['skill-goals', { ...ONBOARDING.skills, primary_skills: [] }, 'body.primary_skills'],
      ['skill-goals', { ...ONBOARDING.skills, primary_skills: ['juggling'] }, 'body.primary_skills.0'],
      ['skill-goals', { ...ONBOARDING.skills, primary_skills: ['storytelling', 'storytelling'] }, 'body.primary_skills'],
      [
        'skill-goals',
        {
          ...ONBOARDING.skills,
          primary_skills: ['conversation_starters', 'flow_maintenance', 'storytelling', 'confidence_building', 'humor_and_wit', 'deep_conversation'],
        },
        'body.primary_skills',
      ],
      ['skill-goals', { ...ONBOARDING.skills, specific_challenges: Array.from({ length: 11 }, (_, i) => `c${i}`) }, 'body.specific_challenges'],
      ['skill-goals', { ...ONBOARDING.skills, specific_challenges: ['x'.repeat(101)] }, 'body.specific_challenges.0'],
      ['privacy-settings', {}, 'body.notifications_enabled'],
      ['privacy-settings', { notifications_enabled: true, privacy_level: 'paranoid' }, 'body.privacy_level'],
      ['progress', { step_id: 'nope', completed: true }, 'body.step_id'],
      ['progress', { step_id: 'welcome', skipped: true }, 'body.skipped'],
    ] as const) {
      const r = await callAs(t, u, 'POST', `${P}/onboarding/${path}`, body);
      envelopeError(r, 422);
      assert.ok(locs(r).includes(loc), `${path} ${JSON.stringify(body)}: ${loc} in ${JSON.stringify(locs(r))}`);
    }
    const p = await profileRow(u.id);
    assert.equal(p.birthYear, null);
    assert.equal(p.targetGender, null);
    assert.deepEqual(p.primarySkills, []);
    assert.deepEqual(p.stepsSkipped, []);
  });

  test('completing without the answers → 400 naming the missing steps; data steps are ticked only by their routes', async () => {
    const u = await verifiedUser(t);
    const r = envelopeError(await callAs(t, u, 'POST', `${P}/onboarding/complete`), 400, 'onboarding_incomplete');
    assert.equal(r.error.message, 'Required onboarding steps not completed: ageVerification, preferences, skillGoals');
    await callAs(t, u, 'POST', `${P}/onboarding/age-verification`, ONBOARDING.age);
    assert.match(envelopeError(await callAs(t, u, 'POST', `${P}/onboarding/complete`), 400).error.message, /: preferences, skillGoals$/);
    envelopeError(await callAs(t, u, 'POST', `${P}/onboarding/progress`, { step_id: 'preferences', completed: true }), 400, 'step_needs_answers');
    envelopeError(await callAs(t, u, 'POST', `${P}/onboarding/progress`, { step_id: 'complete', completed: true }), 400);
    // Already answered: ticking it again is harmless.
    assert.equal((await callAs(t, u, 'POST', `${P}/onboarding/progress`, { step_id: 'ageVerification', completed: true })).statusCode, 200);
    assert.equal((await profileRow(u.id)).onboardingCompleted, false);
  });
});

describe('refuses the wrong user', () => {
  test('no token → 401 on every route; one user never changes another', async () => {
    for (const [method, path] of [
      ['GET', 'flow'],
      ['POST', 'age-verification'],
      ['POST', 'preferences'],
      ['POST', 'skill-goals'],
      ['POST', 'privacy-settings'],
      ['POST', 'progress'],
      ['POST', 'complete'],
      ['GET', 'profile'],
      ['DELETE', 'reset'],
    ] as const) {
      envelopeError(await t.app.inject({ method, url: `${P}/onboarding/${path}` }), 401);
    }
    const [a, b] = [await verifiedUser(t), await verifiedUser(t)];
    await callAs(t, a, 'POST', `${P}/onboarding/age-verification`, ONBOARDING.age);
    await callAs(t, a, 'DELETE', `${P}/onboarding/reset`);
    await callAs(t, b, 'POST', `${P}/onboarding/age-verification`, { birth_year: 1980 });
    assert.equal((await profileRow(b.id)).birthYear, 1980);
    assert.equal((await profileRow(a.id)).birthYear, null);
    const bp = (await callAs(t, b, 'GET', `${P}/onboarding/profile`)).json().data;
    assert.equal(bp.user_id, b.id);
  });
});
