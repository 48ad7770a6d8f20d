// Payments: a local sandbox (works offline) or Stripe. Webhooks are verified with Stripe's signature scheme in both.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type StripeType from 'stripe';

// The SDK is loaded on first use (it is several MB of memory), synchronously through its CommonJS build.
const requireCjs = createRequire(import.meta.url);
let StripeCtor: typeof StripeType | undefined;
const Stripe = function (key: string, config?: ConstructorParameters<typeof StripeType>[1]): StripeType {
  StripeCtor ??= requireCjs('stripe') as typeof StripeType;
  return new StripeCtor(key, config);
};

export interface CheckoutRequest {
  amountCents: number;
  currency: string;
  description: string;
  /** Carried through to the webhook so the product can find its order. */
  metadata: Record<string, string>;
  successUrl: string;
  cancelUrl: string;
  customerEmail?: string;
}

export interface CheckoutSession {
  id: string;
  url: string;
  status: 'open' | 'complete' | 'expired';
}

export interface PaymentIntentRequest {
  amountCents: number;
  currency: string;
  description: string;
  /** Carried through to the webhook and back on every read, so the product can find its order. */
  metadata: Record<string, string>;
  customerEmail?: string;
  /** The same key within 24 h returns the same intent instead of a second one (a retried request). */
  idempotencyKey?: string;
}

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded'
  // A state the provider added after this was written: never treated as paid.
  | (string & {});

/** A payment intent as the provider reports it now (the webhook's copy is only a hint: read this before trusting it). */
export interface PaymentIntent {
  id: string;
  /** Handed to the client, which confirms the payment with it (Stripe.js); not a server secret. */
  clientSecret: string;
  amountCents: number;
  amountReceivedCents: number;
  currency: string;
  status: PaymentIntentStatus;
  metadata: Record<string, string>;
  /** The provider's message for the last failed attempt. */
  lastError?: string;
}

/** A checkout session as the provider reports it now. */
export interface CheckoutState {
  id: string;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required' | (string & {});
  amountTotalCents: number;
  currency: string;
  metadata: Record<string, string>;
}

export interface WebhookEvent {
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

export interface Payments {
  kind: 'sandbox' | 'stripe';
  createCheckout(req: CheckoutRequest): Promise<CheckoutSession>;
  createPaymentIntent(req: PaymentIntentRequest): Promise<PaymentIntent>;
  /** The intent as the provider has it now; undefined when the provider does not know the id. */
  retrievePaymentIntent(id: string): Promise<PaymentIntent | undefined>;
  /** The checkout session as the provider has it now; undefined when the provider does not know the id. */
  retrieveCheckout(id: string): Promise<CheckoutState | undefined>;
  /** Verifies the `Stripe-Signature` header over the raw body; throws on a bad or stale signature. */
  verifyWebhook(rawBody: string | Buffer, signature: string | undefined): WebhookEvent;
}

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

/** Seconds a webhook signature's timestamp may differ from now (Stripe's default). */
const TOLERANCE_S = 300;

function verifier(secret: string) {
  // The SDK's webhook helper is pure crypto; this key is never used for a network call.
  let client: StripeType | undefined;
  const stripe = () => (client ??= Stripe('sk_test_webhook_verification_only'));
  return {
    stripe,
    verify(rawBody: string | Buffer, signature: string | undefined): WebhookEvent {
      if (!signature) throw new WebhookSignatureError('missing Stripe-Signature header');
      let event: WebhookEvent;
      try {
        event = stripe().webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_S) as unknown as WebhookEvent;
      } catch (e) {
        throw new WebhookSignatureError((e as Error).message);
      }
      // The SDK refuses old signatures only; one dated further ahead than the tolerance is refused too (a replay
      // window must not grow with a clock that runs fast).
      const t = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1]);
      if (!Number.isFinite(t) || t - Math.floor(Date.now() / 1000) > TOLERANCE_S) throw new WebhookSignatureError('Timestamp outside the tolerance zone');
      return event;
    },
  };
}

