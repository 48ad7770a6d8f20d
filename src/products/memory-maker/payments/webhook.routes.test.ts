// POST /payments/webhook with payloads signed by the stripe SDK's own test helper: the raw body, the 5-minute
// tolerance, several v1 values, each event id once, re-reading the intent (or session) from the provider before
// believing it, and a provider that cannot be reached (503, so the provider retries) — works, bad input, wrong user.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { TestApp } from '../../../../test/helpers/app.js';
import type { TestUser } from '../../../../test/helpers/accounts.js';
import { sandboxPayments, stripePayments } from '../../../core/payments/port.js';
import { P, call, generateAndWait, newUser, startMemoryMaker } from '../../../../test/helpers/memory-maker.js';
import { startFakeStripe, type FakeStripe } from '../../../../test/helpers/fake-stripe.js';

const SECRET = 'whsec_memory_maker_webhook_test';
const signer = new Stripe('sk_test_signer_only');
const now = () => Math.floor(Date.now() / 1000);
const sign = (payload: string, o: { secret?: string; timestamp?: number } = {}) =>
  signer.webhooks.generateTestHeaderString({ payload, secret: o.secret ?? SECRET, timestamp: o.timestamp ?? now() });
const eventId = () => `evt_test_${randomBytes(8).toString('hex')}`;
const intentEvent = (type: string, intent: { id: string; amount?: number }, id = eventId()) =>
  JSON.stringify({
    id,
    object: 'event',
    type,
    created: now(),
    data: {
      object: {
        id: intent.id,
        object: 'payment_intent',
        amount: intent.amount ?? 1999,
        status: type.endsWith('succeeded') ? 'succeeded' : 'requires_payment_method',
      },
    },
  });

type Sandbox = ReturnType<typeof sandboxPayments>;

const dbPayment = async (t: TestApp, ref: string) =>
  (await t.runtime.db.sql.executeSql('SELECT * FROM memory_maker.payments WHERE provider_ref = $1', [ref])).rows[0];
const dbBook = async (t: TestApp, id: string) => (await t.runtime.db.sql.executeSql('SELECT * FROM memory_maker.books WHERE id = $1', [id])).rows[0]!;
const dbEvents = async (t: TestApp, id: string) => (await t.runtime.db.sql.executeSql('SELECT * FROM payments.webhook_events WHERE id = $1', [id])).rows;

async function bookWithIntent(t: TestApp, u: TestUser) {
  const done = await generateAndWait(t, u, { book_type: 'children-story', prompts: { name: 'Mia', interests: 'owls' } });
  const r = await call(t, u, 'POST', '/payments/create-intent', { book_id: done.book_id, book_type: 'children-story' });
  assert.equal(r.statusCode, 200, r.body);
  return { bookId: done.book_id, intent: r.json() as { id: string; amount: number } };
}

