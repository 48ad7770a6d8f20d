// Quiz schemas: the seed's QuizResponse / QuizResultCreate / QuizResultResponse and the web client's evaluation.
import { Type } from '@sinclair/typebox';
import { Body, DateTime, Nullable, PageQuery, Uuid } from '../../core/http/schemas.js';

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

export const EvaluationQuestion = Type.Object({
  id: Uuid(),
  key: Type.String(),
  text: Type.String(),
  options: Type.Array(QuizOption),
});
export const EvaluationCategory = Type.Object({
  key: Type.String(),
  name: Type.String(),
  weight: Type.Number(),
  questions: Type.Array(EvaluationQuestion),
});
export const EvaluationQuiz = Type.Object({
  quiz_id: Uuid(),
  title: Type.String(),
  description: Nullable(Type.String()),
  total_questions: Type.Integer(),
  categories: Type.Array(EvaluationCategory),
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

export const EvaluationResult = Type.Object({
  id: Uuid(),
  quiz_id: Uuid(),
  overall_score: Type.Number(),
  interpretation: Type.String(),
  category_scores: Type.Record(Type.String(), Type.Number()),
  insights: Type.Array(Type.String()),
  relationship_tips: Type.Array(Type.String()),
  created_at: DateTime(),
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
