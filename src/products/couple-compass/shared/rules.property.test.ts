// Property tests of Couple Compass's pure rules: quiz scoring, invite codes, mood trend and streaks, body dates.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { COMMUNICATION_STYLES, LOVE_LANGUAGES, RELATIONSHIP_CATEGORIES, interpret, scoreByCategory, scoreRelationship } from '../quizzes/quiz-scoring.js';
import { INVITE_ALPHABET, generateInviteCode, normalizeInviteCode } from '../couples/invite-code.js';
import { addDays, streaks, trend } from '../moods/mood-stats.js';
import { localDay } from '../../../core/time-zone.js';
import { isCalendarDay, parseStorableDate } from './dates.js';

const answerValue = (cats: readonly string[]) =>
  fc.oneof(fc.constantFrom(...cats), fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));

const responsesFor = (cats: readonly string[]) => fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), answerValue(cats), { maxKeys: 60 });

const categoriesAndResponses = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 })
  .chain((cats) => fc.tuple(fc.constant(cats), responsesFor(cats)));

function checkCategoryScores(cats: readonly string[], responses: Record<string, unknown>) {
  const s = scoreByCategory(cats, responses);
  assert.deepEqual(Object.keys(s.scores).sort(), [...cats].sort());
  assert.deepEqual(Object.keys(s.percentages).sort(), [...cats].sort());
  const expectedTotal = Object.values(responses).filter((v) => typeof v === 'string' && cats.includes(v)).length;
  const total = Object.values(s.scores).reduce((a, b) => a + b, 0);
  assert.equal(total, expectedTotal);
  const pcts = Object.values(s.percentages);
  for (const p of pcts) assert.ok(Number.isFinite(p) && p >= 0 && p <= 100, `percentage ${p}`);
  const sum = pcts.reduce((a, b) => a + b, 0);
  if (total === 0) assert.ok(pcts.every((p) => p === 0));
  else assert.ok(Math.abs(sum - 100) <= 0.05 * cats.length + 1e-9, `percentages sum to ${sum}`);
  const max = Math.max(...Object.values(s.scores));
  assert.ok(cats.includes(s.primary));
  assert.equal(s.scores[s.primary], max);
  // Ties keep the listed order: no earlier category has the primary's count.
  assert.ok(cats.slice(0, cats.indexOf(s.primary)).every((c) => s.scores[c]! < max));
  if (cats.length > 1) {
    assert.ok(s.secondary !== null && s.secondary !== s.primary && cats.includes(s.secondary));
    for (const c of cats) if (c !== s.primary) assert.ok(s.scores[s.secondary]! >= s.scores[c]!);
  } else {
    assert.equal(s.secondary, null);
  }
}

describe('scoreByCategory', () => {
  test('any categories: never divides by zero, percentages sum to ~100 or are all 0, primary has the max count', () => {
    fc.assert(
      fc.property(categoriesAndResponses, ([cats, responses]) => checkCategoryScores(cats, responses)),
      { numRuns: 500 },
    );
  });

  test('the shipped love languages and communication styles', () => {
    for (const cats of [LOVE_LANGUAGES, COMMUNICATION_STYLES]) {
      fc.assert(
        fc.property(responsesFor(cats), (responses) => checkCategoryScores(cats, responses)),
        { numRuns: 300 },
      );
    }
  });

  test('keys that look like Object.prototype members are counted like any other', () => {
    checkCategoryScores(['__proto__', 'constructor', 'toString'], { a: '__proto__', b: 'constructor', c: 'hasOwnProperty', d: 'toString', e: 'toString' });
    const s = scoreByCategory(LOVE_LANGUAGES, { a: 'constructor', b: '__proto__', c: 'valueOf' });
    assert.ok(Object.values(s.percentages).every((p) => p === 0));
  });
});