/** The offline provider: sessions are created locally; `completeCheckout` yields the signed webhook Stripe would send. */
export function sandboxPayments(o: { webhookSecret: string; appBaseUrl: string }) {
  const v = verifier(o.webhookSecret);
  const sessions = new Map<string, CheckoutRequest & { id: string; state: CheckoutSession['status']; paid: boolean }>();
  const intents = new Map<string, PaymentIntent>();
  const idempotent = new Map<string, string>();
  const signed = (type: string, object: Record<string, unknown>) => {
    const body = JSON.stringify({
      id: `evt_sandbox_${randomBytes(12).toString('hex')}`,
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      data: { object },
    });
    return { body, signature: v.stripe().webhooks.generateTestHeaderString({ payload: body, secret: o.webhookSecret }) };
  };
  const intentObject = (pi: PaymentIntent) => ({
    id: pi.id,
    object: 'payment_intent',
    amount: pi.amountCents,
    amount_received: pi.amountReceivedCents,
    currency: pi.currency,
    status: pi.status,
    metadata: pi.metadata,
    last_payment_error: pi.lastError ? { message: pi.lastError } : null,
  });
  return {
    kind: 'sandbox' as const,
    webhookSecret: o.webhookSecret,
    async createCheckout(req: CheckoutRequest): Promise<CheckoutSession> {
      const id = `cs_sandbox_${randomBytes(12).toString('hex')}`;
      sessions.set(id, { ...req, id, state: 'open', paid: false });
      return { id, url: `${o.appBaseUrl}/sandbox/checkout/${id}`, status: 'open' };
    },
    async createPaymentIntent(req: PaymentIntentRequest): Promise<PaymentIntent> {
      const earlier = req.idempotencyKey ? idempotent.get(req.idempotencyKey) : undefined;
      if (earlier && intents.has(earlier)) return { ...intents.get(earlier)! };
      const id = `pi_sandbox_${randomBytes(12).toString('hex')}`;
      const pi: PaymentIntent = {
        id,
        clientSecret: `${id}_secret_${randomBytes(12).toString('hex')}`,
        amountCents: req.amountCents,
        amountReceivedCents: 0,
        currency: req.currency,
        status: 'requires_payment_method',
        metadata: { ...req.metadata },
      };
      intents.set(id, pi);
      if (req.idempotencyKey) idempotent.set(req.idempotencyKey, id);
      return { ...pi };
    },
    async retrievePaymentIntent(id: string): Promise<PaymentIntent | undefined> {
      const pi = intents.get(id);
      return pi ? { ...pi, metadata: { ...pi.metadata } } : undefined;
    },
    async retrieveCheckout(id: string): Promise<CheckoutState | undefined> {
      const s = sessions.get(id);
      if (!s) return undefined;
      return {
        id,
        status: s.state,
        paymentStatus: s.paid ? 'paid' : 'unpaid',
        amountTotalCents: s.amountCents,
        currency: s.currency,
        metadata: { ...s.metadata },
      };
    },
    verifyWebhook: v.verify,
    /**
     * The customer pays (or the card is declined): the intent changes state here, as it would at the provider, and
     * the signed `payment_intent.succeeded` / `payment_intent.payment_failed` event it would POST is returned.
     */
    settlePaymentIntent(id: string, outcome: 'succeeded' | 'failed'): { body: string; signature: string } {
      const pi = intents.get(id);
      if (!pi) throw new Error(`sandbox: no payment intent ${id}`);
      if (outcome === 'succeeded') {
        pi.status = 'succeeded';
        pi.amountReceivedCents = pi.amountCents;
        delete pi.lastError;
      } else {
        pi.status = 'requires_payment_method';
        pi.lastError = 'Your card was declined.';
      }
      return signed(outcome === 'succeeded' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed', intentObject(pi));
    },
    /** The signed `checkout.session.completed` event for a sandbox session (what the provider would POST). */
    completeCheckout(id: string, metadata: Record<string, string> = sessions.get(id)?.metadata ?? {}): { body: string; signature: string } {
      const s = sessions.get(id);
      if (s) {
        s.state = 'complete';
        s.paid = true;
      }
      const event = {
        id: `evt_sandbox_${randomBytes(12).toString('hex')}`,
        object: 'event',
        type: 'checkout.session.completed',
        data: {
          object: {
            id,
            object: 'checkout.session',
            amount_total: s?.amountCents ?? 0,
            currency: s?.currency ?? 'usd',
            payment_status: 'paid',
            status: 'complete',
            metadata,
          },
        },
      };
      const body = JSON.stringify(event);
      return { body, signature: v.stripe().webhooks.generateTestHeaderString({ payload: body, secret: o.webhookSecret }) };
    },
  };
}

export function stripePayments(o: { secretKey: string; webhookSecret: string; host?: string; port?: number; protocol?: 'http' | 'https' }): Payments {
  const stripe = Stripe(o.secretKey, {
    maxNetworkRetries: 2,
    timeout: 15_000,
    ...(o.host ? { host: o.host } : {}),
    ...(o.port ? { port: o.port } : {}),
    ...(o.protocol ? { protocol: o.protocol } : {}),
  });
  const v = verifier(o.webhookSecret);
  return {
    kind: 'stripe',
    async createCheckout(req) {
      const s = await stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ quantity: 1, price_data: { currency: req.currency, unit_amount: req.amountCents, product_data: { name: req.description } } }],
        metadata: req.metadata,
        success_url: req.successUrl,
        cancel_url: req.cancelUrl,
        ...(req.customerEmail ? { customer_email: req.customerEmail } : {}),
      });
      return { id: s.id, url: s.url ?? '', status: (s.status ?? 'open') as CheckoutSession['status'] };
    },
    async createPaymentIntent(req) {
      const pi = await stripe.paymentIntents.create(
        {
          amount: req.amountCents,
          currency: req.currency,
          description: req.description,
          metadata: req.metadata,
          automatic_payment_methods: { enabled: true },
          ...(req.customerEmail ? { receipt_email: req.customerEmail } : {}),
        },
        req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : undefined,
      );
      return fromStripeIntent(pi);
    },
    async retrievePaymentIntent(id) {
      try {
        return fromStripeIntent(await stripe.paymentIntents.retrieve(id));
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw e;
      }
    },
    async retrieveCheckout(id) {
      try {
        const s = await stripe.checkout.sessions.retrieve(id);
        return {
          id: s.id,
          status: (s.status ?? 'open') as CheckoutState['status'],
          paymentStatus: s.payment_status,
          amountTotalCents: s.amount_total ?? 0,
          currency: s.currency ?? '',
          metadata: { ...(s.metadata ?? {}) },
        };
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw e;
      }
    },
    verifyWebhook: v.verify,
  };
}

/** Stripe answers 404 `resource_missing` for an id it does not know (another account's, or made up). */
const isMissing = (e: unknown) => {
  const err = e as { statusCode?: number; code?: string };
  return err.statusCode === 404 || err.code === 'resource_missing';
};

function fromStripeIntent(pi: StripeType.PaymentIntent): PaymentIntent {
  return {
    id: pi.id,
    clientSecret: pi.client_secret ?? '',
    amountCents: pi.amount,
    amountReceivedCents: pi.amount_received,
    currency: pi.currency,
    status: pi.status,
    metadata: { ...pi.metadata },
    ...(pi.last_payment_error?.message ? { lastError: pi.last_payment_error.message } : {}),
  };
}
