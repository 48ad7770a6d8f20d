// Project Inside onboarding: status from evidence and completed steps, in order; pending invites by e-mail.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { HTTPMethods } from 'fastify';
import { startTestApp, uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { piCall, piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';

let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['project-inside'], jobs: false });
});
after(async () => {
  await t.close();
});

type U = PiUser;

const signup = (displayName?: string, email = uniqueEmail('pi-onb')): Promise<U> => piSignup(t, { displayName, email });

const call = (u: U | null, method: HTTPMethods, url: string, payload?: unknown) => piCall(t, u, method, url, payload);

const status = async (u: U) => {
  const r = await call(u, 'GET', '/onboarding/status');
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};
const complete = (u: U, step: unknown) => call(u, 'POST', '/onboarding/complete', { step });

describe('works', () => {
  test('a new user without a name starts at PROFILE; each completed step answers ok and moves on, in order, to DONE, then null', async () => {
    const u = await signup();
    assert.deepEqual(await status(u), { has_profile: false, has_voiceprint: false, pending_invites: 0, active_relationships: 0, next_step: 'PROFILE' });
    for (const [step, next] of [
      ['PROFILE', 'VOICEPRINT'],
      ['VOICEPRINT', 'RELATIONSHIPS'],
      // No relationship yet: nothing to consent to, so CONSENT is already done.
      ['RELATIONSHIPS', 'DEVICE_SETUP'],
      ['CONSENT', 'DEVICE_SETUP'],
      ['DEVICE_SETUP', 'DONE'],
      ['DONE', null],
    ]) {
      const r = await complete(u, step!);
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().ok, true);
      assert.equal(r.json().next_step, next, step!);
    }
    const s = await status(u);
    assert.equal(s.has_profile, true);
    assert.equal(s.has_voiceprint, true);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT has_voiceprint, completed_steps FROM project_inside.profiles WHERE user_id = $1`, [u.id]);
    assert.equal(rows[0]!.has_voiceprint, true);
    assert.deepEqual([...(rows[0]!.completed_steps as string[])].sort(), ['CONSENT', 'DEVICE_SETUP', 'DONE', 'PROFILE', 'RELATIONSHIPS', 'VOICEPRINT']);
  });

  test('VOICEPRINT_SKIPPED (any case) moves past the voiceprint without claiming one', async () => {
    const u = await signup('Named');
    assert.equal((await status(u)).next_step, 'VOICEPRINT');
    const r = await complete(u, 'voiceprint_skipped');
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().ok, true);
    assert.equal(r.json().next_step, 'RELATIONSHIPS');
    assert.equal(r.json().has_voiceprint, false);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT has_voiceprint, completed_steps FROM project_inside.profiles WHERE user_id = $1`, [u.id]);
    assert.deepEqual(rows[0], { has_voiceprint: false, completed_steps: ['VOICEPRINT_SKIPPED'] });
  });

  test('completing a step twice keeps one entry; a later step done first leaves the earlier one next', async () => {
    const u = await signup('Named');
    assert.equal((await status(u)).next_step, 'VOICEPRINT');
    await complete(u, 'DEVICE_SETUP');
    await complete(u, 'DEVICE_SETUP');
    assert.equal((await status(u)).next_step, 'VOICEPRINT');
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT completed_steps FROM project_inside.profiles WHERE user_id = $1`, [u.id]);
    assert.deepEqual(rows[0]!.completed_steps, ['DEVICE_SETUP']);
  });

  test('evidence counts: a relationship finishes RELATIONSHIPS; CONSENT needs my answer in every active relationship', async () => {
    const a = await signup('Ana');
    const b = await signup('Ben');
    await complete(a, 'VOICEPRINT');
    const r1 = await call(a, 'POST', '/relationships', { type: 'couple', member_ids: [b.id] });
    const r2 = await call(b, 'POST', '/relationships', { type: 'friend', member_ids: [a.id] });
    // A request I have not accepted is not a relationship of mine yet.
    assert.equal((await status(a)).active_relationships, 1);
    assert.equal((await call(a, 'POST', `/relationships/${r2.json().id}/accept`)).statusCode, 200);
    let s = await status(a);
    assert.equal(s.active_relationships, 2);
    assert.equal(s.next_step, 'CONSENT');
    await call(a, 'PUT', `/relationships/${r1.json().id}/consent/me`, { scopes: ['REALTIME_FEATURES_ONLY'], status: 'ACTIVE' });
    assert.equal((await status(a)).next_step, 'CONSENT');
    // Any answer counts, even a refusal; the other member's answer does not.
    await call(b, 'PUT', `/relationships/${r2.json().id}/consent/me`, { scopes: [], status: 'ACTIVE' });
    assert.equal((await status(a)).next_step, 'CONSENT');
    await call(a, 'PUT', `/relationships/${r2.json().id}/consent/me`, { scopes: [], status: 'REVOKED' });
    s = await status(a);
    assert.equal(s.next_step, 'DEVICE_SETUP');
  });

  test('pending_invites: pending, unexpired invites to my e-mail in any case', async () => {
    const inviter = await signup('Inviter');
    const rel = await call(inviter, 'POST', '/relationships', { type: 'family' });
    const rel2 = await call(inviter, 'POST', '/relationships', { type: 'friend' });
    const email = uniqueEmail('Invited');
    const u = await signup(undefined, email);
    const i1 = await call(inviter, 'POST', `/relationships/${rel.json().id}/invites`, { email: email.toUpperCase() });
    assert.equal(i1.statusCode, 200, i1.body);
    await call(inviter, 'POST', `/relationships/${rel2.json().id}/invites`, { email });
    assert.equal((await status(u)).pending_invites, 2);
    await t.runtime.db.sql.executeSql(`UPDATE project_inside.invites SET expires_at = now() - interval '1 second' WHERE id = $1`, [i1.json().id]);
    assert.equal((await status(u)).pending_invites, 1);
  });
});

describe('bad input', () => {
  test('unknown or missing step → 422 naming body.step (with a readable message), nothing stored', async () => {
    const u = await signup();
    for (const payload of [{ step: 'FINISHED' }, { step: '' }, { step: 'x'.repeat(41) }, { step: 3 }, {}]) {
      const r = await call(u, 'POST', '/onboarding/complete', payload);
      assert.equal(r.statusCode, 422, r.body);
      assert.deepEqual(r.json().detail[0].loc, ['body', 'step']);
      assert.match(r.json().message, /^step: /);
    }
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT completed_steps FROM project_inside.profiles WHERE user_id = $1`, [u.id]);
    assert.deepEqual(rows[0]!.completed_steps, []);
  });
});

describe('wrong user', () => {
  test('no credentials → 401', async () => {
    assert.equal((await call(null, 'GET', '/onboarding/status')).statusCode, 401);
    assert.equal((await call(null, 'POST', '/onboarding/complete', { step: 'PROFILE' })).statusCode, 401);
  });

  test("my steps are mine: another user's completion doesn't change my status", async () => {
    const a = await signup();
    const b = await signup();
    await complete(b, 'PROFILE');
    assert.equal((await status(a)).next_step, 'PROFILE');
  });
});
