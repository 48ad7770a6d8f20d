// Project Inside test helpers: sign a user up through the product's own route, call a route as that user (both on
// the shared account helpers), and a relationship with its members' consent.
import assert from 'node:assert/strict';
import type { HTTPMethods } from 'fastify';
import type { TestApp } from './app.js';
import { callAs, signUp } from './accounts.js';

export const PI = '/project-inside/v1';

export interface PiUser {
  id: string;
  email: string;
  token: string;
  refresh: string;
}

export async function piSignup(
  t: TestApp,
  o: { displayName?: string; email?: string; tag?: string; remoteAddress?: string; password?: string } = {},
): Promise<PiUser> {
  const u = await signUp(t, {
    url: `${PI}/auth/signup`,
    payload: o.displayName ? { display_name: o.displayName } : {},
    password: o.password ?? 'correct-horse',
    tag: o.tag ?? 'pi',
    ...(o.email ? { email: o.email } : {}),
    ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
  });
  assert.equal(typeof u.refresh, 'string', 'sign-up answers a refresh token');
  return { id: u.id, email: u.email, token: u.token, refresh: u.refresh! };
}

export const piCall = (t: TestApp, u: { token: string } | null, method: HTTPMethods, url: string, payload?: unknown) =>
  callAs(t, u, method, `${PI}${url}`, payload);

/** Every consent scope of the mobile app's vocabulary. */
export const ALL_SCOPES = ['REALTIME_FEATURES_ONLY', 'SUMMARY_SHARED', 'TRANSCRIPT_STORED', 'MEDIATION_ALLOWED'];

/**
 * A relationship created by `owner` with `others`, who accept being added (unless `accept: false`), and everyone's
 * consent ACTIVE with `consent` scopes (default all; `null` = nobody answers). Answers the relationship id.
 */
export async function piRelationship(
  t: TestApp,
  owner: { token: string },
  others: { id: string; token: string }[],
  o: { type?: string; accept?: boolean; consent?: string[] | null } = {},
): Promise<string> {
  const r = await piCall(t, owner, 'POST', '/relationships', { type: o.type ?? 'couple', member_ids: others.map((u) => u.id) });
  assert.equal(r.statusCode, 200, r.body);
  const rid = r.json().id as string;
  if (o.accept !== false) {
    for (const u of others) {
      const a = await piCall(t, u, 'POST', `/relationships/${rid}/accept`);
      assert.equal(a.statusCode, 200, a.body);
    }
  }
  if (o.consent !== null) {
    for (const u of o.accept === false ? [owner] : [owner, ...others]) {
      const c = await piCall(t, u, 'PUT', `/relationships/${rid}/consent/me`, { scopes: o.consent ?? ALL_SCOPES, status: 'ACTIVE' });
      assert.equal(c.statusCode, 200, c.body);
    }
  }
  return rid;
}
