// Supabase Auth access tokens: signature (the project's JWT secret for HS256, its JWKS for ES256/RS256), issuer,
// audience and lifetime — what the app sends as `Authorization: Bearer` after signing in with Supabase.
import { createRemoteJWKSet, jwtVerify, type FlattenedJWSInput, type JWTHeaderParameters } from 'jose';
import type { ExternalClaims } from '../../../core/identity/external.js';
import type { Settings } from '../shared/context.js';

export interface SupabaseClaims extends ExternalClaims {
  /** Lower-cased. */
  email: string;
  /**
   * Only the top-level `email_verified` claim counts (a custom access-token hook can add it): `user_metadata` is
   * written by the user through the Supabase client, so a value there proves nothing.
   */
  emailVerified: boolean;
}

const ASYMMETRIC = ['ES256', 'RS256'];

/** Whether the Supabase settings ask for Supabase tokens; throws on a half-made configuration. */
export function supabaseConfigured(s: Settings): boolean {
  const on = Boolean(s.SUPABASE_JWT_SECRET || s.SUPABASE_JWKS_URL);
  if (on && !s.SUPABASE_ISSUER) {
    throw new Error('FLIRTCRAFT_SUPABASE_ISSUER is required with FLIRTCRAFT_SUPABASE_JWT_SECRET or FLIRTCRAFT_SUPABASE_JWKS_URL');
  }
  return on;
}

/** The token checker for these settings (call only when `supabaseConfigured`). */
export function supabaseTokenVerifier(s: Settings, now: () => number): (token: string) => Promise<SupabaseClaims> {
  const secret = s.SUPABASE_JWT_SECRET ? new TextEncoder().encode(s.SUPABASE_JWT_SECRET) : undefined;
  // jose caches the key set and fetches it again for an unknown `kid` (at most every 30 s).
  const jwks = s.SUPABASE_JWKS_URL ? createRemoteJWKSet(new URL(s.SUPABASE_JWKS_URL), { timeoutDuration: 5000 }) : undefined;
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ASYMMETRIC : [])];
  const key = (header: JWTHeaderParameters, token: FlattenedJWSInput) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (jwks) return jwks(header, token);
    throw new Error('no key for this token');
  };
  return async (token) => {
    const { payload } = await jwtVerify(token, key, {
      algorithms,
      issuer: s.SUPABASE_ISSUER!,
      audience: s.SUPABASE_AUDIENCE,
      requiredClaims: ['sub', 'exp'],
      currentDate: new Date(now()),
    });
    // A signed-in user's token: not the anon or service key (no user), not an anonymous sign-in (no e-mail).
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) throw new Error('no subject');
    if (payload.role !== undefined && payload.role !== 'authenticated') throw new Error('not a user token');
    const email = typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : '';
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 255) throw new Error('no e-mail');
    return { subject: payload.sub, email, emailVerified: payload.email_verified === true };
  };
}
