// Memory Maker tables, in their own Postgres schema: the book-type catalogue, books, generation tasks, payments.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgSchema, serial, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, userRef } from '../../core/db/columns.js';

export const mm = pgSchema('memory_maker');

/** How a book type's PDF looks (checked by the admin schema; the renderer falls back to defaults). */
export interface BookLayout {
  page_size: 'A4' | 'A5' | 'LETTER';
  font: 'Times-Roman' | 'Helvetica' | 'Courier';
  accent_color: string;
  ornament: 'stars' | 'hearts' | 'leaves' | 'paws' | 'none';
}

export const bookTypes = mm.table(
  'book_types',
  {
    // Integer ids: the admin client keys book types by number.
    id: serial('id').primaryKey(),
    slug: varchar('slug', { length: 60 }).notNull().unique(),
    name: varchar('name', { length: 120 }).notNull().unique(),
    description: text('description').notNull().default(''),
    priceCents: integer('price_cents').notNull(),
    previewPriceCents: integer('preview_price_cents').notNull().default(0),
    prompts: jsonb('prompts').$type<string[]>().notNull(),
    layout: jsonb('layout').$type<BookLayout>().notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('book_types_prices_check', sql`${t.priceCents} >= 0 AND ${t.previewPriceCents} >= 0`)],
);

/** One page of a generated story. */
export interface StoryPage {
  number: number;
  text: string;
  image_prompt: string;
}

export const books = mm.table(
  'books',
  {
    id: id(),
    userId: userRef(),
    // Types are deactivated, never deleted, while books use them.
    bookTypeId: integer('book_type_id').references(() => bookTypes.id, { onDelete: 'restrict' }),
    title: varchar('title', { length: 255 }).notNull(),
    description: text('description'),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    status: varchar('status', { length: 20 }).notNull().default('draft'),
    generatedAt: timestamp('generated_at', { withTimezone: true }),
    purchasedAt: timestamp('purchased_at', { withTimezone: true }),
    pricePaidCents: integer('price_paid_cents'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('books_user_status_idx').on(t.userId, t.status), index('books_user_created_idx').on(t.userId, t.createdAt)],
);

export const generationTasks = mm.table(
  'generation_tasks',
  {
    id: id(),
    userId: userRef(),
    bookId: uuid('book_id').references(() => books.id, { onDelete: 'set null' }),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [index('generation_tasks_user_status_idx').on(t.userId, t.status)],
);

export const payments = mm.table(
  'payments',
  {
    id: id(),
    userId: userRef(),
    bookId: uuid('book_id').references(() => books.id, { onDelete: 'set null' }),
    bookTypeId: integer('book_type_id').references(() => bookTypes.id, { onDelete: 'set null' }),
    provider: varchar('provider', { length: 20 }).notNull(),
    /** The provider's id of the payment intent or checkout session. */
    providerRef: varchar('provider_ref', { length: 255 }).notNull().unique(),
    kind: varchar('kind', { length: 20 }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    failureMessage: text('failure_message'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [index('payments_user_created_idx').on(t.userId, t.createdAt), index('payments_book_idx').on(t.bookId)],
);

export type BookTypeRow = typeof bookTypes.$inferSelect;
export type BookRow = typeof books.$inferSelect;
export type TaskRow = typeof generationTasks.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
