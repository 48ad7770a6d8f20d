// FluentFusion tables, in their own Postgres schema.
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgSchema, primaryKey, real, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, userRef } from '../../core/db/columns.js';
import type { Category, Difficulty, ExerciseType, LessonContent, TargetLanguage, UserType } from './content/types.js';
import type { ConsentType, DataRequestStatus, DataRequestType } from './consent/kinds.js';

export const ff = pgSchema('fluentfusion');

/** The learner's profile beside the identity user: the seed's `users` columns that identity doesn't hold. */
export const profiles = ff.table(
  'profiles',
  {
    userId: userRef().primaryKey(),
    username: varchar('username', { length: 50 }).notNull(),
    userType: varchar('user_type', { length: 20 }).$type<UserType>().notNull(),
    targetLanguage: varchar('target_language', { length: 20 }).$type<TargetLanguage>().notNull(),
    profileImage: text('profile_image'),
    lastLogin: timestamp('last_login', { withTimezone: true }),
    /** The origin web client's settings page: a short "about me". */
    bio: text('bio'),
    /** Onboarding answers (origin web client): language code spoken at home, why and from what level. */
    nativeLanguage: varchar('native_language', { length: 20 }),
    learningGoal: varchar('learning_goal', { length: 20 }),
    startingLevel: varchar('starting_level', { length: 20 }),
    onboardedAt: timestamp('onboarded_at', { withTimezone: true }),
    /** An e-mail change waiting for the link mailed to the new address. */
    pendingEmail: varchar('pending_email', { length: 255 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('profiles_username_key').on(sql`lower(${t.username})`)],
);

/** Seed content: one row per lesson, keyed by the content file's stable `key`. */
export const lessons = ff.table(
  'lessons',
  {
    id: varchar('id', { length: 100 }).primaryKey(),
    targetLanguage: varchar('target_language', { length: 20 }).$type<TargetLanguage>().notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    description: text('description').notNull(),
    difficulty: varchar('difficulty', { length: 20 }).$type<Difficulty>().notNull(),
    category: varchar('category', { length: 20 }).$type<Category>().notNull(),
    duration: integer('duration').notNull(),
    vocabularyCount: integer('vocabulary_count').notNull(),
    thumbnail: text('thumbnail'),
    content: jsonb('content').$type<LessonContent>().notNull(),
    sortOrder: integer('sort_order').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('lessons_language_order_idx').on(t.targetLanguage, t.sortOrder)],
);

export const exercises = ff.table(
  'exercises',
  {
    id: varchar('id', { length: 120 }).primaryKey(),
    lessonId: varchar('lesson_id', { length: 100 })
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    type: varchar('type', { length: 20 }).$type<ExerciseType>().notNull(),
    question: text('question').notNull(),
    options: jsonb('options').$type<string[] | null>(),
    pairs: jsonb('pairs').$type<[string, string][] | null>(),
    correctAnswer: text('correct_answer').notNull(),
    /** Other wordings graded as right (translations have more than one). */
    acceptedAnswers: jsonb('accepted_answers').$type<string[]>().notNull().default([]),
    explanation: text('explanation').notNull(),
    points: integer('points').notNull(),
    sortOrder: integer('sort_order').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('exercises_lesson_idx').on(t.lessonId, t.sortOrder)],
);

/** One row per (learner, lesson): recording progress again updates it. */
export const progress = ff.table(
  'progress',
  {
    id: id(),
    userId: userRef(),
    lessonId: varchar('lesson_id', { length: 100 })
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    timeSpent: integer('time_spent').notNull(),
    exercisesCompleted: integer('exercises_completed').notNull(),
    totalExercises: integer('total_exercises').notNull(),
    completed: boolean('completed').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('progress_user_lesson_key').on(t.userId, t.lessonId)],
);

export const exerciseAttempts = ff.table(
  'exercise_attempts',
  {
    id: id(),
    userId: userRef(),
    lessonId: varchar('lesson_id', { length: 100 })
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    exerciseId: varchar('exercise_id', { length: 120 })
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    answer: text('answer').notNull(),
    correct: boolean('correct').notNull(),
    pointsEarned: integer('points_earned').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('exercise_attempts_user_lesson_idx').on(t.userId, t.lessonId)],
);

export const userBadges = ff.table(
  'user_badges',
  {
    userId: userRef(),
    badgeId: varchar('badge_id', { length: 8 }).notNull(),
    earnedAt: timestamp('earned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.badgeId] })],
);

/**
 * Tracks a learner joined from the course catalogue. My courses are my target language's track, every track I
 * have progress in, and these: an enrolment keeps a track on my list when I change my target language.
 */
export const enrollments = ff.table(
  'enrollments',
  {
    userId: userRef(),
    targetLanguage: varchar('target_language', { length: 20 }).$type<TargetLanguage>().notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.targetLanguage] }), index('enrollments_language_idx').on(t.targetLanguage)],
);

/** The UTC days on which a learner recorded progress (the Week Streak badge reads them). */
export const activityDays = ff.table(
  'activity_days',
  {
    userId: userRef(),
    day: date('day', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/**
 * Six-digit codes mailed to a learner (e-mail verification): stored hashed, one live code per (user, purpose),
 * a few wrong tries and the code is gone.
 */
export const emailCodes = ff.table(
  'email_codes',
  {
    userId: userRef(),
    purpose: varchar('purpose', { length: 20 }).notNull(),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.purpose] })],
);

/** What the learner is told about their own account (a badge earned, a changed e-mail); newest first. */
export const notifications = ff.table(
  'notifications',
  {
    id: id(),
    userId: userRef(),
    title: varchar('title', { length: 200 }).notNull(),
    message: text('message').notNull(),
    link: varchar('link', { length: 200 }),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_created_idx').on(t.userId, t.createdAt)],
);

/**
 * A learner's answer to one consent (terms, cookies, marketing…) at one document version. Written once per answer
 * (a repeated identical answer adds nothing); withdrawing marks the current acceptance `accepted = false` with
 * `revoked_at`, keeping when it was given. No IP address or user agent is kept: the account and time are the record.
 */
export const consentRecords = ff.table(
  'consent_records',
  {
    id: id(),
    /** Insertion order: "the latest answer" even when two share a millisecond. Never shown. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    userId: userRef(),
    consentType: varchar('consent_type', { length: 40 }).$type<ConsentType>().notNull(),
    version: varchar('version', { length: 20 }).notNull(),
    accepted: boolean('accepted').notNull(),
    /** The live session a recording consent is for (the client sends it with live_session_recording). */
    sessionId: varchar('session_id', { length: 100 }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('consent_records_user_type_seq_idx').on(t.userId, t.consentType, t.seq)],
);

/** A data-subject request (GDPR / Rwanda Law 058/2021): access, correction, deletion… with its outcome. */
export const dataRequests = ff.table(
  'data_requests',
  {
    id: id(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    userId: userRef(),
    /** Random (DSR-XXXXXXXX): a counter would tell learners how many requests others made. */
    reference: varchar('reference', { length: 20 }).notNull(),
    requestType: varchar('request_type', { length: 20 }).$type<DataRequestType>().notNull(),
    status: varchar('status', { length: 20 }).$type<DataRequestStatus>().notNull(),
    details: text('details'),
    createdAt: createdAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolutionNotes: text('resolution_notes'),
  },
  (t) => [uniqueIndex('data_requests_reference_key').on(t.reference), index('data_requests_user_seq_idx').on(t.userId, t.seq)],
);
