// Test accounts for any product: sign up through the product's own route (or straight through the core account
// module when a test only needs "a user"), then call routes as that user.
import assert from 'node:assert/strict';
import type { HTTPMethods, InjectOptions } from 'fastify';
import { bearer, uniqueEmail, type TestApp } from './app.js';
import type { ProductSlug } from '../../src/config.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  /** Access token. */
  token: string;
  refresh: string | undefined;
}

/** The user id (JWT subject) of an access token. */
export const subjectOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

export interface SignUpOptions {
  /** The product's sign-up route, e.g. `/couple-compass/api/v1/auth/signup`. */
  url: string;
  /** Extra body fields (name, username, agreed_to_terms…); e-mail and password are filled in. */
  payload?: Record<string, unknown>;
  email?: string;
  password?: string;
  tag?: string;
  remoteAddress?: string;
  /** Where the tokens are in the answer (default: `access_token` / `refresh_token` at the top). */
  tokens?: (body: Record<string, unknown>) => { access: string; refresh?: string | undefined };
  /** Sign-up routes that answer without tokens: log in here afterwards (form or JSON login). */
  login?: { url: string; form?: boolean };
}

/** Signs a user up through the product's own route; asserts a 2xx. */
export async function signUp(t: TestApp, o: SignUpOptions): Promise<TestUser> {
  const email = o.email ?? uniqueEmail(o.tag ?? 'user');
  const password = o.password ?? 'Correct-horse-1!';
  const r = await t.app.inject({
    method: 'POST',
    url: o.url,
    payload: { email, password, ...o.payload },
    ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
  });
  assert.ok(r.statusCode >= 200 && r.statusCode < 300, `sign-up ${o.url} → ${r.statusCode} ${r.body}`);
  let body = r.json() as Record<string, unknown>;
  if (o.login) {
    const l = await t.app.inject({
      method: 'POST',
      url: o.login.url,
      ...(o.login.form
        ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ username: email, password }).toString() }
        : { payload: { email, password } }),
    });
    assert.equal(l.statusCode, 200, `login ${o.login.url} → ${l.statusCode} ${l.body}`);
    body = l.json() as Record<string, unknown>;
  }
  const tokens = o.tokens ? o.tokens(body) : { access: body.access_token as string, refresh: body.refresh_token as string | undefined };
  assert.equal(typeof tokens.access, 'string', `no access token in ${JSON.stringify(body)}`);
  return { id: subjectOf(tokens.access), email, password, token: tokens.access, refresh: tokens.refresh };
}

/** A user made straight through the core account module (no product profile rows): for core tests. */
export async function createAccount(t: TestApp, slug: ProductSlug, o: { email?: string; password?: string; verified?: boolean } = {}): Promise<TestUser> {
  const ctx = t.ctx(slug);
  const email = o.email ?? uniqueEmail(slug);
  const password = o.password ?? 'Correct-horse-1!';
  const { user, pair } = await ctx.accounts.register({ email, password }, { client: {} });
  if (o.verified) await ctx.identity.markVerified(user.id);
  return { id: user.id, email, password, token: pair!.accessToken, refresh: pair!.refreshToken };
}

