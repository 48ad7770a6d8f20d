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

export interface WebhookEvent {
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

export interface Payments {
  kind: 'sandbox' | 'stripe';
  createCheckout(req: CheckoutRequest): Promise<CheckoutSession>;
  /** Verifies the `Stripe-Signature` header over the raw body; throws on a bad or stale signature. */
  verifyWebhook(rawBody: string | Buffer, signature: string | undefined): WebhookEvent;
}

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

function verifier(secret: string) {
  // The SDK's webhook helper is pure crypto; this key is never used for a network call.
  let client: StripeType | undefined;
  const stripe = () => (client ??= Stripe('sk_test_webhook_verification_only'));
  return {
    stripe,
    verify(rawBody: string | Buffer, signature: string | undefined): WebhookEvent {
      if (!signature) throw new WebhookSignatureError('missing Stripe-Signature header');
      try {
        return stripe().webhooks.constructEvent(rawBody, signature, secret) as unknown as WebhookEvent;
      } catch (e) {
        throw new WebhookSignatureError((e as Error).message);
      }
    },
  };
}

/** The offline provider: sessions are created locally; `completeCheckout` yields the signed webhook Stripe would send. */
export function sandboxPayments(o: { webhookSecret: string; appBaseUrl: string }) {
  const v = verifier(o.webhookSecret);
  const sessions = new Map<string, CheckoutRequest & { id: string }>();
  return {
    kind: 'sandbox' as const,
    webhookSecret: o.webhookSecret,
    async createCheckout(req: CheckoutRequest): Promise<CheckoutSession> {
      const id = `cs_sandbox_${randomBytes(12).toString('hex')}`;
      sessions.set(id, { ...req, id });
      return { id, url: `${o.appBaseUrl}/sandbox/checkout/${id}`, status: 'open' };
    },
    verifyWebhook: v.verify,
    /** The signed `checkout.session.completed` event for a sandbox session (what the provider would POST). */
    completeCheckout(id: string, metadata: Record<string, string> = sessions.get(id)?.metadata ?? {}): { body: string; signature: string } {
      const s = sessions.get(id);
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
    verifyWebhook: v.verify,
  };
}
