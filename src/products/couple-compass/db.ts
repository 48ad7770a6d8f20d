// Couple Compass tables, in their own Postgres schema.
import { boolean, pgSchema, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from '../../core/identity/db.js';

export const cc = pgSchema('couple_compass');

export const profiles = cc.table('profiles', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: varchar('name', { length: 255 }).notNull(),
  avatarUrl: text('avatar_url'),
  pronouns: varchar('pronouns', { length: 50 }),
  birthdate: timestamp('birthdate', { withTimezone: true }),
  timezone: varchar('timezone', { length: 50 }).notNull().default('UTC'),
  onboardingCompleted: boolean('onboarding_completed').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
});

export type ProfileRow = typeof profiles.$inferSelect;
