// Quizzes: listing, the seed's scored results (one per quiz, replaced on resubmission), and the web client's
// relationship evaluation (every attempt kept, with history and stats).
import type { Static } from '@sinclair/typebox';
import { AppError, notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import type { QuizItemRow, QuizRow } from '../db.js';
import * as repo from './quizzes.repo.js';
import {
  INTERPRETATION_RANGES,
  RELATIONSHIP_CATEGORIES,
  categoryLabel,
  rangeOf,
  relationshipAdvice,
  scoreQuiz,
  scoreRelationship,
  summarizeRelationship,
  type CategoryScore,
  type Insight,
  type RelationshipTip,
} from './quiz-scoring.js';
import type { EvaluationQuiz, EvaluationResult, EvaluationSubmit, Quiz, QuizResult } from './quizzes.schemas.js';
import { SEED_QUIZZES } from '../shared/seed-content.js';
import { iso } from '../../../core/iso.js';

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
  const items = await repo.itemsOf(
    ctx.db.dz,
    qs.map((q) => q.id),
  );
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
  const weightOf = new Map(RELATIONSHIP_CATEGORIES.map((c) => [c.key, c.weight]));
  return {
    id: quiz.id,
    slug: quiz.slug,
    title: quiz.title,
    description: quiz.description,
    type: quiz.type,
    is_active: quiz.isActive,
    total_questions: items.length,
    categories: RELATIONSHIP_CATEGORIES.map((c) => ({ name: c.key, display_name: c.name, weight: c.weight, description: c.description, icon: c.icon })),
    interpretation_ranges: INTERPRETATION_RANGES,
    items: items.map((i) => ({
      id: i.id,
      key: i.key,
      prompt: i.prompt,
      kind: i.kind,
      options: ((i.optionsJson as Option[] | null) ?? []).map((o) => ({ label: o.label, value: o.value, points: o.score ?? 0 })),
      order_index: i.orderIndex,
      category: i.category ?? '',
      category_weight: weightOf.get(i.category ?? '') ?? 0,
    })),
  };
}

type Assessment = Awaited<ReturnType<typeof repo.insertAssessment>>;

/** Category scores as stored: the full list, or (older rows) a map of percentages. */
function storedCategories(v: unknown): CategoryScore[] {
  if (Array.isArray(v)) return v as CategoryScore[];
  const byKey = new Map(RELATIONSHIP_CATEGORIES.map((c) => [c.key, c]));
  return Object.entries((v ?? {}) as Record<string, number>).map(([k, pct]) => ({
    category: k,
    display_name: byKey.get(k)?.name ?? k,
    score: pct,
    percentage: pct,
    max_possible: 100,
    interpretation: categoryLabel(pct),
    icon: byKey.get(k)?.icon ?? '📊',
  }));
}

const storedInsights = (v: unknown): Insight[] =>
  ((v ?? []) as (Insight | string)[]).map((i) => (typeof i === 'string' ? { category: 'general', insight_type: 'tip', message: i, recommendation: null } : i));
const storedTips = (v: unknown): RelationshipTip[] =>
  ((v ?? []) as (RelationshipTip | string)[]).map((t) => (typeof t === 'string' ? { title: 'Try this', description: t } : t));

export const categoryPercentages = (v: unknown): Record<string, number> => Object.fromEntries(storedCategories(v).map((c) => [c.category, c.percentage]));

function presentAssessment(a: Assessment): Static<typeof EvaluationResult> {
  const categories = storedCategories(a.categoryScores);
  const answers = (a.answers ?? []) as { question_id: string; answer: unknown }[];
  return {
    id: a.id,
    quiz_id: a.quizId,
    user_id: a.userId,
    overall_score: a.overallScore,
    interpretation: a.interpretation,
    interpretation_details: rangeOf(a.interpretation),
    category_scores: categories,
    insights: storedInsights(a.insights),
    comprehensive_insights: summarizeRelationship(a.overallScore, a.interpretation, categories),
    relationship_tips: storedTips(a.relationshipTips),
    responses: Object.fromEntries(answers.map((x) => [x.question_id, x.answer])),
    created_at: a.createdAt.toISOString(),
    updated_at: a.createdAt.toISOString(),
  };
}

/** Each answer must name a question of this quiz and one of its options; anything else is a 400 that says what. */
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
  // A category is scored from the questions answered in it; one with no answer at all can't be scored. (The web
  // client's first submission leaves out the last answer: it submits before its state has it.)
  const unanswered = RELATIONSHIP_CATEGORIES.filter(
    (c) => items.some((i) => i.category === c.key) && ![...answered.values()].some((a) => a.category === c.key),
  );
  if (unanswered.length > 0) throw new AppError('incomplete', 400, `Answer at least one question about ${unanswered.map((c) => c.name).join(', ')}`);
  const scored = scoreRelationship([...answered.values()]);
  const { insights, tips } = relationshipAdvice(scored.categories);
  const a = await repo.insertAssessment(ctx.db.dz, {
    userId,
    quizId: quiz.id,
    answers: body.answers,
    overallScore: scored.overall_score,
    interpretation: scored.interpretation,
    categoryScores: scored.categories,
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
  for (const r of rows) for (const [k, v] of Object.entries(categoryPercentages(r.categoryScores))) (sums[k] ??= []).push(v);
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
        await repo.upsertItem(tx.dz, {
          quizId,
          key: item.key,
          prompt: item.prompt,
          kind: item.kind,
          optionsJson: item.options,
          category: item.category ?? null,
          orderIndex: i,
        });
      }
    }
  });
}
