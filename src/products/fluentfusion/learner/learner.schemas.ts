// Shapes of the learner pages (dashboard, profile, leaderboard, public stats) as the origin web client reads them.
import { Type } from '@sinclair/typebox';
import { DateTime, Nullable, StringEnum } from '../../../core/http/schemas.js';
import { TargetLanguageSchema } from '../schemas.js';
import { PULSE_DESCRIPTION, PULSE_STATES, XP_DESCRIPTION } from './metrics.js';

export const PulseStateSchema = StringEnum([...PULSE_STATES], { description: PULSE_DESCRIPTION });
const Xp = Type.Integer({ minimum: 0, description: XP_DESCRIPTION });
const Percent = Type.Number({ minimum: 0, maximum: 100, description: 'Percentage, one decimal' });

/** One of my courses on the dashboard: a language track. */
export const EnrolledCourse = Type.Object({
  id: Type.Integer({ description: 'Course number: 1 Kinyarwanda, 2 English, 3 French' }),
  slug: TargetLanguageSchema,
  title: Type.String(),
  language: Type.String(),
  level: Type.String(),
  flag_emoji: Type.String(),
  instructor: Type.String(),
  completion: { ...Percent, description: "Share of the track's lessons I completed" },
  lesson_count: Type.Integer({ minimum: 0 }),
  enrolled_at: DateTime({ description: 'My sign-up time' }),
});

export const StudentDashboard = Type.Object(
  {
    total_courses: Type.Integer({ minimum: 0 }),
    avg_completion: Percent,
    total_spent: Type.Number({ description: 'Always 0: lessons are free' }),
    xp: Xp,
    pulse_state: PulseStateSchema,
    enrolled_courses: Type.Array(EnrolledCourse, {
      description: "My target language's track first, then every other track I have progress in",
    }),
    upcoming_sessions: Type.Array(Type.Object({}), { maxItems: 0, description: 'Always empty: there are no live sessions' }),
    current_streak: Type.Integer({ minimum: 0, description: 'Consecutive activity days ending today or yesterday (UTC)' }),
    best_streak: Type.Integer({ minimum: 0 }),
    lessons_completed: Type.Integer({ minimum: 0 }),
    badges_earned: Type.Integer({ minimum: 0 }),
  },
  { description: `My dashboard. ${PULSE_DESCRIPTION}` },
);

export const DashboardStats = Type.Object({
  xp_points: Xp,
  xp_today: Type.Integer({ minimum: 0, description: 'XP from answers and lessons completed today (UTC)' }),
  current_streak: Type.Integer({ minimum: 0 }),
  best_streak: Type.Integer({ minimum: 0 }),
  lessons_completed: Type.Integer({ minimum: 0 }),
  lessons_this_month: Type.Integer({ minimum: 0, description: 'Lessons completed this UTC month' }),
  fluency_score: { ...Percent, description: 'Average score of my completed lessons; 0 when none' },
  time_spent_today: Type.Integer({ minimum: 0, description: 'Seconds recorded on lessons whose record changed today (UTC)' }),
  achievements_unlocked: Type.Integer({ minimum: 0 }),
  next_level_xp: Type.Integer({ minimum: 100 }),
  level: Type.Integer({ minimum: 1 }),
});

export const StudentProfile = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String({ description: 'My username' }),
  email: Type.String(),
  bio: Nullable(Type.String()),
  avatar_initials: Type.String(),
  xp: Xp,
  pulse_state: PulseStateSchema,
  created_at: DateTime(),
});

export const LeaderboardQuery = Type.Object({
  skip: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Places to skip' }),
  limit: Type.Integer({ minimum: 0, maximum: 50, default: 50, description: 'Places to return (at most 50)' }),
});

export const LeaderboardEntry = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  id: Type.String({ format: 'uuid' }),
  name: Type.String({ description: 'Username (the only thing shown about other learners)' }),
  avatar_initials: Type.String(),
  xp: Xp,
  pulse_state: PulseStateSchema,
  courses: Type.Integer({ minimum: 0, description: 'Tracks: the target language plus any other enrolled in or with progress' }),
  is_me: Type.Boolean(),
});

export const PlatformStats = Type.Object({
  active_learners: Type.Integer({ minimum: 0, description: 'Learners with activity on one of the last 30 days' }),
  total_users: Type.Integer({ minimum: 0 }),
  languages: Type.Integer(),
  courses: Type.Integer(),
  instructors: Type.Integer(),
  success_rate: Type.Integer({ minimum: 0, maximum: 100, description: '% of recorded lessons scored ≥ 70; 0 when none' }),
});
