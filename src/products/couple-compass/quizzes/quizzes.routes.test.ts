// Couple Compass quizzes: the seed's /quizzes (scored results, one per quiz) and the web client's relationship evaluation.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp } from '../../../../test/helpers/couple-compass.js';
import { expect422 } from '../../../../test/helpers/validation.js';
import { expectBearer401, type GuardedRoute } from '../../../../test/helpers/accounts.js';

const P = '/couple-compass/api/v1';
const NOT_FOUND = { message: 'Resource not found' };
const SLUGS = ['love-language', 'communication-style', 'relationship-evaluation'];
const LOVE = ['words_of_affirmation', 'quality_time', 'physical_touch', 'acts_of_service', 'receiving_gifts'];
const STYLES = ['assertive', 'passive', 'aggressive', 'passive_aggressive'];
let t: TestApp;

interface U {
  id: string;
  token: string;
}
interface Quiz {
  id: string;
  slug: string;
  type: string;
  order_index: number;
  is_active: boolean;
  items: { id: string; key: string; order_index: number; options_json: { value: string; score?: number }[] | null; category: string | null }[];
}
interface Evaluation {
  id: string;
  total_questions: number;
  categories: { name: string; display_name: string; weight: number; description: string; icon: string }[];
  interpretation_ranges: { min_score: number; max_score: number; level: string; title: string; color: string }[];
  items: { id: string; key: string; prompt: string; category: string; category_weight: number; options: { label: string; value: string; points: number }[] }[];
}

let quizBySlug: Record<string, Quiz>;
let evaluation: Evaluation;

before(async () => {
  t = await startTestApp();
  const u = await user();
  quizBySlug = {};
  for (const slug of SLUGS) quizBySlug[slug] = (await call(u, 'GET', `/quizzes/${slug}`)).json();
  evaluation = (await call(u, 'GET', '/quiz/relationship')).json();
});
after(async () => {
  await t.close();
});

const user = (): Promise<U> => ccSignUp(t, { name: 'Quizzer', tag: 'quiz', password: 'quizzes-pass' });

