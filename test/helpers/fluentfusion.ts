// FluentFusion's test helpers: a learner signed up through the product's own routes (JSON register, OAuth2 form login).
import { randomBytes } from 'node:crypto';
import type { TestApp } from './app.js';
import { signUp, type TestUser } from './accounts.js';

export const P = '/fluentfusion/api';

/** A new learner with a unique `<tag>-<hex>` username; `payload` adds or overrides register fields. */
export function signUpLearner(t: TestApp, tag: string, payload: Record<string, unknown> = {}): Promise<TestUser> {
  return signUp(t, {
    url: `${P}/auth/register`,
    payload: { username: `${tag}-${randomBytes(5).toString('hex')}`, ...payload },
    login: { url: `${P}/auth/login`, form: true },
  });
}
