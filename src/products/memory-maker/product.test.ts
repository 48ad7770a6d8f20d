// The product as a whole: every route in its OpenAPI document, the seed's paths at the root when it is the only
// product, X-Process-Time on every answer, health.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/helpers/app.js';
import { startTestApp } from '../../../test/helpers/app.js';
import { P, startMemoryMaker } from '../../../test/helpers/memory-maker.js';

let t: TestApp;
before(async () => {
  t = await startMemoryMaker({ jobs: false });
});
after(async () => {
  await t.close();
});

const ROUTES = [
  'GET /health',
  'GET /ready',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'GET /api/v1/users/me',
  'PUT /api/v1/users/me',
  'GET /api/v1/users/me/export',
  'DELETE /api/v1/users/me',
  'GET /api/v1/users/{user_id}',
  'GET /api/v1/book-types',
  'GET /api/v1/book-types/{book_type_id}',
  'GET /api/v1/admin/book-types',
  'POST /api/v1/admin/book-types',
  'PUT /api/v1/admin/book-types/{book_type_id}',
  'DELETE /api/v1/admin/book-types/{book_type_id}',
  'GET /api/v1/books',
  'POST /api/v1/books',
  'GET /api/v1/books/{book_id}',
  'PUT /api/v1/books/{book_id}',
  'DELETE /api/v1/books/{book_id}',
  'GET /api/v1/books/{book_id}/audio',
  'GET /api/v1/books/{book_id}/pdf',
  'POST /api/v1/books/generate',
  'GET /api/v1/books/generate/{task_id}',
  'POST /api/v1/payments/create-intent',
  'POST /api/v1/payments/webhook',
  'GET /api/v1/payments/history',
  'POST /api/v1/payments/sandbox/{payment_intent_id}/confirm',
];

test('every route is in the OpenAPI document, with a request schema where it takes input and a 2xx response', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/memory-maker/openapi.json' })).json();
  const ops = Object.entries(
    doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; parameters?: unknown[] }>>,
  ).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${path.replace(/^\/memory-maker/, '')}`, op })));
  assert.deepEqual(ops.map((o) => o.key).sort(), [...ROUTES].sort());
  for (const { key, op } of ops) {
    assert.ok(
      Object.keys(op.responses).some((c) => c.startsWith('2')),
      `${key} declares a 2xx answer`,
    );
    if (/^(POST|PUT) /.test(key) && !/logout|webhook|refresh|users\/me$/.test(key)) assert.ok(op.requestBody, `${key} declares its body`);
  }
  const login = doc.paths['/memory-maker/api/v1/auth/login'].post.requestBody.content;
  assert.ok(login['application/x-www-form-urlencoded'], 'the OAuth2 form is documented');
  assert.equal(doc.info.title, "Sal's Memory Maker API");
});

test('X-Process-Time (seconds) on answers of every kind', async () => {
  for (const [method, url] of [
    ['GET', `${P}/book-types`],
    ['GET', `${P}/books`],
    ['GET', `${P}/nowhere`],
    ['POST', `${P}/payments/webhook`],
    ['GET', '/memory-maker/health'],
  ] as const) {
    const r = await t.app.inject({ method, url });
    assert.match(String(r.headers['x-process-time']), /^\d+\.\d{6}$/, `${method} ${url} → ${r.statusCode}`);
  }
});

test("alone, the product is also served at the root with the seed's paths", async () => {
  const solo = await startTestApp({ products: ['memory-maker'], jobs: false });
  try {
    const r = await solo.app.inject({ method: 'GET', url: '/api/v1/book-types' });
    assert.equal(r.statusCode, 200);
    assert.ok(r.json().book_types.length >= 4);
    const nf = await solo.app.inject({ method: 'GET', url: '/api/v1/nope' });
    assert.equal(nf.statusCode, 404);
    assert.equal(nf.json().error_code, 'not_found');
    assert.ok(nf.headers['x-process-time']);
  } finally {
    await solo.close();
  }
});
