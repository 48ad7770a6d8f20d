// Sign-up, login, refresh, logout and password reset for Couple Compass, through the core account module.
import { toTokenResponse } from '../../../core/identity/token-response.js';
import type { ClientInfo } from '../../../core/identity/identity.service.js';
import type { ProductContext } from '../../../core/product.js';
import { findProfile, insertProfile } from '../users/profiles.repo.js';
import type { LoginRequest, SignupRequest, Token } from './auth.schemas.js';

export const RESET_REQUESTED = { message: 'If that e-mail is registered, a password reset link has been sent' };

export async function signup(ctx: ProductContext, input: SignupRequest, client: ClientInfo): Promise<Token> {
  return toTokenResponse((await createAccount(ctx, input, client)).pair);
}

/** The web client's register: the same account, answered with the user's id and name too. */
export async function register(ctx: ProductContext, input: SignupRequest, client: ClientInfo) {
  const { pair, userId, email } = await createAccount(ctx, input, client);
  return { id: userId, name: input.name, email, ...toTokenResponse(pair) };
}

async function createAccount(ctx: ProductContext, input: SignupRequest, client: ClientInfo) {
  const { user, pair } = await ctx.accounts.register(
    { email: input.email, password: input.password },
    { client, profile: (tx, u) => insertProfile(tx.dz, { userId: u.id, name: input.name }) },
  );
  return { pair: pair!, userId: user.id, email: user.email };
}

/** The seed's Token plus `user` (the web client reads it; extra fields don't disturb seed clients). */
export async function login(ctx: ProductContext, input: LoginRequest, client: ClientInfo) {
  const { user, pair } = await ctx.accounts.login(input.email, input.password, client);
  const profile = await findProfile(ctx.db.dz, user.id);
  return {
    ...toTokenResponse(pair),
    user: { id: user.id, name: profile?.name ?? user.email.split('@')[0]!, email: user.email, onboarding_completed: profile?.onboardingCompleted ?? false },
  };
}

export async function refresh(ctx: ProductContext, refreshToken: string | undefined): Promise<Token> {
  return toTokenResponse((await ctx.accounts.refresh(refreshToken)).pair);
}

export async function logout(ctx: ProductContext, sessionId: string): Promise<void> {
  await ctx.accounts.logout(sessionId);
}

/** Always the same 202 answer, known e-mail or not (the lookup and the mail happen after it). */
export async function requestPasswordReset(ctx: ProductContext, email: string, appBaseUrl: string, client: ClientInfo): Promise<typeof RESET_REQUESTED> {
  await ctx.accounts.requestPasswordReset(email, appBaseUrl, client);
  return RESET_REQUESTED;
}

/** Sets the new password and logs the user out everywhere. */
export async function confirmPasswordReset(ctx: ProductContext, token: string, newPassword: string): Promise<{ message: string }> {
  await ctx.accounts.confirmPasswordReset(token, newPassword);
  return { message: 'Password has been reset successfully' };
}
