// Webhook events already handled, so a provider's retry of the same event is ignored.
import { pgSchema, timestamp, varchar } from 'drizzle-orm/pg-core';

export const payments = pgSchema('payments');

export const webhookEvents = payments.table('webhook_events', {
  id: varchar('id', { length: 255 }).primaryKey(),
  product: varchar('product', { length: 40 }).notNull(),
  provider: varchar('provider', { length: 40 }).notNull(),
  type: varchar('type', { length: 100 }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
