import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, ageFromBirthYear, daysBetween, formatDuration, isoWeek, nextUtcMidnight, startOfUtcDay, utcDay } from './time.js';

const ms = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });

test('day arithmetic: addDays and daysBetween are inverse; midnight bounds contain the instant', () => {
  fc.assert(
    fc.property(ms, fc.integer({ min: -800, max: 800 }), (t, n) => {
      const d = utcDay(t);
      assert.equal(daysBetween(d, addDays(d, n)), n);
      assert.ok(startOfUtcDay(t).getTime() <= t && t < nextUtcMidnight(t).getTime());
      assert.equal(nextUtcMidnight(t).getTime() - startOfUtcDay(t).getTime(), 86_400_000);
      assert.equal(utcDay(startOfUtcDay(t).getTime()), d);
    }),
  );
});

test('ISO weeks: Monday to Sunday share a week; a week has seven days', () => {
  assert.equal(isoWeek('2026-12-07'), isoWeek('2026-12-13')); // Mon … Sun
  assert.notEqual(isoWeek('2026-12-13'), isoWeek('2026-12-14'));
  assert.equal(isoWeek('2021-01-03'), '2020-W53');
  assert.equal(isoWeek('2026-01-01'), '2026-W01');
  fc.assert(fc.property(ms, (t) => assert.notEqual(isoWeek(utcDay(t)), isoWeek(addDays(utcDay(t), 7)))));
});

test('durations read like Python timedelta; ages count by calendar year', () => {
  assert.equal(formatDuration(0), '0:00:00');
  assert.equal(formatDuration(3725.9), '1:02:05');
  assert.equal(formatDuration(90_061), '1 day, 1:01:01');
  assert.equal(formatDuration(-5), '0:00:00');
  assert.equal(ageFromBirthYear(2000, Date.UTC(2026, 0, 1)), 26);
  assert.equal(ageFromBirthYear(2000, Date.UTC(2026, 11, 31, 23, 59)), 26);
});
