// Paying for a book: the intent the client confirms (Stripe.js or the sandbox), the webhook, my payments.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';
import { BookTypeRef } from '../book-types/book-types.schemas.js';

export const CreateIntent = Body({
  book_id: Uuid(),
  book_type: BookTypeRef,
});
export type CreateIntent = Static<typeof CreateIntent>;

export const Intent = Type.Object({
  id: Type.String({ description: "The provider's payment intent id" }),
  client_secret: Type.String({ description: 'For the client to confirm the payment (Stripe.js)' }),
  amount: Type.Integer({ description: 'In cents: the price of the book type' }),
  currency: Type.String(),
});
export type Intent = Static<typeof Intent>;

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'canceled'] as const;

export const Payment = Type.Object({
  id: Uuid(),
  book_id: Nullable(Uuid({ description: 'null once the book was deleted' })),
  book_type: Nullable(Type.String()),
  provider: Type.String({ description: '`stripe` or `sandbox`' }),
  provider_payment_id: Type.String(),
  amount: Type.Integer({ description: 'In cents' }),
  currency: Type.String(),
  status: StringEnum([...PAYMENT_STATUSES]),
  failure_message: Nullable(Type.String()),
  created_at: DateTime(),
  paid_at: Nullable(DateTime()),
});
export type Payment = Static<typeof Payment>;

export const PaymentList = Type.Object({ data: Type.Array(Payment), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export type PaymentList = Static<typeof PaymentList>;

export const HistoryQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page (1–100)' }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Items to skip' }),
});

export const WebhookAck = Type.Object({
  received: Type.Boolean(),
  duplicate: Type.Optional(Type.Boolean({ description: 'This event id was handled before: nothing was done' })),
  ignored: Type.Optional(Type.Boolean({ description: 'Not an event this service acts on, or not about one of its payments' })),
});
export type WebhookAck = Static<typeof WebhookAck>;

export const SandboxConfirm = Body({
  outcome: Type.Optional(StringEnum(['succeeded', 'failed'], { description: 'Pay (default) or decline' })),
});
export const IntentParams = Type.Object({ payment_intent_id: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9_]+$' }) });
