// Issue 13 #2: nobody can pull someone into a relationship. A member someone else added is INVITED (invisible, no
// sessions, no pokes, no hearts, no profile reads either way) until they accept; a user can block another (no adding,
// poking, signalling, inviting or lookup by them). Works / bad input / wrong user, with the database state.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { HTTPMethods } from 'fastify';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { piCall, piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';

let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['project-inside'], jobs: false });
});
after(async () => {
  await t.close();
});

const signup = (name?: string): Promise<PiUser> => piSignup(t, { displayName: name, tag: 'pi-member' });
const call = (u: PiUser | null, method: HTTPMethods, url: string, payload?: unknown) => piCall(t, u, method, url, payload);
const count = async (q: string, params: unknown[]) => (await t.runtime.db.sql.executeSql(q, params)).rows[0]!.n as number;
const memberStatus = async (rid: string, uid: string) =>
  (await t.runtime.db.sql.executeSql(`SELECT member_status FROM project_inside.relationship_members WHERE relationship_id = $1 AND user_id = $2`, [rid, uid]))
    .rows[0]?.member_status as string | undefined;

async function added(a: PiUser, b: PiUser): Promise<string> {
  const r = await call(a, 'POST', '/relationships', { type: 'couple', member_ids: [b.id] });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().id as string;
}