describe('scoreRelationship', () => {
  const keys = RELATIONSHIP_CATEGORIES.map((c) => c.key);
  const answers = fc.array(fc.record({ category: fc.constantFrom(...keys), points: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 40 });

  test('score in [25, 100] for answers worth 1..4, interpretation matches the thresholds', () => {
    fc.assert(
      fc.property(answers, (as) => {
        const r = scoreRelationship(as);
        assert.ok(r.overall_score >= 25 && r.overall_score <= 100, `${r.overall_score}`);
        const expected = r.overall_score >= 85 ? 'strong' : r.overall_score >= 70 ? 'stable' : r.overall_score >= 55 ? 'strained' : 'at_risk';
        assert.equal(r.interpretation, expected);
        assert.deepEqual(Object.keys(r.category_scores).sort(), [...new Set(as.map((a) => a.category))].sort());
        for (const v of Object.values(r.category_scores)) assert.ok(v >= 25 && v <= 100);
        // Overall lies between the lowest and highest category (a weighted mean), give or take rounding.
        const vs = Object.values(r.category_scores);
        assert.ok(r.overall_score >= Math.min(...vs) - 0.1 && r.overall_score <= Math.max(...vs) + 0.1);
      }),
      { numRuns: 500 },
    );
  });

  test('every answer the same p → overall 25·p', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.uniqueArray(fc.constantFrom(...keys), { minLength: 1 }), (p, cats) => {
        assert.equal(scoreRelationship(cats.map((category) => ({ category, points: p }))).overall_score, 25 * p);
      }),
    );
  });

  test('points outside 1..4 are clamped; unknown categories are ignored', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ category: fc.constantFrom(...keys, 'other'), points: fc.integer({ min: -100, max: 100 }) }), { maxLength: 30 }),
        (as) => {
          const r = scoreRelationship(as);
          if (as.every((a) => a.category === 'other')) assert.equal(r.overall_score, 0);
          else assert.ok(r.overall_score >= 25 && r.overall_score <= 100);
          assert.ok(!('other' in r.category_scores));
        },
      ),
    );
  });

  test('interpret is monotonic with the documented thresholds', () => {
    assert.deepEqual([100, 85, 84.9, 70, 69.9, 55, 54.9, 25, 0].map(interpret), [
      'strong',
      'strong',
      'stable',
      'stable',
      'strained',
      'strained',
      'at_risk',
      'at_risk',
      'at_risk',
    ]);
    const rank = { at_risk: 0, strained: 1, stable: 2, strong: 3 };
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (a, b) => {
        if (a <= b) assert.ok(rank[interpret(a)] <= rank[interpret(b)]);
      }),
    );
  });
});

describe('invite codes', () => {
  test('generateInviteCode uses only INVITE_ALPHABET and the requested length', () => {
    assert.doesNotMatch(INVITE_ALPHABET, /[0O1I]/);
    assert.equal(new Set(INVITE_ALPHABET).size, INVITE_ALPHABET.length);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), (n) => {
        const code = generateInviteCode(n);
        assert.equal(code.length, n);
        for (const ch of code) assert.ok(INVITE_ALPHABET.includes(ch), ch);
      }),
      { numRuns: 300 },
    );
  });

  test('with any random source in range, every alphabet index maps to its character', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: INVITE_ALPHABET.length - 1 }), { maxLength: 16 }), (picks) => {
        let i = 0;
        const code = generateInviteCode(picks.length, () => picks[i++]!);
        assert.equal(code, picks.map((p) => INVITE_ALPHABET[p]).join(''));
      }),
    );
  });

  test('normalizeInviteCode is idempotent and undoes case, spaces and dashes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (s) =>
        assert.equal(normalizeInviteCode(normalizeInviteCode(s)), normalizeInviteCode(s)),
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.constantFrom(' ', '-', '\t'), { maxLength: 4 }), fc.boolean(), (n, junk, lower) => {
        const code = generateInviteCode(n);
        const typed =
          (lower ? code.toLowerCase() : code)
            .split('')
            .map((c, i) => (i < junk.length ? junk[i] + c : c))
            .join('') + junk.join('');
        assert.equal(normalizeInviteCode(typed), code);
      }),
    );
  });
});

