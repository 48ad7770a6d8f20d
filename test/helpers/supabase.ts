// Supabase Auth as FlirtCraft's app sees it: access tokens signed like a Supabase project signs them (HS256 with the
// project's JWT secret, or ES256 with a key published in a JWKS served here).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export const SUPABASE_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
export const SUPABASE_ISSUER = 'https://abcdefghijklmnop.supabase.co/auth/v1';

/** The FlirtCraft settings of a project that signs with its JWT secret. */
export const supabaseEnv = (extra: Record<string, string> = {}) => ({
  FLIRTCRAFT_SUPABASE_JWT_SECRET: SUPABASE_SECRET,
  FLIRTCRAFT_SUPABASE_ISSUER: SUPABASE_ISSUER,
  ...extra,
});

export interface SupabaseUser {
  sub: string;
  email: string;
}

export const supabaseUser = (tag = 'sb'): SupabaseUser => ({ sub: randomUUID(), email: `${tag}-${randomUUID().slice(0, 8)}@example.com` });

export interface TokenOptions {
  /** Claims replacing (or, when undefined, removing) the usual ones. */
  claims?: Record<string, unknown>;
  secret?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** An ES256 key (and its kid) instead of the secret. */
  key?: { privateKey: CryptoKey; kid: string };
}

/** A Supabase access token of a signed-in user, as `supabase.auth.getSession()` hands it to the app. */
export async function supabaseToken(u: SupabaseUser, o: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: SUPABASE_ISSUER,
    sub: u.sub,
    aud: 'authenticated',
    exp: now + (o.expiresIn ?? 3600),
    iat: now,
    email: u.email,
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: { email: u.email, email_verified: true, onboarding_persona: null, privacy_level: 'standard', marketing_opt_in: false },
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: now }],
    session_id: randomUUID(),
    is_anonymous: false,
  };
  for (const [k, v] of Object.entries(o.claims ?? {})) {
    if (v === undefined) delete claims[k];
    else claims[k] = v;
  }
  const jwt = new SignJWT(claims);
  if (o.key) return jwt.setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: o.key.kid }).sign(o.key.privateKey);
  return jwt.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(o.secret ?? SUPABASE_SECRET));
}

/** The same claims with `alg: none` and no signature. */
export function unsignedToken(u: SupabaseUser): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: SUPABASE_ISSUER, sub: u.sub, aud: 'authenticated', exp: now + 3600, email: u.email, role: 'authenticated' })}.`;
}

export interface JwksServer {
  url: string;
  key: { privateKey: CryptoKey; kid: string };
  /** Requests the server has answered. */
  hits: () => number;
  close(): Promise<void>;
}

/** A project's `/.well-known/jwks.json` on a local port, publishing one ES256 public key. */
export async function startJwksServer(): Promise<JwksServer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    if (req.url !== '/auth/v1/.well-known/jwks.json') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/auth/v1/.well-known/jwks.json`,
    key: { privateKey, kid },
    hits: () => hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
