// Payments port: the offline sandbox and its signed webhooks, signature failures, and the Stripe adapter against a fake API.
import { test, before, after, beforeEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { sandboxPayments, stripePayments, WebhookSignatureError, type CheckoutRequest, type PaymentIntentRequest } from './port.js';

const SECRET = 'whsec_test_0123456789abcdef';
const signer = new Stripe('sk_test_x');
const sign = (payload: string, secret = SECRET, timestamp?: number) =>
  signer.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp !== undefined ? { timestamp } : {}) });

const request = (over: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  amountCents: 1999,
  currency: 'eur',
  description: 'Printed book: Our Story',
  metadata: { order_id: 'ord_42', product: 'memory-maker' },
  successUrl: 'https://app.example/success',
  cancelUrl: 'https://app.example/cancel',
  ...over,
});

const isSignatureError = (e: unknown) => {
  assert.ok(e instanceof WebhookSignatureError, `expected WebhookSignatureError, got ${String(e)}`);
  assert.equal(e.name, 'WebhookSignatureError');
  assert.ok(e.message.length > 0);
  return true;
};

describe('sandboxPayments', () => {
  const pay = sandboxPayments({ webhookSecret: SECRET, appBaseUrl: 'http://127.0.0.1:8000/memory-maker' });

  test('createCheckout returns a fresh open session with a local URL', async () => {
    assert.equal(pay.kind, 'sandbox');
    const a = await pay.createCheckout(request());
    const b = await pay.createCheckout(request());
    assert.match(a.id, /^cs_sandbox_[0-9a-f]{24}$/);
    assert.notEqual(a.id, b.id);
    assert.equal(a.url, `http://127.0.0.1:8000/memory-maker/sandbox/checkout/${a.id}`);
    assert.equal(a.status, 'open');
  });

  test('completeCheckout yields a signed checkout.session.completed event that verifyWebhook accepts', async () => {
    const s = await pay.createCheckout(request());
    const { body, signature } = pay.completeCheckout(s.id);
    assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    const event = pay.verifyWebhook(body, signature);
    assert.match(event.id, /^evt_sandbox_[0-9a-f]{24}$/);
    assert.equal(event.type, 'checkout.session.completed');
    const obj = event.data.object;
    assert.equal(obj.id, s.id);
    assert.equal(obj.object, 'checkout.session');
    assert.equal(obj.amount_total, 1999);
    assert.equal(obj.currency, 'eur');
    assert.equal(obj.payment_status, 'paid');
    assert.equal(obj.status, 'complete');
    assert.deepEqual(obj.metadata, { order_id: 'ord_42', product: 'memory-maker' });
    // What Fastify hands a raw-body route is a Buffer.
    assert.deepEqual(pay.verifyWebhook(Buffer.from(body), signature), event);
  });

  test('each completion is a distinct event (so replays are recognisable by id)', async () => {
    const s = await pay.createCheckout(request());
    const a = pay.completeCheckout(s.id);
    const b = pay.completeCheckout(s.id);
    const one = pay.verifyWebhook(a.body, a.signature);
    const two = pay.verifyWebhook(b.body, b.signature);
    assert.notEqual(one.id, two.id);
  });

  test('metadata can be overridden; an unknown session still yields a verifiable event', async () => {
    const s = await pay.createCheckout(request());
    const over = pay.completeCheckout(s.id, { order_id: 'other' });
    assert.deepEqual(pay.verifyWebhook(over.body, over.signature).data.object.metadata, { order_id: 'other' });
    const unknown = pay.completeCheckout('cs_sandbox_unknown');
    const obj = pay.verifyWebhook(unknown.body, unknown.signature).data.object;
    assert.equal(obj.id, 'cs_sandbox_unknown');
    assert.equal(obj.amount_total, 0);
    assert.deepEqual(obj.metadata, {});
  });

  test('a tampered body is refused', async () => {
    const s = await pay.createCheckout(request());
    const { body, signature } = pay.completeCheckout(s.id);
    const tampered = body.replace('"amount_total":1999', '"amount_total":1');
    assert.notEqual(tampered, body);
    assert.throws(() => pay.verifyWebhook(tampered, signature), isSignatureError);
    assert.throws(() => pay.verifyWebhook(`${body} `, signature), isSignatureError);
  });

  test('a signature made with another secret is refused', async () => {
    const s = await pay.createCheckout(request());
    const { body } = pay.completeCheckout(s.id);
    assert.throws(() => pay.verifyWebhook(body, sign(body, 'whsec_someone_else')), isSignatureError);
    // ...and the other way round: another sandbox's events are not ours.
    const other = sandboxPayments({ webhookSecret: 'whsec_other', appBaseUrl: 'http://x' });
    const theirs = other.completeCheckout((await other.createCheckout(request())).id);
    assert.throws(() => pay.verifyWebhook(theirs.body, theirs.signature), isSignatureError);
  });

  test('a missing or malformed header is refused', async () => {
    const { body } = pay.completeCheckout((await pay.createCheckout(request())).id);
    assert.throws(() => pay.verifyWebhook(body, undefined), isSignatureError);
    assert.throws(() => pay.verifyWebhook(body, ''), isSignatureError);
    assert.throws(() => pay.verifyWebhook(body, 'garbage'), isSignatureError);
    assert.throws(() => pay.verifyWebhook(body, `t=${Math.floor(Date.now() / 1000)}`), isSignatureError);
    assert.throws(() => pay.verifyWebhook(body, `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`), isSignatureError);
  });

  test('a correctly signed but stale event (older than the tolerance) is refused', async () => {
    const { body } = pay.completeCheckout((await pay.createCheckout(request())).id);
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    assert.throws(() => pay.verifyWebhook(body, sign(body, SECRET, tenMinutesAgo)), isSignatureError);
    // The same construction with a current timestamp is accepted, so it is the age that is refused.
    assert.equal(pay.verifyWebhook(body, sign(body, SECRET, Math.floor(Date.now() / 1000) - 10)).type, 'checkout.session.completed');
  });

  test('a correctly signed event dated more than the tolerance ahead is refused; a little ahead (clock skew) is fine', async () => {
    const { body } = pay.completeCheckout((await pay.createCheckout(request())).id);
    assert.throws(() => pay.verifyWebhook(body, sign(body, SECRET, Math.floor(Date.now() / 1000) + 600)), isSignatureError);
    assert.equal(pay.verifyWebhook(body, sign(body, SECRET, Math.floor(Date.now() / 1000) + 30)).type, 'checkout.session.completed');
  });

  test('a validly signed body that is not JSON is refused', () => {
    const body = 'not json at all';
    assert.throws(() => pay.verifyWebhook(body, sign(body)), isSignatureError);
  });
});