describe('a member added by someone else is pending until they accept', () => {
  test('INVITED in consent info (member_status), invisible, and their profile is not readable either way', async () => {
    const [a, b] = [await signup('Ana'), await signup('Ben')];
    const rid = await added(a, b);
    assert.equal(await memberStatus(rid, b.id), 'INVITED');
    const consent = await call(a, 'GET', `/relationships/${rid}/consent`);
    const mb = (consent.json().members as { user_id: string; member_status: string; display_name: string | null }[]).find((m) => m.user_id === b.id);
    assert.equal(mb?.member_status, 'INVITED');
    assert.equal(mb?.display_name, null);
    assert.equal((await call(a, 'GET', `/users/${b.id}`)).statusCode, 403);
    assert.equal((await call(b, 'GET', `/users/${a.id}`)).statusCode, 403);
    assert.equal((await call(b, 'POST', `/relationships/${rid}/accept`)).statusCode, 200);
    assert.equal(await memberStatus(rid, b.id), 'ACCEPTED');
    assert.equal((await call(a, 'GET', `/users/${b.id}`)).statusCode, 200);
  });

  test('a pending member cannot be put in a session, poked or sent a heart; nothing is written', async () => {
    const [a, b] = [await signup(), await signup()];
    const rid = await added(a, b);
    const s = await call(a, 'POST', '/sessions', { relationship_id: rid, participants: [a.id, b.id] });
    assert.equal(s.statusCode, 403, s.body);
    assert.match(s.json().detail, new RegExp(b.id));
    assert.equal((await call(a, 'POST', '/pokes', { relationship_id: rid, receiver_id: b.id, type: 'HUG' })).statusCode, 403);
    assert.equal((await call(a, 'POST', '/notifications/send-heart', { target_user_id: b.id })).statusCode, 403);
    // Nor can the pending member act in the relationship.
    assert.equal((await call(b, 'POST', '/sessions', { relationship_id: rid, participants: [] })).statusCode, 403);
    assert.equal((await call(b, 'POST', '/pokes', { relationship_id: rid, receiver_id: a.id, type: 'HUG' })).statusCode, 403);
    assert.equal((await call(b, 'GET', `/pokes?rid=${rid}`)).statusCode, 403);
    assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.sessions WHERE relationship_id = $1`, [rid]), 0);
    assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.pokes WHERE relationship_id = $1`, [rid]), 0);
    assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.notifications WHERE user_id = $1 AND type = 'message'`, [b.id]), 0);
    // Once accepted, all of it works.
    assert.equal((await call(b, 'POST', `/relationships/${rid}/accept`)).statusCode, 200);
    assert.equal((await call(a, 'POST', '/sessions', { relationship_id: rid, participants: [b.id] })).statusCode, 200);
    assert.equal((await call(a, 'POST', '/pokes', { relationship_id: rid, receiver_id: b.id, type: 'HUG' })).statusCode, 200);
  });

  test('accept/decline: malformed id 422, unknown 404, a stranger 403, no token 401; nothing changes', async () => {
    const [a, b, c] = [await signup(), await signup(), await signup()];
    const rid = await added(a, b);
    for (const action of ['accept', 'decline']) {
      assert.equal((await call(b, 'POST', `/relationships/not-a-uuid/${action}`)).statusCode, 422);
      assert.equal((await call(b, 'POST', `/relationships/00000000-0000-4000-8000-000000000000/${action}`)).statusCode, 404);
      const stranger = await call(c, 'POST', `/relationships/${rid}/${action}`);
      assert.equal(stranger.statusCode, 403);
      assert.ok(!stranger.body.includes(a.email));
      assert.equal((await call(null, 'POST', `/relationships/${rid}/${action}`)).statusCode, 401);
    }
    assert.equal(await memberStatus(rid, b.id), 'INVITED');
    assert.equal(await memberStatus(rid, c.id), undefined);
  });
});

describe('adding back someone who asked to add me accepts their request (the mobile app has no accept button)', () => {
  const relationshipsOf = async (uid: string) => count(`SELECT count(*)::int AS n FROM project_inside.relationship_members WHERE user_id = $1`, [uid]);

  test('one relationship, both ACCEPTED, the same id answered; the requester hears it; pokes work', async () => {
    const [a, b] = [await signup('Ana'), await signup('Ben')];
    const rid = await added(a, b);
    const back = await call(b, 'POST', '/relationships', { type: 'couple', member_ids: [a.id] });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal(back.json().id, rid);
    assert.equal(back.json().member_status, 'ACCEPTED');
    assert.deepEqual(
      (back.json().members as { user_id: string; member_status: string }[]).map((m) => m.member_status),
      ['ACCEPTED', 'ACCEPTED'],
    );
    assert.equal(await memberStatus(rid, b.id), 'ACCEPTED');
    assert.equal(await relationshipsOf(a.id), 1);
    assert.equal(await relationshipsOf(b.id), 1);
    assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.notifications WHERE user_id = $1 AND title = 'Request accepted'`, [a.id]), 1);
    assert.equal((await call(a, 'POST', '/pokes', { relationship_id: rid, receiver_id: b.id, type: 'HUG' })).statusCode, 200);
    assert.equal((await call(b, 'POST', '/pokes', { relationship_id: rid, receiver_id: a.id, type: 'HUG' })).statusCode, 200);
  });

  test('of several requests from the same person, the one of the type I add with is answered', async () => {
    const [a, b] = [await signup(), await signup()];
    const couple = await added(a, b);
    const friend = (await call(a, 'POST', '/relationships', { type: 'friend', member_ids: [b.id] })).json().id as string;
    const back = await call(b, 'POST', '/relationships', { type: 'couple', member_ids: [a.id] });
    assert.equal(back.json().id, couple);
    assert.equal(await memberStatus(couple, b.id), 'ACCEPTED');
    assert.equal(await memberStatus(friend, b.id), 'INVITED');
  });

  test('adding back with another type is a request of its own: the first one stays pending', async () => {
    const [a, b] = [await signup(), await signup()];
    const couple = await added(a, b);
    const back = await call(b, 'POST', '/relationships', { type: 'friend', member_ids: [a.id] });
    assert.equal(back.statusCode, 200, back.body);
    assert.notEqual(back.json().id, couple);
    assert.equal(back.json().type, 'friend');
    assert.equal(await memberStatus(couple, b.id), 'INVITED');
    assert.equal(await memberStatus(back.json().id as string, a.id), 'INVITED');
  });

  test('nobody else answers my request: a third person adding me, or adding two people at once, makes a new pending relationship', async () => {
    const [a, b, c] = [await signup(), await signup(), await signup()];
    const rid = await added(a, b);
    const third = await call(c, 'POST', '/relationships', { type: 'couple', member_ids: [a.id] });
    assert.notEqual(third.json().id, rid);
    assert.equal(await memberStatus(third.json().id as string, a.id), 'INVITED');
    const group = await call(b, 'POST', '/relationships', { type: 'family', member_ids: [a.id, c.id] });
    assert.notEqual(group.json().id, rid);
    assert.equal(await memberStatus(rid, b.id), 'INVITED');
    assert.equal(await memberStatus(group.json().id as string, a.id), 'INVITED');
    // The requester adding again is not an answer either.
    const again = await call(a, 'POST', '/relationships', { type: 'couple', member_ids: [b.id] });
    assert.notEqual(again.json().id, rid);
    assert.equal(await memberStatus(rid, b.id), 'INVITED');
  });

  test('an ended relationship or a declined request is not answered by adding back', async () => {
    const [a, b] = [await signup(), await signup()];
    const declined = await added(a, b);
    assert.equal((await call(b, 'POST', `/relationships/${declined}/decline`)).statusCode, 200);
    const back = await call(b, 'POST', '/relationships', { type: 'couple', member_ids: [a.id] });
    assert.notEqual(back.json().id, declined);
    assert.equal(await memberStatus(back.json().id as string, a.id), 'INVITED');
    const [c, d] = [await signup(), await signup()];
    const ended = await added(c, d);
    assert.equal((await call(c, 'DELETE', `/relationships/${ended}`)).statusCode, 204);
    const afterEnd = await call(d, 'POST', '/relationships', { type: 'couple', member_ids: [c.id] });
    assert.notEqual(afterEnd.json().id, ended);
    assert.equal(await memberStatus(ended, d.id), 'INVITED');
    assert.equal(await memberStatus(afterEnd.json().id as string, c.id), 'INVITED');
  });
});

