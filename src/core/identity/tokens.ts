// Access tokens (JWT HS256, pinned algorithm, audience = product) and opaque random tokens stored as SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export const ISSUER = 'quintet';

export interface AccessClaims {
  userId: string;
  sessionId: string;
  product: string;
  expiresAt: number;
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
  constructor(public reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'token expired' : 'token invalid');
  }
}

export function createAccessTokenSigner(secret: Uint8Array, now: () => number = Date.now) {
  // Imported once: handing jose the raw bytes makes it import the key again on every sign and verify.
  const key = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  return {
    async sign(c: { userId: string; sessionId: string; product: string; ttlS: number; extra?: Record<string, unknown> }): Promise<string> {
      const iat = Math.floor(now() / 1000);
      return new SignJWT({ ...c.extra, sid: c.sessionId, typ: 'access' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(c.userId)
        .setAudience(c.product)
        .setIssuer(ISSUER)
        .setIssuedAt(iat)
        .setExpirationTime(iat + c.ttlS)
        .sign(await key);
    },
    async verify(token: string, product: string): Promise<AccessClaims> {
      try {
        const { payload } = await jwtVerify(token, await key, {
          algorithms: ['HS256'],
          audience: product,
          issuer: ISSUER,
          currentDate: new Date(now()),
        });
        if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') {
          throw new InvalidTokenError('invalid');
        }
        return { userId: payload.sub, sessionId: payload.sid, product, expiresAt: payload.exp };
      } catch (e) {
        if (e instanceof InvalidTokenError) throw e;
        if (e instanceof joseErrors.JWTExpired) throw new InvalidTokenError('expired');
        throw new InvalidTokenError('invalid');
      }
    },
  };
}
export type AccessTokenSigner = ReturnType<typeof createAccessTokenSigner>;

/** 256 bits of randomness, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
