// Sign-up (optionally through an invite), login, refresh and logout on the core account module, in the seed's shapes.
import { AppError } from '../../../core/http/errors.js';
import { toTokenResponse } from '../../../core/identity/token-response.js';
import type { ClientInfo } from '../../../core/identity/identity.service.js';
import type { ProductContext } from '../../../core/product.js';
import type { LoginRequest, SignupRequest, TokenResponse } from './auth.schemas.js';
import { insertProfile } from '../users/users.repo.js';
import { acceptInviteOnSignup, checkInviteForSignup } from '../invites/invites.service.js';

export async function signup(ctx: ProductContext, input: SignupRequest, client: ClientInfo): Promise<TokenResponse> {
  const token = input.invite_token;
  const { pair, profile: afterCommit } = await ctx.accounts.register(
    { email: input.email, password: input.password },
    {
      client,
      // A bad invite is refused before anything is written.
      ...(token === undefined ? {} : { check: (email: string) => checkInviteForSignup(ctx, token, email) }),
      profile: async (tx, user) => {
        await insertProfile(tx.dz, { userId: user.id, displayName: input.display_name?.trim() || null, createdAt: new Date(ctx.now()) });
        return token === undefined ? undefined : acceptInviteOnSignup(ctx, tx, { userId: user.id, email: user.email, token });
      },
    },
  );
  // Committed: now the inviter may hear about it.
  afterCommit?.();
  return toTokenResponse(pair!);
}

export async function login(ctx: ProductContext, input: LoginRequest, client: ClientInfo): Promise<TokenResponse> {
  return toTokenResponse((await ctx.accounts.login(input.email, input.password, client)).pair);
}

export async function refresh(ctx: ProductContext, refreshToken: string): Promise<TokenResponse> {
  try {
    return toTokenResponse((await ctx.accounts.refresh(refreshToken)).pair);
  } catch (e) {
    // The seed answers every unusable refresh token alike, a deactivated account's too.
    if (e instanceof AppError && e.code === 'inactive') throw ctx.accounts.error('invalid_refresh');
    throw e;
  }
}

export async function logout(ctx: ProductContext, sessionId: string): Promise<{ ok: true }> {
  await ctx.accounts.logout(sessionId);
  return { ok: true };
}
