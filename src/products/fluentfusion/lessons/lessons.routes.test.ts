// FluentFusion /api/lessons: catalogue with filters and pagination, one lesson, its vocabulary — works, bad input, wrong user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, type TestUser } from '../../../../test/helpers/accounts.js';
import { CATEGORIES, DIFFICULTIES, TARGET_LANGUAGES } from '../content/types.js';
import { seedLessons, shippedCatalogue } from '../content/seed.js';
import { countExercises, findLesson, listLessons, upsertCatalogue } from './lessons.repo.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { signUpLearner } from '../../../../test/helpers/fluentfusion.js';

const P = '/fluentfusion/api';
let t: TestApp;
let u: TestUser;

before(async () => {
  t = await startTestApp({ products: ['fluentfusion'] });
  u = await signUpLearner(t, 'l');
});
after(async () => {
  await t.close();
});

interface Summary {
  lesson_id: string;
  target_language: string;
  difficulty: string;
  category: string;
  vocabulary_count: number;
  exercise_count: number;
  duration: number;
}
const list = async (query = '') => {
  const r = await callAs(t, u, 'GET', `${P}/lessons/${query}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as Summary[];
};

describe('works', () => {
  test('the catalogue: every shipped lesson, a JSON array in a stable order, slash-less path too', async () => {
    const all = await list();
    const shipped = shippedCatalogue();
    assert.equal(all.length, Math.min(100, shipped.length));
    assert.deepEqual(await list(), all);
    const slashless = await callAs(t, u, 'GET', `${P}/lessons`);
    assert.equal(slashless.statusCode, 200);
    assert.deepEqual(slashless.json(), all);
    for (const l of all) {
      assert.ok(l.vocabulary_count >= 12, l.lesson_id);
      assert.ok(l.exercise_count >= 3 && l.exercise_count <= 4, l.lesson_id);
    }
  });

  test('filters by language, difficulty and category; each language covers all six categories and three levels', async () => {
    for (const lang of TARGET_LANGUAGES) {
      const ls = await list(`?target_language=${lang}`);
      assert.ok(ls.length >= 6, lang);
      assert.ok(ls.every((l) => l.target_language === lang));
      assert.deepEqual(new Set(ls.map((l) => l.category)), new Set(CATEGORIES));
      assert.deepEqual(new Set(ls.map((l) => l.difficulty)), new Set(DIFFICULTIES));
      // Beginner lessons come first.
      const ranks = ls.map((l) => DIFFICULTIES.indexOf(l.difficulty as never));
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
      );
    }
    const fr = await list('?target_language=french&difficulty=beginner&category=greetings');
    assert.ok(fr.length >= 1);
    assert.ok(fr.every((l) => l.target_language === 'french' && l.difficulty === 'beginner' && l.category === 'greetings'));
    assert.deepEqual(await list('?target_language=klingon'), []);
    assert.deepEqual(await list('?target_language=FRENCH'), await list('?target_language=french'));
  });

  test('skip and limit page through the same order', async () => {
    const all = await list();
    const pages = [...(await list('?skip=0&limit=5')), ...(await list('?skip=5&limit=5'))];
    assert.deepEqual(
      pages.map((l) => l.lesson_id),
      all.slice(0, 10).map((l) => l.lesson_id),
    );
    assert.deepEqual(await list('?limit=0'), []);
    assert.deepEqual(await list('?skip=100000'), []);
  });

  test('one lesson with its content: 12+ words, 6+ phrases, 3+ cultural notes; its vocabulary alone', async () => {
    const first = (await list('?target_language=kinyarwanda&limit=1'))[0]!;
    const r = await callAs(t, u, 'GET', `${P}/lessons/${first.lesson_id}`);
    assert.equal(r.statusCode, 200, r.body);
    const l = r.json();
    assert.equal(l.lesson_id, first.lesson_id);
    assert.ok(l.content.vocabulary.length >= 12);
    for (const v of l.content.vocabulary) assert.ok(v.word && v.translation && v.pronunciation);
    assert.ok(l.content.phrases.length >= 6);
    for (const p of l.content.phrases) assert.ok(p.phrase && p.translation && p.pronunciation && p.context);
    assert.ok(l.content.cultural_notes.length >= 3);
    assert.equal(l.vocabulary_count, l.content.vocabulary.length);
    assert.doesNotMatch(r.body, /correct_answer/);

    const v = await callAs(t, u, 'GET', `${P}/lessons/${first.lesson_id}/vocabulary`);
    assert.equal(v.statusCode, 200);
    assert.deepEqual(v.json(), { lesson_id: first.lesson_id, vocabulary: l.content.vocabulary });
  });

  test('seeding again updates lessons in place: no duplicates, edits applied, removed exercises gone', async () => {
    const before = await list();
    const catalogue = shippedCatalogue();
    await seedLessons(t.ctx('fluentfusion'));
    assert.deepEqual(await list(), before);
    const { rows: counts } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM fluentfusion.exercises WHERE lesson_id = ANY($1::varchar[])`, [
      catalogue.map((l) => l.id),
    ]);
    assert.equal(
      (counts[0] as { n: number }).n,
      catalogue.reduce((s, l) => s + l.exercises.length, 0),
    );

    // An edited catalogue, applied in a transaction that is rolled back: other test files share the database.
    const first = catalogue[0]!;
    const edited = catalogue.map((l, i) => (i === 0 ? { ...l, title: `${l.title} (edited)`, exercises: l.exercises.slice(1) } : l));
    const ROLLBACK = new Error('rollback');
    await assert.rejects(
      t.runtime.db.transaction(async (tx) => {
        await upsertCatalogue(tx.dz, edited, new Date());
        assert.equal((await findLesson(tx.dz, first.id))?.title, `${first.title} (edited)`);
        assert.equal(await countExercises(tx.dz, first.id), first.exercises.length - 1);
        assert.equal((await listLessons(tx.dz, {}, { skip: 0, limit: 100 })).length, before.length);
        throw ROLLBACK;
      }),
      ROLLBACK,
    );
    assert.equal((await findLesson(t.runtime.db.dz, first.id))?.title, first.title);
  });
});

