// FlirtCraft's test helpers: an app with only this product, verified (and onboarded) users.
import assert from 'node:assert/strict';
import { startTestApp, uniqueEmail, type StartOptions, type TestApp } from './app.js';
import { callAs, subjectOf } from './accounts.js';
import type { MailMessage } from '../../src/core/mail/port.js';

export const P = '/flirtcraft/api/v1';
export const PASSWORD = 'SecurePass123!';

export const startFlirtcraft = (o: Omit<StartOptions, 'products'> = {}) => startTestApp({ ...o, products: ['flirtcraft'] });

export interface FcUser {
  id: string;
  email: string;
  password: string;
  token: string;
  refresh: string;
}

/** Waits for the mail to `to` whose subject matches (mail goes out just after the answer). */
export async function mailTo(t: TestApp, to: string, subject: RegExp, timeoutMs = 5000): Promise<MailMessage> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = t.outbox.find((x) => x.to === to && subject.test(x.subject));
    if (m) return m;
    if (Date.now() > until) throw new Error(`no mail "${subject}" to ${to}; outbox: ${t.outbox.map((x) => `${x.to}: ${x.subject}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const codeIn = (m: MailMessage): string => {
  const code = /code in the app: (\S+)/.exec(m.text)?.[1];
  assert.ok(code, `no code in ${m.text}`);
  return code;
};

export const registerBody = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  password: PASSWORD,
  confirm_password: PASSWORD,
  agreed_to_terms: true,
  agreed_to_privacy: true,
  marketing_opt_in: false,
  ...extra,
});

/** Signs up through the routes, verifies the address from the mail, and returns the signed-in user. */
export async function verifiedUser(t: TestApp, o: { tag?: string; remoteAddress?: string } = {}): Promise<FcUser> {
  const email = uniqueEmail(o.tag ?? 'fc');
  const extra = o.remoteAddress ? { remoteAddress: o.remoteAddress } : {};
  const r = await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: registerBody(email), ...extra });
  assert.equal(r.statusCode, 200, r.body);
  const token = codeIn(await mailTo(t, email, /Confirm/));
  const v = await t.app.inject({ method: 'POST', url: `${P}/auth/verify-email`, payload: { token }, ...extra });
  assert.equal(v.statusCode, 200, v.body);
  const body = v.json() as { access_token: string; refresh_token: string };
  return { id: subjectOf(body.access_token), email, password: PASSWORD, token: body.access_token, refresh: body.refresh_token };
}

export const ONBOARDING = {
  age: { birth_year: 1995 },
  preferences: { target_gender: 'female', target_age_min: 22, target_age_max: 30, relationship_goal: 'dating' },
  skills: {
    primary_skills: ['conversation_starters', 'flow_maintenance'],
    specific_challenges: ['approach_anxiety'],
    experience_level: 'beginner',
    practice_frequency: 'daily',
  },
};

/** A verified user who has answered the onboarding and completed it. */
export async function onboardedUser(t: TestApp, o: { tag?: string; remoteAddress?: string } = {}): Promise<FcUser> {
  const u = await verifiedUser(t, o);
  for (const [path, body] of [
    ['/onboarding/age-verification', ONBOARDING.age],
    ['/onboarding/preferences', ONBOARDING.preferences],
    ['/onboarding/skill-goals', ONBOARDING.skills],
    ['/onboarding/complete', undefined],
  ] as const) {
    const r = await callAs(t, u, 'POST', `${P}${path}`, body);
    assert.equal(r.statusCode, 200, `${path}: ${r.body}`);
  }
  return u;
}

/** Asserts FlirtCraft's error envelope and returns it. */
export function envelopeError(r: { statusCode: number; body: string; url?: string }, status: number, code?: string) {
  assert.equal(r.statusCode, status, r.body);
  const b = JSON.parse(r.body) as {
    success: boolean;
    error: { type: string; code: string; message: string; status_code: number; details?: { loc: (string | number)[]; msg: string }[] };
    meta: { timestamp: string; path: string };
  };
  assert.equal(b.success, false);
  assert.equal(b.error.status_code, status);
  assert.equal(b.error.type, status === 422 ? 'validation_error' : status >= 500 && status !== 503 ? 'internal_error' : 'http_error');
  assert.ok(b.error.message.length > 0);
  assert.ok(!Number.isNaN(Date.parse(b.meta.timestamp)));
  assert.ok(b.meta.path.startsWith('/'));
  if (code) assert.equal(b.error.code, code);
  return b;
}

/** The `loc` of each validation error. */
export const locs = (r: { body: string }) =>
  (JSON.parse(r.body) as { error: { details?: { loc: (string | number)[] }[] } }).error.details?.map((d) => d.loc.join('.')) ?? [];
