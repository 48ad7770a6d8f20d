// Property tests of the live coaching rules: frame checks never throw, nudges are valid, intensity is monotonic.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkClientMessage, evaluateFrame, LIMITS, NUDGE_MESSAGES, overlapIntensity, speakingIntensity } from './coach-engine.js';
import { actionItems, buildReport } from './report.js';
import { cleanSuggestions, suggestActivities } from './activities.js';

const T = { speakingRate: 3.0, overlapRatio: 0.3 };
const SID = '11111111-2222-4333-8444-555555555555';
const rate = fc.double({ min: LIMITS.speaking_rate.min, max: LIMITS.speaking_rate.max, noNaN: true });
const overlap = fc.double({ min: 0, max: 1, noNaN: true });
const thresholds = fc.record({ speakingRate: fc.double({ min: 0.1, max: 19, noNaN: true }), overlapRatio: fc.double({ min: 0.01, max: 0.99, noNaN: true }) });

describe('evaluateFrame', () => {
  test('any in-range frame gives null or a valid nudge (intensity 1..3, the seed messages)', () => {
    fc.assert(
      fc.property(rate, overlap, thresholds, (r, o, t) => {
        const n = evaluateFrame({ speaking_rate: r, overlap_ratio: o }, t);
        if (r <= t.speakingRate && o <= t.overlapRatio) return assert.equal(n, null);
        assert.ok(n);
        assert.ok([1, 2, 3].includes(n.intensity), `intensity ${n.intensity}`);
        assert.equal(n.message, NUDGE_MESSAGES[n.nudge_type]);
        assert.equal(n.nudge_type, o > t.overlapRatio ? 'PAUSE' : 'SLOW_DOWN');
      }),
    );
  });

  test('both over → PAUSE', () => {
    fc.assert(
      fc.property(fc.double({ min: 3.0001, max: 20, noNaN: true }), fc.double({ min: 0.3001, max: 1, noNaN: true }), (r, o) => {
        assert.equal(evaluateFrame({ speaking_rate: r, overlap_ratio: o }, T)?.nudge_type, 'PAUSE');
      }),
    );
  });

  test('intensity never falls when either input rises', () => {
    const level = (r: number, o: number) => evaluateFrame({ speaking_rate: r, overlap_ratio: o }, T)?.intensity ?? 0;
    fc.assert(
      fc.property(rate, rate, overlap, overlap, (r1, r2, o1, o2) => {
        const [rl, rh] = r1 <= r2 ? [r1, r2] : [r2, r1];
        const [ol, oh] = o1 <= o2 ? [o1, o2] : [o2, o1];
        assert.ok(level(rl, ol) <= level(rh, ol), `rate ${rl} → ${rh}`);
        assert.ok(level(rl, ol) <= level(rl, oh), `overlap ${ol} → ${oh}`);
      }),
    );
  });

  test('the documented intensity steps', () => {
    const at = (r: number, o: number) => evaluateFrame({ speaking_rate: r, overlap_ratio: o }, T);
    assert.equal(at(3.0, 0.3), null); // at the threshold is not past it
    assert.deepEqual(at(3.5, 0), { nudge_type: 'SLOW_DOWN', intensity: 1, message: 'Try slowing down.' }); // ≤ 1.25×
    assert.equal(at(3.75, 0)?.intensity, 1);
    assert.equal(at(4.5, 0)?.intensity, 2); // ≤ 1.5×
    assert.equal(at(4.6, 0)?.intensity, 3);
    assert.equal(at(0, 0.5)?.intensity, 1); // (0.5 − 0.3) / 0.7 ≤ 1/3
    assert.equal(at(0, 0.7)?.intensity, 2);
    assert.equal(at(0, 0.9)?.intensity, 3);
    assert.deepEqual(at(10, 0.4), { nudge_type: 'PAUSE', intensity: 3, message: 'Pause and let your partner finish.' });
    assert.equal(speakingIntensity(1, 0), 3);
    assert.equal(overlapIntensity(1, 1), 3);
  });
});

