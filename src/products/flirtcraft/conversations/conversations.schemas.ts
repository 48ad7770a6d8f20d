// Conversation, message and feedback schemas (the fields the app reads, under both names where they differ).
import { Type } from '@sinclair/typebox';
import { Body, Nullable, StringEnum } from '../../../core/http/schemas.js';
import { Context, DifficultyEnum } from '../scenarios/scenarios.schemas.js';

const Tier = StringEnum(['bronze', 'silver', 'gold']);
const Score = Type.Integer({ minimum: 0, maximum: 100 });

export const CreateBody = Body({ scenario_type: Type.String({ minLength: 1, maxLength: 50 }), difficulty_level: DifficultyEnum });
export const MessageBody = Body({ content: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S', description: '1–1000 characters, not only spaces' }) });
export const CompleteBody = Type.Union([Body({ outcome: Type.Optional(Tier) }), Type.Null()], {
  description: "Optional; the outcome comes from the feedback score, the client's value is not used",
});
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'Items per page (1–100)' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  status: Type.Optional(StringEnum(['active', 'completed', 'abandoned'])),
});

export const Message = Type.Object({
  id: Type.String({ format: 'uuid' }),
  conversation_id: Type.String({ format: 'uuid' }),
  sender_type: StringEnum(['user', 'ai']),
  content: Type.String(),
  message_order: Type.Integer(),
  ai_body_language: Nullable(Type.String()),
  ai_receptiveness: Nullable(Type.String()),
  body_language: Nullable(Type.String({ description: 'Same as ai_body_language' })),
  receptiveness: Nullable(Type.String({ description: 'Same as ai_receptiveness' })),
  feedback_type: Nullable(StringEnum(['positive', 'neutral', 'warning', 'tip'])),
  feedback_content: Nullable(Type.String()),
  feedback_score: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  timestamp: Type.String({ format: 'date-time' }),
});

export const Feedback = Type.Object({
  id: Type.String({ format: 'uuid' }),
  conversation_id: Type.String({ format: 'uuid' }),
  overall_score: Score,
  tier: Tier,
  outcome_level: Tier,
  engagement_score: Score,
  responsiveness_score: Score,
  storytelling_score: Score,
  emotional_intelligence_score: Score,
  momentum_score: Score,
  flirtation_score: Nullable(Score, { description: 'Red difficulty only' }),
  conversation_flow_score: Score,
  confidence_level_score: Score,
  strengths: Type.Array(Type.String()),
  areas_for_improvement: Type.Array(Type.String()),
  specific_suggestions: Type.Array(Type.Object({ message: Type.String(), feedback: Type.String() })),
  suggestions: Type.Array(Type.String()),
  next_practice_focus: Type.String(),
  encouragement: Type.String(),
  feedback_text: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
});

export const Conversation = Type.Object({
  id: Type.String({ format: 'uuid' }),
  user_id: Type.String({ format: 'uuid' }),
  scenario_type: Type.String(),
  difficulty_level: DifficultyEnum,
  status: StringEnum(['active', 'completed', 'abandoned']),
  ai_character_context: Context,
  start_time: Type.String({ format: 'date-time' }),
  end_time: Nullable(Type.String({ format: 'date-time' })),
  total_messages: Type.Integer(),
  max_messages: Type.Integer(),
  can_continue: Type.Boolean(),
  session_score: Nullable(Score),
  outcome: Nullable(Tier),
  outcome_level: Nullable(Tier),
  created_at: Type.String({ format: 'date-time' }),
  messages: Type.Optional(Type.Array(Message)),
  feedback: Type.Optional(Nullable(Feedback)),
  conversation_tips: Type.Optional(Type.Array(Type.String())),
  available_starters: Type.Optional(Type.Array(Type.String())),
});

export const CreateMeta = Type.Object({ daily_conversations_used: Type.Integer(), daily_limit: Type.Integer() });

export const TurnResult = Type.Object({
  message: Message,
  user_message: Message,
  ai_response: Message,
  live_feedback: Type.Object({ confidence: Score, appropriateness: Score, engagement: Score, suggestion: Nullable(Type.String()) }),
  conversation_status: Type.Object({
    total_messages: Type.Integer(),
    max_messages: Type.Integer(),
    remaining_messages: Type.Integer(),
    can_continue: Type.Boolean(),
  }),
});

export const EndResult = Type.Object({
  conversation_id: Type.String({ format: 'uuid' }),
  session_score: Score,
  outcome_level: Tier,
  tier: Tier,
  feedback: Feedback,
  total_messages: Type.Integer(),
  duration: Type.String({ description: 'H:MM:SS' }),
  duration_seconds: Type.Integer(),
});
