// Issue 13 #9, Project Inside's part: export holds the user's own data (e-mail included) and nothing of other people's;
// erase removes their frames, nudges, their stats and moments inside other members' reports (texts rebuilt), pokes,
// notifications (received and sent), devices, invites they sent or that were addressed to them, and relationships
// left empty — while the other members keep their own history.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, uniqueEmail, type TestApp } from '../../../../test/helpers/app.js';
import { piCall, piRelationship, piSignup } from '../../../../test/helpers/project-inside.js';
import { buildReportJob } from '../sessions/session-report.job.js';
import { withoutParticipant } from './privacy.js';
import type { ReportStats } from '../sessions/report.js';

let t: TestApp;

before(async () => {
  t = await startTestApp({ products: ['project-inside'], jobs: false });
});
after(async () => {
  await t.close();
});

const q = async (sql: string, params: unknown[]) => (await t.runtime.db.sql.executeSql(sql, params)).rows;
const n = async (sql: string, params: unknown[]) => (await q(sql, params))[0]!.n as number;

/** A and B in a couple with a finalized, reported session (both recorded), pokes, hearts, invites and devices. */
async function history() {
  const a = await piSignup(t, { displayName: 'Ana', tag: 'pi-privacy' });
  const b = await piSignup(t, { displayName: 'Ben', tag: 'pi-privacy' });
  const rid = await piRelationship(t, a, [b]);
  const sid = (await piCall(t, a, 'POST', '/sessions', { relationship_id: rid, participants: [b.id] })).json().id as string;
  const at = new Date();
  await q(
    `INSERT INTO project_inside.session_stats (session_id, user_id, frames, speaking_frames, speaking_rate_sum, overlap_ratio_sum, max_speaking_rate, max_overlap_ratio, over_speaking_rate, over_overlap, first_frame_at, last_frame_at)
     VALUES ($1, $2, 40, 30, 80, 2, 4, 0.5, 5, 1, $4, $4), ($1, $3, 40, 10, 20, 0, 2, 0, 0, 0, $4, $4)`,
    [sid, a.id, b.id, at],
  );
  await q(`INSERT INTO project_inside.nudges (session_id, user_id, nudge_type, intensity) VALUES ($1, $2, 'SLOW_DOWN', 2), ($1, $3, 'PAUSE', 1)`, [
    sid,
    a.id,
    b.id,
  ]);
  assert.equal((await piCall(t, a, 'POST', `/sessions/${sid}/finalize`)).statusCode, 200);
  await buildReportJob(t.ctx('project-inside'), { sessionId: sid });
  await piCall(t, a, 'POST', '/pokes', { relationship_id: rid, receiver_id: b.id, type: 'emoji', emoji: '🌹' });
  await piCall(t, b, 'POST', '/pokes', { relationship_id: rid, receiver_id: a.id, type: 'HUG' });
  await piCall(t, a, 'POST', '/notifications/send-heart', { target_user_id: b.id });
  await piCall(t, b, 'POST', '/notifications/send-emotion', { target_user_id: a.id, emotion_kind: 'hug' });
  await piCall(t, b, 'POST', '/devices/push-token', { token: `device-${b.id}`, platform: 'android' });
  const bInvitee = uniqueEmail('b-invitee');
  await piCall(t, b, 'POST', `/relationships/${rid}/invites`, { email: bInvitee, message: 'Ben says hi' });
  // A relationship only B is in, and an invite addressed to B's e-mail by someone else.
  const solo = (await piCall(t, b, 'POST', '/relationships', { type: 'friend' })).json().id as string;
  const c = await piSignup(t, { tag: 'pi-privacy' });
  const cRel = (await piCall(t, c, 'POST', '/relationships', { type: 'friend' })).json().id as string;
  await piCall(t, c, 'POST', `/relationships/${cRel}/invites`, { email: b.email });
  return { a, b, rid, sid, solo, bInvitee };
}

describe('export', () => {
  test("GET /v1/users/me/export: the user's own data, e-mail included, and nothing of the other member's", async () => {
    const { a, b, rid, sid, bInvitee } = await history();
    const res = await piCall(t, b, 'GET', '/users/me/export');
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    const data = res.json() as Record<string, unknown>;
    const text = res.body;
    assert.equal((data.account as { email: string; id: string }).email, b.email);
    assert.equal((data.account as { email: string; id: string }).id, b.id);
    assert.equal((data.profile as { display_name: string }).display_name, 'Ben');
    assert.ok((data.relationships as { id: string; member_status: string }[]).some((r) => r.id === rid && r.member_status === 'ACCEPTED'));
    assert.equal((data.consents as unknown[]).length, 1);
    assert.deepEqual(
      (data.session_stats as { session_id: string; frames: number }[]).map((s) => [s.session_id, s.frames]),
      [[sid, 40]],
    );
    assert.equal((data.nudges as { nudge_type: string }[])[0]!.nudge_type, 'PAUSE');
    const report = (data.reports as { session_id: string; my_stats: { user_id: string }; my_moments: unknown[] }[])[0]!;
    assert.equal(report.my_stats.user_id, b.id);
    assert.equal(report.my_moments.length, 1);
    assert.deepEqual((data.pokes as { direction: string }[]).map((p) => p.direction).sort(), ['received', 'sent']);
    assert.equal((data.invites_sent as { message: string }[])[0]!.message, 'Ben says hi');
    assert.deepEqual(data.devices, [{ platform: 'android', registered_at: (data.devices as { registered_at: string }[])[0]!.registered_at }]);
    // Nothing of other people: A's id, e-mail and name, the invitee's address, A's stats.
    for (const foreign of [a.id, a.email, 'Ana', bInvitee, `device-${b.id}`]) assert.ok(!text.includes(foreign), `export holds ${foreign}`);
    assert.equal((await piCall(t, null, 'GET', '/users/me/export')).statusCode, 401);
  });
});

