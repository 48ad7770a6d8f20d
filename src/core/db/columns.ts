// Column builders every product's tables share: uuid primary key, timestamps, a user reference.
import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/db.js';

export const id = () => uuid('id').primaryKey().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
/** Set by Drizzle on every update through it (`$onUpdate`), so no repo has to remember it. */
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).$onUpdate(() => new Date());
/** A user of the identity core; the row goes when the user is deleted. */
export const userRef = (name = 'user_id') =>
  uuid(name)
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });
