// /payments: create an intent for a book, the provider's webhook (raw body, Stripe-Signature), my history, and
// in the offline sandbox a way to pay without Stripe.js.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { Ctx } from '../context.js';
import { errors } from '../errors.js';
import { actorOf } from '../users/actor.js';
import { CreateIntent, HistoryQuery, Intent, IntentParams, PaymentList, SandboxConfirm, WebhookAck } from './payments.schemas.js';
import * as service from './payments.service.js';

const tags = ['payments'];
const security = [{ bearerAuth: [] }];

export const paymentsRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  // The webhook in its own scope: its body stays the exact bytes the provider signed, whatever the content type.
  const webhook: FastifyPluginAsyncTypebox = async (hook) => {
    hook.removeAllContentTypeParsers();
    hook.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    hook.post(
      '/webhook',
      {
        schema: {
          tags,
          summary: "The payment provider's events (Stripe-Signature over the raw body)",
          description:
            'Verified with STRIPE_WEBHOOK_SECRET (timestamp within 5 minutes, any of several v1 signatures). Each event id is handled once; ' +
            'payment_intent.succeeded / payment_intent.payment_failed / checkout.session.completed are believed only after the provider confirms them.',
          headers: { type: 'object', properties: { 'stripe-signature': { type: 'string', maxLength: 4096 } } },
          response: { 200: WebhookAck, ...errors(400, 503) },
        },
      },
      async (req) => service.handleWebhook(ctx, Buffer.isBuffer(req.body) ? req.body : undefined, req.headers['stripe-signature'] as string | undefined),
    );
  };

  const signedIn: FastifyPluginAsyncTypebox = async (user) => {
    user.addHook('onRequest', ctx.auth.preHandler); // before the body is read or validated: 401 comes first
    user.post(
      '/create-intent',
      {
        schema: {
          tags,
          security,
          summary: 'Start paying for a generated book: an intent priced from its book type (in cents)',
          body: CreateIntent,
          response: { 200: Intent, ...errors(400, 401, 404, 409, 422, 429, 502) },
        },
      },
      async (req) => service.createIntent(ctx, await actorOf(ctx, req), req.body),
    );
    user.get(
      '/history',
      { schema: { tags, security, summary: 'My payments, newest first', querystring: HistoryQuery, response: { 200: PaymentList, ...errors(401, 422) } } },
      async (req) => service.paymentHistory(ctx, currentUser(req).id, req.query),
    );
    if (ctx.payments.kind === 'sandbox') {
      user.post(
        '/sandbox/:payment_intent_id/confirm',
        {
          schema: {
            tags,
            security,
            summary: 'Offline sandbox only: pay (or decline) one of my intents, as Stripe.js would',
            description: 'The sandbox signs the event the provider would send and it goes through the webhook handling. Not served with STRIPE_SECRET_KEY.',
            params: IntentParams,
            body: SandboxConfirm,
            response: { 200: WebhookAck, ...errors(401, 404, 422) },
          },
        },
        async (req) => service.settleSandboxIntent(ctx, await actorOf(ctx, req), req.params.payment_intent_id, req.body?.outcome ?? 'succeeded'),
      );
    }
  };

  await app.register(webhook);
  await app.register(signedIn);
};