describe('checkClientMessage', () => {
  test('never throws on arbitrary JSON, and accepts only well-formed in-range frames', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = checkClientMessage(v, SID);
        if (r.ok) {
          for (const k of ['timestamp_ms', 'speaking_rate', 'overlap_ratio'] as const) assert.ok(Number.isFinite(r.frame[k]));
        } else assert.ok(r.code && r.message);
      }),
    );
  });

  test('arbitrary payloads in a valid envelope: ok exactly when every field is a finite in-range number', () => {
    const field = fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.boolean(), fc.constant(undefined), fc.integer({ min: -5, max: 30 }));
    fc.assert(
      fc.property(field, field, field, (ts, r, o) => {
        const res = checkClientMessage({ type: 'client.feature_frame', sid: SID, payload: { timestamp_ms: ts, speaking_rate: r, overlap_ratio: o } }, SID);
        const good = (x: unknown, min: number, max: number) => typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max;
        assert.equal(res.ok, good(ts, 0, LIMITS.timestamp_ms.max) && good(r, 0, 20) && good(o, 0, 1));
      }),
    );
  });

  test('names what is wrong', () => {
    assert.equal(checkClientMessage([], SID).ok, false);
    const code = (m: unknown) => (checkClientMessage(m, SID) as { code: string }).code;
    assert.equal(code({ type: 'hello' }), 'unknown_type');
    assert.equal(code({ type: 'client.feature_frame', sid: 'other' }), 'wrong_sid');
    assert.equal(code({ type: 'client.feature_frame', sid: SID, payload: 3 }), 'invalid_payload');
    const r = checkClientMessage(
      { type: 'client.feature_frame', sid: SID.toUpperCase(), payload: { timestamp_ms: 1, speaking_rate: 21, overlap_ratio: 0 } },
      SID,
    );
    assert.ok(!r.ok && r.message.includes('speaking_rate'));
    const proto = JSON.parse('{"__proto__": {"type": "client.feature_frame"}}');
    assert.equal(code(proto), 'unknown_type');
  });
});

describe('report and suggestions rules', () => {
  test('the report builder keeps talk shares in 0..1 summing to 1 (or 0), and always has an action item', () => {
    const statsRow = fc.record({ frames: fc.nat(1000), speaking: fc.nat(1000), slow: fc.nat(5), pause: fc.nat(5) });
    fc.assert(
      fc.property(fc.array(statsRow, { minLength: 0, maxLength: 4 }), (users) => {
        const ids = users.map((_, i) => `0000000${i}-0000-4000-8000-000000000000`);
        const created = new Date('2025-01-01T10:00:00Z');
        const rows = users.map((u, i) => ({
          sessionId: SID,
          userId: ids[i]!,
          frames: u.frames + u.speaking,
          speakingFrames: u.speaking,
          speakingRateSum: u.speaking * 2,
          overlapRatioSum: 0,
          maxSpeakingRate: 2,
          maxOverlapRatio: 0,
          overSpeakingRate: 0,
          overOverlap: 0,
          firstFrameAt: created,
          lastFrameAt: created,
        }));
        const nudgeRows = users.flatMap((u, i) =>
          [...Array(u.slow).fill('SLOW_DOWN'), ...Array(u.pause).fill('PAUSE')].map((type: string, k) => ({
            id: `n${i}${k}`,
            sessionId: SID,
            userId: ids[i]!,
            nudgeType: type,
            intensity: 1 + (k % 3),
            speakingRate: 4,
            overlapRatio: 0.5,
            frameTimestampMs: k,
            createdAt: new Date(created.getTime() + k * 1000),
          })),
        );
        const r = buildReport({ createdAt: created, finalizedAt: new Date(created.getTime() + 60_000) }, ids, rows, nudgeRows);
        const sum = r.stats.participants.reduce((a, p) => a + p.talk_share, 0);
        assert.ok(r.stats.participants.every((p) => p.talk_share >= 0 && p.talk_share <= 1));
        assert.ok(sum === 0 || Math.abs(sum - 1) < 0.01, `shares sum to ${sum}`);
        assert.equal(r.stats.nudges.total, nudgeRows.length);
        assert.ok(r.moments.length <= 10 && r.action_items.length >= 1 && r.fallback_summary.length > 0);
        assert.deepEqual(actionItems(r.stats), r.action_items);
      }),
    );
  });

  test('suggestions: rule-based picks always well-formed; AI answers are cleaned or refused', () => {
    fc.assert(
      fc.property(
        fc.option(
          fc.record({
            sessions: fc.nat(10),
            frames: fc.nat(1000),
            slowDown: fc.nat(20),
            pause: fc.nat(20),
            maxTalkShare: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { nil: undefined },
        ),
        (s) => {
          const out = suggestActivities(s);
          assert.ok(out.length >= 3 && out.every((x) => x.id && x.title && x.duration_minutes > 0));
        },
      ),
    );
    fc.assert(fc.property(fc.jsonValue(), (v) => void cleanSuggestions(v)));
    assert.equal(cleanSuggestions({ suggestions: [{ title: 'x' }] }), null);
  });
});