describe('mood statistics', () => {
  const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => localDay('UTC', d));

  test('addDays round-trips and localDay is a calendar day', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -4000, max: 4000 }), (d, n) => {
        assert.ok(isCalendarDay(d), d);
        assert.equal(addDays(addDays(d, n), -n), d);
        assert.equal(addDays(d, n) > d, n > 0);
      }),
    );
  });

  /** Offsets are days ago (0 = today). */
  function reference(offsets: number[]) {
    const set = new Set(offsets);
    let longest = 0;
    for (const o of set) {
      if (set.has(o - 1)) continue;
      let n = 1;
      while (set.has(o + n)) n++;
      longest = Math.max(longest, n);
    }
    const start = set.has(0) ? 0 : set.has(1) ? 1 : undefined;
    let current = 0;
    if (start !== undefined) while (set.has(start + current)) current++;
    return { current, longest };
  }

  test('streaks match a reference over any set of days', () => {
    fc.assert(
      fc.property(day, fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), (today, offsets) => {
        const daysDesc = [...offsets].sort((a, b) => a - b).map((o) => addDays(today, -o));
        const s = streaks(daysDesc, today);
        assert.deepEqual(s, reference(offsets));
        assert.ok(s.current <= s.longest && s.longest <= offsets.length);
        if (offsets.length > 0) assert.ok(s.longest >= 1);
      }),
      { numRuns: 500 },
    );
  });

  const entries = fc.array(fc.record({ ago: fc.integer({ min: -3, max: 30 }), level: fc.integer({ min: 1, max: 5 }) }), { maxLength: 40 });

  test('trend compares the last 7 days with the 7 before, beyond ±0.3', () => {
    fc.assert(
      fc.property(day, entries, (today, es) => {
        const list = es.map((e) => ({ day: addDays(today, -e.ago), level: e.level }));
        // The exact rule, in rationals: avg(recent) − avg(prior) = (sR·nP − sP·nR) / (nR·nP), compared with ±3/10.
        const recent = es.filter((e) => e.ago >= 0 && e.ago <= 6).map((e) => e.level);
        const prior = es.filter((e) => e.ago >= 7 && e.ago <= 13).map((e) => e.level);
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        const num = 10 * (sum(recent) * prior.length - sum(prior) * recent.length);
        const den = 3 * recent.length * prior.length;
        const expected = !recent.length || !prior.length ? 'stable' : num > den ? 'improving' : num < -den ? 'declining' : 'stable';
        assert.equal(trend(list, today), expected);
        // Entries outside the two windows never matter.
        const inside = list.filter((_, i) => es[i]!.ago >= 0 && es[i]!.ago <= 13);
        assert.equal(trend(inside, today), trend(list, today));
      }),
      { numRuns: 500 },
    );
  });

  test('swapping the two windows flips the trend', () => {
    const flip = { improving: 'declining', declining: 'improving', stable: 'stable' } as const;
    fc.assert(
      fc.property(day, fc.array(fc.record({ ago: fc.integer({ min: 0, max: 13 }), level: fc.integer({ min: 1, max: 5 }) }), { maxLength: 30 }), (today, es) => {
        const list = es.map((e) => ({ day: addDays(today, -e.ago), level: e.level }));
        const swapped = es.map((e) => ({ day: addDays(today, -(e.ago < 7 ? e.ago + 7 : e.ago - 7)), level: e.level }));
        assert.equal(trend(swapped, today), flip[trend(list, today)]);
      }),
    );
  });

  test('a difference of exactly 0.3 is stable at every level (no float rounding either way)', () => {
    const today = '2024-06-15';
    for (let base = 1; base <= 4; base++) {
      // prior: one entry at `base`; recent: ten entries averaging base + 0.3 (and base − 0.3 for the other way).
      const prior = [{ day: addDays(today, -10), level: base }];
      const up = Array.from({ length: 10 }, (_, i) => ({ day: addDays(today, -(i % 7)), level: i < 3 ? base + 1 : base }));
      assert.equal(trend([...prior, ...up], today), 'stable', `+0.3 from ${base}`);
      const priorHigh = [{ day: addDays(today, -10), level: base + 1 }];
      const down = Array.from({ length: 10 }, (_, i) => ({ day: addDays(today, -(i % 7)), level: i < 3 ? base : base + 1 }));
      assert.equal(trend([...priorHigh, ...down], today), 'stable', `-0.3 from ${base + 1}`);
      const justUp = Array.from({ length: 10 }, (_, i) => ({ day: addDays(today, -(i % 7)), level: i < 4 ? base + 1 : base }));
      assert.equal(trend([...prior, ...justUp], today), 'improving', `+0.4 from ${base}`);
    }
  });

  test('the same level every day is stable', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 5 }), fc.uniqueArray(fc.integer({ min: 0, max: 13 }), { maxLength: 14 }), (today, level, agos) => {
        assert.equal(
          trend(
            agos.map((a) => ({ day: addDays(today, -a), level })),
            today,
          ),
          'stable',
        );
      }),
    );
  });
});

describe('body dates', () => {
  test('parseStorableDate accepts exactly what PostgreSQL can store as a real day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_500 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const real =
          y >= 1 &&
          y <= 9999 &&
          m >= 1 &&
          m <= 12 &&
          d >= 1 &&
          d <= new Date(Date.UTC(2000, m, 0)).getUTCDate() &&
          !(m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
        assert.equal(isCalendarDay(s), real, s);
        assert.equal(parseStorableDate(s) !== undefined, real, s);
      }),
      { numRuns: 2000 },
    );
    for (const bad of ['', 'yesterday', '+275760-09-13', '-001000-01-01', '0000-06-15T00:00:00Z', '2021-02-30T10:00:00Z'])
      assert.equal(parseStorableDate(bad), undefined, bad);
    assert.equal(parseStorableDate('1988-02-29T13:45:00+02:00')?.toISOString(), '1988-02-29T11:45:00.000Z');
  });
});
