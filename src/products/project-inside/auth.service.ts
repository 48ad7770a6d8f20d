// Sign-up (optionally through an invite), login, refresh rotation and logout, on the shared identity core.
import { AppError } from '../../core/http/errors.js';
import { toTokenResponse } from '../../core/identity/token-response.js';
import { IdentityError, type ClientInfo } from '../../core/identity/identity.service.js';
import type { ProductContext } from '../../core/product.js';
import type { LoginRequest, SignupRequest, TokenResponse } from './auth.schemas.js';
import { insertProfile } from './users.repo.js';
import { acceptInviteOnSignup, checkInviteForSignup } from './invites.service.js';

const BEARER = { 'www-authenticate': 'Bearer' };

const ttls = (ctx: ProductContext) => ({ accessTokenTtlS: ctx.product.accessTokenTtlS, refreshTokenTtlS: ctx.product.refreshTokenTtlS });

export async function signup(ctx: ProductContext, input: SignupRequest, client: ClientInfo): Promise<TokenResponse> {
  const email = input.email.trim();
  if (await ctx.identity.emailExists(ctx.slug, email)) throw new AppError('email_taken', 400, 'Email already registered');
  // A bad invite is refused before anything is written.
  if (input.invite_token !== undefined) await checkInviteForSignup(ctx, input.invite_token);
  const passwordHash = await ctx.identity.hashPassword(input.password);
  try {
    let afterCommit: (() => void) | undefined;
    const pair = await ctx.db.transaction(async (tx) => {
      const user = await ctx.identity.createUser(tx.dz, { product: ctx.slug, email, passwordHash });
      await insertProfile(tx.dz, { userId: user.id, displayName: input.display_name?.trim() || null });
      if (input.invite_token !== undefined) afterCommit = await acceptInviteOnSignup(ctx, tx, { userId: user.id, email, token: input.invite_token });
      return ctx.identity.startSession(user, ttls(ctx), client, tx.dz);
    });
    afterCommit?.();
    return toTokenResponse(pair);
  } catch (e) {
    if (e instanceof IdentityError && e.kind === 'email_taken') throw new AppError('email_taken', 400, 'Email already registered');
    throw e;
  }
}

export async function login(ctx: ProductContext, input: LoginRequest, client: ClientInfo): Promise<TokenResponse> {
  try {
    const user = await ctx.identity.checkCredentials(ctx.slug, input.email.trim(), input.password);
    return toTokenResponse(await ctx.identity.startSession(user, ttls(ctx), client));
  } catch (e) {
    if (e instanceof IdentityError && e.kind === 'invalid_credentials') throw new AppError('invalid_credentials', 401, 'Incorrect email or password', BEARER);
    if (e instanceof IdentityError && e.kind === 'inactive') throw new AppError('inactive_user', 403, 'Account is deactivated');
    throw e;
  }
}

export async function refresh(ctx: ProductContext, refreshToken: string): Promise<TokenResponse> {
  try {
    return toTokenResponse((await ctx.identity.refresh(ctx.slug, refreshToken, ttls(ctx))).pair);
  } catch (e) {
    if (e instanceof IdentityError) throw new AppError('invalid_refresh', 401, 'Invalid refresh token', BEARER);
    throw e;
  }
}
