// Sign-up, login, refresh and logout for Couple Compass, on the shared identity core.
import { AppError } from '../../core/http/errors.js';
import { IdentityError, type ClientInfo, type TokenPair } from '../../core/identity/identity.service.js';
import type { ProductContext } from '../../core/product.js';
import { insertProfile } from './profiles.repo.js';
import type { LoginRequest, SignupRequest, Token } from './auth.schemas.js';

export const toToken = (p: TokenPair): Token => ({
  access_token: p.accessToken,
  refresh_token: p.refreshToken,
  token_type: 'bearer',
  expires_in: p.expiresIn,
});

const ttls = (ctx: ProductContext) => ({
  accessTokenTtlS: ctx.product.accessTokenTtlS,
  refreshTokenTtlS: ctx.product.refreshTokenTtlS,
});

export async function signup(ctx: ProductContext, input: SignupRequest, client: ClientInfo): Promise<Token> {
  const email = input.email.trim();
  if (await ctx.identity.emailExists(ctx.slug, email)) throw new AppError('email_taken', 400, 'Email already registered');
  const passwordHash = await ctx.identity.hashPassword(input.password);
  try {
    const pair = await ctx.db.transaction(async (tx) => {
      const user = await ctx.identity.createUser(tx.dz, { product: ctx.slug, email, passwordHash });
      await insertProfile(tx.dz, { userId: user.id, name: input.name });
      return ctx.identity.startSession(user, ttls(ctx), client, tx.dz);
    });
    return toToken(pair);
  } catch (e) {
    // Two sign-ups racing on one e-mail: the unique index decides, the loser gets the same answer.
    if (e instanceof IdentityError && e.kind === 'email_taken') throw new AppError('email_taken', 400, 'Email already registered');
    throw e;
  }
}

export async function login(ctx: ProductContext, input: LoginRequest, client: ClientInfo): Promise<Token> {
  try {
    const user = await ctx.identity.checkCredentials(ctx.slug, input.email.trim(), input.password);
    return toToken(await ctx.identity.startSession(user, ttls(ctx), client));
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
    return toToken(pair);
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