describe('rejects bad input', () => {
  test('unknown difficulty or category, negative skip, limit over 100, non-numbers → 422 naming the parameter', async () => {
    expect422(await callAs(t, u, 'GET', `${P}/lessons/?difficulty=expert`), ['query', 'difficulty']);
    expect422(await callAs(t, u, 'GET', `${P}/lessons/?category=nightlife`), ['query', 'category']);
    expect422(await callAs(t, u, 'GET', `${P}/lessons/?skip=-1`), ['query', 'skip']);
    expect422(await callAs(t, u, 'GET', `${P}/lessons/?limit=101`), ['query', 'limit']);
    expect422(await callAs(t, u, 'GET', `${P}/lessons/?limit=ten`), ['query', 'limit']);
    expect422(await callAs(t, u, 'GET', `${P}/lessons/?target_language=${'x'.repeat(51)}`), ['query', 'target_language']);
  });

  test('an unknown lesson → 404 Lesson not found (for the detail and the vocabulary)', async () => {
    for (const id of ['no-such-lesson', "x' OR 1=1 --", '00000000-0000-4000-8000-000000000000']) {
      for (const path of [`/lessons/${encodeURIComponent(id)}`, `/lessons/${encodeURIComponent(id)}/vocabulary`]) {
        const r = await callAs(t, u, 'GET', `${P}${path}`);
        assert.equal(r.statusCode, 404, r.body);
        assert.deepEqual(r.json(), { detail: 'Lesson not found' });
      }
    }
    expect422(await callAs(t, u, 'GET', `${P}/lessons/${'a'.repeat(101)}`), ['path', 'lesson_id']);
  });
});

describe('refuses the wrong user', () => {
  test('the catalogue and lessons need a valid token', async () => {
    const id = (await list('?limit=1'))[0]!.lesson_id;
    for (const url of [`${P}/lessons/`, `${P}/lessons/${id}`, `${P}/lessons/${id}/vocabulary`, `${P}/lessons/?difficulty=nonsense`]) {
      const r = await callAs(t, null, 'GET', url);
      assert.equal(r.statusCode, 401, url);
      assert.deepEqual(r.json(), { detail: 'Not authenticated' });
      assert.equal((await callAs(t, { token: `${u.token}x` }, 'GET', url)).statusCode, 401);
    }
  });
});