/** Injects a request as `user` (or anonymously with null). */
export function callAs(t: TestApp, user: { token: string } | null, method: HTTPMethods, url: string, payload?: unknown, extra: Partial<InjectOptions> = {}) {
  return t.app.inject({
    method,
    url,
    ...extra,
    headers: { ...(user ? bearer(user.token) : {}), ...(extra.headers as Record<string, string> | undefined) },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/**
 * Moves a used refresh token's first use back past the reuse interval (REFRESH_REUSE_INTERVAL_S): presenting it
 * again then counts as theft, as it would minutes later in real life.
 */
export async function ageRefreshUse(t: TestApp, refreshToken: string, seconds = 3600): Promise<void> {
  await t.runtime.db.sql.executeSql(
    `UPDATE identity.refresh_tokens SET rotated_at = rotated_at - make_interval(secs => $2) WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex') AND rotated_at IS NOT NULL`,
    [refreshToken, seconds],
  );
}

/** A route to call without valid credentials: method, path under the product's prefix, optional JSON body. */
export type GuardedRoute = readonly [HTTPMethods, string, unknown?];

/**
 * Every route answers 401 with `WWW-Authenticate: Bearer` with no Authorization header, with a bearer token that is
 * not a valid JWT, and with Basic credentials.
 */
export async function expectBearer401(t: TestApp, prefix: string, routes: readonly GuardedRoute[]): Promise<void> {
  const credentials = [undefined, bearer('not.a-valid.jwt'), bearer('garbage'), { authorization: 'Basic dXNlcjpwYXNz' }];
  for (const [method, path, payload] of routes) {
    for (const headers of credentials) {
      const r = await t.app.inject({ method, url: `${prefix}${path}`, ...(headers ? { headers } : {}), ...(payload ? { payload: payload as object } : {}) });
      assert.equal(r.statusCode, 401, `${method} ${path} ${JSON.stringify(headers)}: ${r.body}`);
      assert.equal(r.headers['www-authenticate'], 'Bearer', `${method} ${path}`);
    }
  }
}

/** A product's refresh route as its clients call it. */
export interface RefreshRoute {
  /** POST here with `{ refresh_token }` as the JSON body. */
  url: string;
  /** A GET that needs a valid access token (200 with one, 401 once the session has ended). */
  me: string;
}

export interface TokenPair {
  access: string;
  refresh: string;
}

/**
 * Presents one refresh token `n` times at once: every answer is 200 with a new pair, every new access token works,
 * and all stay in one session. Answers the pairs.
 */
export async function refreshConcurrently(t: TestApp, route: RefreshRoute, refreshToken: string, n: number): Promise<TokenPair[]> {
  const rs = await Promise.all(Array.from({ length: n }, () => t.app.inject({ method: 'POST', url: route.url, payload: { refresh_token: refreshToken } })));
  const pairs = rs.map((r, i) => {
    assert.equal(r.statusCode, 200, `refresh ${i + 1} of ${n}: ${r.statusCode} ${r.body}`);
    const body = r.json() as { access_token: unknown; refresh_token: unknown };
    assert.equal(typeof body.access_token, 'string', `refresh ${i + 1} of ${n}: ${r.body}`);
    assert.equal(typeof body.refresh_token, 'string', `refresh ${i + 1} of ${n}: ${r.body}`);
    return { access: body.access_token as string, refresh: body.refresh_token as string };
  });
  for (const [i, p] of pairs.entries()) {
    const me = await callAs(t, { token: p.access }, 'GET', route.me);
    assert.equal(me.statusCode, 200, `access token of refresh ${i + 1} of ${n}: ${me.body}`);
  }
  return pairs;
}

/**
 * After the reuse interval, `usedRefresh` presented again is theft: 401, and the session ends (every access token
 * of `pairs` answers 401 and none of their refresh tokens works any more).
 */
export async function expectReuseRevokes(t: TestApp, route: RefreshRoute, usedRefresh: string, pairs: TokenPair[]): Promise<void> {
  await ageRefreshUse(t, usedRefresh);
  const reuse = await t.app.inject({ method: 'POST', url: route.url, payload: { refresh_token: usedRefresh } });
  assert.equal(reuse.statusCode, 401, reuse.body);
  for (const [i, p] of pairs.entries()) {
    assert.equal((await callAs(t, { token: p.access }, 'GET', route.me)).statusCode, 401, `access token ${i + 1} after the reuse`);
    const r = await t.app.inject({ method: 'POST', url: route.url, payload: { refresh_token: p.refresh } });
    assert.equal(r.statusCode, 401, `refresh token ${i + 1} after the reuse: ${r.body}`);
  }
}
