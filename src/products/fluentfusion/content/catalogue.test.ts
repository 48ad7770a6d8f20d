// The shipped lesson content meets the bar (three complete courses), and the checker catches broken files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCatalogue, checkContentFile, ContentError, MINIMUMS } from './catalogue.js';
import { shippedCatalogue } from './seed.js';
import { CATEGORIES, DIFFICULTIES, POINTS, TARGET_LANGUAGES } from './types.js';
import { isCorrect } from '../exercises/grading.js';
import english from './english.json' with { type: 'json' };

describe('shipped content', () => {
  const catalogue = shippedCatalogue();

  test('each language: 6+ lessons, every category, beginner to advanced', () => {
    for (const lang of TARGET_LANGUAGES) {
      const ls = catalogue.filter((l) => l.targetLanguage === lang);
      assert.ok(ls.length >= MINIMUMS.lessons, lang);
      assert.deepEqual(new Set(ls.map((l) => l.category)), new Set(CATEGORIES), lang);
      assert.deepEqual(new Set(ls.map((l) => l.difficulty)), new Set(DIFFICULTIES), lang);
    }
  });

  test('each lesson: 12+ words, 6+ phrases, 3+ cultural notes, 3–4 exercises worth their points', () => {
    for (const l of catalogue) {
      assert.ok(l.content.vocabulary.length >= 12, l.id);
      assert.ok(l.content.phrases.length >= 6, l.id);
      assert.ok(l.content.cultural_notes.length >= 3, l.id);
      assert.ok(l.exercises.length >= 3 && l.exercises.length <= 4, l.id);
      for (const e of l.exercises) assert.equal(e.points, POINTS[e.type], e.id);
    }
  });

  test('every exercise is answerable: its own key (and each accepted wording) grades as right', () => {
    for (const e of catalogue.flatMap((l) => l.exercises)) {
      assert.ok(isCorrect(e.type, e.correctAnswer, e.correctAnswer, e.acceptedAnswers), e.id);
      for (const alt of e.acceptedAnswers) assert.ok(isCorrect(e.type, alt, e.correctAnswer, e.acceptedAnswers), `${e.id}: ${alt}`);
      if (e.type === 'multiple_choice') assert.ok(e.options!.includes(e.correctAnswer), e.id);
    }
  });

  test('keys are unique across the three files', () => {
    const keys = catalogue.flatMap((l) => [l.id, ...l.exercises.map((e) => e.id)]);
    assert.equal(new Set(keys).size, keys.length);
  });
});

describe('the content checker', () => {
  const clone = () =>
    JSON.parse(JSON.stringify(english)) as { language: string; lessons: Record<string, unknown>[] & { exercises: Record<string, unknown>[] }[] };

  test('accepts the shipped file', () => {
    assert.deepEqual(checkContentFile(english, { complete: true }), []);
  });

  test('names every problem: wrong points, an answer not among the options, bad pairs, duplicates, gaps', () => {
    const f = clone();
    const lessons = f.lessons as unknown as { key: string; category: string; content: { vocabulary: unknown[] }; exercises: Record<string, unknown>[] }[];
    const mc = lessons[0]!.exercises.find((e) => e.type === 'multiple_choice')!;
    mc.points = 15;
    mc.correct_answer = 'not an option';
    const m = lessons[0]!.exercises.find((e) => e.type === 'matching')!;
    m.correct_answer = 'a=b';
    lessons[1]!.key = lessons[0]!.key;
    lessons[2]!.content.vocabulary = lessons[2]!.content.vocabulary.slice(0, 3);
    for (const l of lessons) if (l.category === 'emergency') l.category = 'food';
    const problems = checkContentFile(f, { complete: true });
    const text = problems.join('\n');
    assert.match(text, /worth 10 points, not 15/);
    assert.match(text, /correct_answer is not one of the options/);
    assert.match(text, /does not list the pairs/);
    assert.match(text, /duplicate lesson key/);
    assert.match(text, /3 vocabulary items/);
    assert.match(text, /no emergency lesson/);
    assert.throws(() => buildCatalogue([f], { complete: true }), ContentError);
  });

  test('rejects files of the wrong shape with the path of the problem', () => {
    const problems = checkContentFile({ language: 'klingon', lessons: [] }, { complete: false });
    assert.ok(
      problems.some((p) => p.startsWith('/language')),
      problems.join('\n'),
    );
    assert.ok(checkContentFile({ language: 'english', lessons: [{ key: 'X Y' }] }, { complete: false }).length > 0);
  });
});
