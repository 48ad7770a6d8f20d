// Analytics and administration schemas.
import { Type } from '@sinclair/typebox';
import { Body, Email, Nullable, StringEnum } from '../../../core/http/schemas.js';

export const RangeQuery = Type.Object({ date_range: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 7, description: 'Days back from now' })) });
const Rate = Type.Number({ minimum: 0, description: 'Percent, one decimal' });
const Counts = Type.Record(Type.String(), Type.Integer());

export const Dashboard = Type.Object({
  today: Type.Object({
    total_events: Type.Integer(),
    registrations: Type.Integer(),
    conversations: Type.Integer(),
    messages: Type.Integer(),
    onboarding_completions: Type.Integer(),
  }),
  totals: Type.Object({
    users: Type.Integer(),
    verified_users: Type.Integer(),
    onboarded_users: Type.Integer(),
    premium_users: Type.Integer(),
    conversations: Type.Integer(),
  }),
  hourly_trends: Type.Array(
    Type.Object({
      hour: Type.String({ description: 'YYYYMMDDHH (UTC)' }),
      events: Type.Integer(),
      conversations: Type.Integer(),
      registrations: Type.Integer(),
    }),
  ),
  generated_at: Type.String({ format: 'date-time' }),
});

export const Funnel = Type.Object({
  date_range_days: Type.Integer(),
  total_registrations: Type.Integer(),
  email_verified: Type.Integer(),
  completed_onboarding: Type.Integer(),
  onboarding_completion_rate: Rate,
  step_metrics: Type.Record(Type.String(), Type.Object({ completed: Type.Integer(), skipped: Type.Integer(), completion_rate: Rate })),
  generated_at: Type.String({ format: 'date-time' }),
});

export const ConversationMetrics = Type.Object({
  date_range_days: Type.Integer(),
  total_conversations: Type.Integer(),
  completed_conversations: Type.Integer(),
  abandoned_conversations: Type.Integer(),
  completion_rate: Rate,
  average_session_score: Type.Number(),
  average_messages_per_conversation: Type.Number(),
  scenario_distribution: Counts,
  difficulty_distribution: Counts,
  outcome_distribution: Type.Object({ gold: Type.Integer(), silver: Type.Integer(), bronze: Type.Integer() }),
  generated_at: Type.String({ format: 'date-time' }),
});

export const Engagement = Type.Object({
  date_range_days: Type.Integer(),
  daily_active_users: Type.Integer(),
  weekly_active_users: Type.Integer(),
  monthly_active_users: Type.Integer(),
  retention: Type.Object({ active_users: Type.Integer(), retained_users: Type.Integer(), retention_rate: Rate }),
  premium_conversion: Type.Object({ total_users: Type.Integer(), premium_users: Type.Integer(), conversion_rate: Rate }),
  engagement_ratio: Type.Object({ dau_wau: Rate, wau_mau: Rate }),
  generated_at: Type.String({ format: 'date-time' }),
});

export const MetricParams = Type.Object({ metric_name: StringEnum(['ai_response_time', 'ai_fallback_rate']) });
export const HoursQuery = Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 168, default: 24 })) });
export const Performance = Type.Object({
  metric_name: Type.String(),
  time_range_hours: Type.Integer(),
  data_points: Type.Integer(),
  metrics: Type.Array(Type.Object({ hour: Type.String(), average: Type.Number(), count: Type.Integer() })),
  generated_at: Type.String({ format: 'date-time' }),
});

const EventType = Type.String({ minLength: 2, maxLength: 50, pattern: '^[a-z][a-z0-9_]+$' });
export const TrackBody = Type.Union([
  Body({
    event_type: Type.Optional(EventType),
    event_data: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 20 })),
  }),
  Type.Null(),
]);
export const TrackQuery = Type.Object({ event_type: Type.Optional(EventType) });

export const PremiumBody = Body({
  email: Email(),
  is_premium: Type.Boolean(),
  premium_expires_at: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
});
export const PremiumResult = Type.Object({
  user_id: Type.String({ format: 'uuid' }),
  is_premium: Type.Boolean(),
  premium_expires_at: Nullable(Type.String({ format: 'date-time' })),
});
