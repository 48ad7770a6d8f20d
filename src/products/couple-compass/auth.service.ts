// Sign-up, login, refresh and logout for Couple Compass, on the shared identity core.
import { AppError } from '../../core/http/errors.js';
import { toTokenResponse } from '../../core/identity/token-response.js';
import { IdentityError, type ClientInfo } from '../../core/identity/identity.service.js';
import type { ProductContext } from '../../core/product.js';
import { findProfile, insertProfile } from './profiles.repo.js';
import type { LoginRequest, SignupRequest, Token } from './auth.schemas.js';

const RESET_TTL_S = 3600;
export const RESET_REQUESTED = { message: 'If that e-mail is registered, a password reset link has been sent' };

const ttls = (ctx: ProductContext) => ({
  accessTokenTtlS: ctx.product.accessTokenTtlS,
  refreshTokenTtlS: ctx.product.refreshTokenTtlS,
});

export async function signup(ctx: ProductContext, input: SignupRequest, client: ClientInfo): Promise<Token> {
  return toTokenResponse((await createAccount(ctx, input, client)).pair);
}

/** The web client's register: the same account, answered with the user's id and name too. */
export async function register(ctx: ProductContext, input: SignupRequest, client: ClientInfo) {
  const { pair, userId, email } = await createAccount(ctx, input, client);
  return { id: userId, name: input.name, email, ...toTokenResponse(pair) };
}

async function createAccount(ctx: ProductContext, input: SignupRequest, client: ClientInfo) {
  const email = input.email.trim();
  if (await ctx.identity.emailExists(ctx.slug, email)) throw new AppError('email_taken', 400, 'Email already registered');
  const passwordHash = await ctx.identity.hashPassword(input.password);
  try {
    return await ctx.db.transaction(async (tx) => {
      const user = await ctx.identity.createUser(tx.dz, { product: ctx.slug, email, passwordHash });
      await insertProfile(tx.dz, { userId: user.id, name: input.name });
      const pair = await ctx.identity.startSession(user, ttls(ctx), client, tx.dz);
      return { pair, userId: user.id, email: user.email };
    });
  } catch (e) {
    // Two sign-ups racing on one e-mail: the unique index decides, the loser gets the same answer.
    if (e instanceof IdentityError && e.kind === 'email_taken') throw new AppError('email_taken', 400, 'Email already registered');
    throw e;
  }
}

/** The seed's Token plus `user` (the web client reads it; extra fields don't disturb seed clients). */
export async function login(ctx: ProductContext, input: LoginRequest, client: ClientInfo) {
  try {
    const user = await ctx.identity.checkCredentials(ctx.slug, input.email.trim(), input.password);
    const pair = await ctx.identity.startSession(user, ttls(ctx), client);
    const profile = await findProfile(ctx.db.dz, user.id);
    return {
      ...toTokenResponse(pair),
      user: { id: user.id, name: profile?.name ?? user.email.split('@')[0]!, email: user.email, onboarding_completed: profile?.onboardingCompleted ?? false },
    };
  } catch (e) {
    if (e instanceof IdentityError && e.kind === 'invalid_credentials') {
      throw new AppError('invalid_credentials', 401, 'Incorrect email or password', { 'www-authenticate': 'Bearer' });
    }
    if (e instanceof IdentityError && e.kind === 'inactive') throw new AppError('inactive_user', 400, 'Account is deactivated');
    throw e;
  }
}

export async function refresh(ctx: ProductContext, refreshToken: string | undefined): Promise<Token> {
  if (!refreshToken) {
    throw new AppError('invalid_refresh', 401, 'Invalid refresh token', { 'www-authenticate': 'Bearer' });
  }
  try {
    const { pair } = await ctx.identity.refresh(ctx.slug, refreshToken, ttls(ctx));
    return toTokenResponse(pair);
  } catch (e) {
    if (e instanceof IdentityError && e.kind === 'inactive') {
      throw new AppError('inactive_user', 401, 'User not found or inactive', { 'www-authenticate': 'Bearer' });
    }
    if (e instanceof IdentityError) throw new AppError('invalid_refresh', 401, 'Invalid refresh token', { 'www-authenticate': 'Bearer' });
    throw e;
  }
}

export async function logout(ctx: ProductContext, sessionId: string): Promise<void> {
  await ctx.identity.logout(sessionId);
}

/** Always the same 202 answer, known e-mail or not. */
export function requestPasswordReset(ctx: ProductContext, email: string, appBaseUrl: string): typeof RESET_REQUESTED {
  // Everything after the answer, known e-mail or not: neither a database write nor the mail can be timed.
  setImmediate(() => {
    sendResetMail(ctx, email.trim(), appBaseUrl).catch((err: unknown) => ctx.log.error({ err, product: ctx.slug }, 'password reset mail failed'));
  });
  return RESET_REQUESTED;
}

async function sendResetMail(ctx: ProductContext, email: string, appBaseUrl: string): Promise<void> {
  const user = await ctx.identity.findUserByEmail(ctx.slug, email);
  if (!user || !user.isActive) return;
  const token = await ctx.identity.issueEmailToken(user.id, ctx.slug, 'reset_password', RESET_TTL_S);
  const link = `${appBaseUrl}/reset-password?token=${encodeURIComponent(token)}`;
  await ctx.mailer.send({
    to: user.email,
    subject: 'Reset your Couple Compass password',
    text:
      `Someone asked to reset the password of your Couple Compass account.\n\n` +
      `Open this link within one hour to choose a new password:\n${link}\n\n` +
      `Or enter this code in the app: ${token}\n\nIf it wasn't you, ignore this message; your password stays as it is.\n`,
  });
}

/** Sets the new password and logs the user out everywhere. */
export async function confirmPasswordReset(ctx: ProductContext, token: string, newPassword: string): Promise<{ message: string }> {
  const userId = await ctx.identity.consumeEmailToken(ctx.slug, 'reset_password', token);
  if (!userId) throw new AppError('invalid_reset_token', 400, 'Invalid or expired reset token');
  // A token sent before the account was deactivated no longer opens it.
  if (!(await ctx.identity.findUser(ctx.slug, userId))?.isActive) throw new AppError('invalid_reset_token', 400, 'Invalid or expired reset token');
  await ctx.identity.setPassword(userId, newPassword);
  return { message: 'Password has been reset successfully' };
}
