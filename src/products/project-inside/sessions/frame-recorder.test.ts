// The frame recorder and the nudge limiter on their own: batching, retry after a failed write, a deleted session's
// rows dropped without losing the others; the limit window, its Redis script and the fallback when Redis fails.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { RedisHandle } from '../../../core/redis.js';
import { FrameRecorder, type RecorderStore } from './frame-recorder.js';
import { createNudgeLimiter } from './nudge-limiter.js';
import type { NudgeInsert, StatsDelta } from './sessions.repo.js';
import { usingRedis } from '../../../../test/helpers/app.js';

const log = pino({ level: 'silent' });
const T = { speakingRate: 3, overlapRatio: 0.3 };
const f = (speaking_rate: number, overlap_ratio = 0) => ({ timestamp_ms: 1, speaking_rate, overlap_ratio });

function fakeStore(fail: () => Error | undefined, live = new Set(['s1', 's2'])) {
  const written: { stats: StatsDelta[]; nudges: NudgeInsert[] }[] = [];
  const store: RecorderStore = {
    async write(stats, nudges) {
      const e = fail();
      if (e) throw e;
      if ([...stats, ...nudges].some((r) => !live.has(r.sessionId))) throw Object.assign(new Error('fk'), { code: '23503' });
      written.push({ stats: stats.map((s) => ({ ...s })), nudges: [...nudges] });
    },
    async existing(ids) {
      return ids.filter((id) => live.has(id));
    },
  };
  return { store, written };
}

describe('FrameRecorder', () => {
  test('aggregates frames per (session, user) and writes them in one batch', async () => {
    const { store, written } = fakeStore(() => undefined);
    const r = new FrameRecorder(store, T, log, 60_000);
    const t0 = new Date(1000);
    const t1 = new Date(2000);
    r.frame('s1', 'u1', f(2), t1);
    r.frame('s1', 'u1', f(4, 0.5), t0);
    r.frame('s1', 'u1', f(0), t1);
    r.frame('s1', 'u2', f(1), t1);
    r.nudge('s1', 'u1', { nudge_type: 'PAUSE', intensity: 1, message: 'x' }, f(4, 0.5), t0);
    await r.flush();
    assert.equal(written.length, 1);
    const u1 = written[0]!.stats.find((s) => s.userId === 'u1')!;
    assert.deepEqual(
      {
        frames: u1.frames,
        speaking: u1.speakingFrames,
        sum: u1.speakingRateSum,
        max: u1.maxSpeakingRate,
        maxO: u1.maxOverlapRatio,
        over: u1.overSpeakingRate,
        overO: u1.overOverlap,
      },
      { frames: 3, speaking: 2, sum: 6, max: 4, maxO: 0.5, over: 1, overO: 1 },
    );
    assert.equal(u1.firstFrameAt.getTime(), 1000);
    assert.equal(u1.lastFrameAt.getTime(), 2000);
    assert.equal(written[0]!.nudges.length, 1);
    assert.equal(r.pending, 0);
    await r.flush();
    assert.equal(written.length, 1, 'nothing to write, nothing written');
    await r.close();
  });

  test('a failed write keeps everything (merged with newer frames) for the next flush; one session can be flushed alone', async () => {
    let down = true;
    const { store, written } = fakeStore(() => (down ? new Error('database unavailable') : undefined));
    const r = new FrameRecorder(store, T, log, 60_000);
    r.frame('s1', 'u1', f(1), new Date(1));
    r.frame('s2', 'u1', f(1), new Date(1));
    await assert.rejects(r.flush());
    r.frame('s1', 'u1', f(5), new Date(2));
    down = false;
    await r.flush('s1');
    assert.deepEqual(
      written[0]!.stats.map((s) => [s.sessionId, s.frames, s.maxSpeakingRate]),
      [['s1', 2, 5]],
    );
    assert.equal(r.pending, 1, 's2 is still waiting');
    await r.close();
    assert.equal(written[1]!.stats[0]!.sessionId, 's2');
  });

  test("a deleted session's rows are dropped; the rest of the batch is written", async () => {
    const { store, written } = fakeStore(() => undefined, new Set(['s1']));
    const r = new FrameRecorder(store, T, log, 60_000);
    r.frame('s1', 'u1', f(1), new Date(1));
    r.frame('gone', 'u1', f(1), new Date(1));
    await r.flush();
    assert.deepEqual(
      written.flatMap((w) => w.stats.map((s) => s.sessionId)),
      ['s1'],
    );
    assert.equal(r.pending, 0);
    await r.close();
  });
});

describe('nudge limiter', () => {
  test('in process: one grant per window per (session, user)', async () => {
    const l = createNudgeLimiter(10_000, undefined);
    assert.equal(await l.take('s', 'u', 0), true);
    assert.equal(await l.take('s', 'u', 9_999), false);
    assert.equal(await l.take('s', 'v', 9_999), true);
    assert.equal(await l.take('s2', 'u', 9_999), true);
    assert.equal(await l.take('s', 'u', 10_000), true);
  });

  test('a failing Redis is paused and the process limits on its own', async () => {
    let downFor = 0;
    const client = {
      defineCommand() {},
      piNudgeTake: async () => {
        throw new Error('Command timed out');
      },
    };
    const handle = { prefix: 'quintet:', client, isUp: () => downFor === 0, markDown: (ms = 5000) => (downFor = ms) } as unknown as RedisHandle;
    const l = createNudgeLimiter(10_000, handle);
    assert.equal(await l.take('s', 'u', 0), true);
    assert.equal(downFor, 5000, 'Redis marked down');
    assert.equal(await l.take('s', 'u', 5_000), false);
    assert.equal(await l.take('s', 'u', 10_000), true);
  });

  test('through Redis: two processes share the window, on the app clock', { skip: usingRedis ? false : 'needs TEST_REDIS_URL' }, async () => {
    const { connectRedis } = await import('../../../core/redis.js');
    const h1 = connectRedis(process.env.TEST_REDIS_URL!, log);
    const h2 = connectRedis(process.env.TEST_REDIS_URL!, log);
    try {
      for (const h of [h1, h2]) if (h.client.status !== 'ready') await new Promise((r) => h.client.once('ready', r));
      const prefix = `test:nudge:${Math.random().toString(36).slice(2)}:`;
      const l1 = createNudgeLimiter(10_000, h1, prefix);
      const l2 = createNudgeLimiter(10_000, h2, prefix);
      const base = 1_700_000_000_000;
      assert.equal(await l1.take('s', 'u', base), true);
      assert.equal(await l2.take('s', 'u', base + 9_999), false);
      assert.equal(await l2.take('s', 'u', base - 5), false, 'a clock behind the last grant is refused');
      assert.equal(await l2.take('s', 'u', base + 10_000), true);
      assert.equal(await l1.take('s', 'u', base + 10_001), false);
      const results = await Promise.all([l1.take('s', 'w', base), l2.take('s', 'w', base)]);
      assert.equal(results.filter(Boolean).length, 1, 'concurrent takes: exactly one wins');
      assert.ok((await h1.client.pttl(`${prefix}s:u`)) > 10_000);
    } finally {
      await h1.close();
      await h2.close();
    }
  });
});
