// Google Identity Services ID tokens (the web client's "Sign in with Google" credential): RS256 signature by one of
// Google's published keys, issuer, audience (our client id) and lifetime — then the e-mail and name they carry.
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { Settings } from '../settings.js';

export interface GoogleClaims {
  /** Google's stable id of the account. */
  subject: string;
  /** Lower-cased; '' when the token carries none (an account without an e-mail scope). */
  email: string;
  /** Google vouches that the account holder controls `email` (the claim is true, not merely present). */
  emailVerified: boolean;
  /** The display name ('' when absent). */
  name: string;
}

/** The token is not one we accept (forged, expired, for another app…): the caller answers 401. */
export class InvalidGoogleToken extends Error {
  override name = 'InvalidGoogleToken';
}

/** Google's keys could not be fetched (network, timeout, a bad answer): not the token's fault. */
export class GoogleKeysUnavailable extends Error {
  override name = 'GoogleKeysUnavailable';
}

const ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

// jose's codes for a token that fails on its own merits; anything else (fetching the key set) is an outage.
const TOKEN_FAULTS = new Set([
  errors.JWSInvalid.code,
  errors.JWTInvalid.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
  errors.JWKInvalid.code,
]);

/** The client ids of the settings (comma list), empty when Google sign-in is off. */
export function googleClientIds(s: Settings): string[] {
  return (s.GOOGLE_CLIENT_ID ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

/** The ID-token checker for these settings (call only when `googleClientIds` is not empty). */
export function googleTokenVerifier(s: Settings, now: () => number): (token: string) => Promise<GoogleClaims> {
  const audience = googleClientIds(s);
  // jose caches the key set and fetches it again for an unknown `kid` (at most every 30 s).
  const jwks = createRemoteJWKSet(new URL(s.GOOGLE_JWKS_URL), { timeoutDuration: 5000 });
  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: ['RS256'],
        issuer: ISSUERS,
        audience,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: new Date(now()),
      }));
    } catch (e) {
      if (e instanceof errors.JOSEError && TOKEN_FAULTS.has(e.code)) throw new InvalidGoogleToken(e.code);
      throw new GoogleKeysUnavailable('Google signing keys unavailable', { cause: e });
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) throw new InvalidGoogleToken('no subject');
    const email = typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : '';
    const name = typeof payload.name === 'string' ? payload.name : '';
    return {
      subject: payload.sub,
      email: /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 255 ? email : '',
      emailVerified: payload.email_verified === true,
      name,
    };
  };
}
