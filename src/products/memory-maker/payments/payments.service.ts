// Paying for a book through the payments port: an intent priced from the book type, and webhooks that are
// verified, handled once per event id, and believed only after the provider confirms what they say.
import { randomUUID } from 'node:crypto';
import { AppError, badRequest } from '../../../core/http/errors.js';
import { pgErrorCode } from '../../../core/db/connect.js';
import { WebhookSignatureError, type PaymentIntent, type WebhookEvent } from '../../../core/payments/port.js';
import { cacheOf, CacheGroups, type Ctx } from '../context.js';
import type { PaymentRow } from '../db.js';
import { bookNotFound, canPayForBook, type Actor } from '../policy.js';
import { findBookTypeRow, resolveBookType } from '../book-types/book-types.service.js';
import * as books from '../books/books.repo.js';
import { payRefusal, statusAfterPurchase } from '../books/book-rules.js';
import { bookNotGenerated } from '../pdf/pdf.service.js';
import type { Dz } from '../../../core/db/connect.js';
import * as repo from './payments.repo.js';
import type { CreateIntent, Intent, Payment, PaymentList, WebhookAck } from './payments.schemas.js';

const providerError = () => new AppError('payment_provider_error', 502, 'The payment provider could not be reached; please try again');
const providerUnavailable = () =>
  new AppError('payment_provider_unavailable', 503, 'The payment could not be checked with the provider yet; the provider will retry', { 'retry-after': '30' });

/** An intent the customer can still pay (Stripe's states before a payment attempt completes). */
const PAYABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);

async function atProvider<T>(ctx: Ctx, what: string, call: () => Promise<T>, onError: () => AppError): Promise<T> {
  try {
    return await call();
  } catch (e) {
    ctx.log.warn({ err: (e as Error).message, what }, 'payment provider call failed');
    throw onError();
  }
}

export async function createIntent(ctx: Ctx, actor: Actor, req: CreateIntent): Promise<Intent> {
  const found = await books.findById(ctx.db.dz, req.book_id);
  if (!found || !canPayForBook(actor, found.book)) throw bookNotFound();
  const { book } = found;
  const type = await resolveBookType(ctx, req.book_type, { activeOnly: false });
  if (book.bookTypeId !== type.id) throw badRequest(`This book is not a ${type.name}`, 'book_type_mismatch');
  const refusal = payRefusal(book);
  if (refusal === 'already_purchased') throw new AppError('already_purchased', 409, 'This book has already been paid for');
  if (refusal) throw bookNotGenerated();
  if (type.priceCents <= 0) throw badRequest('This book type is free: there is nothing to pay', 'nothing_to_pay');
  await ctx.limits.consume('PAYMENT_INTENTS_PER_USER', actor.id);

  const currency = ctx.settings.CURRENCY;
  const amount = type.priceCents;
  const provider = ctx.payments.kind;
  // A second click (or a retry) gets the intent already waiting for this book and price.
  const open = await repo.findOpenForBook(ctx.db.dz, book.id, amount, currency, provider);
  if (open) {
    const pi = await atProvider(ctx, 'retrieve intent', () => ctx.payments.retrievePaymentIntent(open.providerRef), providerError);
    if (pi && PAYABLE.has(pi.status) && pi.amountCents === amount) return { id: pi.id, client_secret: pi.clientSecret, amount, currency };
  }
  // Two concurrent requests send the same key: the provider answers both with one intent.
  const attempt = await repo.countForBook(ctx.db.dz, book.id);
  const pi = await atProvider(
    ctx,
    'create intent',
    () =>
      ctx.payments.createPaymentIntent({
        amountCents: amount,
        currency,
        description: `${type.name}: ${book.title}`.slice(0, 500),
        metadata: { product: ctx.slug, book_id: book.id, user_id: actor.id, book_type: type.slug },
        idempotencyKey: `${ctx.slug}:${book.id}:${amount}:${currency}:${attempt}`,
      }),
    providerError,
  );
  try {
    await repo.insert(ctx.db.dz, {
      userId: actor.id,
      bookId: book.id,
      bookTypeId: type.id,
      provider,
      providerRef: pi.id,
      kind: 'payment_intent',
      amountCents: amount,
      currency,
      status: 'pending',
      createdAt: new Date(ctx.now()),
    });
  } catch (e) {
    // The concurrent twin recorded it first: same intent, same answer.
    if (pgErrorCode(e) !== '23505') throw e;
  }
  return { id: pi.id, client_secret: pi.clientSecret, amount, currency };
}

