// The sweep, for every mounted product: credentials, generated bad input, other users' ids, response schemas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { sweepProduct, type SweepFixture } from './sweep-lib.js';
import { BINARY_RESPONSES, EXEMPT } from './exemptions.js';
import { PRODUCT_SLUGS } from '../../src/products/index.js';

/** Signs users up through the product's own routes and creates one of everything the owner can own. */
type FixtureFn = (t: TestApp) => Promise<SweepFixture>;

/** `fixtures/<slug>.ts`, default export: every product must have one; a product without one fails the sweep. */
const FIXTURES: Record<string, FixtureFn | undefined> = Object.fromEntries(
  await Promise.all(
    PRODUCT_SLUGS.map(
      async (slug) =>
        [
          slug,
          await import(`./fixtures/${slug}.js`).then(
            (m: { default: FixtureFn }) => m.default,
            () => undefined,
          ),
        ] as const,
    ),
  ),
);

let t: TestApp;
before(async () => {
  t = await startTestApp({
    jobs: false,
    // Optional sign-in providers switched on, so their routes answer as deployed (not 501). The sweep's generated
    // credentials are never well-formed JWTs, so the key-set URL (a closed port) is never fetched.
    env: { FLUENTFUSION_GOOGLE_CLIENT_ID: 'sweep.apps.googleusercontent.com', FLUENTFUSION_GOOGLE_JWKS_URL: 'http://127.0.0.1:9/certs' },
  });
});
after(async () => {
  await t?.close();
});

test('every mounted product has a sweep fixture', () => {
  const missing = t.modules.map((m) => m.slug).filter((s) => !FIXTURES[s]);
  // A fixture that fails to load (syntax, import) shows up here too: the import error is swallowed above.
  assert.deepEqual(missing, [], `add a fixture in test/sweep/fixtures for: ${missing.join(', ')}`);
});

for (const slug of PRODUCT_SLUGS) {
  test(`sweep: ${slug}`, async (tt) => {
    if (!t.modules.some((m) => m.slug === slug)) {
      tt.skip(`${slug} is not mounted`);
      return;
    }
    const fx = await FIXTURES[slug]!(t);
    const r = await sweepProduct(t, slug, fx, EXEMPT[slug] ?? {}, BINARY_RESPONSES);
    tt.diagnostic(
      `${slug}: ${r.operations} operations swept, ${r.cases} cases, ${r.validated} 2xx bodies schema-checked, ${r.foreignIdChecks} foreign-id checks`,
    );
    for (const n of r.notExercised) tt.diagnostic(`not exercised: ${n}`);
    assert.deepEqual(r.failures, [], `${r.failures.length} failures:\n${r.failures.join('\n')}`);
  });
}