describe('sandboxPayments: payment intents', () => {
  const pay = sandboxPayments({ webhookSecret: SECRET, appBaseUrl: 'http://127.0.0.1:8000' });
  const intentRequest = (over: Partial<PaymentIntentRequest> = {}): PaymentIntentRequest => ({
    amountCents: 2499,
    currency: 'usd',
    description: 'Spouse Roasting Book',
    metadata: { product: 'memory-maker', book_id: 'b1' },
    ...over,
  });

  test('createPaymentIntent returns a fresh intent awaiting payment, with a client secret', async () => {
    const a = await pay.createPaymentIntent(intentRequest());
    const b = await pay.createPaymentIntent(intentRequest());
    assert.match(a.id, /^pi_sandbox_[0-9a-f]{24}$/);
    assert.notEqual(a.id, b.id);
    assert.ok(a.clientSecret.startsWith(`${a.id}_secret_`));
    assert.equal(a.amountCents, 2499);
    assert.equal(a.amountReceivedCents, 0);
    assert.equal(a.currency, 'usd');
    assert.equal(a.status, 'requires_payment_method');
    assert.deepEqual(a.metadata, { product: 'memory-maker', book_id: 'b1' });
  });

  test('the same idempotency key returns the same intent', async () => {
    const a = await pay.createPaymentIntent(intentRequest({ idempotencyKey: 'k-1' }));
    const b = await pay.createPaymentIntent(intentRequest({ idempotencyKey: 'k-1' }));
    const c = await pay.createPaymentIntent(intentRequest({ idempotencyKey: 'k-2' }));
    assert.equal(a.id, b.id);
    assert.notEqual(a.id, c.id);
  });

  test('retrievePaymentIntent reads the current state; unknown ids are undefined', async () => {
    const a = await pay.createPaymentIntent(intentRequest());
    assert.deepEqual(await pay.retrievePaymentIntent(a.id), a);
    assert.equal(await pay.retrievePaymentIntent('pi_unknown'), undefined);
    // What a caller does to its copy does not change the provider's.
    const copy = (await pay.retrievePaymentIntent(a.id))!;
    copy.metadata.book_id = 'other';
    assert.equal((await pay.retrievePaymentIntent(a.id))!.metadata.book_id, 'b1');
  });

  test('settlePaymentIntent succeeded: the intent is paid and the signed event verifies', async () => {
    const a = await pay.createPaymentIntent(intentRequest());
    const { body, signature } = pay.settlePaymentIntent(a.id, 'succeeded');
    const event = pay.verifyWebhook(body, signature);
    assert.equal(event.type, 'payment_intent.succeeded');
    assert.match(event.id, /^evt_sandbox_/);
    assert.equal(event.data.object.id, a.id);
    assert.equal(event.data.object.amount, 2499);
    assert.deepEqual(event.data.object.metadata, a.metadata);
    const now = (await pay.retrievePaymentIntent(a.id))!;
    assert.equal(now.status, 'succeeded');
    assert.equal(now.amountReceivedCents, 2499);
  });

  test('settlePaymentIntent failed: the intent still awaits payment and carries the decline message', async () => {
    const a = await pay.createPaymentIntent(intentRequest());
    const { body, signature } = pay.settlePaymentIntent(a.id, 'failed');
    const event = pay.verifyWebhook(body, signature);
    assert.equal(event.type, 'payment_intent.payment_failed');
    const now = (await pay.retrievePaymentIntent(a.id))!;
    assert.equal(now.status, 'requires_payment_method');
    assert.equal(now.lastError, 'Your card was declined.');
    assert.throws(() => pay.settlePaymentIntent('pi_unknown', 'succeeded'), /no payment intent/);
  });

  test('retrieveCheckout follows a session from open to complete and paid', async () => {
    const s = await pay.createCheckout(request());
    assert.deepEqual(await pay.retrieveCheckout(s.id), {
      id: s.id,
      status: 'open',
      paymentStatus: 'unpaid',
      amountTotalCents: 1999,
      currency: 'eur',
      metadata: { order_id: 'ord_42', product: 'memory-maker' },
    });
    pay.completeCheckout(s.id);
    const done = (await pay.retrieveCheckout(s.id))!;
    assert.equal(done.status, 'complete');
    assert.equal(done.paymentStatus, 'paid');
    assert.equal(await pay.retrieveCheckout('cs_unknown'), undefined);
  });
});

