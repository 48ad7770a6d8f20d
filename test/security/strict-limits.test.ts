// Project Inside's strict limits are settings like the core's: each one is read from its variable and multiplied by
// RATE_LIMIT_SCALE (pokes, hearts and emotions, contact lookup, invite mails), answered with 429 + Retry-After.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, uniqueEmail, type TestApp } from '../helpers/app.js';
import { piCall, piRelationship, piSignup, type PiUser } from '../helpers/project-inside.js';
import { projectInside } from '../../src/products/project-inside/index.js';

/** Calls `send` until it answers 429 (at most `cap` times); the statuses, in order. */
async function untilLimited(send: (i: number) => Promise<LightMyRequestResponse>, cap: number): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < cap; i++) {
    const r = await send(i);
    codes.push(r.statusCode);
    if (r.statusCode === 429) {
      assert.ok(Number(r.headers['retry-after']) >= 1, `Retry-After: ${r.headers['retry-after']}`);
      break;
    }
  }
  return codes;
}
const okThen429 = (n: number) => [...Array<number>(n).fill(200), 429];

describe('set low, then scaled by RATE_LIMIT_SCALE=2', () => {
  let t: TestApp;
  let a: PiUser;
  let b: PiUser;
  let rid: string;
  before(async () => {
    t = await startTestApp({
      products: ['project-inside'],
      jobs: false,
      env: {
        RATE_LIMIT_SCALE: '2',
        RATE_LIMIT_SIGNUPS_PER_IP: '1000/3600',
        PROJECT_INSIDE_RATE_LIMIT_POKES_PER_USER: '2/60',
        PROJECT_INSIDE_RATE_LIMIT_SIGNALS_PER_USER: '2/60',
        PROJECT_INSIDE_RATE_LIMIT_LOOKUPS_PER_CLIENT: '2/60',
        RATE_LIMIT_MAIL_PER_ACCOUNT: '3/3600',
        RATE_LIMIT_MAIL_PER_RECIPIENT: '1/3600',
      },
    });
    [a, b] = [await piSignup(t, { displayName: 'Ann' }), await piSignup(t, { displayName: 'Bob' })];
    rid = await piRelationship(t, a, [b], { consent: null });
  });
  after(async () => {
    await t.close();
  });

  test('pokes: PROJECT_INSIDE_RATE_LIMIT_POKES_PER_USER × scale per sender, then 429', async () => {
    const codes = await untilLimited(
      (i) => piCall(t, a, 'POST', i % 2 ? '/interaction/pokes' : '/pokes', { relationship_id: rid, receiver_id: b.id, type: 'HUG' }),
      10,
    );
    assert.deepEqual(codes, okThen429(4));
  });

  test('hearts and emotions: PROJECT_INSIDE_RATE_LIMIT_SIGNALS_PER_USER × scale per sender, then 429', async () => {
    const codes = await untilLimited(
      (i) => piCall(t, b, 'POST', i % 2 ? '/notifications/send-emotion' : '/notifications/send-heart', { target_user_id: a.id }),
      10,
    );
    assert.deepEqual(codes, okThen429(4));
  });

  test('contact lookup: PROJECT_INSIDE_RATE_LIMIT_LOOKUPS_PER_CLIENT × scale per user, then 429', async () => {
    const codes = await untilLimited(() => piCall(t, a, 'POST', '/contacts/lookup', { email: uniqueEmail('who') }), 10);
    assert.deepEqual(codes, okThen429(4));
  });

  test('invite mails: RATE_LIMIT_MAIL_PER_RECIPIENT and RATE_LIMIT_MAIL_PER_ACCOUNT × scale, then 429 and no mail', async () => {
    const inviter = await piSignup(t, { displayName: 'Cleo' });
    const own = await piRelationship(t, inviter, [], { consent: null });
    const to = uniqueEmail('invited');
    assert.deepEqual(await untilLimited(() => piCall(t, inviter, 'POST', `/relationships/${own}/invites`, { email: to }), 10), okThen429(2));
    assert.equal(t.outbox.filter((m) => m.to === to).length, 2);
    // 2 mails counted for this account so far (the refused one was not sent); 6 in all.
    const codes = await untilLimited(() => piCall(t, inviter, 'POST', `/relationships/${own}/invites`, { email: uniqueEmail('many') }), 10);
    assert.deepEqual(codes, okThen429(3));
  });
});

describe('scaled out (the test default RATE_LIMIT_SCALE=100000)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ products: ['project-inside'], jobs: false });
  });
  after(async () => {
    await t.close();
  });

  test('more pokes, hearts and invite mails than the defaults allow at scale 1: no 429', async () => {
    const [a, b] = [await piSignup(t), await piSignup(t)];
    const rid = await piRelationship(t, a, [b], { consent: null });
    const over = (name: string) => projectInside.limits![name]!.max + 5;
    for (let i = 0; i < over('POKES_PER_USER'); i++) {
      const r = await piCall(t, a, 'POST', '/pokes', { relationship_id: rid, receiver_id: b.id, type: 'HUG' });
      assert.equal(r.statusCode, 200, `poke ${i + 1}: ${r.body}`);
    }
    for (let i = 0; i < over('SIGNALS_PER_USER'); i++) {
      const r = await piCall(t, b, 'POST', '/notifications/send-heart', { target_user_id: a.id });
      assert.equal(r.statusCode, 200, `heart ${i + 1}: ${r.body}`);
    }
    const to = uniqueEmail('popular');
    for (let i = 0; i < 8; i++) {
      const r = await piCall(t, a, 'POST', `/relationships/${rid}/invites`, { email: to });
      assert.equal(r.statusCode, 200, `invite ${i + 1}: ${r.body}`);
    }
  });
});
