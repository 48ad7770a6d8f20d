// Coaching REST over both path families: sessions, finalize (report job in the same transaction), reports,
// history, activity suggestions — works, rejects bad input, refuses the wrong user.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { piCall, piRelationship, piSignup } from '../../../../test/helpers/project-inside.js';
import { localAi, type AiPort } from '../../../core/ai/port.js';
import { nudges, reports, sessions, sessionStats } from '../db.js';
import { buildReportJob } from './session-report.job.js';

let t: TestApp;
let aiFails = false;
const ai: AiPort = {
  ...localAi(),
  async json(req) {
    if (aiFails) throw new Error('AI down');
    return localAi().json(req);
  },
};

before(async () => {
  t = await startTestApp({ products: ['project-inside'], overrides: { ai } });
});
after(async () => {
  await t.close();
});

interface User {
  id: string;
  token: string;
}
const signup = (): Promise<User> => piSignup(t, { tag: 'coach' });
const call = (u: User | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => piCall(t, u, method, url, payload);

/** Members accept being added; consent as given (default: everyone, every scope). */
const relationship = (owner: User, members: User[], consent?: string[] | null): Promise<string> =>
  piRelationship(t, owner, members, consent === undefined ? {} : { consent });
async function session(owner: User, rid: string, participants: User[], family = ''): Promise<string> {
  const r = await call(owner, 'POST', `${family}/sessions`, { relationship_id: rid, participants: participants.map((p) => p.id) });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().id;
}
const dz = () => t.ctx('project-inside').db.dz;
const jobsFor = async (sid: string) => {
  const schema = t.runtime.jobs as unknown as { config: { schema: string } };
  const rows = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM ${schema.config.schema}.job WHERE name = $1 AND data->>'sessionId' = $2`, [
    'project-inside__session-report',
    sid,
  ]);
  return rows.rows[0]!.n as number;
};
async function reportWhenReady(u: User, sid: string) {
  for (let i = 0; i < 60; i++) {
    const r = await call(u, 'GET', `/sessions/${sid}/report`);
    assert.equal(r.statusCode, 200, r.body);
    if (r.json().status === 'ready') return r.json();
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error('report not ready within 15 s');
}

describe('POST /sessions', () => {
  test('creates an ACTIVE session on both path families; the creator is always a participant', async () => {
    const [a, b] = [await signup(), await signup()];
    const rid = await relationship(a, [b]);
    for (const family of ['', '/coach']) {
      const r = await call(a, 'POST', `${family}/sessions`, { relationship_id: rid, participants: [b.id] });
      assert.equal(r.statusCode, 200, r.body);
      const s = r.json();
      assert.equal(s.status, 'ACTIVE');
      assert.equal(s.relationship_id, rid);
      assert.equal(s.created_by, a.id);
      assert.deepEqual(s.participants, [a.id, b.id]);
      assert.ok(!Number.isNaN(Date.parse(s.created_at)));
    }
    const alone = await call(b, 'POST', '/sessions', { relationship_id: rid, participants: [] });
    assert.deepEqual(alone.json().participants, [b.id]);
    const self = await call(b, 'POST', '/sessions', { relationship_id: rid, participants: [b.id, a.id] });
    assert.deepEqual(self.json().participants, [b.id, a.id]);
  });

  test('bad input → 422 naming the field', async () => {
    const a = await signup();
    const rid = await relationship(a, []);
    const cases: [unknown, string][] = [
      [{ participants: [] }, 'relationship_id'],
      [{ relationship_id: 'nope', participants: [] }, 'relationship_id'],
      [{ relationship_id: rid }, 'participants'],
      [{ relationship_id: rid, participants: ['x'] }, 'participants'],
      [{ relationship_id: rid, participants: [a.id, a.id] }, 'participants'],
      [{ relationship_id: rid, participants: Array.from({ length: 21 }, () => crypto.randomUUID()) }, 'participants'],
    ];
    for (const [body, field] of cases) {
      const r = await call(a, 'POST', '/sessions', body);
      assert.equal(r.statusCode, 422, `${JSON.stringify(body)} → ${r.statusCode}`);
      assert.ok(JSON.stringify(r.json().detail).includes(field), r.body);
    }
  });

  test('unknown relationship 404, not a member 403, a participant who is not a member 403 naming them, no token 401', async () => {
    const [a, b, c] = [await signup(), await signup(), await signup()];
    const rid = await relationship(a, [b]);
    assert.equal((await call(a, 'POST', '/sessions', { relationship_id: crypto.randomUUID(), participants: [] })).statusCode, 404);
    assert.equal((await call(c, 'POST', '/sessions', { relationship_id: rid, participants: [] })).statusCode, 403);
    const outsider = await call(a, 'POST', '/sessions', { relationship_id: rid, participants: [b.id, c.id] });
    assert.equal(outsider.statusCode, 403);
    assert.ok(outsider.json().detail.includes(c.id), outsider.body);
    assert.equal((await call(null, 'POST', '/sessions', { relationship_id: rid, participants: [] })).statusCode, 401);
    // An ended relationship takes no new sessions.
    assert.equal((await call(a, 'DELETE', `/relationships/${rid}`)).statusCode, 204);
    assert.equal((await call(a, 'POST', '/sessions', { relationship_id: rid, participants: [] })).statusCode, 404);
    const n = await dz()
      .select({ n: sql<number>`count(*)::int` })
      .from(sessions)
      .where(eq(sessions.relationshipId, rid));
    assert.equal(n[0]!.n, 0);
  });
});

describe('finalize and report', () => {
  test('finalize is idempotent, creates the pending report and exactly one job; the job builds the report', async () => {
    const [a, b] = [await signup(), await signup()];
    const rid = await relationship(a, [b]);
    const sid = await session(a, rid, [b], '/coach');
    assert.equal((await call(a, 'GET', `/sessions/${sid}/report`)).statusCode, 404, 'no report before finalize');

    // What the live socket would have recorded.
    const at = new Date();
    await dz()
      .insert(sessionStats)
      .values([
        {
          sessionId: sid,
          userId: a.id,
          frames: 100,
          speakingFrames: 80,
          speakingRateSum: 320,
          overlapRatioSum: 10,
          maxSpeakingRate: 5,
          maxOverlapRatio: 0.6,
          overSpeakingRate: 30,
          overOverlap: 5,
          firstFrameAt: at,
          lastFrameAt: at,
        },
        {
          sessionId: sid,
          userId: b.id,
          frames: 100,
          speakingFrames: 20,
          speakingRateSum: 40,
          overlapRatioSum: 5,
          maxSpeakingRate: 2.5,
          maxOverlapRatio: 0.2,
          overSpeakingRate: 0,
          overOverlap: 0,
          firstFrameAt: at,
          lastFrameAt: at,
        },
      ]);
    await dz()
      .insert(nudges)
      .values([
        { sessionId: sid, userId: a.id, nudgeType: 'SLOW_DOWN', intensity: 3, speakingRate: 5, overlapRatio: 0, frameTimestampMs: 1000 },
        { sessionId: sid, userId: a.id, nudgeType: 'SLOW_DOWN', intensity: 1, speakingRate: 3.2, overlapRatio: 0, frameTimestampMs: 12000 },
        { sessionId: sid, userId: a.id, nudgeType: 'PAUSE', intensity: 2, speakingRate: 2, overlapRatio: 0.6, frameTimestampMs: 24000 },
      ]);

    const f1 = await call(b, 'POST', `/sessions/${sid}/finalize`);
    assert.equal(f1.statusCode, 200, f1.body);
    assert.equal(f1.json().status, 'FINALIZED');
    assert.equal(f1.json().report_status, 'pending');
    const f2 = await call(a, 'POST', `/coach/sessions/${sid}/finalize`);
    assert.equal(f2.statusCode, 200);
    assert.equal(f2.json().finalized_at, f1.json().finalized_at);
    assert.equal(await jobsFor(sid), 1, 'a second finalize enqueues nothing');
    const row = (await dz().select().from(sessions).where(eq(sessions.id, sid)))[0]!;
    assert.equal(row.status, 'FINALIZED');
    assert.ok(row.finalizedAt);
    const pending = await call(a, 'GET', `/sessions/${sid}/report`);
    assert.equal(pending.statusCode, 200);
    assert.deepEqual(pending.json(), { sid, status: 'pending', summary: null, moments: [], action_items: [], stats: null });

    const ready = await reportWhenReady(b, sid);
    assert.equal(typeof ready.summary, 'string');
    assert.ok(ready.summary.length > 0);
    assert.equal(ready.stats.nudges.SLOW_DOWN, 2);
    assert.equal(ready.stats.nudges.PAUSE, 1);
    assert.equal(ready.stats.frames, 200);
    const pa = ready.stats.participants.find((p: { user_id: string }) => p.user_id === a.id);
    assert.equal(pa.talk_share, 0.8);
    assert.equal(pa.avg_speaking_rate, 3.2);
    assert.equal(pa.max_overlap_ratio, 0.6);
    assert.equal(ready.moments.length, 3);
    assert.deepEqual(
      ready.moments.map((m: { type: string; intensity: number; user_id: string }) => [m.type, m.intensity, m.user_id]),
      [
        ['SLOW_DOWN', 3, a.id],
        ['SLOW_DOWN', 1, a.id],
        ['PAUSE', 2, a.id],
      ],
    );
    assert.ok(ready.action_items.some((s: string) => /pace/i.test(s)));
    assert.ok(ready.action_items.some((s: string) => /finish/i.test(s)));
    assert.ok(ready.action_items.some((s: string) => /balance/i.test(s)));
    const f3 = await call(a, 'POST', `/sessions/${sid}/finalize`);
    assert.equal(f3.json().report_status, 'ready');

    // Running the job again changes nothing.
    const before = (await dz().select().from(reports).where(eq(reports.sessionId, sid)))[0]!;
    await buildReportJob(t.ctx('project-inside'), { sessionId: sid });
    const again = (await dz().select().from(reports).where(eq(reports.sessionId, sid)))[0]!;
    assert.deepEqual(again, before);
  });

  test('when the AI port fails the report uses the rule-based summary', async () => {
    const a = await signup();
    const rid = await relationship(a, []);
    const sid = await session(a, rid, []);
    assert.equal((await call(a, 'POST', `/sessions/${sid}/finalize`)).statusCode, 200);
    aiFails = true;
    try {
      await buildReportJob(t.ctx('project-inside'), { sessionId: sid });
    } finally {
      aiFails = false;
    }
    const r = await call(a, 'GET', `/sessions/${sid}/report`);
    assert.equal(r.json().status, 'ready');
    assert.match(r.json().summary, /before any live data/);
    assert.equal(r.json().action_items.length, 1);
  });

  test('non-participants (member or stranger) get 403/404 and no data; unknown 404; malformed id 422; no token 401', async () => {
    const [a, b, c, x] = [await signup(), await signup(), await signup(), await signup()];
    const rid = await relationship(a, [b, c]);
    const sid = await session(a, rid, [b]);
    for (const u of [c, x]) {
      for (const url of [`/sessions/${sid}/finalize`, `/coach/sessions/${sid}/finalize`]) {
        const r = await call(u, 'POST', url);
        assert.ok([403, 404].includes(r.statusCode), `${url} → ${r.statusCode}`);
        assert.ok(!r.body.includes(a.id) && !r.body.includes(rid));
      }
      const rep = await call(u, 'GET', `/sessions/${sid}/report`);
      assert.ok([403, 404].includes(rep.statusCode));
    }
    assert.equal((await dz().select().from(sessions).where(eq(sessions.id, sid)))[0]!.status, 'ACTIVE');
    assert.equal((await call(a, 'POST', `/sessions/${crypto.randomUUID()}/finalize`)).statusCode, 404);
    assert.equal((await call(a, 'GET', `/sessions/${crypto.randomUUID()}/report`)).statusCode, 404);
    assert.equal((await call(a, 'POST', '/sessions/not-a-uuid/finalize')).statusCode, 422);
    assert.equal((await call(null, 'POST', `/sessions/${sid}/finalize`)).statusCode, 401);
    assert.equal((await call(null, 'GET', `/coach/sessions/${sid}/report`)).statusCode, 401);
  });
});

describe('GET /history/sessions', () => {
  test('sessions I took part in, newest first, with limit/offset and report status', async () => {
    const [a, b, c] = [await signup(), await signup(), await signup()];
    const rid = await relationship(a, [b, c]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await session(a, rid, [b]));
    const notMine = await session(a, rid, [c]);
    await call(a, 'POST', `/sessions/${ids[1]}/finalize`);
    const r = await call(b, 'GET', '/history/sessions');
    assert.equal(r.statusCode, 200);
    const list = r.json() as { id: string; status: string; report_status: string | null; participants: string[]; finalized_at: string | null }[];
    assert.deepEqual(
      list.map((s) => s.id),
      [...ids].reverse(),
    );
    assert.ok(!list.some((s) => s.id === notMine));
    const fin = list.find((s) => s.id === ids[1])!;
    assert.equal(fin.status, 'FINALIZED');
    assert.equal(fin.report_status, 'pending');
    assert.ok(fin.finalized_at);
    const active = list.find((s) => s.id === ids[0])!;
    assert.equal(active.report_status, null);
    assert.equal(active.finalized_at, null);
    assert.deepEqual(active.participants.sort(), [a.id, b.id].sort());
    const page = await call(b, 'GET', '/history/sessions?limit=2&offset=1');
    assert.deepEqual(
      page.json().map((s: { id: string }) => s.id),
      [ids[2], ids[1]],
    );
    assert.equal((await call(a, 'GET', '/history/sessions?limit=100')).json().length, 5);
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'offset=-1']) {
      const bad = await call(a, 'GET', `/history/sessions?${q}`);
      assert.equal(bad.statusCode, 422, q);
      assert.ok(JSON.stringify(bad.json().detail).includes(q.split('=')[0]!));
    }
    assert.deepEqual((await call(await signup(), 'GET', '/history/sessions')).json(), []);
    assert.equal((await call(null, 'GET', '/history/sessions')).statusCode, 401);
  });
});

describe('GET /activities/suggestions', () => {
  test('a bare array with explanation; session data is used only when every member shares summaries (SUMMARY_SHARED)', async () => {
    const [a, b] = [await signup(), await signup()];
    const rid = await relationship(a, [b], null);
    const sid = await session(a, rid, [b]);
    const at = new Date();
    await dz().insert(sessionStats).values({
      sessionId: sid,
      userId: a.id,
      frames: 50,
      speakingFrames: 50,
      speakingRateSum: 200,
      overlapRatioSum: 0,
      maxSpeakingRate: 5,
      maxOverlapRatio: 0.5,
      overSpeakingRate: 10,
      overOverlap: 3,
      firstFrameAt: at,
      lastFrameAt: at,
    });
    await dz().insert(sessionStats).values({
      sessionId: sid,
      userId: b.id,
      frames: 50,
      speakingFrames: 5,
      speakingRateSum: 10,
      overlapRatioSum: 0,
      maxSpeakingRate: 2,
      maxOverlapRatio: 0,
      overSpeakingRate: 0,
      overOverlap: 0,
      firstFrameAt: at,
      lastFrameAt: at,
    });
    await dz()
      .insert(nudges)
      .values([
        { sessionId: sid, userId: a.id, nudgeType: 'PAUSE', intensity: 2, speakingRate: 2, overlapRatio: 0.5, frameTimestampMs: 1 },
        { sessionId: sid, userId: a.id, nudgeType: 'SLOW_DOWN', intensity: 1, speakingRate: 3.5, overlapRatio: 0, frameTimestampMs: 2 },
      ]);
    const ids = async (u: User, family = '', debug = false) => {
      const r = await call(u, 'GET', `${family}/activities/suggestions?rid=${rid}${debug ? '&debug=true' : ''}`);
      assert.equal(r.statusCode, 200, r.body);
      assert.ok(Array.isArray(r.json()), 'a bare array');
      for (const s of r.json()) {
        for (const k of ['id', 'title', 'description', 'category', 'reason', 'explanation']) assert.equal(typeof s[k], 'string', k);
        assert.equal(s.explanation, s.reason);
        assert.equal('debug_source' in s, debug);
      }
      return r.json().map((s: { id: string }) => s.id) as string[];
    };
    const generic = await ids(a, '', true);
    assert.ok(!generic.includes('talking_object'), 'no consent: session data is not used');
    const consent = (u: User, scopes: string[], status: string) => call(u, 'PUT', `/relationships/${rid}/consent/me`, { scopes, status });
    assert.equal((await consent(a, ['SUMMARY_SHARED'], 'ACTIVE')).statusCode, 200);
    assert.deepEqual(await ids(a), generic, 'one member consenting is not enough');
    assert.equal((await consent(b, ['REALTIME_FEATURES_ONLY'], 'ACTIVE')).statusCode, 200);
    assert.deepEqual(await ids(a), generic, 'live features alone do not share summaries');
    assert.equal((await consent(b, ['SUMMARY_SHARED'], 'DRAFT')).statusCode, 200);
    assert.deepEqual(await ids(a), generic, 'a draft grants nothing');
    assert.equal((await consent(b, ['SUMMARY_SHARED'], 'ACTIVE')).statusCode, 200);
    const informed = await ids(b, '/coach');
    assert.deepEqual(informed.slice(0, 3), ['talking_object', 'slow_talk', 'quiet_first']);
    assert.equal((await consent(b, ['SUMMARY_SHARED'], 'REVOKED')).statusCode, 200);
    assert.deepEqual(await ids(a), generic);
  });

  test('rid required and a uuid (422); unknown 404; not a member 403; no token 401', async () => {
    const [a, x] = [await signup(), await signup()];
    const rid = await relationship(a, []);
    for (const q of ['', '?rid=', '?rid=nope']) {
      const r = await call(a, 'GET', `/activities/suggestions${q}`);
      assert.equal(r.statusCode, 422, q);
      assert.ok(JSON.stringify(r.json().detail).includes('rid'));
    }
    assert.equal((await call(a, 'GET', `/activities/suggestions?rid=${crypto.randomUUID()}`)).statusCode, 404);
    const other = await call(x, 'GET', `/coach/activities/suggestions?rid=${rid}`);
    assert.equal(other.statusCode, 403);
    assert.ok(!other.body.includes('suggestions'));
    assert.equal((await call(null, 'GET', `/activities/suggestions?rid=${rid}`)).statusCode, 401);
  });
});
