// Refresh tokens over HTTP in every product that has them: one token presented by several requests at once (two
// tabs, a retried request) gives each a working pair of the same session within REFRESH_REUSE_INTERVAL_S; the same
// token later is theft and ends the whole session.
import { test, before, after, describe } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { expectReuseRevokes, refreshConcurrently, type RefreshRoute } from '../helpers/accounts.js';
import { ccSignUp, P as CC } from '../helpers/couple-compass.js';
import { piSignup, PI } from '../helpers/project-inside.js';
import { verifiedUser, P as FC } from '../helpers/flirtcraft.js';
import { newUser, P as MM } from '../helpers/memory-maker.js';

interface Product {
  slug: 'couple-compass' | 'project-inside' | 'flirtcraft' | 'memory-maker';
  route: RefreshRoute;
  /** A signed-in user's refresh token, through the product's own sign-up. */
  refreshToken(t: TestApp): Promise<string>;
}

const PRODUCTS: Product[] = [
  {
    slug: 'couple-compass',
    route: { url: `${CC}/auth/refresh`, me: `${CC}/users/me` },
    refreshToken: async (t) => (await ccSignUp(t, { tag: 'refresh' })).refresh!,
  },
  {
    slug: 'project-inside',
    route: { url: `${PI}/auth/refresh`, me: `${PI}/users/me` },
    refreshToken: async (t) => (await piSignup(t, { tag: 'refresh' })).refresh,
  },
  {
    slug: 'flirtcraft',
    route: { url: `${FC}/auth/refresh`, me: `${FC}/auth/me` },
    refreshToken: async (t) => (await verifiedUser(t, { tag: 'refresh' })).refresh,
  },
  {
    slug: 'memory-maker',
    route: { url: `${MM}/auth/refresh`, me: `${MM}/users/me` },
    refreshToken: async (t) => (await newUser(t, 'refresh')).refresh!,
  },
];

let t: TestApp;
before(async () => {
  t = await startTestApp({ products: PRODUCTS.map((p) => p.slug), jobs: false });
});
after(async () => {
  await t.close();
});

for (const p of PRODUCTS) {
  describe(p.slug, () => {
    for (const n of [2, 5]) {
      test(`${n} refreshes with one token at once: all 200, every access token works; a reuse after the interval ends the session`, async () => {
        const token = await p.refreshToken(t);
        const pairs = await refreshConcurrently(t, p.route, token, n);
        await expectReuseRevokes(t, p.route, token, pairs);
      });
    }
  });
}
