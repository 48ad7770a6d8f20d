// Couple Compass tables, in their own Postgres schema.
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgSchema, real, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from '../../core/identity/db.js';
import { createdAt, id, updatedAt, userRef } from '../../core/db/columns.js';

export const cc = pgSchema('couple_compass');

export const profiles = cc.table('profiles', {
  id: id(),
  userId: userRef().unique(),
  name: varchar('name', { length: 255 }).notNull(),
  avatarUrl: text('avatar_url'),
  pronouns: varchar('pronouns', { length: 50 }),
  birthdate: timestamp('birthdate', { withTimezone: true }),
  timezone: varchar('timezone', { length: 50 }).notNull().default('UTC'),
  onboardingCompleted: boolean('onboarding_completed').notNull().default(false),
  relationshipStatus: varchar('relationship_status', { length: 50 }),
  partnerName: varchar('partner_name', { length: 255 }),
  anniversaryDate: date('anniversary_date', { mode: 'string' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const couples = cc.table('couples', {
  id: id(),
  status: varchar('status', { length: 20 }).notNull().default('active'),
  anniversaryDate: timestamp('anniversary_date', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const coupleMembers = cc.table(
  'couple_members',
  {
    id: id(),
    coupleId: uuid('couple_id')
      .notNull()
      .references(() => couples.id, { onDelete: 'cascade' }),
    userId: userRef(),
    role: varchar('role', { length: 20 }).notNull().default('partner'),
    /** False once the couple has ended: the user is free to link again. */
    active: boolean('active').notNull().default(true),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One live couple per user, enforced by the database (two joins racing can't both win).
    uniqueIndex('couple_members_one_active_per_user')
      .on(t.userId)
      .where(sql`${t.active}`),
    index('couple_members_couple_idx').on(t.coupleId),
  ],
);

export const partnerLinks = cc.table(
  'partner_links',
  {
    id: id(),
    code: varchar('code', { length: 8 }).notNull().unique(),
    createdByUserId: userRef('created_by_user_id'),
    coupleId: uuid('couple_id').references(() => couples.id, { onDelete: 'set null' }),
    usedByUserId: uuid('used_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('partner_links_creator_idx').on(t.createdByUserId, t.status)],
);

export const quizzes = cc.table('quizzes', {
  id: id(),
  slug: varchar('slug', { length: 100 }).notNull().unique(),
  title: varchar('title', { length: 255 }).notNull(),
  description: text('description'),
  type: varchar('type', { length: 50 }).notNull(),
  isActive: boolean('is_active').notNull().default(true),
  orderIndex: integer('order_index').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const quizItems = cc.table(
  'quiz_items',
  {
    id: id(),
    quizId: uuid('quiz_id')
      .notNull()
      .references(() => quizzes.id, { onDelete: 'cascade' }),
    /** Stable key from the seed content (idempotent seeding; answers refer to it in the relationship quiz). */
    key: varchar('key', { length: 100 }).notNull(),
    prompt: text('prompt').notNull(),
    kind: varchar('kind', { length: 50 }).notNull(),
    optionsJson: jsonb('options_json'),
    category: varchar('category', { length: 50 }),
    orderIndex: integer('order_index').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('quiz_items_quiz_key').on(t.quizId, t.key)],
);

export const quizResults = cc.table(
  'quiz_results',
  {
    id: id(),
    userId: userRef(),
    quizId: uuid('quiz_id')
      .notNull()
      .references(() => quizzes.id, { onDelete: 'cascade' }),
    responsesJson: jsonb('responses_json').notNull(),
    scoresJson: jsonb('scores_json').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // The seed keeps one result per user and quiz: a second submission replaces the first.
  (t) => [uniqueIndex('quiz_results_user_quiz').on(t.userId, t.quizId)],
);

/** The web client's relationship evaluation keeps every attempt (history, stats). */
export const relationshipAssessments = cc.table(
  'relationship_assessments',
  {
    id: id(),
    userId: userRef(),
    quizId: uuid('quiz_id')
      .notNull()
      .references(() => quizzes.id, { onDelete: 'cascade' }),
    answers: jsonb('answers').notNull(),
    overallScore: real('overall_score').notNull(),
    interpretation: varchar('interpretation', { length: 20 }).notNull(),
    categoryScores: jsonb('category_scores').notNull(),
    insights: jsonb('insights').notNull(),
    relationshipTips: jsonb('relationship_tips').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('relationship_assessments_user_idx').on(t.userId, t.createdAt)],
);

export const moodCheckins = cc.table(
  'mood_checkins',
  {
    id: id(),
    userId: userRef(),
    coupleId: uuid('couple_id').references(() => couples.id, { onDelete: 'set null' }),
    moodLevel: integer('mood_level').notNull(),
    notes: text('notes'),
    contextTags: jsonb('context_tags').$type<string[]>(),
    /** The day of the check-in in the user's time zone (the client allows one per day). */
    checkinDate: date('checkin_date', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('mood_checkins_user_idx').on(t.userId, t.createdAt), index('mood_checkins_user_day_idx').on(t.userId, t.checkinDate)],
);

export const journals = cc.table(
  'journals',
  {
    id: id(),
    userId: userRef(),
    coupleId: uuid('couple_id').references(() => couples.id, { onDelete: 'set null' }),
    content: text('content').notNull(),
    visibility: varchar('visibility', { length: 20 }).notNull().default('private'),
    sentimentScore: integer('sentiment_score'),
    themes: jsonb('themes').$type<string[]>(),
    /** Bumped on every content change, so a late analysis of old text is discarded. */
    contentVersion: integer('content_version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('journals_user_idx').on(t.userId, t.createdAt), index('journals_couple_idx').on(t.coupleId, t.visibility, t.createdAt)],
);

export const voiceNotes = cc.table(
  'voice_notes',
  {
    id: id(),
    userId: userRef(),
    coupleId: uuid('couple_id').references(() => couples.id, { onDelete: 'set null' }),
    /** Storage key (the seed's s3_url column). */
    s3Url: text('s3_url').notNull(),
    contentType: varchar('content_type', { length: 100 }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    transcript: text('transcript'),
    transcriptStatus: varchar('transcript_status', { length: 20 }).notNull().default('pending'),
    durationSeconds: integer('duration_seconds'),
    visibility: varchar('visibility', { length: 20 }).notNull().default('private'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('voice_notes_user_idx').on(t.userId, t.createdAt)],
);

export const tips = cc.table(
  'tips',
  {
    id: id(),
    key: varchar('key', { length: 100 }).notNull().unique(),
    title: varchar('title', { length: 255 }).notNull(),
    content: text('content').notNull(),
    category: varchar('category', { length: 100 }),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    triggerConditions: jsonb('trigger_conditions'),
    priorityScore: integer('priority_score').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('tips_category_idx').on(t.category)],
);

export const userTips = cc.table(
  'user_tips',
  {
    id: id(),
    userId: userRef(),
    tipId: uuid('tip_id')
      .notNull()
      .references(() => tips.id, { onDelete: 'cascade' }),
    contextJson: jsonb('context_json'),
    status: varchar('status', { length: 20 }).notNull().default('suggested'),
    viewedAt: timestamp('viewed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('user_tips_user_tip').on(t.userId, t.tipId), index('user_tips_user_idx').on(t.userId, t.createdAt)],
);

/** One row per explicit "generate tips" request (the client's 3-per-day allowance). */
export const tipGenerations = cc.table(
  'tip_generations',
  {
    id: id(),
    userId: userRef(),
    day: date('day', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('tip_generations_user_day').on(t.userId, t.day)],
);

export const chatSessions = cc.table(
  'chat_sessions',
  {
    id: id(),
    ownerId: userRef('owner_id'),
    coupleId: uuid('couple_id').references(() => couples.id, { onDelete: 'set null' }),
    /** The partner who accepted an invitation to this session. */
    partnerId: uuid('partner_id').references(() => users.id, { onDelete: 'set null' }),
    title: varchar('title', { length: 200 }).notNull(),
    summary: text('summary'),
    sessionType: varchar('session_type', { length: 20 }).notNull().default('individual'),
    messageCount: integer('message_count').notNull().default(0),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('chat_sessions_owner_idx').on(t.ownerId, t.createdAt), index('chat_sessions_partner_idx').on(t.partnerId)],
);

export const chatMessages = cc.table(
  'chat_messages',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => chatSessions.id, { onDelete: 'cascade' }),
    /** Null for the AI mediator. */
    senderId: uuid('sender_id').references(() => users.id, { onDelete: 'set null' }),
    role: varchar('role', { length: 20 }).notNull(),
    content: text('content').notNull(),
    suggestedActions: jsonb('suggested_actions').$type<string[]>(),
    confidenceScore: real('confidence_score'),
    createdAt: createdAt(),
  },
  (t) => [index('chat_messages_session_idx').on(t.sessionId, t.createdAt)],
);

export const chatInvitations = cc.table(
  'chat_invitations',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => chatSessions.id, { onDelete: 'cascade' }),
    inviterId: userRef('inviter_id'),
    inviteeId: userRef('invitee_id'),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('chat_invitations_one_pending')
      .on(t.sessionId)
      .where(sql`${t.status} = 'pending'`),
    index('chat_invitations_invitee_idx').on(t.inviteeId, t.status),
  ],
);

export type ProfileRow = typeof profiles.$inferSelect;
export type CoupleRow = typeof couples.$inferSelect;
export type QuizRow = typeof quizzes.$inferSelect;
export type QuizItemRow = typeof quizItems.$inferSelect;
export type MoodRow = typeof moodCheckins.$inferSelect;
export type JournalRow = typeof journals.$inferSelect;
export type VoiceNoteRow = typeof voiceNotes.$inferSelect;
export type TipRow = typeof tips.$inferSelect;
export type UserTipRow = typeof userTips.$inferSelect;
export type ChatSessionRow = typeof chatSessions.$inferSelect;
export type ChatMessageRow = typeof chatMessages.$inferSelect;
export type ChatInvitationRow = typeof chatInvitations.$inferSelect;
