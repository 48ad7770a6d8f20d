// Supabase access tokens as Bearer tokens (the app signs in with Supabase Auth): accepted only when configured,
// checked (signature, issuer, audience, lifetime), and linked to one local account per Supabase user.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import type { TestApp } from '../../../../test/helpers/app.js';
import { P, envelopeError, startFlirtcraft, verifiedUser } from '../../../../test/helpers/flirtcraft.js';
import {
  SUPABASE_ISSUER,
  startJwksServer,
  supabaseEnv,
  supabaseToken,
  supabaseUser,
  unsignedToken,
  type JwksServer,
  type SupabaseUser,
} from '../../../../test/helpers/supabase.js';
import { users } from '../../../core/identity/db.js';
import { profiles, supabaseLinks } from '../db.js';
import type { Settings } from '../shared/context.js';
import { supabaseConfigured } from './supabase-token.js';

let t: TestApp;
before(async () => {
  t = await startFlirtcraft({ env: supabaseEnv() });
});
after(() => t.close());

const get = (app: TestApp, token: string, path: string) => app.app.inject({ method: 'GET', url: `${P}${path}`, headers: { authorization: `Bearer ${token}` } });

async function linksOf(app: TestApp, u: SupabaseUser) {
  return app.runtime.db.dz.select().from(supabaseLinks).where(eq(supabaseLinks.subject, u.sub));
}
async function usersWith(app: TestApp, email: string) {
  return app.runtime.db.dz
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
}

describe('works', () => {
  test('a token signed with the project secret: the first call makes the account, later calls use it', async () => {
    const u = supabaseUser();
    const token = await supabaseToken(u);
    const r = await get(t, token, '/users/profile');
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json().data;
    assert.equal(p.email, u.email);
    assert.equal(p.onboarding_completed, false);
    assert.equal(p.premium_tier, 'free');
    const [link] = await linksOf(t, u);
    assert.equal(link?.userId, p.id);
    const [row] = await usersWith(t, u.email);
    assert.equal(row?.passwordHash, null, 'no password: the account signs in through Supabase only');

    const again = await get(t, await supabaseToken(u), '/auth/me');
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().id, p.id);
    assert.equal((await usersWith(t, u.email)).length, 1);
  });

  test('onboarding, a conversation and logout with a Supabase token', async () => {
    const u = supabaseUser();
    const token = await supabaseToken(u);
    const call = (method: 'POST' | 'GET', path: string, body?: unknown) =>
      t.app.inject({ method, url: `${P}${path}`, headers: { authorization: `Bearer ${token}` }, ...(body ? { payload: body } : {}) });
    assert.equal((await call('POST', '/onboarding/age-verification', { birth_year: 1994 })).statusCode, 200);
    assert.equal(
      (await call('POST', '/onboarding/preferences', { target_gender: 'male', target_age_min: 25, target_age_max: 35, relationship_goal: 'dating' }))
        .statusCode,
      200,
    );
    assert.equal(
      (
        await call('POST', '/onboarding/skill-goals', {
          primary_skills: ['storytelling'],
          experience_level: 'returning',
          practice_frequency: 'weekly',
        })
      ).statusCode,
      200,
    );
    assert.equal((await call('POST', '/onboarding/complete')).statusCode, 200);
    const c = await call('POST', '/conversations', { scenario_type: 'park', difficulty_level: 'green' });
    assert.equal(c.statusCode, 200, c.body);
    // The session is Supabase's: logging out here changes nothing and fails nothing.
    assert.equal((await call('POST', '/auth/logout')).statusCode, 200);
    assert.equal((await call('GET', '/users/limits')).json().data.daily_conversations_used, 1);
  });

  test('two concurrent first calls make one account', async () => {
    const u = supabaseUser('race');
    const token = await supabaseToken(u);
    const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => get(t, token, i % 2 ? '/users/profile' : '/users/limits')));
    for (const r of rs) assert.equal(r.statusCode, 200, r.body);
    assert.equal((await usersWith(t, u.email)).length, 1);
    const links = await linksOf(t, u);
    assert.equal(links.length, 1);
    assert.equal((await t.runtime.db.dz.select().from(profiles).where(eq(profiles.userId, links[0]!.userId))).length, 1);
  });

  test('erase (DELETE /users/me) removes the account and its link', async () => {
    const u = supabaseUser();
    const token = await supabaseToken(u);
    const id = (await get(t, token, '/users/profile')).json().data.id as string;
    const exp = await get(t, token, '/users/me/export');
    assert.equal(exp.json().data.supabase_link.subject, u.sub);
    const del = await t.app.inject({ method: 'DELETE', url: `${P}/users/me`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(del.statusCode, 204, del.body);
    assert.equal((await linksOf(t, u)).length, 0);
    assert.equal((await t.runtime.db.dz.select().from(users).where(eq(users.id, id))).length, 0);
  });

  test('a JWKS served by the project: ES256 tokens with its key; the secret’s HS256 tokens only when a secret is set', async () => {
    const jwks: JwksServer = await startJwksServer();
    const j = await startFlirtcraft({ env: { FLIRTCRAFT_SUPABASE_JWKS_URL: jwks.url, FLIRTCRAFT_SUPABASE_ISSUER: SUPABASE_ISSUER } });
    try {
      const u = supabaseUser('jwks');
      const r = await get(j, await supabaseToken(u, { key: jwks.key }), '/users/profile');
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().data.email, u.email);
      assert.ok(jwks.hits() >= 1);
      envelopeError(await get(j, await supabaseToken(u), '/users/profile'), 401, 'invalid_token');
      const other = await startJwksServer();
      envelopeError(await get(j, await supabaseToken(u, { key: { ...other.key, kid: jwks.key.kid } }), '/users/profile'), 401, 'invalid_token');
      await other.close();
    } finally {
      await j.close();
      await jwks.close();
    }
  });
});