describe('erase', () => {
  test("DELETE /v1/users/me removes the user's data and their part of shared reports; the other member keeps theirs", async () => {
    const { a, b, rid, sid, solo } = await history();
    const before = (await piCall(t, a, 'GET', `/sessions/${sid}/report`)).json();
    assert.deepEqual(
      before.stats.participants.map((p: { user_id: string }) => p.user_id),
      [a.id, b.id],
    );
    assert.equal((await piCall(t, null, 'DELETE', '/users/me')).statusCode, 401);
    const del = await piCall(t, b, 'DELETE', '/users/me');
    assert.equal(del.statusCode, 204, del.body);
    assert.equal((await piCall(t, b, 'GET', '/users/me')).statusCode, 401, 'the session ended');

    const report = await piCall(t, a, 'GET', `/sessions/${sid}/report`);
    assert.equal(report.statusCode, 200, report.body);
    const r = report.json();
    assert.ok(!report.body.includes(b.id), 'nothing of B in the report');
    assert.deepEqual(
      r.stats.participants.map((p: { user_id: string; talk_share: number }) => [p.user_id, p.talk_share]),
      [[a.id, 1]],
    );
    assert.equal(r.stats.frames, 40);
    assert.deepEqual(r.stats.nudges, { SLOW_DOWN: 1, PAUSE: 0, total: 1 });
    assert.deepEqual(
      r.moments.map((m: { user_id: string }) => m.user_id),
      [a.id],
    );
    assert.match(r.summary, /talk balance 100%/);

    for (const [table, col] of [
      ['session_stats', 'user_id'],
      ['nudges', 'user_id'],
      ['pokes', 'sender_id'],
      ['pokes', 'receiver_id'],
      ['notifications', 'user_id'],
      ['notifications', 'sender_id'],
      ['devices', 'user_id'],
      ['relationship_members', 'user_id'],
      ['consents', 'user_id'],
      ['profiles', 'user_id'],
      ['invites', 'inviter_id'],
    ]) {
      assert.equal(await n(`SELECT count(*)::int AS n FROM project_inside.${table} WHERE ${col} = $1`, [b.id]), 0, `${table}.${col}`);
    }
    assert.equal(await n(`SELECT count(*)::int AS n FROM project_inside.invites WHERE lower(email) = lower($1)`, [b.email]), 0, 'invites addressed to B');
    assert.equal(await n(`SELECT count(*)::int AS n FROM project_inside.relationships WHERE id = $1`, [solo]), 0, 'a relationship nobody is left in');
    assert.equal(await n(`SELECT count(*)::int AS n FROM identity.users WHERE id = $1`, [b.id]), 0);
    // A keeps the relationship, the session, A's own stats, nudges and the poke A received... from nobody now.
    assert.equal(await n(`SELECT count(*)::int AS n FROM project_inside.relationships WHERE id = $1`, [rid]), 1);
    assert.equal(await n(`SELECT count(*)::int AS n FROM project_inside.session_stats WHERE user_id = $1`, [a.id]), 1);
    assert.equal(await n(`SELECT count(*)::int AS n FROM project_inside.notifications WHERE user_id = $1`, [a.id]), 0, "B's emotion to A went with B");
    // The e-mail is free again.
    assert.equal(
      (await t.app.inject({ method: 'POST', url: '/project-inside/v1/auth/signup', payload: { email: b.email, password: 'correct-horse' } })).statusCode,
      200,
    );
  });

  test('withoutParticipant: totals, shares, moments and texts rebuilt from the others; a report without stats keeps its texts', () => {
    const p = (user_id: string, frames: number, speaking: number, slow: number, pause: number) => ({
      user_id,
      frames,
      speaking_frames: speaking,
      talk_share: 0.5,
      avg_speaking_rate: 1,
      avg_overlap_ratio: 0,
      max_speaking_rate: 1,
      max_overlap_ratio: 0,
      nudges: { SLOW_DOWN: slow, PAUSE: pause },
    });
    const stats: ReportStats = {
      duration_seconds: 600,
      frames: 30,
      nudges: { SLOW_DOWN: 2, PAUSE: 1, total: 3 },
      participants: [p('x', 10, 5, 1, 0), p('y', 10, 5, 1, 1), p('z', 10, 10, 0, 0)],
    };
    const out = withoutParticipant({ stats, moments: [{ user_id: 'y' }, { user_id: 'x' }], summary: 'old text about y', actionItems: ['old'] }, 'y');
    assert.deepEqual(
      out.stats!.participants.map((q) => [q.user_id, q.talk_share]),
      [
        ['x', 0.333],
        ['z', 0.667],
      ],
    );
    assert.deepEqual(out.stats!.nudges, { SLOW_DOWN: 1, PAUSE: 0, total: 1 });
    assert.equal(out.stats!.frames, 20);
    assert.deepEqual(out.moments, [{ user_id: 'x' }]);
    assert.doesNotMatch(out.summary!, /old text/);
    const empty = withoutParticipant({ stats: null, moments: [{ user_id: 'y' }], summary: null, actionItems: [] }, 'y');
    assert.deepEqual(empty, { stats: null, moments: [], summary: null, actionItems: [] });
  });
});
