// Property tests of grading: case, padding and order of matching pairs never change the verdict; other words do.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCorrect, normalizeAnswer, parseMatchingAnswer, scoreFromAttempts, stableShuffle } from './grading.js';

const word = fc.stringMatching(/^[a-zA-Zàâçéèêëîïôûùüÿœ' ]{1,20}$/).filter((s) => s.trim().length > 0 && !/^[' ]+$/.test(s));
const pad = fc.stringMatching(/^[ \t\n]{0,3}$/);
const recase = (s: string, mask: boolean[]) => [...s].map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c.toLowerCase())).join('');

describe('grading', () => {
  test('trimmed and case-insensitive for free-text answers', () => {
    fc.assert(
      fc.property(
        word,
        pad,
        pad,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('multiple_choice', 'fill_blank', 'translation' as const),
        (key, l, r, mask, type) => {
          assert.ok(isCorrect(type, `${l}${recase(key, mask)}${r}`, key));
        },
      ),
    );
  });

  test('a different answer is wrong', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        fc.pre(normalizeAnswer(a) !== normalizeAnswer(b));
        assert.ok(!isCorrect('translation', a, b));
      }),
    );
    assert.ok(!isCorrect('fill_blank', '', 'x'));
    assert.ok(!isCorrect('fill_blank', '   ', ' '));
  });

  test('typography and accents in composed or decomposed form grade alike', () => {
    assert.ok(isCorrect('translation', 'L’hôtel est complet.', "l'hôtel est complet"));
    assert.ok(isCorrect('translation', 'cafe\u0301', 'café'));
    assert.ok(isCorrect('translation', 'Murakoze  cyane!', 'murakoze cyane'));
    assert.ok(!isCorrect('translation', 'cafe', 'café'));
  });

  test('matching: the set of pairs counts, not their order, case or spacing', () => {
    const pairs = fc
      .uniqueArray(fc.tuple(word, word), { minLength: 2, maxLength: 6, selector: ([l]) => normalizeAnswer(l) })
      .filter((ps) => new Set(ps.map(([, r]) => normalizeAnswer(r))).size === ps.length);
    fc.assert(
      fc.property(pairs, fc.integer(), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), (ps, seed, mask) => {
        const key = ps.map(([l, r]) => `${l}=${r}`).join(';');
        const shuffled = stableShuffle(ps, String(seed));
        const answer = shuffled.map(([l, r]) => ` ${recase(l, mask)} = ${recase(r, mask)} `).join(seed % 2 ? ';' : '\n');
        assert.ok(isCorrect('matching', answer, key));
        // Dropping a pair, or swapping two right-hand items, is wrong.
        assert.ok(
          !isCorrect(
            'matching',
            shuffled
              .slice(1)
              .map(([l, r]) => `${l}=${r}`)
              .join(';'),
            key,
          ),
        );
        const swapped = ps.map(([l], i) => `${l}=${ps[(i + 1) % ps.length]![1]}`).join(';');
        assert.ok(!isCorrect('matching', swapped, key));
      }),
    );
    assert.equal(parseMatchingAnswer('a=b;c'), null);
    assert.equal(parseMatchingAnswer(''), null);
    assert.equal(parseMatchingAnswer('=b'), null);
    assert.ok(!isCorrect('matching', 'a=b;a=b;c=d', 'a=b;c=d;e=f'));
  });

  test('a lesson score counts each exercise once, at its best attempt', () => {
    const exercises = [
      { id: 'e1', points: 10 },
      { id: 'e2', points: 15 },
      { id: 'e3', points: 20 },
      { id: 'e4', points: 20 },
    ];
    assert.deepEqual(scoreFromAttempts(exercises, []), { score: 0, exercisesCompleted: 0, totalExercises: 4 });
    const attempts = [
      { exerciseId: 'e1', pointsEarned: 0 },
      { exerciseId: 'e1', pointsEarned: 10 },
      { exerciseId: 'e1', pointsEarned: 10 },
      { exerciseId: 'e2', pointsEarned: 0 },
      { exerciseId: 'other', pointsEarned: 20 },
    ];
    assert.deepEqual(scoreFromAttempts(exercises, attempts), { score: 15.38, exercisesCompleted: 2, totalExercises: 4 });
    fc.assert(
      fc.property(fc.array(fc.record({ exerciseId: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'x'), pointsEarned: fc.constantFrom(0, 10, 15, 20) })), (as) => {
        const s = scoreFromAttempts(exercises, as);
        assert.ok(s.score >= 0 && s.score <= 100);
        assert.ok(s.exercisesCompleted <= s.totalExercises);
      }),
    );
  });

  test('the stable shuffle is a permutation, repeatable, and never the original order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 2, maxLength: 10 }), fc.string(), (xs, seed) => {
        const a = stableShuffle(xs, seed);
        assert.deepEqual([...a].sort(), [...xs].sort());
        assert.deepEqual(stableShuffle(xs, seed), a);
        assert.notDeepEqual(a, xs);
      }),
    );
  });
});
