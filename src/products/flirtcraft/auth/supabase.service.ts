// Supabase users as FlirtCraft accounts: the app signs in with Supabase Auth, and the token's subject finds — or on
// its first call makes — the local account its calls act as.
import { conflict } from '../../../core/http/errors.js';
import { pgErrorCode } from '../../../core/db/connect.js';
import { IdentityError } from '../../../core/identity/identity.service.js';
import type { ExternalTokens } from '../../../core/identity/external.js';
import type { Ctx } from '../shared/context.js';
import { recordEvent } from '../analytics/events.repo.js';
import { insertProfile } from '../users/profiles.repo.js';
import { findByEmail, findLinkedUser, insertLink, type LinkedUser } from './supabase-links.repo.js';
import { supabaseConfigured, supabaseTokenVerifier, type SupabaseClaims } from './supabase-token.js';

/** FlirtCraft's `externalTokens`: Supabase access tokens when the settings name a secret or a JWKS, else none. */
export function supabaseTokens(ctx: Ctx): ExternalTokens<SupabaseClaims> | undefined {
  if (!supabaseConfigured(ctx.settings)) return undefined;
  return { verify: supabaseTokenVerifier(ctx.settings, ctx.now), resolve: (claims) => supabaseAccount(ctx, claims) };
}

const raced = (e: unknown) => (e instanceof IdentityError && e.kind === 'email_taken') || pgErrorCode(e) === '23505';

/** The account of a Supabase user: linked before, or linked now (one account even when the first calls race). */
export async function supabaseAccount(ctx: Ctx, c: SupabaseClaims): Promise<LinkedUser> {
  const found = await findLinkedUser(ctx.db.dz, ctx.slug, c.subject);
  if (found) return found;
  try {
    return await link(ctx, c);
  } catch (e) {
    // Another first call of the same user made the account (same e-mail) or the link (same subject) meanwhile.
    if (!raced(e)) throw e;
    const again = await findLinkedUser(ctx.db.dz, ctx.slug, c.subject);
    if (again) return again;
    throw e;
  }
}

async function link(ctx: Ctx, c: SupabaseClaims): Promise<LinkedUser> {
  const at = new Date(ctx.now());
  return ctx.db.transaction(async (tx) => {
    const linked = await findLinkedUser(tx.dz, ctx.slug, c.subject);
    if (linked) return linked;
    const local = await findByEmail(tx.dz, ctx.slug, c.email);
    if (local) {
      // Taking over an account by its e-mail needs the setting and an address the issuer itself vouches for.
      if (local.linked || !ctx.settings.SUPABASE_LINK_BY_EMAIL || !c.emailVerified) {
        throw conflict('An account with this e-mail already exists; sign in with its password', 'email_taken');
      }
      await insertLink(tx.dz, c.subject, local.userId, at);
      await recordEvent(tx.dz, { userId: local.userId, type: 'supabase_linked', at });
      return { userId: local.userId, active: local.active };
    }
    const user = await ctx.identity.createUser(tx.dz, { product: ctx.slug, email: c.email, passwordHash: null, isVerified: c.emailVerified });
    await insertProfile(tx.dz, user.id, { marketingOptIn: false, consentAt: null });
    await insertLink(tx.dz, c.subject, user.id, at);
    await recordEvent(tx.dz, { userId: user.id, type: 'user_registered', at, data: { marketing_opt_in: false, via: 'supabase' } });
    return { userId: user.id, active: true };
  });
}
