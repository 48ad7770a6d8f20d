// SQL of payments, and of the webhook events already handled (core table, one row per event id).
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { webhookEvents } from '../../../core/payments/db.js';
import { bookTypes, payments, type PaymentRow } from '../db.js';

export interface PaymentWithType {
  payment: PaymentRow;
  typeSlug: string | null;
}

export async function insert(dz: Dz, values: typeof payments.$inferInsert): Promise<PaymentRow> {
  const [row] = await dz.insert(payments).values(values).returning();
  return row!;
}

export async function findByProviderRef(dz: Dz, ref: string): Promise<PaymentRow | undefined> {
  const [row] = await dz.select().from(payments).where(eq(payments.providerRef, ref));
  return row;
}

/** The newest payment not yet made for this book at this price (a second click, or a retry after a decline, reuses it). */
export async function findOpenForBook(dz: Dz, bookId: string, amountCents: number, currency: string, provider: string): Promise<PaymentRow | undefined> {
  const [row] = await dz
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.bookId, bookId),
        inArray(payments.status, ['pending', 'failed']),
        eq(payments.amountCents, amountCents),
        eq(payments.currency, currency),
        eq(payments.provider, provider),
      ),
    )
    .orderBy(desc(payments.createdAt))
    .limit(1);
  return row;
}

export async function countForBook(dz: Dz, bookId: string): Promise<number> {
  const [c] = await dz.select({ n: count() }).from(payments).where(eq(payments.bookId, bookId));
  return c?.n ?? 0;
}

/**
 * Moves a payment on from one of `from` (a declined card can still be followed by a successful payment of the
 * same intent; a succeeded payment never changes again).
 */
export async function settle(dz: Dz, id: string, from: string[], patch: Partial<typeof payments.$inferInsert>): Promise<PaymentRow | undefined> {
  const [row] = await dz
    .update(payments)
    .set(patch)
    .where(and(eq(payments.id, id), inArray(payments.status, from)))
    .returning();
  return row;
}

export async function listByUser(dz: Dz, userId: string, o: { limit: number; offset: number }): Promise<{ rows: PaymentWithType[]; total: number }> {
  const rows = await dz
    .select({ payment: payments, typeSlug: bookTypes.slug })
    .from(payments)
    .leftJoin(bookTypes, eq(payments.bookTypeId, bookTypes.id))
    .where(eq(payments.userId, userId))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(o.limit)
    .offset(o.offset);
  const [c] = await dz.select({ n: count() }).from(payments).where(eq(payments.userId, userId));
  return { rows, total: c?.n ?? 0 };
}

export async function listAllByUser(dz: Dz, userId: string): Promise<PaymentWithType[]> {
  return dz
    .select({ payment: payments, typeSlug: bookTypes.slug })
    .from(payments)
    .leftJoin(bookTypes, eq(payments.bookTypeId, bookTypes.id))
    .where(eq(payments.userId, userId))
    .orderBy(payments.createdAt);
}

export async function deleteByUser(dz: Dz, userId: string): Promise<void> {
  await dz.delete(payments).where(eq(payments.userId, userId));
}

export async function eventSeen(dz: Dz, eventId: string): Promise<boolean> {
  const [row] = await dz.select({ id: webhookEvents.id }).from(webhookEvents).where(eq(webhookEvents.id, eventId));
  return row !== undefined;
}

/** Records an event id; false when it was already there (a repeat, or a concurrent delivery that won). */
export async function recordEvent(dz: Dz, e: { id: string; type: string; provider: string; product: string }): Promise<boolean> {
  const rows = await dz.insert(webhookEvents).values(e).onConflictDoNothing().returning({ id: webhookEvents.id });
  return rows.length > 0;
}
