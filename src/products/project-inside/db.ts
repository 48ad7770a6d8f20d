// Project Inside tables, in their own Postgres schema.
import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from '../../core/identity/db.js';
import { createdAt, id, updatedAt, userRef } from '../../core/db/columns.js';

export const pi = pgSchema('project_inside');

export const profiles = pi.table('profiles', {
  userId: userRef().primaryKey(),
  displayName: varchar('display_name', { length: 100 }),
  pronouns: varchar('pronouns', { length: 50 }),
  communicationStyle: varchar('communication_style', { length: 50 }),
  goals: jsonb('goals').$type<string[]>().notNull().default([]),
  hobbies: jsonb('hobbies').$type<string[]>().notNull().default([]),
  birthday: date('birthday', { mode: 'string' }),
  occupation: varchar('occupation', { length: 100 }),
  privacyTier: varchar('privacy_tier', { length: 20 }).notNull().default('STANDARD'),
  profilePictureUrl: text('profile_picture_url'),
  bio: varchar('bio', { length: 1000 }),
  timezone: varchar('timezone', { length: 50 }),
  hasVoiceprint: boolean('has_voiceprint').notNull().default(false),
  /** The app's personality data, e.g. {"type":"INTJ","values":{"ei":25,"sn":75,"tf":50,"jp":50}} or {"type":"Prefer not to say"}. */
  personalityType: jsonb('personality_type').$type<PersonalityType>(),
  personalDescription: varchar('personal_description', { length: 2000 }),
  /** Onboarding steps the user marked complete (PROFILE, VOICEPRINT, …). */
  completedSteps: jsonb('completed_steps').$type<string[]>().notNull().default([]),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export interface PersonalityType {
  type: string;
  values?: { ei: number; sn: number; tf: number; jp: number } | null;
}

export const relationships = pi.table('relationships', {
  id: id(),
  type: varchar('type', { length: 20 }).notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  /** ACTIVE, or ENDED once a member deleted it (sessions and reports stay readable for history). */
  status: varchar('status', { length: 20 }).notNull().default('ACTIVE'),
  createdAt: createdAt(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
});

export const relationshipMembers = pi.table(
  'relationship_members',
  {
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    userId: userRef(),
    role: varchar('role', { length: 20 }).notNull().default('MEMBER'),
    /**
     * ACCEPTED (the creator, someone who joined through an invite, or who accepted), INVITED (added by another member
     * and not answered yet: invisible to the others, no sessions, no pokes) or DECLINED.
     */
    memberStatus: varchar('member_status', { length: 20 }).notNull().default('ACCEPTED'),
    addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.relationshipId, t.userId] }), index('relationship_members_user_idx').on(t.userId)],
);

/** Someone a user blocked: they cannot add, poke, signal or look up the blocker. */
export const blocks = pi.table(
  'blocks',
  {
    blockerId: userRef('blocker_id'),
    blockedId: userRef('blocked_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), index('blocks_blocked_idx').on(t.blockedId)],
);

export const consents = pi.table(
  'consents',
  {
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    userId: userRef(),
    scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
    status: varchar('status', { length: 20 }).notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: updatedAt().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.relationshipId, t.userId] })],
);

