// /payments/create-intent, /payments/history and the sandbox's confirm: priced from the book type in cents, the
// sandbox offline and Stripe (a fake Stripe API) — works, bad input, wrong user.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../../../test/helpers/app.js';
import type { TestUser } from '../../../../test/helpers/accounts.js';
import { stripePayments } from '../../../core/payments/port.js';
import { call, generateAndWait, newSuperuser, newUser, startMemoryMaker } from '../../../../test/helpers/memory-maker.js';
import { startFakeStripe, type FakeStripe } from '../../../../test/helpers/fake-stripe.js';

const SECRET = 'whsec_memory_maker_test_secret';
const dbPayments = async (t: TestApp, bookId: string) =>
  (await t.runtime.db.sql.executeSql('SELECT * FROM memory_maker.payments WHERE book_id = $1 ORDER BY created_at', [bookId])).rows;
const dbBook = async (t: TestApp, id: string) => (await t.runtime.db.sql.executeSql('SELECT * FROM memory_maker.books WHERE id = $1', [id])).rows[0]!;

async function generatedBook(t: TestApp, u: TestUser, bookType = 'children-story') {
  const done = await generateAndWait(t, u, { book_type: bookType, prompts: { name: 'Mia', interests: 'owls' } });
  assert.equal(done.status, 'completed');
  return done.book_id;
}

describe('sandbox (offline)', () => {
  let t: TestApp;
  before(async () => {
    t = await startMemoryMaker({ env: { STRIPE_WEBHOOK_SECRET: SECRET } });
  });
  after(async () => {
    await t.close();
  });

  test('works: an intent priced from the book type in cents; a second click gets the same intent; history lists it', async () => {
    const u = await newUser(t);
    const bookId = await generatedBook(t, u);
    const r = await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'children-story' });
    assert.equal(r.statusCode, 200, r.body);
    const intent = r.json();
    assert.deepEqual(Object.keys(intent).sort(), ['amount', 'client_secret', 'currency', 'id']);
    assert.equal(intent.amount, 1999);
    assert.equal(intent.currency, 'usd');
    assert.match(intent.id, /^pi_sandbox_/);
    assert.ok(intent.client_secret.startsWith(intent.id));
    const rows = await dbPayments(t, bookId);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, 'pending');
    assert.equal(rows[0]!.amount_cents, 1999);
    assert.equal(rows[0]!.provider, 'sandbox');
    assert.equal(rows[0]!.provider_ref, intent.id);
    const again = (await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'children-story' })).json();
    assert.equal(again.id, intent.id);
    assert.equal((await dbPayments(t, bookId)).length, 1);
    const history = (await call(t, u, 'GET', '/payments/history')).json();
    assert.equal(history.total, 1);
    assert.deepEqual(
      { ...history.data[0], created_at: undefined, id: undefined },
      {
        id: undefined,
        created_at: undefined,
        book_id: bookId,
        book_type: 'children-story',
        provider: 'sandbox',
        provider_payment_id: intent.id,
        amount: 1999,
        currency: 'usd',
        status: 'pending',
        failure_message: null,
        paid_at: null,
      },
    );
  });

  test('works: the book type can be named by id; the price follows the type (Spouse Roasting 24.99 → 2499)', async () => {
    const u = await newUser(t);
    const bookId = await generatedBook(t, u, 'spouse-roasting');
    const typeId = (await call(t, u, 'GET', `/books/${bookId}`)).json().book_type_id;
    const intent = (await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: typeId })).json();
    assert.equal(intent.amount, 2499);
  });

  test('works: the sandbox pays (through the signed webhook path): the book becomes purchased', async () => {
    const u = await newUser(t);
    const bookId = await generatedBook(t, u);
    const intent = (await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'children-story' })).json();
    const declined = await call(t, u, 'POST', `/payments/sandbox/${intent.id}/confirm`, { outcome: 'failed' });
    assert.equal(declined.statusCode, 200, declined.body);
    assert.equal((await dbPayments(t, bookId))[0]!.status, 'failed');
    assert.equal((await dbPayments(t, bookId))[0]!.failure_message, 'Your card was declined.');
    // After a decline the same intent is offered again, and paying it works.
    assert.equal((await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'children-story' })).json().id, intent.id);
    const paid = await call(t, u, 'POST', `/payments/sandbox/${intent.id}/confirm`, {});
    assert.deepEqual(paid.json(), { received: true });
    const row = (await dbPayments(t, bookId))[0]!;
    assert.equal(row.status, 'succeeded');
    assert.ok(row.paid_at);
    const book = (await call(t, u, 'GET', `/books/${bookId}`)).json();
    assert.equal(book.status, 'purchased');
    assert.equal(book.price_paid, 1999);
    assert.ok(book.purchased_at);
    assert.equal((await call(t, u, 'GET', '/books?status=purchased')).json().total, 1, 'the cached list follows the purchase');
    assert.equal((await call(t, u, 'GET', '/payments/history')).json().data[0].status, 'succeeded');
  });

  test('bad input: 422 naming the field; mismatched type 400; not generated, already paid 409; nothing recorded', async () => {
    const u = await newUser(t);
    for (const [body, field] of [
      [{ book_type: 'children-story' }, 'body.book_id'],
      [{ book_id: 'nope', book_type: 'children-story' }, 'body.book_id'],
      [{ book_id: '00000000-0000-4000-8000-000000000000' }, 'body.book_type'],
      [{ book_id: '00000000-0000-4000-8000-000000000000', book_type: 0 }, 'body.book_type'],
    ] as const) {
      const r = await call(t, u, 'POST', '/payments/create-intent', body);
      assert.equal(r.statusCode, 422, JSON.stringify(body));
      assert.ok(r.json().message.startsWith(field), r.json().message);
    }
    const bookId = await generatedBook(t, u);
    const mismatch = await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'family-history' });
    assert.equal(mismatch.statusCode, 400);
    assert.equal(mismatch.json().error_code, 'book_type_mismatch');
    assert.equal((await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'no-such-type' })).statusCode, 404);
    const draft = (await call(t, u, 'POST', '/books', { title: 'Draft', book_type: 'children-story' })).json();
    const notGenerated = await call(t, u, 'POST', '/payments/create-intent', { book_id: draft.id, book_type: 'children-story' });
    assert.equal(notGenerated.statusCode, 409);
    assert.equal(notGenerated.json().error_code, 'book_not_generated');
    await t.runtime.db.sql.executeSql(`UPDATE memory_maker.books SET purchased_at = now() WHERE id = $1`, [bookId]);
    const twice = await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'children-story' });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error_code, 'already_purchased');
    assert.equal((await dbPayments(t, bookId)).length, 0);
    assert.equal((await dbPayments(t, draft.id)).length, 0);
    assert.equal((await call(t, u, 'GET', '/payments/history?limit=0')).statusCode, 422);
    assert.equal((await call(t, u, 'POST', '/payments/sandbox/pi_unknown/confirm', {})).statusCode, 404);
    assert.equal((await call(t, u, 'POST', '/payments/sandbox/bad%20id/confirm', {})).statusCode, 422);
  });

  test("wrong user: another's book → 404 (a superuser cannot buy it either); history and confirm are mine only", async () => {
    const [owner, other, admin] = [await newUser(t), await newUser(t), await newSuperuser(t)];
    const bookId = await generatedBook(t, owner);
    for (const who of [other, admin]) {
      const r = await call(t, who, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'children-story' });
      assert.equal(r.statusCode, 404);
      assert.equal(r.json().error_code, 'book_not_found');
    }
    const intent = (await call(t, owner, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'children-story' })).json();
    assert.equal((await call(t, other, 'GET', '/payments/history')).json().total, 0);
    assert.equal((await call(t, other, 'POST', `/payments/sandbox/${intent.id}/confirm`, {})).statusCode, 404);
    assert.equal((await dbBook(t, bookId)).purchased_at, null);
    for (const [method, url] of [
      ['POST', '/payments/create-intent'],
      ['GET', '/payments/history'],
      ['POST', `/payments/sandbox/${intent.id}/confirm`],
    ] as const) {
      assert.equal((await call(t, null, method, url, method === 'POST' ? {} : undefined)).statusCode, 401, url);
    }
  });
});

