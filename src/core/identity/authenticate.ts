// The `authenticate` preHandler: Bearer access token → live session → request.user, in the product's wording.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.js';
import { IdentityError, type AuthenticatedUser, type Identity } from './identity.service.js';
import type { AccessClaims } from './tokens.js';
import type { ExternalClaims, ExternalTokens } from './external.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
  }
}

export interface AuthWording {
  /** No credentials at all. */
  missing: string;
  /** Bad, expired, revoked or foreign token. */
  invalid: string;
  /** The account is deactivated. */
  inactive: { status: number; message: string };
}

export const DEFAULT_WORDING: AuthWording = {
  missing: 'Not authenticated',
  invalid: 'Could not validate credentials',
  inactive: { status: 400, message: 'Inactive user' },
};

const BEARER = { 'www-authenticate': 'Bearer' };

const VERIFIED = Symbol('verified-access-token');
type WithVerified = FastifyRequest & { [VERIFIED]?: { token: string; claims: Promise<AccessClaims> } };

/**
 * Verifies an access token's signature for `product` once per request: the rate limiter (which keys signed-in
 * requests by user) and the authenticate hook share the result.
 */
export function verifyOnce(req: FastifyRequest, identity: Identity, product: string, token: string): Promise<AccessClaims> {
  const r = req as WithVerified;
  const hit = r[VERIFIED];
  if (hit && hit.token === token) return hit.claims;
  const claims = identity.signer.verify(token, product);
  claims.catch(() => undefined); // a bad token is answered by whoever awaits it, never as an unhandled rejection
  r[VERIFIED] = { token, claims };
  return claims;
}

const EXTERNAL = Symbol('verified-external-token');
type WithExternal = FastifyRequest & { [EXTERNAL]?: { token: string; claims: Promise<ExternalClaims> } };

/** Like `verifyOnce`, for a token another service issued: checked once per request (rate limiter, then auth). */
function verifyExternalOnce(req: FastifyRequest | undefined, external: ExternalTokens, token: string): Promise<ExternalClaims> {
  const r = req as WithExternal | undefined;
  const hit = r?.[EXTERNAL];
  if (hit && hit.token === token) return hit.claims;
  const claims = external.verify(token);
  claims.catch(() => undefined);
  if (r) r[EXTERNAL] = { token, claims };
  return claims;
}

/** Marks the authenticate hook so the app can run it before validation, whatever hook a route declared it in. */
export const AUTHENTICATES = Symbol('authenticates');
const isAuth = (h: unknown) => typeof h === 'function' && (h as { [AUTHENTICATES]?: boolean })[AUTHENTICATES] === true;

/**
 * An onRoute hook: the authenticate hook moves from `preHandler` to the front of `preValidation`. The request
 * lifecycle is then host check → CORS → rate limit → auth → validation → handler, so a stranger learns nothing
 * about a route's input from its 422s.
 */
export function authBeforeValidation(route: { preHandler?: unknown; preValidation?: unknown }): void {
  const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const pre = list(route.preHandler);
  const auth = pre.filter(isAuth);
  if (auth.length === 0) return;
  route.preHandler = pre.filter((h) => !isAuth(h));
  route.preValidation = [...auth, ...list(route.preValidation)];
}

export function authError(e: unknown, wording: AuthWording): AppError {
  if (e instanceof IdentityError && e.kind === 'inactive') {
    return new AppError('inactive_user', wording.inactive.status, wording.inactive.message);
  }
  return new AppError('invalid_token', 401, wording.invalid, BEARER);
}

/** Extracts a Bearer token; undefined when absent, '' when present but malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return m ? m[1]! : '';
}

/**
 * `external`: the product also accepts tokens another service issued. A token we did not sign (bad signature,
 * foreign issuer or audience) is then handed to it; ours — expired, revoked or valid — never are.
 */
export function makeAuthenticate(identity: Identity, product: string, wording: AuthWording = DEFAULT_WORDING, external?: ExternalTokens) {
  async function viaExternal(ext: ExternalTokens, token: string, req?: FastifyRequest): Promise<AuthenticatedUser> {
    let claims: ExternalClaims;
    try {
      claims = await verifyExternalOnce(req, ext, token);
    } catch {
      throw authError(new IdentityError('invalid_token'), wording);
    }
    const linked = await ext.resolve(claims);
    if (!linked.active) throw authError(new IdentityError('inactive'), wording);
    return { id: linked.userId, sessionId: '', product, external: true };
  }

  async function verify(token: string | undefined, req?: FastifyRequest): Promise<AuthenticatedUser> {
    if (token === undefined) throw new AppError('not_authenticated', 401, wording.missing, BEARER);
    if (token === '' || token.length > 4096) throw new AppError('invalid_token', 401, wording.invalid, BEARER);
    try {
      return await identity.authenticate(product, token, req ? verifyOnce(req, identity, product, token) : undefined);
    } catch (e) {
      if (external && e instanceof IdentityError && e.kind === 'invalid_token') return viaExternal(external, token, req);
      if (e instanceof IdentityError) throw authError(e, wording);
      throw e;
    }
  }

  /** Whom a token speaks for, for the rate limiter's key: its signature is checked, no account is looked up. */
  async function subjectOf(req: FastifyRequest, token: string): Promise<string | undefined> {
    if (token.length > 4096) return undefined;
    const claims = await verifyOnce(req, identity, product, token).catch(() => undefined);
    if (claims) return `u:${claims.userId}`;
    if (!external) return undefined;
    const ext = await verifyExternalOnce(req, external, token).catch(() => undefined);
    return ext ? `x:${ext.subject}` : undefined;
  }
  const preHandler = Object.assign(
    async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
      req.user = await verify(bearerToken(req.headers.authorization), req);
    },
    { [AUTHENTICATES]: true },
  );
  return {
    /**
     * Use as a route's `preHandler`; the app moves it to `preValidation` (see `authBeforeValidation`), so a request
     * without valid credentials is a 401 before its body is looked at.
     */
    preHandler,
    /** For WebSocket handshakes and other non-header token carriers. */
    verify,
    subjectOf,
  };
}

/** The authenticated user of a route that has the `authenticate` preHandler. */
export function currentUser(req: FastifyRequest): AuthenticatedUser {
  if (!req.user) throw new AppError('not_authenticated', 401, DEFAULT_WORDING.missing, BEARER);
  return req.user;
}
