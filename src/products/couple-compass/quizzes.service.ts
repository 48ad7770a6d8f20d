// Quizzes: listing, the seed's scored results (one per quiz, replaced on resubmission), and the web client's
// relationship evaluation (every attempt kept, with history and stats).
import type { Static } from '@sinclair/typebox';
import { AppError, notFound } from '../../core/http/errors.js';
import type { ProductContext } from '../../core/product.js';
import type { QuizItemRow, QuizRow } from './db.js';
import * as repo from './quizzes.repo.js';
import { RELATIONSHIP_CATEGORIES, scoreQuiz, scoreRelationship } from './quiz-scoring.js';
import type { EvaluationQuiz, EvaluationResult, EvaluationSubmit, Quiz, QuizResult } from './quizzes.schemas.js';
import { SEED_QUIZZES } from './seed-content.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
type Option = { value: string; label: string; score?: number };

function presentQuiz(q: QuizRow, items: QuizItemRow[]): Static<typeof Quiz> {
  return {
    id: q.id,
    slug: q.slug,
    title: q.title,
    description: q.description,
    type: q.type,
    is_active: q.isActive,
    order_index: q.orderIndex,
    created_at: q.createdAt.toISOString(),
    updated_at: iso(q.updatedAt),
    items: items
      .filter((i) => i.quizId === q.id)
      .map((i) => ({
        id: i.id,
        key: i.key,
        prompt: i.prompt,
        kind: i.kind,
        options_json: (i.optionsJson as Option[] | null) ?? null,
        category: i.category,
        order_index: i.orderIndex,
      })),
  };
}

function presentResult(r: Awaited<ReturnType<typeof repo.upsertResult>>): Static<typeof QuizResult> {
  return {
    id: r.id,
    user_id: r.userId,
    quiz_id: r.quizId,
    responses_json: r.responsesJson as Record<string, unknown>,
    scores_json: r.scoresJson as Record<string, unknown>,
    created_at: r.createdAt.toISOString(),
    updated_at: iso(r.updatedAt),
  };
}

export async function listQuizzes(ctx: ProductContext, limit: number, offset: number) {
  const qs = await repo.listActiveQuizzes(ctx.db.dz, limit, offset);
  const items = await repo.itemsOf(ctx.db.dz, qs.map((q) => q.id));
  return qs.map((q) => presentQuiz(q, items));
}

export async function getQuiz(ctx: ProductContext, slug: string) {
  const q = await repo.findQuizBySlug(ctx.db.dz, slug);
  if (!q) throw notFound('Quiz not found');
  return presentQuiz(q, await repo.itemsOf(ctx.db.dz, [q.id]));
}

export async function submitResult(ctx: ProductContext, userId: string, quizId: string, responses: Record<string, unknown>) {
  const q = await repo.findQuizById(ctx.db.dz, quizId);
  if (!q) throw notFound('Quiz not found');
  const scores = scoreQuiz(q.type, responses);
  return presentResult(await repo.upsertResult(ctx.db.dz, { userId, quizId, responses, scores }));
}

export async function myResult(ctx: ProductContext, userId: string, slug: string) {
  const q = await repo.findQuizBySlug(ctx.db.dz, slug);
  if (!q) throw notFound('Quiz not found');
  const r = await repo.findResult(ctx.db.dz, userId, q.id);
  if (!r) throw notFound('No result for this quiz yet');
  return presentResult(r);
}

async function evaluationQuiz(ctx: ProductContext) {
  const q = await repo.findQuizByType(ctx.db.dz, 'relationship_evaluation');
  if (!q) throw notFound('Relationship quiz not found');
  return { quiz: q, items: await repo.itemsOf(ctx.db.dz, [q.id]) };
}

export async function getEvaluation(ctx: ProductContext): Promise<Static<typeof EvaluationQuiz>> {
  const { quiz, items } = await evaluationQuiz(ctx);
  return {
    quiz_id: quiz.id,
    title: quiz.title,
    description: quiz.description,
    total_questions: items.length,
    categories: RELATIONSHIP_CATEGORIES.map((c) => ({
      key: c.key,
      name: c.name,
      weight: c.weight,
      questions: items
        .filter((i) => i.category === c.key)
        .map((i) => ({ id: i.id, key: i.key, text: i.prompt, options: (i.optionsJson as Option[] | null) ?? [] })),
    })),
  };
}

const CATEGORY_TIPS: Record<string, string[]> = {
  communication: ['Set a weekly 20-minute check-in to talk about how you are both doing.', 'Practise reflecting back what you heard before you answer.'],
  trust_security: ['Keep small promises consistently; trust is rebuilt in small steps.', 'Share plans and changes early, before your partner has to ask.'],
  intimacy_affection: ['Plan a regular date night without phones.', 'Show affection daily: a long hug, a kiss hello, holding hands.'],
  support_partnership: ['Review how chores and money tasks are split and rebalance them together.', 'Ask each other what support would help most this month.'],
};

