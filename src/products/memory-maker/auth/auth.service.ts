// Accounts through the core account module, in the seed's shapes: the user on sign-up, tokens on login.
import type { ClientInfo } from '../../../core/identity/identity.service.js';
import { toTokenResponse, type TokenResponse } from '../../../core/identity/token-response.js';
import type { Ctx } from '../context.js';
import { presentUser } from '../users/user.presenter.js';
import type { User } from '../users/users.schemas.js';

export async function register(ctx: Ctx, input: { email: string; password: string }, client: ClientInfo): Promise<User> {
  // The seed's register answers the user; tokens come from login.
  const { user } = await ctx.accounts.register({ email: input.email, password: input.password }, { client, session: false });
  return presentUser(user);
}

export async function login(ctx: Ctx, username: string, password: string, client: ClientInfo): Promise<TokenResponse> {
  const { pair } = await ctx.accounts.login(username, password, client);
  return toTokenResponse(pair);
}

export async function refresh(ctx: Ctx, refreshToken: string | undefined): Promise<TokenResponse> {
  const { pair } = await ctx.accounts.refresh(refreshToken);
  return toTokenResponse(pair);
}

/** Ends the session of this access token: its refresh token and every access token of the session stop working. */
export async function logout(ctx: Ctx, sessionId: string): Promise<{ message: string }> {
  await ctx.accounts.logout(sessionId);
  return { message: 'Successfully logged out' };
}