export const invites = pi.table(
  'invites',
  {
    id: id(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    inviterId: uuid('inviter_id').references(() => users.id, { onDelete: 'set null' }),
    email: varchar('email', { length: 320 }).notNull(),
    role: varchar('role', { length: 50 }),
    message: varchar('message', { length: 1000 }),
    /** SHA-256 of the token; the token itself is derived from a server secret and never stored. */
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    /** PENDING, ACCEPTED, REVOKED (EXPIRED is computed from expires_at). */
    status: varchar('status', { length: 20 }).notNull().default('PENDING'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invites_token_hash_idx').on(t.tokenHash),
    index('invites_relationship_idx').on(t.relationshipId),
    index('invites_email_idx').on(sql`lower(${t.email})`),
  ],
);

export const sessions = pi.table(
  'sessions',
  {
    id: id(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** ACTIVE, then FINALIZED. */
    status: varchar('status', { length: 20 }).notNull().default('ACTIVE'),
    createdAt: createdAt(),
    finalizedAt: timestamp('finalized_at', { withTimezone: true }),
  },
  (t) => [index('sessions_relationship_idx').on(t.relationshipId, t.createdAt)],
);

export const sessionParticipants = pi.table(
  'session_participants',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: userRef(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('session_participants_user_idx').on(t.userId)],
);

/** What the live socket saw, aggregated per (session, user) and flushed in batches (frames arrive at 5/s per socket). */
export const sessionStats = pi.table(
  'session_stats',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: userRef(),
    frames: integer('frames').notNull().default(0),
    /** Frames in which the user was speaking (speaking_rate > 0): the talk balance. */
    speakingFrames: integer('speaking_frames').notNull().default(0),
    speakingRateSum: doublePrecision('speaking_rate_sum').notNull().default(0),
    overlapRatioSum: doublePrecision('overlap_ratio_sum').notNull().default(0),
    maxSpeakingRate: doublePrecision('max_speaking_rate').notNull().default(0),
    maxOverlapRatio: doublePrecision('max_overlap_ratio').notNull().default(0),
    overSpeakingRate: integer('over_speaking_rate').notNull().default(0),
    overOverlap: integer('over_overlap').notNull().default(0),
    firstFrameAt: timestamp('first_frame_at', { withTimezone: true }),
    lastFrameAt: timestamp('last_frame_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

export const nudges = pi.table(
  'nudges',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: userRef(),
    nudgeType: varchar('nudge_type', { length: 20 }).notNull(),
    intensity: integer('intensity').notNull(),
    speakingRate: doublePrecision('speaking_rate'),
    overlapRatio: doublePrecision('overlap_ratio'),
    /** The frame's own timestamp_ms, as the client sent it. */
    frameTimestampMs: doublePrecision('frame_timestamp_ms'),
    createdAt: createdAt(),
  },
  (t) => [index('nudges_session_idx').on(t.sessionId, t.createdAt)],
);

export const reports = pi.table('reports', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  /** pending until the report job ran, then ready. */
  status: varchar('status', { length: 20 }).notNull().default('pending'),
  summary: text('summary'),
  moments: jsonb('moments').$type<Record<string, unknown>[]>().notNull().default([]),
  actionItems: jsonb('action_items').$type<string[]>().notNull().default([]),
  stats: jsonb('stats').$type<Record<string, unknown>>(),
  createdAt: createdAt(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
});

export const pokes = pi.table(
  'pokes',
  {
    id: id(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    senderId: userRef('sender_id'),
    receiverId: userRef('receiver_id'),
    type: varchar('type', { length: 30 }).notNull(),
    emoji: varchar('emoji', { length: 32 }),
    createdAt: createdAt(),
  },
  (t) => [index('pokes_relationship_idx').on(t.relationshipId, t.createdAt)],
);

/** The in-app inbox (hearts, emotions, relationship events): listed, read, deleted; also sent live and by push. */
export const notifications = pi.table(
  'notifications',
  {
    id: id(),
    userId: userRef(),
    /** Who caused it (a heart's sender); erased with them. */
    senderId: uuid('sender_id').references(() => users.id, { onDelete: 'cascade' }),
    type: varchar('type', { length: 30 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    message: varchar('message', { length: 1000 }).notNull(),
    /** Extra fields the socket event carries (relationship_id, emotion_kind, …). */
    data: jsonb('data').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    read: boolean('read').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt), index('notifications_sender_idx').on(t.senderId)],
);

/** Push tokens of a user's devices (one row per token: a token that changes hands moves to the new user). */
export const devices = pi.table(
  'devices',
  {
    id: id(),
    userId: userRef(),
    token: varchar('token', { length: 512 }).notNull(),
    platform: varchar('platform', { length: 10 }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('devices_token_idx').on(t.token), index('devices_user_idx').on(t.userId)],
);

export type ProfileRow = typeof profiles.$inferSelect;
export type RelationshipRow = typeof relationships.$inferSelect;
export type MemberRow = typeof relationshipMembers.$inferSelect;
export type ConsentRow = typeof consents.$inferSelect;
export type InviteRow = typeof invites.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type SessionStatsRow = typeof sessionStats.$inferSelect;
export type NudgeRow = typeof nudges.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;
export type PokeRow = typeof pokes.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type DeviceRow = typeof devices.$inferSelect;
