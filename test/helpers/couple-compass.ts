// Couple Compass's test helpers: users made through its own sign-up route, and couples linked by invite code.
import assert from 'node:assert/strict';
import type { TestApp } from './app.js';
import { callAs, signUp, type TestUser } from './accounts.js';

export const P = '/couple-compass/api/v1';

export interface CcUser extends TestUser {
  name: string;
}

/** Signs up through POST /auth/signup (the profile gets `name`); the id is the access token's subject. */
export async function ccSignUp(
  t: TestApp,
  o: { name?: string; tag?: string; email?: string; password?: string; remoteAddress?: string } = {},
): Promise<CcUser> {
  const name = o.name ?? 'Alex';
  const u = await signUp(t, {
    url: `${P}/auth/signup`,
    payload: { name },
    tag: o.tag ?? 'cc',
    ...(o.email ? { email: o.email } : {}),
    ...(o.password ? { password: o.password } : {}),
    ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
  });
  return { ...u, name };
}

/** Links `a` and `b` as a couple: `a` creates an invite code, `b` joins with it. */
export async function linkCouple(t: TestApp, a: { token: string }, b: { token: string }): Promise<void> {
  const inv = await callAs(t, a, 'POST', `${P}/couples/invite`);
  assert.equal(inv.statusCode, 200, inv.body);
  const join = await callAs(t, b, 'POST', `${P}/couples/join`, { code: inv.json().code });
  assert.equal(join.statusCode, 200, join.body);
}
