// Unit and property tests of the learner numbers: XP and levels, streaks, pulse, percentages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { longestStreak } from '../badges/rules.js';
import { daysBetween, levelOf, percent, PULSE_STATES, pulseState, streaks, successRate, utcDay, xpOf, XP_PER_LESSON } from './metrics.js';

const DAY_MS = 86_400_000;
const day = (n: number) => utcDay(Date.UTC(2024, 0, 1) + n * DAY_MS);

describe('XP and level', () => {
  test('examples: answers count their points, each completed lesson 10', () => {
    assert.equal(xpOf([], 0), 0);
    assert.equal(xpOf([10, 15, 20], 0), 45);
    assert.equal(xpOf([10], 2), 30);
    assert.deepEqual(levelOf(0), { level: 1, nextLevelXp: 100 });
    assert.deepEqual(levelOf(99), { level: 1, nextLevelXp: 100 });
    assert.deepEqual(levelOf(100), { level: 2, nextLevelXp: 200 });
    assert.deepEqual(levelOf(250), { level: 3, nextLevelXp: 300 });
  });
  test('property: XP is the sum plus 10 per lesson; the level brackets the XP', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 50 }), fc.nat(100), (points, lessons) => {
        const xp = xpOf(points, lessons);
        assert.equal(xp, points.reduce((s, p) => s + p, 0) + XP_PER_LESSON * lessons);
        const { level, nextLevelXp } = levelOf(xp);
        assert.ok(level >= 1);
        assert.equal(nextLevelXp, level * 100);
        assert.ok((level - 1) * 100 <= xp && xp < nextLevelXp);
        // More lessons never lower the level.
        assert.ok(levelOf(xpOf(points, lessons + 1)).level >= level);
      }),
    );
  });
});

describe('streaks', () => {
  test('examples: current ends today or yesterday; a missed day breaks it; best is the longest run', () => {
    const today = day(10);
    assert.deepEqual(streaks([], today), { current: 0, best: 0 });
    assert.deepEqual(streaks([day(8), day(9), day(10)], today), { current: 3, best: 3 });
    assert.deepEqual(streaks([day(8), day(9)], today), { current: 2, best: 2 });
    assert.deepEqual(streaks([day(7), day(8)], today), { current: 0, best: 2 });
    assert.deepEqual(streaks([day(0), day(1), day(2), day(3), day(9), day(10)], today), { current: 2, best: 4 });
    // Repeats and any order.
    assert.deepEqual(streaks([day(10), day(9), day(10)], today), { current: 2, best: 2 });
  });
  test('property: current ≤ best = longestStreak; current counts back from today or yesterday by brute force', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 }), fc.integer({ min: 0, max: 32 }), (ns, t) => {
        const days = ns.map(day);
        const s = streaks(days, day(t));
        assert.equal(s.best, longestStreak(days));
        assert.ok(s.current <= s.best);
        const set = new Set(ns);
        const start = set.has(t) ? t : set.has(t - 1) ? t - 1 : null;
        let k = 0;
        if (start !== null) while (set.has(start - k)) k++;
        assert.equal(s.current, k);
      }),
    );
  });
});

describe('pulse', () => {
  const today = day(30);
  test('examples of each rule', () => {
    assert.equal(pulseState({ lastActivityDay: null, recordedLessons: 0, averageScore: null }, today), 'coasting');
    assert.equal(pulseState({ lastActivityDay: day(16), recordedLessons: 3, averageScore: 95 }, today), 'disengaged');
    assert.equal(pulseState({ lastActivityDay: day(17), recordedLessons: 3, averageScore: 95 }, today), 'coasting');
    assert.equal(pulseState({ lastActivityDay: day(30), recordedLessons: 2, averageScore: 59.9 }, today), 'struggling');
    assert.equal(pulseState({ lastActivityDay: day(30), recordedLessons: 1, averageScore: 10 }, today), 'coasting');
    assert.equal(pulseState({ lastActivityDay: day(28), recordedLessons: 1, averageScore: 80 }, today), 'thriving');
    assert.equal(pulseState({ lastActivityDay: day(27), recordedLessons: 1, averageScore: 100 }, today), 'coasting');
    assert.equal(pulseState({ lastActivityDay: day(30), recordedLessons: 4, averageScore: 79.99 }, today), 'coasting');
  });
  test('property: always one of the five states, never burning_out, and exactly the documented rule', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
        fc.nat(20),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (last, recorded, avg) => {
          const facts = { lastActivityDay: last === null ? null : day(last), recordedLessons: recorded, averageScore: recorded > 0 ? avg : null };
          const p = pulseState(facts, today);
          assert.ok(PULSE_STATES.includes(p));
          assert.notEqual(p, 'burning_out');
          const idle = last === null ? null : Math.max(0, daysBetween(day(last), today));
          const expected =
            idle === null
              ? 'coasting'
              : idle >= 14
                ? 'disengaged'
                : recorded >= 2 && avg < 60
                  ? 'struggling'
                  : recorded > 0 && idle < 3 && avg >= 80
                    ? 'thriving'
                    : 'coasting';
          assert.equal(p, expected);
        },
      ),
    );
  });
});

describe('percentages', () => {
  test('completion has one decimal and stays within 0–100; success rate is an integer', () => {
    assert.equal(percent(0, 0), 0);
    assert.equal(percent(1, 3), 33.3);
    assert.equal(percent(2, 3), 66.7);
    assert.equal(percent(8, 8), 100);
    assert.equal(percent(9, 8), 100);
    assert.equal(successRate(0, 0), 0);
    assert.equal(successRate(2, 3), 67);
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (a, b) => {
        const p = percent(a, b);
        assert.ok(p >= 0 && p <= 100);
        assert.equal(Math.round(p * 10) / 10, p);
        const s = successRate(a, b);
        assert.ok(Number.isInteger(s) && s >= 0 && s <= 100);
      }),
    );
  });
});