export async function paymentHistory(ctx: Ctx, userId: string, page: { limit: number; offset: number }): Promise<PaymentList> {
  const { rows, total } = await repo.listByUser(ctx.db.dz, userId, page);
  return { data: rows.map((r) => presentPayment(r.payment, r.typeSlug)), total, ...page };
}

export const presentPayment = (p: PaymentRow, typeSlug: string | null): Payment => ({
  id: p.id,
  book_id: p.bookId,
  book_type: typeSlug,
  provider: p.provider,
  provider_payment_id: p.providerRef,
  amount: p.amountCents,
  currency: p.currency,
  status: p.status as Payment['status'],
  failure_message: p.failureMessage,
  created_at: p.createdAt.toISOString(),
  paid_at: p.paidAt ? p.paidAt.toISOString() : null,
});

// ---- webhooks ----

/** Marks the book paid (once), keeping a status the user chose; returns its owner for the cache. */
async function purchaseBook(dz: Dz, bookId: string | null, pricePaidCents: number, at: Date): Promise<string | undefined> {
  if (!bookId) return undefined;
  const found = await books.findById(dz, bookId);
  if (!found || found.book.purchasedAt) return found?.book.userId;
  await books.update(dz, bookId, { purchasedAt: at, pricePaidCents, status: statusAfterPurchase(found.book.status), updatedAt: at });
  return found.book.userId;
}

function objectId(event: WebhookEvent): string | undefined {
  const id = event.data?.object?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 255 ? id : undefined;
}