describe('limits', () => {
  let t: TestApp;
  before(async () => {
    t = await startMemoryMaker({ env: { RATE_LIMIT_SCALE: '1', MEMORY_MAKER_RATE_LIMIT_PAYMENT_INTENTS_PER_USER: '3/3600' } });
  });
  after(async () => {
    await t.close();
  });

  test('payment intents per user (429)', async () => {
    const u = await newUser(t);
    const bookId = await generatedBook(t, u);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'children-story' })).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  });
});

describe('Stripe (a fake Stripe API)', () => {
  let t: TestApp;
  let stripe: FakeStripe;
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

  test('create-intent creates a Stripe PaymentIntent with the price, metadata and an idempotency key; a second click retrieves it', async () => {
    const u = await newUser(t);
    const bookId = await generatedBook(t, u, 'family-history');
    const r = await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'family-history' });
    assert.equal(r.statusCode, 200, r.body);
    const intent = r.json();
    assert.match(intent.id, /^pi_fake_/);
    assert.equal(intent.amount, 2999);
    const sent = stripe.requests.find((q) => q.method === 'POST' && q.url === '/v1/payment_intents')!;
    assert.equal(sent.body.get('amount'), '2999');
    assert.equal(sent.body.get('currency'), 'usd');
    assert.equal(sent.body.get('metadata[book_id]'), bookId);
    assert.equal(sent.body.get('metadata[user_id]'), u.id);
    assert.equal(sent.body.get('metadata[product]'), 'memory-maker');
    assert.ok(sent.idempotencyKey?.includes(bookId));
    const again = await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'family-history' });
    assert.equal(again.json().id, intent.id);
    assert.ok(stripe.requests.some((q) => q.method === 'GET' && q.url === `/v1/payment_intents/${intent.id}`));
    assert.equal((await dbPayments(t, bookId))[0]!.provider, 'stripe');
    // No sandbox route with a real provider.
    assert.equal((await call(t, u, 'POST', `/payments/sandbox/${intent.id}/confirm`, {})).statusCode, 404);
  });

  test('Stripe unreachable → 502 payment_provider_error, and nothing recorded', async () => {
    const u = await newUser(t);
    const bookId = await generatedBook(t, u);
    stripe.failWith = 500;
    try {
      const r = await call(t, u, 'POST', '/payments/create-intent', { book_id: bookId, book_type: 'children-story' });
      assert.equal(r.statusCode, 502);
      assert.equal(r.json().error_code, 'payment_provider_error');
    } finally {
      stripe.failWith = undefined;
    }
    assert.equal((await dbPayments(t, bookId)).length, 0);
  });
});
