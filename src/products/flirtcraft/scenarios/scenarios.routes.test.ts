// /scenarios: the public catalogue (free by default, premium on request), details, and AI contexts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../../../test/helpers/app.js';
import { callAs } from '../../../../test/helpers/accounts.js';
import { P, envelopeError, locs, startFlirtcraft, verifiedUser, onboardedUser } from '../../../../test/helpers/flirtcraft.js';
import { profiles, scenarios } from '../db.js';
import { seedScenarios } from './scenarios.service.js';
import type { Ctx } from '../shared/context.js';

let t: TestApp;
before(async () => {
  t = await startFlirtcraft();
});
after(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `${P}${url}`, headers });
const types = (r: { json(): { data: { type: string }[] } }) => r.json().data.map((s) => s.type);

describe('works', () => {
  test('public list: the five free by default, all eight with include_premium, in catalogue order', async () => {
    const free = await get('/scenarios');
    assert.equal(free.statusCode, 200);
    assert.deepEqual(types(free), ['coffee_shop', 'bookstore', 'park', 'campus', 'grocery']);
    assert.deepEqual(free.json().meta, { total_scenarios: 5, premium_user: false, includes_premium: false });
    const all = await get('/scenarios?include_premium=true');
    assert.deepEqual(types(all), ['coffee_shop', 'bookstore', 'park', 'campus', 'grocery', 'gym', 'bar', 'gallery']);
    const gym = all.json().data.find((s: { type: string }) => s.type === 'gym');
    assert.equal(gym.is_premium, true);
    assert.equal(gym.is_available, false);
    assert.ok(gym.context_templates.starters.red.length >= 3 && gym.difficulty_modifiers.yellow.tips.length > 0);
    assert.deepEqual(types(await get('/scenarios?available_only=true')), ['coffee_shop', 'bookstore', 'park', 'campus', 'grocery']);
  });

  test('premium users see and may use every scenario; a bad token reads as anonymous', async () => {
    const u = await verifiedUser(t);
    await t.runtime.db.dz.update(profiles).set({ isPremium: true }).where(eq(profiles.userId, u.id));
    const r = await get('/scenarios?available_only=true', { authorization: `Bearer ${u.token}` });
    assert.equal(types(r).length, 8);
    assert.equal(r.json().meta.premium_user, true);
    assert.equal((await get('/scenarios', { authorization: 'Bearer garbage' })).statusCode, 200);
    const ctx = await callAs(t, u, 'POST', `${P}/scenarios/gallery/context`, { difficulty_level: 'red' });
    assert.equal(ctx.statusCode, 200, ctx.body);
    assert.equal(ctx.json().data.difficulty_level, 'red');
  });

  test('details, and the context: character, place, body language by difficulty, tips, starters', async () => {
    const d = await get('/scenarios/coffee_shop');
    assert.equal(d.statusCode, 200);
    assert.equal(d.json().data.display_name, 'Coffee Shops & Cafes');
    const u = await onboardedUser(t);
    for (const difficulty of ['green', 'yellow', 'red']) {
      const r = await callAs(t, u, 'POST', `${P}/scenarios/coffee_shop/context`, { difficulty_level: difficulty });
      assert.equal(r.statusCode, 200, r.body);
      const c = r.json().data;
      for (const k of ['appearance', 'environment', 'body_language', 'character_background']) assert.ok(typeof c[k] === 'string' && c[k].length > 0, k);
      assert.equal(c.conversation_starters.length, 3);
      assert.equal(c.context_tips.length, 3);
      assert.equal(c.difficulty_level, difficulty);
      assert.match(c.appearance, /woman/, "the user's preferred gender");
      assert.deepEqual(r.json().meta, { scenario_type: 'coffee_shop', difficulty_level: difficulty, personalized: true });
    }
    // The original API read the difficulty from the query; no body means green.
    assert.equal((await callAs(t, u, 'POST', `${P}/scenarios/park/context?difficulty_level=yellow`)).json().data.difficulty_level, 'yellow');
    assert.equal((await callAs(t, u, 'POST', `${P}/scenarios/park/context`)).json().data.difficulty_level, 'green');
  });

  test('seeding is idempotent: ids stay, rows are not duplicated', async () => {
    const before = await t.runtime.db.dz.select().from(scenarios);
    await seedScenarios(t.ctx('flirtcraft') as unknown as Ctx);
    const after = await t.runtime.db.dz.select().from(scenarios);
    assert.equal(after.length, 8);
    assert.deepEqual(after.map((s) => s.id).sort(), before.map((s) => s.id).sort());
  });
});

describe('rejects bad input', () => {
  test('unknown scenario → 404; bad difficulty and booleans → 422', async () => {
    envelopeError(await get('/scenarios/moon_base'), 404, 'scenario_not_found');
    envelopeError(await get(`/scenarios/${'x'.repeat(51)}`), 422);
    envelopeError(await get('/scenarios?include_premium=maybe'), 422);
    const u = await onboardedUser(t);
    envelopeError(await callAs(t, u, 'POST', `${P}/scenarios/moon_base/context`, { difficulty_level: 'green' }), 404);
    const r = await callAs(t, u, 'POST', `${P}/scenarios/park/context`, { difficulty_level: 'purple' });
    envelopeError(r, 422);
    assert.deepEqual(locs(r), ['body.difficulty_level']);
    envelopeError(await callAs(t, u, 'POST', `${P}/conversations/context`, { scenario_type: 'park' }), 422);
  });
});

describe('refuses the wrong user', () => {
  test('contexts need a token; premium scenarios need premium', async () => {
    envelopeError(await t.app.inject({ method: 'POST', url: `${P}/scenarios/park/context`, payload: { difficulty_level: 'green' } }), 401);
    envelopeError(
      await t.app.inject({ method: 'POST', url: `${P}/conversations/context`, payload: { scenario_type: 'park', difficulty_level: 'green' } }),
      401,
    );
    const u = await onboardedUser(t);
    envelopeError(await callAs(t, u, 'POST', `${P}/scenarios/bar/context`, { difficulty_level: 'green' }), 403, 'premium_required');
    envelopeError(await callAs(t, u, 'POST', `${P}/conversations`, { scenario_type: 'bar', difficulty_level: 'green' }), 403, 'premium_required');
  });
});
