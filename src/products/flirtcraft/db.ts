// FlirtCraft tables, in their own Postgres schema.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from '../../core/identity/db.js';
import { createdAt, id, updatedAt, userRef } from '../../core/db/columns.js';
import type { ContextTemplates, Difficulty, DifficultyModifier } from './scenarios/catalogue.js';
import type { Feedback } from './partner/feedback.js';
import type { ConversationContext } from './partner/context.js';

export const flirtcraftSchema = pgSchema('flirtcraft');

/** One row per user: onboarding answers, consents, premium status. Made at sign-up. */
export const profiles = flirtcraftSchema.table(
  'profiles',
  {
    userId: userRef().primaryKey(),
    birthYear: integer('birth_year'),
    ageVerified: boolean('age_verified').notNull().default(false),
    targetGender: varchar('target_gender', { length: 20 }),
    targetAgeMin: integer('target_age_min'),
    targetAgeMax: integer('target_age_max'),
    relationshipGoal: varchar('relationship_goal', { length: 20 }),
    primarySkills: text('primary_skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    specificChallenges: text('specific_challenges')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    experienceLevel: varchar('experience_level', { length: 20 }),
    practiceFrequency: varchar('practice_frequency', { length: 20 }),
    notificationsEnabled: boolean('notifications_enabled'),
    analyticsOptIn: boolean('analytics_opt_in').notNull().default(false),
    privacyLevel: varchar('privacy_level', { length: 20 }).notNull().default('standard'),
    marketingOptIn: boolean('marketing_opt_in').notNull().default(false),
    termsAcceptedAt: timestamp('terms_accepted_at', { withTimezone: true }),
    privacyAcceptedAt: timestamp('privacy_accepted_at', { withTimezone: true }),
    detectedPersona: varchar('detected_persona', { length: 30 }),
    stepsCompleted: text('steps_completed')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    stepsSkipped: text('steps_skipped')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    onboardingCompleted: boolean('onboarding_completed').notNull().default(false),
    onboardingCompletedAt: timestamp('onboarding_completed_at', { withTimezone: true }),
    isPremium: boolean('is_premium').notNull().default(false),
    premiumExpiresAt: timestamp('premium_expires_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('profiles_target_gender', sql`${t.targetGender} IN ('male', 'female', 'everyone')`),
    check('profiles_age_range', sql`${t.targetAgeMin} BETWEEN 18 AND 100 AND ${t.targetAgeMax} BETWEEN 18 AND 100 AND ${t.targetAgeMax} >= ${t.targetAgeMin}`),
    check('profiles_privacy_level', sql`${t.privacyLevel} IN ('standard', 'enhanced')`),
  ],
);

/** XP, level, streak and totals; written by the progress job (and the streak / XP routes). */
export const progress = flirtcraftSchema.table('progress', {
  userId: userRef().primaryKey(),
  totalConversations: integer('total_conversations').notNull().default(0),
  successfulConversations: integer('successful_conversations').notNull().default(0),
  totalPracticeSeconds: integer('total_practice_seconds').notNull().default(0),
  scoreSum: integer('score_sum').notNull().default(0),
  currentStreak: integer('current_streak').notNull().default(0),
  longestStreak: integer('longest_streak').notNull().default(0),
  lastPracticeDay: date('last_practice_day', { mode: 'string' }),
  xpPoints: integer('xp_points').notNull().default(0),
  level: integer('level').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** The catalogue (seed content, upserted by `type` at start-up). */
export const scenarios = flirtcraftSchema.table('scenarios', {
  id: id(),
  type: varchar('type', { length: 50 }).notNull().unique(),
  displayName: varchar('display_name', { length: 100 }).notNull(),
  description: text('description').notNull(),
  isPremium: boolean('is_premium').notNull().default(false),
  isActive: boolean('is_active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  contextTemplates: jsonb('context_templates').$type<ContextTemplates>().notNull(),
  difficultyModifiers: jsonb('difficulty_modifiers').$type<Record<Difficulty, DifficultyModifier>>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const conversations = flirtcraftSchema.table(
  'conversations',
  {
    id: id(),
    userId: userRef(),
    scenarioType: varchar('scenario_type', { length: 50 }).notNull(),
    difficultyLevel: varchar('difficulty_level', { length: 10 }).$type<Difficulty>().notNull(),
    status: varchar('status', { length: 20 }).$type<'active' | 'completed' | 'abandoned'>().notNull().default('active'),
    aiCharacterContext: jsonb('ai_character_context').$type<ConversationContext>().notNull(),
    startTime: timestamp('start_time', { withTimezone: true }).notNull(),
    endTime: timestamp('end_time', { withTimezone: true }),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull(),
    totalMessages: integer('total_messages').notNull().default(0),
    sessionScore: integer('session_score'),
    outcomeLevel: varchar('outcome_level', { length: 10 }).$type<'bronze' | 'silver' | 'gold'>(),
    feedback: jsonb('feedback').$type<Feedback>(),
    /** Set by the progress job once it has counted this conversation (the job is idempotent by it). */
    progressAppliedAt: timestamp('progress_applied_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('conversations_user_start_idx').on(t.userId, t.startTime),
    index('conversations_status_activity_idx').on(t.status, t.lastActivityAt),
    check('conversations_difficulty', sql`${t.difficultyLevel} IN ('green', 'yellow', 'red')`),
    check('conversations_status', sql`${t.status} IN ('active', 'completed', 'abandoned')`),
    check('conversations_score', sql`${t.sessionScore} BETWEEN 0 AND 100`),
  ],
);

export const messages = flirtcraftSchema.table(
  'messages',
  {
    id: id(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    senderType: varchar('sender_type', { length: 10 }).$type<'user' | 'ai'>().notNull(),
    content: text('content').notNull(),
    messageOrder: integer('message_order').notNull(),
    aiBodyLanguage: text('ai_body_language'),
    aiReceptiveness: varchar('ai_receptiveness', { length: 40 }),
    feedbackType: varchar('feedback_type', { length: 20 }),
    feedbackContent: text('feedback_content'),
    feedbackScore: integer('feedback_score'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_conversation_order_key').on(t.conversationId, t.messageOrder),
    check('messages_sender', sql`${t.senderType} IN ('user', 'ai')`),
  ],
);

export const userAchievements = flirtcraftSchema.table(
  'user_achievements',
  {
    id: id(),
    userId: userRef(),
    achievementType: varchar('achievement_type', { length: 50 }).notNull(),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    earnedAt: timestamp('earned_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('user_achievements_user_type_key').on(t.userId, t.achievementType)],
);

/** Every XP award, keyed so that the same award can never be counted twice. */
export const xpEvents = flirtcraftSchema.table(
  'xp_events',
  {
    id: id(),
    userId: userRef(),
    source: varchar('source', { length: 60 }).notNull(),
    points: integer('points').notNull(),
    dedupeKey: varchar('dedupe_key', { length: 120 }).notNull(),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('xp_events_user_key').on(t.userId, t.dedupeKey), index('xp_events_user_created_idx').on(t.userId, t.createdAt)],
);

/** The analytics source: one row per product event. Never an e-mail or a message text. */
export const events = flirtcraftSchema.table(
  'events',
  {
    id: id(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    eventType: varchar('event_type', { length: 60 }).notNull(),
    source: varchar('source', { length: 10 }).$type<'server' | 'client'>().notNull().default('server'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('events_type_created_idx').on(t.eventType, t.createdAt),
    index('events_user_created_idx').on(t.userId, t.createdAt),
    index('events_created_idx').on(t.createdAt),
  ],
);

/** A Supabase Auth user (the app signs in there) and the local account its tokens act as; made on its first call. */
export const supabaseLinks = flirtcraftSchema.table('supabase_links', {
  subject: varchar('subject', { length: 255 }).primaryKey(),
  userId: userRef().unique(),
  createdAt: createdAt(),
});

export type ProfileRow = typeof profiles.$inferSelect;
export type ProgressRow = typeof progress.$inferSelect;
export type ScenarioRow = typeof scenarios.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