export async function handleWebhook(ctx: Ctx, rawBody: Buffer | undefined, signature: string | undefined): Promise<WebhookAck> {
  let event: WebhookEvent;
  try {
    event = ctx.payments.verifyWebhook(rawBody ?? Buffer.alloc(0), signature);
  } catch (e) {
    if (e instanceof WebhookSignatureError) throw new AppError('invalid_signature', 400, 'Invalid webhook signature');
    throw e;
  }
  if (typeof event.id !== 'string' || !event.id || event.id.length > 255 || typeof event.type !== 'string' || event.type.length > 100) {
    throw new AppError('invalid_event', 400, 'Not a webhook event');
  }
  const db = ctx.db;
  if (await repo.eventSeen(db.dz, event.id)) return { received: true, duplicate: true };
  const record = (dz: Dz) => repo.recordEvent(dz, { id: event.id, type: event.type, provider: ctx.payments.kind, product: ctx.slug });
  const ignore = async (): Promise<WebhookAck> => ((await record(db.dz)) ? { received: true, ignored: true } : { received: true, duplicate: true });
  const now = new Date(ctx.now());
  const id = objectId(event);

  if ((event.type === 'payment_intent.succeeded' || event.type === 'payment_intent.payment_failed') && id) {
    const payment = await repo.findByProviderRef(db.dz, id);
    if (!payment || payment.kind !== 'payment_intent') return ignore();
    // The event is a hint: what the provider says now is what counts.
    const pi = await atProvider(ctx, 'retrieve intent', () => ctx.payments.retrievePaymentIntent(id), providerUnavailable);
    if (!pi) return ignore();
    const outcome = await db.transaction(async (tx) => {
      if (!(await record(tx.dz))) return 'duplicate' as const;
      if (paid(pi, payment)) {
        const settled = await repo.settle(tx.dz, payment.id, ['pending', 'failed'], { status: 'succeeded', paidAt: now, failureMessage: null, updatedAt: now });
        return settled ? { owner: await purchaseBook(tx.dz, payment.bookId, payment.amountCents, now) } : ('handled' as const);
      }
      if (event.type === 'payment_intent.payment_failed' && pi.status !== 'succeeded') {
        const status = pi.status === 'canceled' ? 'canceled' : 'failed';
        await repo.settle(tx.dz, payment.id, ['pending', 'failed'], {
          status,
          failureMessage: (pi.lastError ?? 'The payment failed').slice(0, 1000),
          updatedAt: now,
        });
      } else {
        ctx.log.warn({ event: event.id, intentStatus: pi.status }, 'payment event not confirmed by the provider; ignored');
      }
      return 'handled' as const;
    });
    if (outcome === 'duplicate') return { received: true, duplicate: true };
    if (typeof outcome === 'object' && outcome.owner) await cacheOf(ctx).invalidate(CacheGroups.books(outcome.owner));
    return { received: true };
  }

  if (event.type === 'checkout.session.completed' && id) {
    const session = await atProvider(ctx, 'retrieve checkout', () => ctx.payments.retrieveCheckout(id), providerUnavailable);
    const meta = session?.metadata ?? {};
    if (!session || meta.product !== ctx.slug || session.paymentStatus !== 'paid' || !meta.book_id || !meta.user_id) return ignore();
    const found = /^[0-9a-f-]{36}$/i.test(meta.book_id) ? await books.findById(db.dz, meta.book_id) : undefined;
    if (!found || found.book.userId !== meta.user_id) return ignore();
    const type = found.book.bookTypeId ? await findBookTypeRow(ctx, found.book.bookTypeId) : undefined;
    const enough = type !== undefined && session.amountTotalCents >= type.priceCents && session.currency === ctx.settings.CURRENCY;
    const outcome = await db.transaction(async (tx) => {
      if (!(await record(tx.dz))) return 'duplicate' as const;
      if (await repo.findByProviderRef(tx.dz, session.id)) return 'handled' as const;
      await repo.insert(tx.dz, {
        id: randomUUID(),
        userId: found.book.userId,
        bookId: found.book.id,
        bookTypeId: type?.id ?? null,
        provider: ctx.payments.kind,
        providerRef: session.id,
        kind: 'checkout_session',
        amountCents: session.amountTotalCents,
        currency: session.currency,
        status: 'succeeded',
        paidAt: now,
        createdAt: now,
      });
      if (!enough) {
        ctx.log.warn({ event: event.id }, 'checkout paid less than the book type costs; the book stays unpaid');
        return 'handled' as const;
      }
      return { owner: await purchaseBook(tx.dz, found.book.id, session.amountTotalCents, now) };
    });
    if (outcome === 'duplicate') return { received: true, duplicate: true };
    if (typeof outcome === 'object' && outcome.owner) await cacheOf(ctx).invalidate(CacheGroups.books(outcome.owner));
    return { received: true };
  }

  return ignore();
}

/** Paid in full, in our currency, as the provider reports it. */
const paid = (pi: PaymentIntent, p: PaymentRow) =>
  pi.status === 'succeeded' && pi.amountReceivedCents >= p.amountCents && pi.currency.toLowerCase() === p.currency;

// ---- the offline sandbox ----

/**
 * Sandbox only: the customer pays (or the card is declined) without Stripe.js. The sandbox changes the intent and
 * signs the event the provider would send, which then goes through the same webhook handling as any other.
 */
export async function settleSandboxIntent(ctx: Ctx, actor: Actor, intentId: string, outcome: 'succeeded' | 'failed'): Promise<WebhookAck> {
  const payments = ctx.payments as typeof ctx.payments & { settlePaymentIntent?(id: string, o: 'succeeded' | 'failed'): { body: string; signature: string } };
  if (ctx.payments.kind !== 'sandbox' || !payments.settlePaymentIntent) throw new AppError('not_found', 404, 'Not Found');
  const payment = await repo.findByProviderRef(ctx.db.dz, intentId);
  if (!payment || payment.userId !== actor.id || !(await ctx.payments.retrievePaymentIntent(intentId)))
    throw new AppError('payment_not_found', 404, 'Payment not found');
  const { body, signature } = payments.settlePaymentIntent(intentId, outcome);
  return handleWebhook(ctx, Buffer.from(body), signature);
}
