// Quiz schemas: the seed's QuizResponse / QuizResultCreate / QuizResultResponse and the web client's evaluation.
import { Type } from '@sinclair/typebox';
import { Body, DateTime, Nullable, PageQuery, Uuid } from '../../../core/http/schemas.js';

export const QuizOption = Type.Object({ value: Type.String(), label: Type.String(), score: Type.Optional(Type.Integer()) });

export const QuizItem = Type.Object({
  id: Uuid(),
  key: Type.String(),
  prompt: Type.String(),
  kind: Type.String(),
  options_json: Nullable(Type.Array(QuizOption)),
  category: Nullable(Type.String()),
  order_index: Type.Integer(),
});

export const Quiz = Type.Object({
  id: Uuid(),
  slug: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  type: Type.String(),
  is_active: Type.Boolean(),
  order_index: Type.Integer(),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
  items: Type.Array(QuizItem),
});

export const SlugParams = Type.Object({ quiz_slug: Type.String({ minLength: 1, maxLength: 100 }) });
export const QuizIdParams = Type.Object({ quiz_id: Uuid() });
export const QuizListQuery = PageQuery;

const Answer = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean(), Type.Null()]);

export const QuizResultCreate = Body({
  responses: Type.Record(Type.String({ maxLength: 100 }), Answer, { maxProperties: 200, description: 'Answers keyed by question id or key' }),
});

export const QuizResult = Type.Object({
  id: Uuid(),
  user_id: Uuid(),
  quiz_id: Uuid(),
  responses_json: Type.Record(Type.String(), Type.Unknown()),
  scores_json: Type.Record(Type.String(), Type.Unknown()),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});

/** The web client's evaluation quiz: every question with its category, options worth points. */
export const EvaluationOption = Type.Object({ label: Type.String(), value: Type.String(), points: Type.Integer({ minimum: 1, maximum: 4 }) });
export const EvaluationItem = Type.Object({
  id: Uuid(),
  key: Type.String(),
  prompt: Type.String(),
  kind: Type.String(),
  options: Type.Array(EvaluationOption),
  order_index: Type.Integer(),
  category: Type.String(),
  category_weight: Type.Number(),
});
export const EvaluationCategory = Type.Object({
  name: Type.String({ description: 'The category key' }),
  display_name: Type.String(),
  weight: Type.Number(),
  description: Type.String(),
  icon: Type.String(),
});
export const InterpretationRange = Type.Object({
  min_score: Type.Number(),
  max_score: Type.Number(),
  level: Type.String({ description: 'strong | stable | strained | at_risk' }),
  title: Type.String(),
  description: Type.String(),
  color: Type.String({ description: 'CSS colour' }),
});
export const EvaluationQuiz = Type.Object({
  id: Uuid(),
  slug: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  type: Type.String(),
  is_active: Type.Boolean(),
  total_questions: Type.Integer(),
  categories: Type.Array(EvaluationCategory),
  interpretation_ranges: Type.Array(InterpretationRange),
  items: Type.Array(EvaluationItem),
});

export const EvaluationSubmit = Body({
  quiz_id: Uuid(),
  answers: Type.Array(
    Body({
      question_id: Type.String({ minLength: 1, maxLength: 100, description: 'Question id (uuid) or key' }),
      answer: Type.Union([Type.String({ maxLength: 50 }), Type.Integer({ minimum: 1, maximum: 4 })], { description: 'Option value, or its points 1–4' }),
    }),
    { minItems: 1, maxItems: 200 },
  ),
});

export const CategoryScore = Type.Object({
  category: Type.String(),
  display_name: Type.String(),
  score: Type.Number({ description: 'Points earned' }),
  percentage: Type.Number(),
  max_possible: Type.Integer(),
  interpretation: Type.String(),
  icon: Type.String(),
});
export const Insight = Type.Object({
  category: Type.String(),
  insight_type: Type.String({ description: 'strength | improvement | tip' }),
  message: Type.String(),
  recommendation: Nullable(Type.String()),
});
export const EvaluationResult = Type.Object({
  id: Uuid(),
  quiz_id: Uuid(),
  user_id: Uuid(),
  overall_score: Type.Number(),
  interpretation: Type.String(),
  interpretation_details: InterpretationRange,
  category_scores: Type.Array(CategoryScore),
  insights: Type.Array(Insight),
  comprehensive_insights: Type.String(),
  relationship_tips: Type.Array(Type.Object({ title: Type.String(), description: Type.String() })),
  responses: Type.Record(Type.String(), Type.Unknown(), { description: 'My answer per question id' }),
  created_at: DateTime(),
  updated_at: DateTime(),
});

export const EvaluationHistoryItem = Type.Object({
  id: Uuid(),
  overall_score: Type.Number(),
  interpretation: Type.String(),
  created_at: DateTime(),
});
export const EvaluationHistory = Type.Object({
  results: Type.Array(EvaluationHistoryItem),
  total_count: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
});

export const EvaluationStats = Type.Object({
  total_assessments: Type.Integer(),
  latest_score: Nullable(Type.Number()),
  average_score: Nullable(Type.Number()),
  best_score: Nullable(Type.Number()),
  trend: Type.String({ description: 'improving | declining | stable' }),
  category_averages: Type.Record(Type.String(), Type.Number()),
});

export const ResultIdParams = Type.Object({ result_id: Uuid() });