// ---- Stripe adapter against a fake Stripe API ----

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('stripePayments against a fake Stripe API', () => {
  let server: http.Server;
  let port: number;
  const seen: Seen[] = [];
  let reply: (res: http.ServerResponse) => void;
  const SESSION = { id: 'cs_test_1', object: 'checkout.session', url: 'https://example/pay', status: 'open' };
  const KEY = 'sk_test_fake_key_123';
  const ok = (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_test' });
    res.end(JSON.stringify(SESSION));
  };
  const pay = () => stripePayments({ secretKey: KEY, webhookSecret: SECRET, host: '127.0.0.1', port, protocol: 'http' });

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        reply(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });

  beforeEach(() => {
    seen.length = 0;
    reply = ok;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('createCheckout POSTs the session form-encoded with Bearer auth and returns the session', async () => {
    const p = pay();
    assert.equal(p.kind, 'stripe');
    const s = await p.createCheckout(request({ customerEmail: 'buyer@example.test' }));
    assert.deepEqual(s, { id: 'cs_test_1', url: 'https://example/pay', status: 'open' });
    assert.equal(seen.length, 1);
    const r = seen[0]!;
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/v1/checkout/sessions');
    assert.equal(r.headers.authorization, `Bearer ${KEY}`);
    assert.match(String(r.headers['content-type']), /^application\/x-www-form-urlencoded/);
    assert.ok(r.headers['idempotency-key'], 'retried POSTs are idempotent');
    const form = new URLSearchParams(r.body);
    assert.equal(form.get('mode'), 'payment');
    assert.equal(form.get('line_items[0][quantity]'), '1');
    assert.equal(form.get('line_items[0][price_data][unit_amount]'), '1999');
    assert.equal(form.get('line_items[0][price_data][currency]'), 'eur');
    assert.equal(form.get('line_items[0][price_data][product_data][name]'), 'Printed book: Our Story');
    assert.equal(form.get('metadata[order_id]'), 'ord_42');
    assert.equal(form.get('metadata[product]'), 'memory-maker');
    assert.equal(form.get('success_url'), 'https://app.example/success');
    assert.equal(form.get('cancel_url'), 'https://app.example/cancel');
    assert.equal(form.get('customer_email'), 'buyer@example.test');
  });

  test('without a customer e-mail none is sent', async () => {
    await pay().createCheckout(request());
    const form = new URLSearchParams(seen[0]!.body);
    assert.equal(form.has('customer_email'), false);
    assert.equal(form.get('line_items[0][price_data][unit_amount]'), '1999');
  });

  test('a session without url or status maps to an empty url and open', async () => {
    reply = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'cs_test_2', object: 'checkout.session', url: null, status: null }));
    };
    assert.deepEqual(await pay().createCheckout(request()), { id: 'cs_test_2', url: '', status: 'open' });
  });

  test('a Stripe error (400) rejects without retrying', async () => {
    reply = (res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid currency: xyz', param: 'currency' } }));
    };
    await assert.rejects(pay().createCheckout(request({ currency: 'xyz' })), (e: unknown) => {
      // The adapter loads Stripe's CommonJS build lazily, so compare the error type, not the ESM class identity.
      const err = e as { type?: string; message?: string; statusCode?: number };
      assert.equal(err.type, 'StripeInvalidRequestError', String(e));
      assert.equal(err.message, 'Invalid currency: xyz');
      assert.equal(err.statusCode, 400);
      return true;
    });
    assert.equal(seen.length, 1);
  });

  const INTENT = {
    id: 'pi_test_1',
    object: 'payment_intent',
    amount: 2499,
    amount_received: 0,
    currency: 'usd',
    status: 'requires_payment_method',
    client_secret: 'pi_test_1_secret_abc',
    metadata: { book_id: 'b1' },
    last_payment_error: null,
  };
  const json = (status: number, body: unknown) => (res: http.ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  test('createPaymentIntent POSTs amount, currency, metadata and the idempotency key', async () => {
    reply = json(200, INTENT);
    const pi = await pay().createPaymentIntent({
      amountCents: 2499,
      currency: 'usd',
      description: 'A book',
      metadata: { book_id: 'b1' },
      idempotencyKey: 'idem-1',
      customerEmail: 'a@example.test',
    });
    assert.deepEqual(pi, {
      id: 'pi_test_1',
      clientSecret: 'pi_test_1_secret_abc',
      amountCents: 2499,
      amountReceivedCents: 0,
      currency: 'usd',
      status: 'requires_payment_method',
      metadata: { book_id: 'b1' },
    });
    const r = seen[0]!;
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/v1/payment_intents');
    assert.equal(r.headers['idempotency-key'], 'idem-1');
    const form = new URLSearchParams(r.body);
    assert.equal(form.get('amount'), '2499');
    assert.equal(form.get('currency'), 'usd');
    assert.equal(form.get('metadata[book_id]'), 'b1');
    assert.equal(form.get('automatic_payment_methods[enabled]'), 'true');
    assert.equal(form.get('receipt_email'), 'a@example.test');
  });

  test('retrievePaymentIntent GETs the intent; the last error message is kept; an unknown id is undefined', async () => {
    reply = json(200, { ...INTENT, status: 'requires_payment_method', last_payment_error: { message: 'Card declined' } });
    const pi = await pay().retrievePaymentIntent('pi_test_1');
    assert.equal(seen[0]!.method, 'GET');
    assert.equal(seen[0]!.url, '/v1/payment_intents/pi_test_1');
    assert.equal(pi!.lastError, 'Card declined');
    reply = json(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent' } });
    assert.equal(await pay().retrievePaymentIntent('pi_nope'), undefined);
  });

  test('a provider failure on retrieve is thrown (the caller answers 503 so the webhook is retried)', async () => {
    reply = json(400, { error: { type: 'invalid_request_error', message: 'bad' } });
    await assert.rejects(pay().retrievePaymentIntent('pi_test_1'), (e: unknown) => (e as { statusCode?: number }).statusCode === 400);
  });

  test('retrieveCheckout maps the session; unknown ids are undefined', async () => {
    reply = json(200, {
      id: 'cs_test_9',
      object: 'checkout.session',
      status: 'complete',
      payment_status: 'paid',
      amount_total: 2999,
      currency: 'usd',
      metadata: { book_id: 'b2' },
    });
    assert.deepEqual(await pay().retrieveCheckout('cs_test_9'), {
      id: 'cs_test_9',
      status: 'complete',
      paymentStatus: 'paid',
      amountTotalCents: 2999,
      currency: 'usd',
      metadata: { book_id: 'b2' },
    });
    assert.equal(seen[0]!.url, '/v1/checkout/sessions/cs_test_9');
    reply = json(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such checkout.session' } });
    assert.equal(await pay().retrieveCheckout('cs_nope'), undefined);
  });

  test('verifyWebhook accepts events signed with the webhook secret and refuses others', () => {
    const p = pay();
    const body = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'checkout.session.completed',
      data: { object: { id: 'cs_test_1', metadata: { order_id: 'ord_42' } } },
    });
    const event = p.verifyWebhook(body, sign(body));
    assert.equal(event.id, 'evt_1');
    assert.equal(event.type, 'checkout.session.completed');
    assert.deepEqual(event.data.object.metadata, { order_id: 'ord_42' });
    assert.throws(() => p.verifyWebhook(body, sign(body, 'whsec_wrong')), isSignatureError);
    assert.throws(() => p.verifyWebhook(body, undefined), isSignatureError);
    assert.throws(() => p.verifyWebhook(body, sign(body, SECRET, Math.floor(Date.now() / 1000) - 600)), isSignatureError);
    assert.equal(seen.length, 0, 'verification makes no network call');
  });
});
