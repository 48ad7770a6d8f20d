// Property tests of the recommendation rules (the seed's three cases) on random catalogues and histories.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DIFFICULTIES, type Difficulty } from '../content/types.js';
import { EXCELLENT_AVERAGE, MAX_RECOMMENDATIONS, RULES, lastRecord, recommend, type ProgressRecord } from './rules.js';

const difficulty = fc.constantFrom(...DIFFICULTIES);
const catalogue = fc.uniqueArray(fc.record({ lessonId: fc.string({ minLength: 1, maxLength: 4 }), difficulty }), {
  selector: (l) => l.lessonId,
  maxLength: 20,
});

const history = (ids: string[]) =>
  fc.uniqueArray(
    fc.record({
      lessonId: ids.length ? fc.oneof(fc.constantFrom(...ids), fc.string({ minLength: 1, maxLength: 4 })) : fc.string({ minLength: 1, maxLength: 4 }),
      difficulty,
      score: fc.oneof(fc.constant(EXCELLENT_AVERAGE), fc.double({ min: 0, max: 100, noNaN: true })),
      completed: fc.boolean(),
      at: fc.date({ min: new Date('2024-01-01'), max: new Date('2025-01-01'), noInvalidDate: true }),
    }),
    { selector: (r) => r.lessonId, maxLength: 12 },
  ) as fc.Arbitrary<ProgressRecord[]>;

const scenario = catalogue.chain((lessons) => fc.tuple(fc.constant(lessons), history(lessons.map((l) => l.lessonId))));

const next = (d: Difficulty): Difficulty => DIFFICULTIES[Math.min(DIFFICULTIES.indexOf(d) + 1, 2)]!;

describe('recommendation rules', () => {
  test('never more than five, never a started lesson, always from the catalogue in its order', () => {
    fc.assert(
      fc.property(scenario, ([lessons, records]) => {
        const recs = recommend(lessons, records);
        assert.ok(recs.length <= MAX_RECOMMENDATIONS);
        const started = new Set(records.map((r) => r.lessonId));
        for (const r of recs) assert.ok(!started.has(r.lesson.lessonId));
        const positions = recs.map((r) => lessons.indexOf(r.lesson));
        assert.ok(positions.every((p) => p >= 0));
        assert.deepEqual(
          positions,
          [...positions].sort((a, b) => a - b),
        );
      }),
      { numRuns: 300 },
    );
  });

  test('the rule follows the history: newcomer, excellent average, or practice', () => {
    fc.assert(
      fc.property(scenario, ([lessons, records]) => {
        const recs = recommend(lessons, records);
        const started = new Set(records.map((r) => r.lessonId));
        const open = lessons.filter((l) => !started.has(l.lessonId));
        let levels: Difficulty[];
        let rule: { reason: string; confidence: number };
        if (records.length === 0) {
          levels = ['beginner'];
          rule = RULES.newcomer;
        } else {
          const avg = records.reduce((s, r) => s + r.score, 0) / records.length;
          const done = records.filter((r) => r.completed);
          const pool = done.length ? done : records;
          const latest = pool.reduce((a, b) => (b.at > a.at ? b : a));
          if (avg >= EXCELLENT_AVERAGE) {
            levels = [latest.difficulty, next(latest.difficulty)];
            rule = RULES.excelling;
          } else {
            levels = [latest.difficulty];
            rule = RULES.practising;
          }
        }
        const expected = open.filter((l) => levels.includes(l.difficulty)).slice(0, MAX_RECOMMENDATIONS);
        assert.deepEqual(
          recs.map((r) => r.lesson),
          expected,
        );
        for (const r of recs) {
          assert.equal(r.reason, rule.reason);
          assert.equal(r.confidence, rule.confidence);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the last completed record wins over a later record that is not completed', () => {
    const rec = (lessonId: string, difficulty: Difficulty, completed: boolean, day: number): ProgressRecord => ({
      lessonId,
      difficulty,
      score: 90,
      completed,
      at: new Date(Date.UTC(2024, 0, day)),
    });
    assert.equal(lastRecord([rec('a', 'beginner', true, 1), rec('b', 'advanced', false, 5)])?.lessonId, 'a');
    assert.equal(lastRecord([rec('a', 'beginner', false, 1), rec('b', 'advanced', false, 5)])?.lessonId, 'b');
    assert.equal(lastRecord([]), undefined);
  });

  test('examples from the seed', () => {
    const lessons = [
      { lessonId: 'b1', difficulty: 'beginner' as const },
      { lessonId: 'b2', difficulty: 'beginner' as const },
      { lessonId: 'i1', difficulty: 'intermediate' as const },
      { lessonId: 'a1', difficulty: 'advanced' as const },
    ];
    assert.deepEqual(
      recommend(lessons, []).map((r) => [r.lesson.lessonId, r.reason, r.confidence]),
      [
        ['b1', 'Perfect for beginners', 0.9],
        ['b2', 'Perfect for beginners', 0.9],
      ],
    );
    const at = new Date();
    const good = [{ lessonId: 'b1', difficulty: 'beginner' as const, score: 80, completed: true, at }];
    assert.deepEqual(
      recommend(lessons, good).map((r) => [r.lesson.lessonId, r.reason, r.confidence]),
      [
        ['b2', 'Based on your excellent progress', 0.85],
        ['i1', 'Based on your excellent progress', 0.85],
      ],
    );
    const weak = [{ ...good[0]!, score: 79.9 }];
    assert.deepEqual(
      recommend(lessons, weak).map((r) => [r.lesson.lessonId, r.reason, r.confidence]),
      [['b2', 'Practice makes perfect', 0.75]],
    );
    const top = [{ lessonId: 'a0', difficulty: 'advanced' as const, score: 100, completed: true, at }];
    assert.deepEqual(
      recommend(lessons, top).map((r) => r.lesson.lessonId),
      ['a1'],
    );
  });
});
