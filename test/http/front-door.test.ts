// GET / with several products: what is served and where each product's documentation is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { PRODUCT_SLUGS } from '../../src/products/index.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ jobs: false });
});
after(async () => {
  await t.close();
});

test('lists every served product with its prefix and docs links, and each docs link answers', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/' });
  assert.equal(r.statusCode, 200);
  const body = r.json() as { name: string; products: { slug: string; prefix: string; docs: string; openapi: string }[] };
  assert.equal(body.name, 'quintet');
  assert.deepEqual(body.products.map((p) => p.slug).sort(), [...PRODUCT_SLUGS].sort());
  for (const p of body.products) {
    assert.equal(p.prefix, `/${p.slug}`);
    const spec = await t.app.inject({ method: 'GET', url: p.openapi });
    assert.equal(spec.statusCode, 200, p.openapi);
    assert.ok(Object.keys(spec.json().paths).length > 0, `${p.slug} documents its paths`);
  }
});