describe('sandbox provider', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  const post = (body: string | Buffer, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `${P}/payments/webhook`, headers: { 'content-type': 'application/json', ...headers }, payload: body });

  before(async () => {
    sandbox = sandboxPayments({ webhookSecret: SECRET, appBaseUrl: 'http://localhost:3000' });
    t = await startMemoryMaker({ env: { STRIPE_WEBHOOK_SECRET: SECRET }, overrides: { payments: sandbox } });
  });
  after(async () => {
    await t.close();
  });

  describe('works', () => {
    test('payment_intent.succeeded, confirmed by the provider: the payment succeeds and the book is purchased; the event is recorded', async () => {
      const u = await newUser(t);
      const { bookId, intent } = await bookWithIntent(t, u);
      sandbox.settlePaymentIntent(intent.id, 'succeeded');
      const body = intentEvent('payment_intent.succeeded', intent);
      const id = JSON.parse(body).id as string;
      const r = await post(body, { 'stripe-signature': sign(body) });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { received: true });
      assert.match(String(r.headers['x-process-time']), /^\d+\.\d+$/);
      const payment = await dbPayment(t, intent.id);
      assert.equal(payment!.status, 'succeeded');
      assert.ok(payment!.paid_at);
      const book = await dbBook(t, bookId);
      assert.equal(book.status, 'purchased');
      assert.equal(book.price_paid_cents, 1999);
      const events = await dbEvents(t, id);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.product, 'memory-maker');
      assert.equal(events[0]!.type, 'payment_intent.succeeded');
    });

    test('the same event again is a 2xx no-op; so is a repeat racing the first', async () => {
      const u = await newUser(t);
      const { bookId, intent } = await bookWithIntent(t, u);
      sandbox.settlePaymentIntent(intent.id, 'succeeded');
      const body = intentEvent('payment_intent.succeeded', intent);
      const sig = sign(body);
      const results = await Promise.all([post(body, { 'stripe-signature': sig }), post(body, { 'stripe-signature': sig })]);
      assert.deepEqual(
        results.map((r) => r.statusCode),
        [200, 200],
      );
      assert.equal(results.filter((r) => r.json().duplicate === true).length, 1);
      const third = await post(body, { 'stripe-signature': sign(body) });
      assert.deepEqual(third.json(), { received: true, duplicate: true });
      assert.equal((await dbEvents(t, JSON.parse(body).id)).length, 1);
      const purchasedAt = (await dbBook(t, bookId)).purchased_at;
      assert.ok(purchasedAt);
      // A second, different event for the paid intent changes nothing either.
      const later = intentEvent('payment_intent.succeeded', intent);
      assert.deepEqual((await post(later, { 'stripe-signature': sign(later) })).json(), { received: true });
      assert.deepEqual((await dbBook(t, bookId)).purchased_at, purchasedAt);
    });

    test('the raw body is what is verified: spacing and key order the provider chose, any content type', async () => {
      const u = await newUser(t);
      const { bookId, intent } = await bookWithIntent(t, u);
      sandbox.settlePaymentIntent(intent.id, 'succeeded');
      const pretty = `{\n  "type": "payment_intent.succeeded",\n  "id": "${eventId()}",\n  "data": { "object": { "id": "${intent.id}", "object": "payment_intent" } }\n}\n`;
      const r = await post(pretty, { 'stripe-signature': sign(pretty), 'content-type': 'text/plain; charset=utf-8' });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal((await dbBook(t, bookId)).status, 'purchased');
    });

    test('a signature 4 minutes old is accepted; several v1 values (one of them right) are accepted', async () => {
      const u = await newUser(t);
      const { intent } = await bookWithIntent(t, u);
      const old = intentEvent('payment_intent.payment_failed', intent);
      assert.equal((await post(old, { 'stripe-signature': sign(old, { timestamp: now() - 240 }) })).statusCode, 200);
      const body = intentEvent('payment_intent.payment_failed', intent);
      const ts = now();
      const good = sign(body, { timestamp: ts }).split(',v1=')[1]!;
      const wrong = sign(body, { timestamp: ts, secret: 'whsec_rolled_secret' }).split(',v1=')[1]!;
      const r = await post(body, { 'stripe-signature': `t=${ts},v1=${wrong},v1=${good},v0=${'0'.repeat(64)}` });
      assert.equal(r.statusCode, 200, r.body);
    });

    test("payment_failed: the payment is failed with the provider's message; a later success of the same intent still counts", async () => {
      const u = await newUser(t);
      const { bookId, intent } = await bookWithIntent(t, u);
      sandbox.settlePaymentIntent(intent.id, 'failed');
      const failed = intentEvent('payment_intent.payment_failed', intent);
      assert.equal((await post(failed, { 'stripe-signature': sign(failed) })).statusCode, 200);
      const row = await dbPayment(t, intent.id);
      assert.equal(row!.status, 'failed');
      assert.equal(row!.failure_message, 'Your card was declined.');
      assert.equal((await dbBook(t, bookId)).purchased_at, null);
      sandbox.settlePaymentIntent(intent.id, 'succeeded');
      const ok = intentEvent('payment_intent.succeeded', intent);
      assert.equal((await post(ok, { 'stripe-signature': sign(ok) })).statusCode, 200);
      assert.equal((await dbPayment(t, intent.id))!.status, 'succeeded');
      assert.equal((await dbBook(t, bookId)).status, 'purchased');
      // A failure reported after the success (out of order) does not undo it.
      const late = intentEvent('payment_intent.payment_failed', intent);
      assert.equal((await post(late, { 'stripe-signature': sign(late) })).statusCode, 200);
      assert.equal((await dbPayment(t, intent.id))!.status, 'succeeded');
    });

    test('checkout.session.completed, confirmed by the provider: a payment is recorded and the book purchased', async () => {
      const u = await newUser(t);
      const done = await generateAndWait(t, u, { book_type: 'spouse-roasting', prompts: { name: 'Sam' } });
      const session = await sandbox.createCheckout({
        amountCents: 2499,
        currency: 'usd',
        description: 'Roast',
        metadata: { product: 'memory-maker', book_id: done.book_id, user_id: u.id },
        successUrl: 'http://x/ok',
        cancelUrl: 'http://x/no',
      });
      sandbox.completeCheckout(session.id);
      const body = JSON.stringify({
        id: eventId(),
        object: 'event',
        type: 'checkout.session.completed',
        data: { object: { id: session.id, object: 'checkout.session', payment_status: 'paid' } },
      });
      const r = await post(body, { 'stripe-signature': sign(body) });
      assert.deepEqual(r.json(), { received: true });
      const payment = await dbPayment(t, session.id);
      assert.equal(payment!.kind, 'checkout_session');
      assert.equal(payment!.status, 'succeeded');
      assert.equal(payment!.amount_cents, 2499);
      assert.equal(payment!.user_id, u.id);
      assert.equal((await dbBook(t, done.book_id)).status, 'purchased');
      assert.equal((await call(t, u, 'GET', '/payments/history')).json().data[0].provider_payment_id, session.id);
    });

    test('events this service does not act on, or about intents it does not know, are recorded and ignored', async () => {
      for (const body of [
        JSON.stringify({ id: eventId(), object: 'event', type: 'customer.created', data: { object: { id: 'cus_1' } } }),
        intentEvent('payment_intent.succeeded', { id: 'pi_not_ours' }),
        JSON.stringify({ id: eventId(), object: 'event', type: 'payment_intent.succeeded', data: { object: {} } }),
      ]) {
        const r = await post(body, { 'stripe-signature': sign(body) });
        assert.equal(r.statusCode, 200, r.body);
        assert.deepEqual(r.json(), { received: true, ignored: true });
        assert.equal((await dbEvents(t, JSON.parse(body).id)).length, 1);
      }
    });
  });

  describe('rejects bad input', () => {
    test('missing, malformed, foreign-secret, stale (6 min) or future signatures, and tampered bodies → 400 invalid_signature; nothing recorded', async () => {
      const u = await newUser(t);
      const { bookId, intent } = await bookWithIntent(t, u);
      sandbox.settlePaymentIntent(intent.id, 'succeeded');
      const body = intentEvent('payment_intent.succeeded', intent);
      const cases: [string, string | Buffer, Record<string, string>][] = [
        ['no header', body, {}],
        ['garbage header', body, { 'stripe-signature': 'garbage' }],
        ['no v1', body, { 'stripe-signature': `t=${now()}` }],
        ['other secret', body, { 'stripe-signature': sign(body, { secret: 'whsec_someone_else' }) }],
        ['stale', body, { 'stripe-signature': sign(body, { timestamp: now() - 360 }) }],
        ['from the future', body, { 'stripe-signature': sign(body, { timestamp: now() + 3600 }) }],
        ['tampered amount', body.replace('"amount":1999', '"amount":1'), { 'stripe-signature': sign(body) }],
        ['one more space', `${body} `, { 'stripe-signature': sign(body) }],
        ['empty body', '', { 'stripe-signature': sign('') }],
      ];
      for (const [label, payload, headers] of cases) {
        const r = await post(payload, headers);
        assert.equal(r.statusCode, 400, `${label}: ${r.body}`);
        assert.deepEqual(
          r.json(),
          { status_code: 400, message: 'Invalid webhook signature', error_code: 'invalid_signature', detail: 'Invalid webhook signature' },
          label,
        );
      }
      assert.equal((await dbEvents(t, JSON.parse(body).id)).length, 0);
      assert.equal((await dbBook(t, bookId)).purchased_at, null);
      // Signed but not an event.
      for (const junk of ['not json', '[1,2,3]', JSON.stringify({ id: 7, type: 'x' }), JSON.stringify({ id: 'x'.repeat(300), type: 'x', data: {} })]) {
        const r = await post(junk, { 'stripe-signature': sign(junk) });
        assert.equal(r.statusCode, 400, `${junk.slice(0, 30)}: ${r.body}`);
      }
      // Over the body limit: 413.
      const big = JSON.stringify({ id: eventId(), type: 'x', pad: 'x'.repeat(1_100_000) });
      assert.equal((await post(big, { 'stripe-signature': sign(big) })).statusCode, 413);
    });
  });

  describe('refuses what the provider does not confirm', () => {
    test('a validly signed "succeeded" for an intent the provider says is unpaid changes nothing', async () => {
      const u = await newUser(t);
      const { bookId, intent } = await bookWithIntent(t, u);
      const body = intentEvent('payment_intent.succeeded', intent);
      const r = await post(body, { 'stripe-signature': sign(body) });
      assert.equal(r.statusCode, 200);
      assert.equal((await dbPayment(t, intent.id))!.status, 'pending');
      assert.equal((await dbBook(t, bookId)).purchased_at, null);
    });

    test("checkout sessions: another product's, unpaid, or naming another user's book are ignored", async () => {
      const [u, other] = [await newUser(t), await newUser(t)];
      const done = await generateAndWait(t, u, { book_type: 'children-story', prompts: { name: 'Kim' } });
      const sessions = [
        { product: 'couple-compass', book_id: done.book_id, user_id: u.id },
        { product: 'memory-maker', book_id: done.book_id, user_id: other.id },
        { product: 'memory-maker', book_id: 'not-a-uuid', user_id: u.id },
      ];
      for (const metadata of sessions) {
        const s = await sandbox.createCheckout({
          amountCents: 1999,
          currency: 'usd',
          description: 'x',
          metadata,
          successUrl: 'http://x',
          cancelUrl: 'http://x',
        });
        sandbox.completeCheckout(s.id);
        const body = JSON.stringify({ id: eventId(), type: 'checkout.session.completed', data: { object: { id: s.id } } });
        assert.deepEqual((await post(body, { 'stripe-signature': sign(body) })).json(), { received: true, ignored: true }, JSON.stringify(metadata));
      }
      const unpaid = await sandbox.createCheckout({
        amountCents: 1999,
        currency: 'usd',
        description: 'x',
        metadata: { product: 'memory-maker', book_id: done.book_id, user_id: u.id },
        successUrl: 'http://x',
        cancelUrl: 'http://x',
      });
      const body = JSON.stringify({ id: eventId(), type: 'checkout.session.completed', data: { object: { id: unpaid.id, payment_status: 'paid' } } });
      assert.deepEqual((await post(body, { 'stripe-signature': sign(body) })).json(), { received: true, ignored: true });
      // Paid, but less than the book type costs: recorded, the book stays unpaid.
      const cheap = await sandbox.createCheckout({
        amountCents: 100,
        currency: 'usd',
        description: 'x',
        metadata: { product: 'memory-maker', book_id: done.book_id, user_id: u.id },
        successUrl: 'http://x',
        cancelUrl: 'http://x',
      });
      sandbox.completeCheckout(cheap.id);
      const cheapBody = JSON.stringify({ id: eventId(), type: 'checkout.session.completed', data: { object: { id: cheap.id } } });
      assert.deepEqual((await post(cheapBody, { 'stripe-signature': sign(cheapBody) })).json(), { received: true });
      assert.equal((await dbPayment(t, cheap.id))!.amount_cents, 100);
      assert.equal((await dbBook(t, done.book_id)).purchased_at, null);
    });
  });
});