describe('blocking', () => {
  test('a user can block another: no adding, lookup, poking, hearts, invites or profile reads by them; their pending request is withdrawn', async () => {
    const [a, b] = [await signup('Ana'), await signup('Ben')];
    const pending = await added(a, b);
    const block = await call(b, 'POST', `/users/${a.id}/block`);
    assert.equal(block.statusCode, 200, block.body);
    assert.deepEqual(block.json(), { ok: true, blocked_user_id: a.id });
    assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.blocks WHERE blocker_id = $1 AND blocked_id = $2`, [b.id, a.id]), 1);
    assert.equal(await memberStatus(pending, b.id), undefined, 'the pending request is gone');
    assert.equal((await call(b, 'POST', `/users/${a.id}/block`)).statusCode, 200, 'blocking twice is harmless');

    const add = await call(a, 'POST', '/relationships', { type: 'couple', member_ids: [b.id] });
    assert.equal(add.statusCode, 403, add.body);
    const lookup = await call(a, 'POST', '/contacts/lookup', { email: b.email });
    assert.deepEqual(lookup.json(), { status: 'BLOCKED', user: null });
    const rid = (await call(a, 'POST', '/relationships', { type: 'friend' })).json().id as string;
    assert.equal((await call(a, 'POST', `/relationships/${rid}/invites`, { email: b.email.toUpperCase() })).statusCode, 403);
    assert.equal(t.outbox.filter((m) => m.to.toLowerCase() === b.email.toLowerCase()).length, 0);

    // In a relationship they already share, the blocked one can no longer poke, signal or read the blocker.
    const [c, d] = [await signup(), await signup()];
    const shared = await added(c, d);
    assert.equal((await call(d, 'POST', `/relationships/${shared}/accept`)).statusCode, 200);
    assert.equal((await call(d, 'POST', `/users/${c.id}/block`)).statusCode, 200);
    assert.equal((await call(c, 'POST', '/pokes', { relationship_id: shared, receiver_id: d.id, type: 'HUG' })).statusCode, 403);
    assert.equal((await call(c, 'POST', '/notifications/send-heart', { target_user_id: d.id })).statusCode, 403);
    assert.equal((await call(c, 'POST', '/notifications/send-emotion', { target_user_id: d.id })).statusCode, 403);
    assert.equal((await call(c, 'GET', `/users/${d.id}`)).statusCode, 403);
    assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.pokes WHERE relationship_id = $1`, [shared]), 0);

    // The list and unblocking.
    const list = await call(d, 'GET', '/users/me/blocks');
    assert.deepEqual(
      list.json().map((x: { user_id: string }) => x.user_id),
      [c.id],
    );
    const un = await call(d, 'DELETE', `/users/${c.id}/block`);
    assert.deepEqual(un.json(), { ok: true });
    assert.equal((await call(c, 'POST', '/pokes', { relationship_id: shared, receiver_id: d.id, type: 'HUG' })).statusCode, 200);
    assert.equal((await call(d, 'DELETE', `/users/${c.id}/block`)).statusCode, 404);
  });

  test('bad input: myself 400, malformed id 422, bad paging 422; nothing written', async () => {
    const a = await signup();
    assert.equal((await call(a, 'POST', `/users/${a.id}/block`)).statusCode, 400);
    const bad = await call(a, 'POST', '/users/not-a-uuid/block');
    assert.equal(bad.statusCode, 422);
    assert.match(bad.json().message, /^user_id: /);
    assert.equal((await call(a, 'GET', '/users/me/blocks?limit=0')).statusCode, 422);
    assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.blocks WHERE blocker_id = $1`, [a.id]), 0);
  });

  test('wrong user: no token 401; someone I was never connected with, or an unknown id, is "not found" (no user directory)', async () => {
    const [a, stranger] = [await signup(), await signup()];
    assert.equal((await call(null, 'POST', `/users/${a.id}/block`)).statusCode, 401);
    assert.equal((await call(null, 'GET', '/users/me/blocks')).statusCode, 401);
    assert.equal((await call(stranger, 'POST', `/users/${a.id}/block`)).statusCode, 404);
    assert.equal((await call(stranger, 'POST', '/users/00000000-0000-4000-8000-000000000000/block')).statusCode, 404);
    assert.equal(await count(`SELECT count(*)::int AS n FROM project_inside.blocks WHERE blocker_id = $1`, [stranger.id]), 0);
    // An ex can be blocked: the ended relationship still connects them.
    const ex = await signup();
    const rid = await added(a, ex);
    assert.equal((await call(ex, 'POST', `/relationships/${rid}/accept`)).statusCode, 200);
    assert.equal((await call(a, 'DELETE', `/relationships/${rid}`)).statusCode, 204);
    assert.equal((await call(ex, 'POST', `/users/${a.id}/block`)).statusCode, 200);
  });
});
