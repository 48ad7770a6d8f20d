// "Sign in with Google": a checked Google ID token signs into the learner account with its e-mail, made on first use.
import { AppError, badRequest, forbidden } from '../../../core/http/errors.js';
import { pgErrorCode } from '../../../core/db/connect.js';
import type { UserRow } from '../../../core/identity/db.js';
import { IdentityError, type ClientInfo } from '../../../core/identity/identity.service.js';
import type { Ctx } from '../settings.js';
import * as users from '../users/users.repo.js';
import { freeNameLike, signedIn, USERNAME_MAX } from './auth.service.js';
import { GoogleKeysUnavailable, googleClientIds, googleTokenVerifier, InvalidGoogleToken, type GoogleClaims } from './google-token.js';

export const GOOGLE_NOT_CONFIGURED = 'Google OAuth not configured';
export const INVALID_GOOGLE_TOKEN = 'Invalid Google token';
export const GOOGLE_EMAIL_UNVERIFIED = 'Google has not verified the e-mail address of this Google account';

export type GoogleSignIn = (credential: string, client: ClientInfo) => Promise<Awaited<ReturnType<typeof signedIn>>>;

/** The sign-in for these settings; without a client id every call answers 501 (the web client hides its button). */
export function googleSignIn(ctx: Ctx): GoogleSignIn {
  if (googleClientIds(ctx.settings).length === 0) {
    return () => Promise.reject(new AppError('google_not_configured', 501, GOOGLE_NOT_CONFIGURED));
  }
  const verify = googleTokenVerifier(ctx.settings, ctx.now);
  return async (credential, client) => {
    const claims = await checked(ctx, verify, credential);
    if (!claims.email) throw badRequest('Google account has no email', 'google_no_email');
    // Without Google's word that the holder controls the address, anyone could add it to a Google account and
    // take over the learner who registered it with a password.
    if (!claims.emailVerified) throw forbidden(GOOGLE_EMAIL_UNVERIFIED, 'google_email_unverified');
    const user = await accountFor(ctx, claims, client);
    if (!user.isActive) throw ctx.accounts.error('inactive');
    if (!user.isVerified) {
      // Nobody had proven this address, so whoever registered it with a password may not be its owner (an account
      // made in advance to take over the owner's later sign-in): their password and sessions end here.
      if (user.passwordHash) await ctx.identity.dropPassword(user.id, 'email_claimed_by_google');
      await ctx.identity.markVerified(user.id);
    }
    const pair = await ctx.identity.startSession(user, ctx.accounts.ttls, client);
    return signedIn(ctx, user, pair);
  };
}

async function checked(ctx: Ctx, verify: (token: string) => Promise<GoogleClaims>, credential: string): Promise<GoogleClaims> {
  try {
    return await verify(credential);
  } catch (e) {
    if (e instanceof InvalidGoogleToken) throw new AppError('invalid_google_token', 401, INVALID_GOOGLE_TOKEN);
    if (e instanceof GoogleKeysUnavailable) {
      // The cause is jose's fetch error: it names the key-set URL, never the credential.
      ctx.log.error({ err: e.cause, product: ctx.slug }, 'Google signing keys could not be fetched');
      throw new AppError('google_unavailable', 503, 'Google sign-in is unavailable; try again later');
    }
    throw e;
  }
}

const raced = (e: unknown) => (e instanceof IdentityError && e.kind === 'email_taken') || pgErrorCode(e) === '23505';

/** The account with the token's e-mail (any case), or a new learner's. */
async function accountFor(ctx: Ctx, c: GoogleClaims, client: ClientInfo): Promise<UserRow> {
  const found = await ctx.identity.findUserByEmail(ctx.slug, c.email);
  if (found) return found;
  if (client.ip) await ctx.limits.consume('SIGNUPS_PER_IP', client.ip);
  try {
    return await createLearner(ctx, c);
  } catch (e) {
    if (!raced(e)) throw e;
    // A second first sign-in of the same Google account got there first (same e-mail), or another learner just
    // took the chosen username: sign into the account, or pick the next free name.
    return (await ctx.identity.findUserByEmail(ctx.slug, c.email)) ?? createLearner(ctx, c);
  }
}

/** The same profile as a web sign-up: the Google name as username ("Name 2" when taken), tourist, Kinyarwanda. */
async function createLearner(ctx: Ctx, c: GoogleClaims): Promise<UserRow> {
  const name = displayName(c);
  return ctx.db.transaction(async (tx) => {
    // No password: the account signs in with Google, or gets one through "forgot password".
    const user = await ctx.identity.createUser(tx.dz, { product: ctx.slug, email: c.email, passwordHash: null, isVerified: true });
    const username = (await users.usernameTaken(tx.dz, name)) ? await freeNameLike(tx.dz, name) : name;
    await users.insertProfile(tx.dz, { userId: user.id, username, userType: 'tourist', targetLanguage: 'kinyarwanda', createdAt: new Date(ctx.now()) });
    return user;
  });
}

/** The Google profile name on one line, cut to fit; the e-mail's local part when it has none. */
export function displayName(c: Pick<GoogleClaims, 'name' | 'email'>): string {
  const clean = (s: string) =>
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  // Cut by code points, so no half of an emoji is left behind.
  const cut = (s: string) => Array.from(s).slice(0, USERNAME_MAX).join('').trimEnd();
  return cut(clean(c.name)) || cut(clean(c.email.split('@')[0]!)) || 'learner';
}
