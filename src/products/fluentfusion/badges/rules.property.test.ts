// Property tests of the badge rules: each badge exactly when its condition holds, and never lost by more progress.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CATEGORIES, TARGET_LANGUAGES } from '../content/types.js';
import { BADGES, earnedBadges, longestStreak, QUICK_LEARNER_SECONDS, STREAK_DAYS, VOCABULARY_MASTER_WORDS, type ProgressFact } from './rules.js';

const DAY_MS = 86_400_000;
const dayString = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * DAY_MS).toISOString().slice(0, 10);

const fact = fc.record({
  lessonId: fc.constantFrom(...Array.from({ length: 15 }, (_, i) => `l${i}`)),
  language: fc.constantFrom(...TARGET_LANGUAGES),
  category: fc.constantFrom(...CATEGORIES),
  words: fc.array(fc.constantFrom(...Array.from({ length: 60 }, (_, i) => `w${i}`), 'Word', 'word ', 'WORD'), { maxLength: 20 }),
  score: fc.oneof(fc.constant(100), fc.double({ min: 0, max: 100, noNaN: true })),
  timeSpent: fc.oneof(fc.constant(QUICK_LEARNER_SECONDS), fc.constant(QUICK_LEARNER_SECONDS - 1), fc.integer({ min: 0, max: 5000 })),
  completed: fc.boolean(),
}) as fc.Arbitrary<ProgressFact>;

const days = fc.array(fc.integer({ min: 0, max: 40 }).map(dayString), { maxLength: 30 });

/** Longest streak by brute force: the longest k such that some start day has all k days present. */
function streakByBruteForce(ds: string[]): number {
  const set = new Set(ds);
  let best = 0;
  for (const d of set) {
    let k = 0;
    const start = Date.parse(`${d}T00:00:00Z`);
    while (set.has(new Date(start + k * DAY_MS).toISOString().slice(0, 10))) k++;
    best = Math.max(best, k);
  }
  return best;
}

describe('badge rules', () => {
  test('the catalogue has the eight badges B001–B008', () => {
    assert.deepEqual(
      BADGES.map((b) => b.badge_id),
      ['B001', 'B002', 'B003', 'B004', 'B005', 'B006', 'B007', 'B008'],
    );
    assert.deepEqual(
      BADGES.map((b) => b.name),
      ['First Steps', 'Conversationalist', 'Language Enthusiast', 'Perfect Score', 'Quick Learner', 'Culture Explorer', 'Vocabulary Master', 'Week Streak'],
    );
  });

  test('each badge is earned exactly when its condition holds', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 25 }), days, (facts, ds) => {
        const got = earnedBadges(facts, ds);
        const done = facts.filter((f) => f.completed);
        const lessons = new Set(done.map((f) => f.lessonId)).size;
        assert.equal(got.has('B001'), lessons >= 1);
        assert.equal(got.has('B002'), lessons >= 5);
        assert.equal(got.has('B003'), lessons >= 10);
        assert.equal(
          got.has('B004'),
          done.some((f) => f.score === 100),
        );
        assert.equal(
          got.has('B005'),
          done.some((f) => f.timeSpent < QUICK_LEARNER_SECONDS),
        );
        const explorer = TARGET_LANGUAGES.some((lang) => CATEGORIES.every((c) => done.some((f) => f.language === lang && f.category === c)));
        assert.equal(got.has('B006'), explorer);
        const words = new Set(done.flatMap((f) => f.words.map((w) => `${f.language}|${w.trim().toLowerCase()}`)));
        assert.equal(got.has('B007'), words.size >= VOCABULARY_MASTER_WORDS);
        assert.equal(got.has('B008'), streakByBruteForce(ds) >= STREAK_DAYS);
      }),
      { numRuns: 300 },
    );
  });

  test('more progress or more days never take a badge away', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 20 }), fc.array(fact, { maxLength: 10 }), days, days, (a, b, d1, d2) => {
        const before = earnedBadges(a, d1);
        const after = earnedBadges([...a, ...b], [...d1, ...d2]);
        for (const id of before) assert.ok(after.has(id), `${id} lost`);
      }),
    );
  });

  test('records that are not completed earn nothing but the streak', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 20 }), days, (facts, ds) => {
        const got = earnedBadges(
          facts.map((f) => ({ ...f, completed: false })),
          ds,
        );
        assert.deepEqual(
          [...got].filter((b) => b !== 'B008'),
          [],
        );
      }),
    );
  });

  test('longest streak counts consecutive calendar days, repeats and order ignored', () => {
    fc.assert(fc.property(days, (ds) => assert.equal(longestStreak(ds), streakByBruteForce(ds))));
    assert.equal(longestStreak([]), 0);
    assert.equal(longestStreak(['2024-02-28', '2024-02-29', '2024-03-01']), 3);
    assert.equal(longestStreak(['2024-12-31', '2025-01-01', '2025-01-01']), 2);
    assert.equal(longestStreak(Array.from({ length: 7 }, (_, i) => dayString(i * 2))), 1);
  });

  test('examples at the thresholds', () => {
    const base: ProgressFact = { lessonId: 'x', language: 'french', category: 'food', words: [], score: 50, timeSpent: 900, completed: true };
    assert.deepEqual([...earnedBadges([base], [])], ['B001']);
    assert.ok(earnedBadges([{ ...base, timeSpent: 599 }], []).has('B005'));
    assert.ok(!earnedBadges([{ ...base, timeSpent: 600 }], []).has('B005'));
    assert.ok(earnedBadges([{ ...base, score: 100 }], []).has('B004'));
    assert.ok(!earnedBadges([{ ...base, score: 99.99 }], []).has('B004'));
    const five = Array.from({ length: 5 }, (_, i) => ({ ...base, lessonId: `l${i}` }));
    assert.ok(earnedBadges(five, []).has('B002'));
    assert.ok(!earnedBadges([...five.slice(0, 4), { ...base, lessonId: 'l0' }], []).has('B002'));
    const sixCats = CATEGORIES.map((c, i) => ({ ...base, lessonId: `c${i}`, category: c }));
    assert.ok(earnedBadges(sixCats, []).has('B006'));
    assert.ok(
      !earnedBadges(
        sixCats.map((f, i) => ({ ...f, language: i === 0 ? 'english' : 'french' })),
        [],
      ).has('B006'),
    );
    const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `word${from + i}`);
    assert.ok(
      earnedBadges(
        [
          { ...base, words: words(60) },
          { ...base, lessonId: 'y', words: words(40, 60) },
        ],
        [],
      ).has('B007'),
    );
    assert.ok(
      !earnedBadges(
        [
          { ...base, words: words(60) },
          { ...base, lessonId: 'y', words: words(40, 59) },
        ],
        [],
      ).has('B007'),
    );
    assert.ok(
      earnedBadges(
        [],
        Array.from({ length: 7 }, (_, i) => dayString(i)),
      ).has('B008'),
    );
    assert.ok(
      !earnedBadges(
        [],
        Array.from({ length: 6 }, (_, i) => dayString(i)),
      ).has('B008'),
    );
  });
});