function insightsFor(categoryScores: Record<string, number>): { insights: string[]; tips: string[] } {
  const ranked = RELATIONSHIP_CATEGORIES.filter((c) => c.key in categoryScores).sort((a, b) => categoryScores[b.key]! - categoryScores[a.key]!);
  const insights: string[] = [];
  const tips: string[] = [];
  const best = ranked[0];
  const worst = ranked[ranked.length - 1];
  if (best && categoryScores[best.key]! >= 75) insights.push(`${best.name} is a real strength in your relationship.`);
  for (const c of ranked) {
    const s = categoryScores[c.key]!;
    if (s < 70) insights.push(`${c.name} could use some attention (${s}%).`);
    if (s < 85) tips.push(...CATEGORY_TIPS[c.key]!.slice(0, s < 70 ? 2 : 1));
  }
  if (worst && insights.length === 0) insights.push(`Your scores are balanced; ${worst.name} is the area with the most room to grow.`);
  return { insights, tips: tips.slice(0, 6) };
}

function presentAssessment(a: Awaited<ReturnType<typeof repo.insertAssessment>>): Static<typeof EvaluationResult> {
  return {
    id: a.id,
    quiz_id: a.quizId,
    overall_score: a.overallScore,
    interpretation: a.interpretation,
    category_scores: a.categoryScores as Record<string, number>,
    insights: a.insights as string[],
    relationship_tips: a.relationshipTips as string[],
    created_at: a.createdAt.toISOString(),
  };
}

/** Every question must be answered once with one of its options; anything else is a 400 that says what. */
export async function submitEvaluation(ctx: ProductContext, userId: string, body: Static<typeof EvaluationSubmit>) {
  const { quiz, items } = await evaluationQuiz(ctx);
  if (body.quiz_id !== quiz.id) throw notFound('Quiz not found');
  const byRef = new Map<string, QuizItemRow>();
  for (const i of items) {
    byRef.set(i.id, i);
    byRef.set(i.key, i);
  }
  const answered = new Map<string, { category: string; points: number }>();
  for (const a of body.answers) {
    const item = byRef.get(a.question_id);
    if (!item) throw new AppError('unknown_question', 400, `Unknown question: ${a.question_id}`);
    const options = (item.optionsJson as Option[] | null) ?? [];
    const opt = typeof a.answer === 'number' ? options.find((o) => o.score === a.answer) : options.find((o) => o.value === a.answer);
    if (!opt) throw new AppError('invalid_answer', 400, `Invalid answer for question ${item.key}`);
    answered.set(item.id, { category: item.category ?? '', points: opt.score ?? 0 });
  }
  const missing = items.filter((i) => !answered.has(i.id));
  if (missing.length > 0) throw new AppError('incomplete', 400, `All questions must be answered (${missing.length} missing)`);
  const scored = scoreRelationship([...answered.values()]);
  const { insights, tips } = insightsFor(scored.category_scores);
  const a = await repo.insertAssessment(ctx.db.dz, {
    userId,
    quizId: quiz.id,
    answers: body.answers,
    overallScore: scored.overall_score,
    interpretation: scored.interpretation,
    categoryScores: scored.category_scores,
    insights,
    relationshipTips: tips,
  });
  return presentAssessment(a);
}

export async function getEvaluationResult(ctx: ProductContext, userId: string, id: string) {
  const a = await repo.findAssessment(ctx.db.dz, userId, id);
  if (!a) throw notFound('Result not found');
  return presentAssessment(a);
}

export async function evaluationHistory(ctx: ProductContext, userId: string, limit: number, offset: number) {
  const [rows, total] = await Promise.all([repo.listAssessments(ctx.db.dz, userId, limit, offset), repo.countAssessments(ctx.db.dz, userId)]);
  return {
    results: rows.map((r) => ({ id: r.id, overall_score: r.overallScore, interpretation: r.interpretation, created_at: r.createdAt.toISOString() })),
    total_count: total,
    offset,
    limit,
  };
}

export async function evaluationStats(ctx: ProductContext, userId: string) {
  const rows = await repo.listAssessments(ctx.db.dz, userId, 1000, 0);
  if (rows.length === 0) {
    return { total_assessments: 0, latest_score: null, average_score: null, best_score: null, trend: 'stable', category_averages: {} };
  }
  const scores = rows.map((r) => r.overallScore);
  const avg = (xs: number[]) => Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10;
  const sums: Record<string, number[]> = {};
  for (const r of rows) for (const [k, v] of Object.entries(r.categoryScores as Record<string, number>)) (sums[k] ??= []).push(v);
  // rows are newest first: compare the latest attempt with the one before it.
  const diff = rows.length > 1 ? rows[0]!.overallScore - rows[1]!.overallScore : 0;
  return {
    total_assessments: rows.length,
    latest_score: rows[0]!.overallScore,
    average_score: avg(scores),
    best_score: Math.max(...scores),
    trend: diff > 2 ? 'improving' : diff < -2 ? 'declining' : 'stable',
    category_averages: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, avg(v)])),
  };
}

/** Loads the shipped quizzes (idempotent: keyed by slug and item key). */
export async function seedQuizzes(ctx: ProductContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const q of SEED_QUIZZES) {
      const quizId = await repo.upsertQuiz(tx.dz, { slug: q.slug, title: q.title, description: q.description, type: q.type, orderIndex: q.orderIndex });
      for (const [i, item] of q.items.entries()) {
        await repo.upsertItem(tx.dz, { quizId, key: item.key, prompt: item.prompt, kind: item.kind, optionsJson: item.options, category: item.category ?? null, orderIndex: i });
      }
    }
  });
}
