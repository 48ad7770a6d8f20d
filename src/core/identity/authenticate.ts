// The `authenticate` preHandler: Bearer access token → live session → request.user, in the product's wording.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.js';
import { IdentityError, type AuthenticatedUser, type Identity } from './identity.service.js';

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

export function makeAuthenticate(identity: Identity, product: string, wording: AuthWording = DEFAULT_WORDING) {
  async function verify(token: string | undefined): Promise<AuthenticatedUser> {
    if (token === undefined) throw new AppError('not_authenticated', 401, wording.missing, BEARER);
    if (token === '' || token.length > 4096) throw new AppError('invalid_token', 401, wording.invalid, BEARER);
    try {
      return await identity.authenticate(product, token);
    } catch (e) {
      if (e instanceof IdentityError) throw authError(e, wording);
      throw e;
    }
  }
  return {
    /** Use as a route's `preHandler`. */
    async preHandler(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
      req.user = await verify(bearerToken(req.headers.authorization));
    },
    /** For WebSocket handshakes and other non-header token carriers. */
    verify,
  };
}

/** The authenticated user of a route that has the `authenticate` preHandler. */
export function currentUser(req: FastifyRequest): AuthenticatedUser {
  if (!req.user) throw new AppError('not_authenticated', 401, DEFAULT_WORDING.missing, BEARER);
  return req.user;
}
