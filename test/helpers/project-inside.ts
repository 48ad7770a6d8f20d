// Project Inside test helpers: sign a user up through the product's own route, call a route as that user.
import assert from 'node:assert/strict';
import type { HTTPMethods } from 'fastify';
import { bearer, uniqueEmail, type TestApp } from './app.js';

export const PI = '/project-inside/v1';

export interface PiUser {
  id: string;
  email: string;
  token: string;
  refresh: string;
}

/** The user id (JWT subject) of an access token. */
export const subjectOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

export async function piSignup(t: TestApp, o: { displayName?: string; email?: string; tag?: string; remoteAddress?: string } = {}): Promise<PiUser> {
  const email = o.email ?? uniqueEmail(o.tag ?? 'pi');
  const r = await t.app.inject({
    method: 'POST',
    url: `${PI}/auth/signup`,
    payload: { email, password: 'correct-horse', ...(o.displayName ? { display_name: o.displayName } : {}) },
    ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
  });
  assert.equal(r.statusCode, 200, r.body);
  const token = r.json().access_token as string;
  return { id: subjectOf(token), email, token, refresh: r.json().refresh_token as string };
}

export const piCall = (t: TestApp, u: { token: string } | null, method: HTTPMethods, url: string, payload?: unknown) =>
  t.app.inject({ method, url: `${PI}${url}`, headers: u ? bearer(u.token) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