describe('Stripe provider (a fake Stripe API)', () => {
  let t: TestApp;
  let stripe: FakeStripe;
  const post = (body: string) =>
    t.app.inject({
      method: 'POST',
      url: `${P}/payments/webhook`,
      headers: { 'content-type': 'application/json', 'stripe-signature': sign(body) },
      payload: body,
    });

  before(async () => {
    stripe = await startFakeStripe();
    t = await startMemoryMaker({
      env: { STRIPE_WEBHOOK_SECRET: SECRET },
      overrides: { payments: stripePayments({ secretKey: 'sk_test_fake', webhookSecret: SECRET, host: '127.0.0.1', port: stripe.port, protocol: 'http' }) },
    });
  });
  after(async () => {
    await t.close();
    await stripe.close();
  });

  test('the intent is re-read from Stripe; while Stripe cannot be reached the answer is 503 and the event is not recorded, so its retry works', async () => {
    const u = await newUser(t);
    const { bookId, intent } = await bookWithIntent(t, u);
    Object.assign(stripe.intents.get(intent.id)!, { status: 'succeeded', amount_received: 1999 });
    const body = intentEvent('payment_intent.succeeded', intent);
    stripe.failWith = 500;
    try {
      const r = await post(body);
      assert.equal(r.statusCode, 503);
      assert.equal(r.json().error_code, 'payment_provider_unavailable');
    } finally {
      stripe.failWith = undefined;
    }
    assert.equal((await dbEvents(t, JSON.parse(body).id)).length, 0);
    const retry = await post(body);
    assert.deepEqual(retry.json(), { received: true });
    assert.ok(stripe.requests.some((q) => q.method === 'GET' && q.url === `/v1/payment_intents/${intent.id}`));
    assert.equal((await dbBook(t, bookId)).status, 'purchased');
  });

  test('Stripe reports less than the price was received: the book stays unpaid', async () => {
    const u = await newUser(t);
    const { bookId, intent } = await bookWithIntent(t, u);
    Object.assign(stripe.intents.get(intent.id)!, { status: 'succeeded', amount_received: 500 });
    const r = await post(intentEvent('payment_intent.succeeded', intent));
    assert.equal(r.statusCode, 200);
    assert.equal((await dbBook(t, bookId)).purchased_at, null);
  });
});
