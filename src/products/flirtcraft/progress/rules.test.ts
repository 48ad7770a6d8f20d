import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ACHIEVEMENTS,
  LEVELS,
  awardAchievements,
  conversationXp,
  currentStreak,
  levelFor,
  nextStreak,
  qualifyingAchievements,
  streakMultiplier,
} from './rules.js';
import { FREE_SCENARIOS } from '../scenarios/catalogue.js';
import { addDays } from '../shared/time.js';

test('levels: thresholds from the design, monotone in XP', () => {
  assert.deepEqual(levelFor(0), { level: 1, title: 'Newcomer', nextLevelXp: 200 });
  assert.equal(levelFor(199).level, 1);
  assert.equal(levelFor(200).level, 2);
  assert.equal(levelFor(12_000).level, 10);
  assert.equal(levelFor(1e9).nextLevelXp, null);
  fc.assert(
    fc.property(fc.nat(20_000), fc.nat(5_000), (a, d) => {
      assert.ok(levelFor(a + d).level >= levelFor(a).level);
      const l = levelFor(a);
      assert.ok(LEVELS[l.level - 1]!.xp <= a);
    }),
  );
});

test('conversation XP: base, bonuses, quality and the streak multiplier', () => {
  assert.deepEqual(conversationXp({ score: 50, difficulty: 'green', firstOfDay: false, newScenario: false, streak: 1 }).total, 100);
  const full = conversationXp({ score: 100, difficulty: 'red', firstOfDay: true, newScenario: true, streak: 7 });
  assert.equal(full.total, Math.round((100 + 50 + 25 + 20 + 30) * 1.25));
  assert.equal(
    full.items.reduce((a, b) => a + b.points, 0),
    full.total,
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 100 }),
      fc.constantFrom('green' as const, 'yellow' as const, 'red' as const),
      fc.boolean(),
      fc.boolean(),
      fc.integer({ min: 1, max: 60 }),
      (score, d, first, fresh, streak) => {
        const x = conversationXp({ score, difficulty: d, firstOfDay: first, newScenario: fresh, streak });
        assert.equal(
          x.items.reduce((a, b) => a + b.points, 0),
          x.total,
        );
        assert.ok(x.total >= 100 && x.total <= Math.round(225 * 2));
        assert.equal(x.multiplier, streakMultiplier(streak));
      },
    ),
  );
});

test('streaks: consecutive days grow, a gap restarts at 1, the same day keeps it', () => {
  assert.equal(nextStreak(null, 0, '2026-01-10'), 1);
  assert.equal(nextStreak('2026-01-09', 4, '2026-01-10'), 5);
  assert.equal(nextStreak('2026-01-10', 4, '2026-01-10'), 4);
  assert.equal(nextStreak('2026-01-07', 4, '2026-01-10'), 1);
  assert.equal(currentStreak('2026-01-09', 4, '2026-01-10'), 4);
  assert.equal(currentStreak('2026-01-08', 4, '2026-01-10'), 0);
  assert.equal(currentStreak(null, 0, '2026-01-10'), 0);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }), (gaps) => {
      // practice on days separated by the gaps: the streak equals the run of 0/1 gaps at the end
      let day = '2026-01-01';
      let last: string | null = null;
      let streak = 0;
      let expected = 0;
      for (const g of gaps) {
        day = addDays(day, g);
        streak = nextStreak(last, streak, day);
        expected = last === null ? 1 : g === 0 ? expected : g === 1 ? expected + 1 : 1;
        last = day;
        assert.equal(streak, Math.max(1, expected));
      }
    }),
  );
});

test('achievements: qualifying rules and cascading rewards, each once', () => {
  const none = { completed: 0, golds: 0, reds: 0, streak: 0, scenarios: new Set<string>(), thisWeek: 0, freeScenarios: FREE_SCENARIOS };
  assert.deepEqual(qualifyingAchievements({ ...none, level: 1 }), []);
  assert.deepEqual(qualifyingAchievements({ ...none, completed: 1, golds: 1, streak: 1, thisWeek: 1, level: 1 }), ['ice_breaker', 'smooth_operator']);
  assert.ok(qualifyingAchievements({ ...none, scenarios: new Set(FREE_SCENARIOS), level: 1 }).includes('scenario_explorer'));
  // 1780 XP + ice_breaker's 25 crosses level 5 (1800): level_up follows in the same award.
  const a = awardAchievements({ ...none, completed: 1 }, 1780, new Set());
  assert.deepEqual(
    a.newOnes.map((x) => x.type),
    ['ice_breaker', 'level_up'],
  );
  assert.equal(a.xp, 1780 + 25 + 50);
  assert.deepEqual(awardAchievements({ ...none, completed: 1 }, 0, new Set(['ice_breaker'])).newOnes, []);
  assert.equal(new Set(ACHIEVEMENTS.map((x) => x.type)).size, ACHIEVEMENTS.length);
});