describe('rejects', () => {
  const cases: [string, (u: SupabaseUser) => Promise<string>][] = [
    ['wrong signature', (u) => supabaseToken(u, { secret: 'another-projects-secret-that-is-also-32-characters' })],
    ['wrong issuer', (u) => supabaseToken(u, { claims: { iss: 'https://someone-else.supabase.co/auth/v1' } })],
    ['wrong audience', (u) => supabaseToken(u, { claims: { aud: 'anon' } })],
    ['expired', (u) => supabaseToken(u, { expiresIn: -60 })],
    ['alg none', (u) => Promise.resolve(unsignedToken(u))],
    ['no subject', (u) => supabaseToken(u, { claims: { sub: undefined } })],
    ['no expiry', (u) => supabaseToken(u, { claims: { exp: undefined } })],
    ['the service role', (u) => supabaseToken(u, { claims: { role: 'service_role' } })],
    ['an anonymous sign-in (no e-mail)', (u) => supabaseToken(u, { claims: { email: '', is_anonymous: true } })],
    [
      'a tampered payload',
      async (u) => {
        const [h, , s] = (await supabaseToken(u)).split('.');
        const forged = Buffer.from(
          JSON.stringify({ iss: SUPABASE_ISSUER, sub: u.sub, aud: 'authenticated', exp: 9_999_999_999, email: 'admin@example.com' }),
        ).toString('base64url');
        return `${h}.${forged}.${s}`;
      },
    ],
  ];
  for (const [name, make] of cases) {
    test(`${name} → 401, no account`, async () => {
      const u = supabaseUser();
      envelopeError(await get(t, await make(u), '/users/profile'), 401, 'invalid_token');
      assert.equal((await linksOf(t, u)).length, 0);
      assert.equal((await usersWith(t, u.email)).length, 0);
    });
  }

  test('off by default: without the settings a Supabase token is a bad token', async () => {
    const plain = await startFlirtcraft();
    try {
      const u = supabaseUser();
      envelopeError(await get(plain, await supabaseToken(u), '/users/profile'), 401, 'invalid_token');
      assert.equal((await usersWith(plain, u.email)).length, 0);
    } finally {
      await plain.close();
    }
  });

  test('a secret or JWKS without the issuer is a configuration error', () => {
    const base = t.ctx('flirtcraft').settings as Settings;
    assert.throws(() => supabaseConfigured({ ...base, SUPABASE_ISSUER: undefined }), /FLIRTCRAFT_SUPABASE_ISSUER/);
    assert.equal(supabaseConfigured({ ...base, SUPABASE_JWT_SECRET: undefined, SUPABASE_JWKS_URL: undefined, SUPABASE_ISSUER: undefined }), false);
  });
});

describe('refuses the wrong user', () => {
  test('an existing local account with the same e-mail is not taken over without the setting and a verified claim', async () => {
    const local = await verifiedUser(t);
    const u = { sub: supabaseUser().sub, email: local.email };
    // email_verified in user_metadata (the user can write it) proves nothing.
    envelopeError(await get(t, await supabaseToken(u), '/users/profile'), 409, 'email_taken');
    envelopeError(await get(t, await supabaseToken(u, { claims: { email_verified: true } }), '/users/profile'), 409, 'email_taken');
    assert.equal((await linksOf(t, u)).length, 0);
  });

  test('with FLIRTCRAFT_SUPABASE_LINK_BY_EMAIL, a verified e-mail links to the local account (once)', async () => {
    const l = await startFlirtcraft({ env: supabaseEnv({ FLIRTCRAFT_SUPABASE_LINK_BY_EMAIL: 'true' }) });
    try {
      const local = await verifiedUser(l);
      const u = { sub: supabaseUser().sub, email: local.email.toUpperCase() };
      envelopeError(await get(l, await supabaseToken(u), '/users/profile'), 409, 'email_taken');
      const r = await get(l, await supabaseToken(u, { claims: { email_verified: true } }), '/users/profile');
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().data.id, local.id);
      // The local password still works, and a second Supabase user with the same e-mail cannot take it.
      assert.equal((await get(l, local.token, '/users/profile')).json().data.id, local.id);
      const thief = { sub: supabaseUser().sub, email: local.email };
      envelopeError(await get(l, await supabaseToken(thief, { claims: { email_verified: true } }), '/users/profile'), 409, 'email_taken');
    } finally {
      await l.close();
    }
  });

  test('a deactivated account answers like one signed in with a password', async () => {
    const u = supabaseUser();
    const token = await supabaseToken(u);
    const id = (await get(t, token, '/users/profile')).json().data.id as string;
    await t.runtime.db.dz.update(users).set({ isActive: false }).where(eq(users.id, id));
    envelopeError(await get(t, token, '/users/profile'), 403, 'inactive_user');
  });

  test('two Supabase users are two accounts; one cannot see the other’s data', async () => {
    const a = await supabaseToken(supabaseUser());
    const b = await supabaseToken(supabaseUser());
    const ida = (await get(t, a, '/users/profile')).json().data.id as string;
    const idb = (await get(t, b, '/users/profile')).json().data.id as string;
    assert.notEqual(ida, idb);
    const exported = (await get(t, b, '/users/me/export')).json().data;
    assert.equal(exported.account.id, idb);
  });
});