const call = (u: U | undefined, method: 'GET' | 'POST', path: string, payload?: unknown) =>
  t.app.inject({ method, url: `${P}${path}`, ...(u ? { headers: bearer(u.token) } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });

const submit = (u: U, quizId: string, responses: unknown) => call(u, 'POST', `/quizzes/${quizId}/results`, { responses });

/** Every evaluation question answered with `pick(category, index within the category)`. */
function answers(pick: (category: string, i: number) => string | number) {
  const seen: Record<string, number> = {};
  return evaluation.items.map((q) => ({ question_id: q.id, answer: pick(q.category, (seen[q.category] = (seen[q.category] ?? -1) + 1)) }));
}
const percentages = (r: { json(): { category_scores: { category: string; percentage: number }[] } }) =>
  Object.fromEntries(r.json().category_scores.map((c) => [c.category, c.percentage]));
const evaluate = (u: U, body: unknown) => call(u, 'POST', '/quiz/relationship/submit', body);

async function resultRows(userId: string, quizId: string) {
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT id, scores_json FROM couple_compass.quiz_results WHERE user_id = $1 AND quiz_id = $2`, [
    userId,
    quizId,
  ]);
  return rows as { id: string; scores_json: Record<string, unknown> }[];
}

describe('works', () => {
  test('GET /quizzes/ lists the three seeded quizzes by order_index, each with ≥ 10 items', async () => {
    const u = await user();
    const r = await call(u, 'GET', '/quizzes/');
    assert.equal(r.statusCode, 200, r.body);
    const list = r.json() as Quiz[];
    for (const q of list) assert.equal(q.is_active, true);
    const orders = list.map((q) => q.order_index);
    assert.deepEqual(
      orders,
      [...orders].sort((a, b) => a - b),
      'sorted by order_index',
    );
    const ours = list.filter((q) => SLUGS.includes(q.slug));
    assert.deepEqual(
      ours.map((q) => q.slug),
      SLUGS,
    );
    assert.deepEqual(
      ours.map((q) => q.type),
      ['love_language', 'communication_style', 'relationship_evaluation'],
    );
    for (const q of ours) {
      assert.ok(q.items.length >= 10, `${q.slug} has ${q.items.length} items`);
      assert.deepEqual(
        q.items.map((i) => i.order_index),
        [...q.items.map((i) => i.order_index)].sort((a, b) => a - b),
      );
      assert.equal(new Set(q.items.map((i) => i.key)).size, q.items.length);
      for (const i of q.items) assert.ok(i.options_json && i.options_json.length >= 2, `${i.key} has options`);
    }
    for (const i of ours[0]!.items) for (const o of i.options_json!) assert.ok(LOVE.includes(o.value), o.value);
    for (const i of ours[1]!.items)
      assert.deepEqual(
        i.options_json!.map((o) => o.value),
        STYLES,
      );
  });

  test('GET /quizzes/ is paginated', async () => {
    const u = await user();
    const all = (await call(u, 'GET', '/quizzes/?limit=100')).json() as Quiz[];
    const page = (await call(u, 'GET', '/quizzes/?limit=1&offset=1')).json() as Quiz[];
    assert.equal(page.length, 1);
    assert.equal(page[0]!.id, all[1]!.id);
  });

  test('GET /quizzes/{slug}', async () => {
    const u = await user();
    const r = await call(u, 'GET', '/quizzes/communication-style');
    assert.equal(r.statusCode, 200);
    const q = r.json() as Quiz;
    assert.equal(q.slug, 'communication-style');
    assert.equal(q.type, 'communication_style');
    assert.ok(q.items.length >= 10);
  });

  test('love-language scoring: counts, primary, secondary and percentages', async () => {
    const u = await user();
    const quiz = quizBySlug['love-language']!;
    const responses = {
      ll_01: 'physical_touch',
      ll_02: 'quality_time',
      ll_03: 'acts_of_service',
      ll_05: 'physical_touch',
      ll_07: 'physical_touch',
      ll_08: 'quality_time',
      ll_09: 'receiving_gifts',
      ll_10: 'not_a_language',
      ll_11: 3,
      ll_12: null,
    };
    const r = await submit(u, quiz.id, responses);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.user_id, u.id);
    assert.equal(body.quiz_id, quiz.id);
    assert.deepEqual(body.responses_json, responses);
    assert.deepEqual(body.scores_json, {
      scores: { words_of_affirmation: 0, quality_time: 2, physical_touch: 3, acts_of_service: 1, receiving_gifts: 1 },
      primary: 'physical_touch',
      secondary: 'quality_time',
      percentages: { words_of_affirmation: 0, quality_time: 28.6, physical_touch: 42.9, acts_of_service: 14.3, receiving_gifts: 14.3 },
    });
    const rows = await resultRows(u.id, quiz.id);
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.scores_json, body.scores_json);
  });

  test('love-language: ties keep the listed order', async () => {
    const u = await user();
    const r = await submit(u, quizBySlug['love-language']!.id, { a: 'receiving_gifts', b: 'quality_time' });
    assert.equal(r.json().scores_json.primary, 'quality_time');
    assert.equal(r.json().scores_json.secondary, 'receiving_gifts');
    assert.deepEqual(r.json().scores_json.percentages, {
      words_of_affirmation: 0,
      quality_time: 50,
      physical_touch: 0,
      acts_of_service: 0,
      receiving_gifts: 50,
    });
  });

  test('no answer names a category → every percentage 0, no 500', async () => {
    const u = await user();
    for (const [slug, cats] of [
      ['love-language', LOVE],
      ['communication-style', STYLES],
    ] as const) {
      for (const responses of [{}, { q1: 'banana', q2: 7, q3: true }]) {
        const r = await submit(u, quizBySlug[slug]!.id, responses);
        assert.equal(r.statusCode, 200, r.body);
        const s = r.json().scores_json;
        assert.deepEqual(s.percentages, Object.fromEntries(cats.map((c) => [c, 0])));
        assert.deepEqual(s.scores, Object.fromEntries(cats.map((c) => [c, 0])));
        assert.ok(cats.includes(s.primary));
      }
    }
  });

  test('communication-style scoring has the same shape with its four styles', async () => {
    const u = await user();
    const quiz = quizBySlug['communication-style']!;
    const r = await submit(u, quiz.id, {
      cs_01: 'assertive',
      cs_02: 'assertive',
      cs_03: 'passive_aggressive',
      cs_04: 'aggressive',
      cs_05: 'assertive',
      cs_06: 'passive_aggressive',
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().scores_json, {
      scores: { assertive: 3, passive: 0, aggressive: 1, passive_aggressive: 2 },
      primary: 'assertive',
      secondary: 'passive_aggressive',
      percentages: { assertive: 50, passive: 0, aggressive: 16.7, passive_aggressive: 33.3 },
    });
  });

  test('a second submission replaces the first: same id, one row', async () => {
    const u = await user();
    const quiz = quizBySlug['love-language']!;
    const first = await submit(u, quiz.id, { a: 'quality_time' });
    const second = await submit(u, quiz.id, { a: 'physical_touch', b: 'physical_touch' });
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().id, first.json().id);
    assert.equal(second.json().scores_json.primary, 'physical_touch');
    assert.deepEqual(second.json().responses_json, { a: 'physical_touch', b: 'physical_touch' });
    assert.equal(typeof second.json().updated_at, 'string');
    const rows = await resultRows(u.id, quiz.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.id, first.json().id);
    assert.equal((rows[0]!.scores_json as { primary: string }).primary, 'physical_touch');
    const mine = await call(u, 'GET', '/quizzes/love-language/results/me');
    assert.equal(mine.json().scores_json.primary, 'physical_touch');
  });

  test('GET /quizzes/{slug}/results/me: 404 before any, then my result', async () => {
    const u = await user();
    const none = await call(u, 'GET', '/quizzes/communication-style/results/me');
    assert.equal(none.statusCode, 404);
    assert.deepEqual(none.json(), NOT_FOUND);
    const posted = await submit(u, quizBySlug['communication-style']!.id, { x: 'passive' });
    const r = await call(u, 'GET', '/quizzes/communication-style/results/me');
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), posted.json());
  });

  test('GET /quiz/relationship: four weighted categories, options worth 4..1', async () => {
    const u = await user();
    const r = await call(u, 'GET', '/quiz/relationship');
    assert.equal(r.statusCode, 200, r.body);
    const ev = r.json() as Evaluation;
    assert.equal(ev.id, quizBySlug['relationship-evaluation']!.id);
    assert.deepEqual(
      ev.categories.map((c) => [c.name, c.weight]),
      [
        ['communication', 0.3],
        ['trust_security', 0.25],
        ['intimacy_affection', 0.25],
        ['support_partnership', 0.2],
      ],
    );
    assert.deepEqual(
      ev.categories.map((c) => c.display_name),
      ['Communication', 'Trust & Security', 'Intimacy & Affection', 'Support & Partnership'],
    );
    assert.equal(ev.total_questions, ev.items.length);
    assert.ok(ev.total_questions >= 10);
    for (const c of ev.categories)
      assert.ok(
        ev.items.some((q) => q.category === c.name),
        c.name,
      );
    for (const q of ev.items) {
      assert.equal(typeof q.prompt, 'string');
      assert.equal(q.category_weight, ev.categories.find((c) => c.name === q.category)!.weight);
      assert.deepEqual(
        q.options.map((o) => o.points),
        [4, 3, 2, 1],
      );
      assert.deepEqual(
        q.options.map((o) => o.value),
        ['strongly_agree', 'agree', 'disagree', 'strongly_disagree'],
      );
    }
    // Ranges cover 0–100 without gaps between one decimal place scores.
    assert.deepEqual(
      ev.interpretation_ranges.map((x) => [x.level, x.min_score]),
      [
        ['strong', 85],
        ['stable', 70],
        ['strained', 55],
        ['at_risk', 0],
      ],
    );
  });

  test("submit: all 'strongly_agree' → 100 strong; all 'strongly_disagree' → 25 at_risk", async () => {
    const u = await user();
    const top = await evaluate(u, { quiz_id: evaluation.id, answers: answers(() => 'strongly_agree') });
    assert.equal(top.statusCode, 200, top.body);
    assert.equal(top.json().overall_score, 100);
    assert.equal(top.json().interpretation, 'strong');
    assert.equal(top.json().user_id, u.id);
    assert.equal(top.json().interpretation_details.level, 'strong');
    assert.match(top.json().interpretation_details.color, /^#[0-9a-f]{6}$/);
    assert.deepEqual(percentages(top), { communication: 100, trust_security: 100, intimacy_affection: 100, support_partnership: 100 });
    const comm = top.json().category_scores.find((c: { category: string }) => c.category === 'communication');
    const commItems = evaluation.items.filter((q) => q.category === 'communication').length;
    assert.deepEqual(comm, {
      category: 'communication',
      display_name: 'Communication',
      score: 4 * commItems,
      percentage: 100,
      max_possible: 4 * commItems,
      interpretation: 'Thriving',
      icon: '💬',
    });
    assert.equal(top.json().insights[0].insight_type, 'strength');
    assert.ok(top.json().relationship_tips.length >= 1);
    assert.match(top.json().comprehensive_insights, /100\.0%/);
    assert.equal(Object.keys(top.json().responses).length, evaluation.items.length);

    const low = await evaluate(u, { quiz_id: evaluation.id, answers: answers(() => 'strongly_disagree') });
    assert.equal(low.statusCode, 200);
    assert.equal(low.json().overall_score, 25);
    assert.equal(low.json().interpretation, 'at_risk');
    assert.equal(low.json().relationship_tips.length, 3);
    for (const tip of low.json().relationship_tips) assert.ok(tip.title && tip.description);
    assert.deepEqual(
      low.json().insights.map((i: { insight_type: string }) => i.insight_type),
      ['improvement', 'improvement', 'improvement', 'improvement'],
    );
    const { rows } = await t.runtime.db.sql.executeSql(
      `SELECT overall_score, interpretation FROM couple_compass.relationship_assessments WHERE user_id = $1 ORDER BY created_at`,
      [u.id],
    );
    assert.deepEqual(rows, [
      { overall_score: 100, interpretation: 'strong' },
      { overall_score: 25, interpretation: 'at_risk' },
    ]);
  });

  test('submit: weighted mixes land in stable (70–84) and strained (55–69)', async () => {
    const u = await user();
    // communication 100 × 0.30 + trust 75 × 0.25 + intimacy 75 × 0.25 + support 50 × 0.20 = 77.5
    const level: Record<string, string> = {
      communication: 'strongly_agree',
      trust_security: 'agree',
      intimacy_affection: 'agree',
      support_partnership: 'disagree',
    };
    const stable = await evaluate(u, { quiz_id: evaluation.id, answers: answers((c) => level[c]!) });
    assert.equal(stable.statusCode, 200, stable.body);
    assert.equal(stable.json().overall_score, 77.5);
    assert.equal(stable.json().interpretation, 'stable');
    assert.deepEqual(percentages(stable), { communication: 100, trust_security: 75, intimacy_affection: 75, support_partnership: 50 });
    // The weakest area comes first among the tips and has an improvement insight.
    assert.equal(stable.json().relationship_tips[0].title, 'Rebalance the load');
    assert.ok(
      stable.json().insights.some((i: { category: string; insight_type: string }) => i.category === 'support_partnership' && i.insight_type === 'improvement'),
    );

    // 75 × 0.30 + 50 × 0.25 + 75 × 0.25 + 50 × 0.20 = 63.75 → 63.8, answered as points and by question key
    const pts: Record<string, number> = { communication: 3, trust_security: 2, intimacy_affection: 3, support_partnership: 2 };
    const byKey = evaluation.items.map((q) => ({ question_id: q.key, answer: pts[q.category]! }));
    const strained = await evaluate(u, { quiz_id: evaluation.id, answers: byKey });
    assert.equal(strained.statusCode, 200, strained.body);
    assert.equal(strained.json().overall_score, 63.8);
    assert.equal(strained.json().interpretation, 'strained');
  });

  test('results/{id}, history (paginated, newest first) and stats', async () => {
    const u = await user();
    const ids: string[] = [];
    for (const a of ['strongly_disagree', 'agree', 'strongly_agree']) {
      const r = await evaluate(u, { quiz_id: evaluation.id, answers: answers(() => a) });
      assert.equal(r.statusCode, 200, r.body);
      ids.push(r.json().id);
      await sleep(5);
    }
    const one = await call(u, 'GET', `/quiz/relationship/results/${ids[1]}`);
    assert.equal(one.statusCode, 200);
    assert.equal(one.json().id, ids[1]);
    assert.equal(one.json().interpretation_details.level, 'stable');
    assert.equal(one.json().category_scores.length, 4);
    assert.equal(one.json().overall_score, 75);
    assert.equal(one.json().interpretation, 'stable');

    const page1 = await call(u, 'GET', '/quiz/relationship/history?limit=2');
    assert.equal(page1.statusCode, 200, page1.body);
    assert.equal(page1.json().total_count, 3);
    assert.equal(page1.json().limit, 2);
    assert.equal(page1.json().offset, 0);
    assert.deepEqual(
      page1.json().results.map((r: { id: string }) => r.id),
      [ids[2], ids[1]],
    );
    const page2 = (await call(u, 'GET', '/quiz/relationship/history?limit=2&offset=2')).json();
    assert.deepEqual(
      page2.results.map((r: { id: string }) => r.id),
      [ids[0]],
    );
    assert.equal(page2.results[0].overall_score, 25);

    const stats = await call(u, 'GET', '/quiz/relationship/stats');
    assert.equal(stats.statusCode, 200);
    assert.deepEqual(stats.json(), {
      total_assessments: 3,
      latest_score: 100,
      average_score: 66.7,
      best_score: 100,
      trend: 'improving',
      category_averages: { communication: 66.7, trust_security: 66.7, intimacy_affection: 66.7, support_partnership: 66.7 },
    });
    await sleep(5);
    await evaluate(u, { quiz_id: evaluation.id, answers: answers(() => 'disagree') });
    assert.equal((await call(u, 'GET', '/quiz/relationship/stats')).json().trend, 'declining');
  });

  test('stats with no attempts', async () => {
    const u = await user();
    const r = await call(u, 'GET', '/quiz/relationship/stats');
    assert.deepEqual(r.json(), { total_assessments: 0, latest_score: null, average_score: null, best_score: null, trend: 'stable', category_averages: {} });
    const h = await call(u, 'GET', '/quiz/relationship/history');
    assert.deepEqual(h.json(), { results: [], total_count: 0, offset: 0, limit: 20 });
  });
  test('a result stored in the earlier format (percent map, plain-text insights and tips) is answered in the client shape', async () => {
    const u = await user();
    const { rows } = await t.runtime.db.sql.executeSql(
      `INSERT INTO couple_compass.relationship_assessments (user_id, quiz_id, answers, overall_score, interpretation, category_scores, insights, relationship_tips)
       VALUES ($1, $2, '[]', 62.5, 'strained', '{"communication": 50, "trust_security": 75}', '["Communication could use some attention (50%)."]', '["Set a weekly check-in."]')
       RETURNING id`,
      [u.id, evaluation.id],
    );
    const r = await call(u, 'GET', `/quiz/relationship/results/${rows[0]!.id as string}`);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(percentages(r), { communication: 50, trust_security: 75 });
    assert.equal(r.json().interpretation_details.level, 'strained');
    assert.deepEqual(r.json().insights, [
      { category: 'general', insight_type: 'tip', message: 'Communication could use some attention (50%).', recommendation: null },
    ]);
    assert.deepEqual(r.json().relationship_tips, [{ title: 'Try this', description: 'Set a weekly check-in.' }]);
    assert.deepEqual((await call(u, 'GET', '/quiz/relationship/stats')).json().category_averages, { communication: 50, trust_security: 75 });
  });
});

describe('rejects bad input', () => {
  test('unknown slug → 404 with the seed body', async () => {
    const u = await user();
    for (const path of ['/quizzes/no-such-quiz', '/quizzes/no-such-quiz/results/me']) {
      const r = await call(u, 'GET', path);
      assert.equal(r.statusCode, 404);
      assert.deepEqual(r.json(), NOT_FOUND);
    }
  });

  test('results: malformed quiz_id → 422 naming path.quiz_id; unknown uuid → 404', async () => {
    const u = await user();
    expect422(await submit(u, 'not-a-uuid', { a: 'quality_time' }), ['path', 'quiz_id']);
    expect422(await submit(u, 'love-language', { a: 'quality_time' }), ['path', 'quiz_id']);
    const r = await submit(u, randomUUID(), { a: 'quality_time' });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), NOT_FOUND);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM couple_compass.quiz_results WHERE user_id = $1`, [u.id]);
    assert.equal(rows[0]!.n, 0);
  });

  test('responses: missing, not an object, over 200 keys, bad values → 422 naming the field', async () => {
    const u = await user();
    const id = quizBySlug['love-language']!.id;
    expect422(await call(u, 'POST', `/quizzes/${id}/results`, {}), ['body', 'responses']);
    for (const responses of [['quality_time'], 'quality_time', 5, null]) expect422(await submit(u, id, responses), ['body', 'responses']);
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`q${i}`, 'quality_time']));
    expect422(await submit(u, id, many), ['body', 'responses']);
    const okMany = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`q${i}`, 'quality_time']));
    assert.equal((await submit(u, id, okMany)).statusCode, 200, 'exactly 200 keys is fine');
    const other = await user();
    expect422(await submit(other, id, { q1: { nested: true } }), ['body', 'responses', 'q1']);
    expect422(await submit(other, id, { q1: 'x'.repeat(201) }), ['body', 'responses', 'q1']);
    assert.equal((await resultRows(other.id, id)).length, 0);
  });

  test('evaluation: a category without any answer → 400 naming it; nothing stored', async () => {
    const u = await user();
    const all = answers(() => 'agree');
    const noTrust = all.filter((a) => evaluation.items.find((q) => q.id === a.question_id)!.category !== 'trust_security');
    const r = await evaluate(u, { quiz_id: evaluation.id, answers: noTrust });
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.json().detail, /Trust & Security/);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM couple_compass.relationship_assessments WHERE user_id = $1`, [u.id]);
    assert.equal(rows[0]!.n, 0);
  });

  test('evaluation: a question left out is scored without it (the web client submits before its last answer is in)', async () => {
    const u = await user();
    // Everything "strongly agree" except the last question, which is left out.
    const r = await evaluate(u, { quiz_id: evaluation.id, answers: answers(() => 'strongly_agree').slice(0, -1) });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().overall_score, 100);
    const last = r.json().category_scores.find((c: { category: string }) => c.category === evaluation.items.at(-1)!.category);
    assert.equal(last.max_possible, 4 * (evaluation.items.filter((q) => q.category === last.category).length - 1));
  });

  test('evaluation: an unknown question id or an invalid answer → 400', async () => {
    const u = await user();
    const unknown = [...answers(() => 'agree'), { question_id: randomUUID(), answer: 'agree' }];
    const r1 = await evaluate(u, { quiz_id: evaluation.id, answers: unknown });
    assert.equal(r1.statusCode, 400);
    assert.match(r1.json().detail, /Unknown question/);
    // A love-language item is not a question of this quiz.
    const foreign = [...answers(() => 'agree'), { question_id: quizBySlug['love-language']!.items[0]!.id, answer: 'agree' }];
    assert.equal((await evaluate(u, { quiz_id: evaluation.id, answers: foreign })).statusCode, 400);
    const bad = answers((_c, i) => (i === 0 ? 'maybe' : 'agree'));
    const r2 = await evaluate(u, { quiz_id: evaluation.id, answers: bad });
    assert.equal(r2.statusCode, 400);
    assert.match(r2.json().detail, /Invalid answer/);
  });

  test('evaluation: wrong quiz_id → 404; malformed body → 422 naming the field', async () => {
    const u = await user();
    const all = answers(() => 'agree');
    for (const quiz_id of [randomUUID(), quizBySlug['love-language']!.id]) {
      const r = await evaluate(u, { quiz_id, answers: all });
      assert.equal(r.statusCode, 404);
      assert.deepEqual(r.json(), NOT_FOUND);
    }
    expect422(await evaluate(u, { quiz_id: 'nope', answers: all }), ['body', 'quiz_id']);
    expect422(await evaluate(u, { answers: all }), ['body', 'quiz_id']);
    expect422(await evaluate(u, { quiz_id: evaluation.id, answers: [] }), ['body', 'answers']);
    expect422(await evaluate(u, { quiz_id: evaluation.id, answers: 'all agree' }), ['body', 'answers']);
    expect422(await evaluate(u, { quiz_id: evaluation.id, answers: [{ question_id: all[0]!.question_id, answer: 5 }] }), ['body', 'answers', 0, 'answer']);
    expect422(await evaluate(u, { quiz_id: evaluation.id, answers: [{ answer: 'agree' }] }), ['body', 'answers', 0, 'question_id']);
  });

  test('results/{id}: malformed id → 422, unknown → 404; history: bad paging → 422', async () => {
    const u = await user();
    expect422(await call(u, 'GET', '/quiz/relationship/results/123'), ['path', 'result_id']);
    const r = await call(u, 'GET', `/quiz/relationship/results/${randomUUID()}`);
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), NOT_FOUND);
    expect422(await call(u, 'GET', '/quiz/relationship/history?limit=0'), ['query', 'limit']);
    expect422(await call(u, 'GET', '/quiz/relationship/history?limit=101'), ['query', 'limit']);
    expect422(await call(u, 'GET', '/quiz/relationship/history?offset=-1'), ['query', 'offset']);
    expect422(await call(u, 'GET', '/quizzes/?limit=abc'), ['query', 'limit']);
  });
});

describe('refuses the wrong user', () => {
  test('no token or a bad token → 401 on every quiz route', async () => {
    const id = quizBySlug['love-language']!.id;
    const routes: GuardedRoute[] = [
      ['GET', '/quizzes/'],
      ['GET', '/quizzes/love-language'],
      ['POST', `/quizzes/${id}/results`, { responses: {} }],
      ['GET', '/quizzes/love-language/results/me'],
      ['GET', '/quiz/relationship'],
      ['POST', '/quiz/relationship/submit', { quiz_id: evaluation.id, answers: answers(() => 'agree') }],
      ['GET', `/quiz/relationship/results/${randomUUID()}`],
      ['GET', '/quiz/relationship/history'],
      ['GET', '/quiz/relationship/stats'],
    ];
    await expectBearer401(t, P, routes);
  });

  test("another user's quiz result is never mine, and mine never replaces theirs", async () => {
    const a = await user();
    const b = await user();
    const id = quizBySlug['love-language']!.id;
    const ra = await submit(a, id, { x: 'quality_time' });
    assert.equal((await call(b, 'GET', '/quizzes/love-language/results/me')).statusCode, 404);
    const rb = await submit(b, id, { x: 'physical_touch', user_id: a.id });
    assert.notEqual(rb.json().id, ra.json().id);
    assert.equal(rb.json().user_id, b.id);
    assert.equal((await call(a, 'GET', '/quizzes/love-language/results/me')).json().scores_json.primary, 'quality_time');
  });

  test("another user's evaluation result → 404; their history and stats stay out of mine", async () => {
    const a = await user();
    const b = await user();
    const r = await evaluate(a, { quiz_id: evaluation.id, answers: answers(() => 'agree') });
    const id = r.json().id as string;
    const theirs = await call(b, 'GET', `/quiz/relationship/results/${id}`);
    assert.equal(theirs.statusCode, 404);
    assert.deepEqual(theirs.json(), NOT_FOUND);
    assert.equal((await call(a, 'GET', `/quiz/relationship/results/${id}`)).statusCode, 200);
    assert.equal((await call(b, 'GET', '/quiz/relationship/history')).json().total_count, 0);
    assert.equal((await call(b, 'GET', '/quiz/relationship/stats')).json().total_assessments, 0);
  });
});
