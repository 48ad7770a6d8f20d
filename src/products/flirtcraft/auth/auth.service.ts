// Sign-up with consent, e-mail verification, sign-in: the core account module in FlirtCraft's words.
import { invalidField } from '../../../core/http/errors.js';
import type { ClientInfo, TokenPair } from '../../../core/identity/identity.service.js';
import type { Ctx } from '../shared/context.js';
import { recordEvent } from '../analytics/events.repo.js';
import { findAccount, insertProfile, type Account } from '../users/profiles.repo.js';
import { isPremium } from '../users/profiles.repo.js';
import { welcomeMail } from './welcome-mail.job.js';

export interface RegisterInput {
  email: string;
  password: string;
  confirm_password: string;
  agreed_to_terms: boolean;
  agreed_to_privacy: boolean;
  marketing_opt_in?: boolean | undefined;
}

export interface Signed {
  account: Account;
  pair: TokenPair | undefined;
}

async function account(ctx: Ctx, userId: string): Promise<Account> {
  const a = await findAccount(ctx.db.dz, ctx.slug, userId);
  if (!a) throw ctx.accounts.error('invalid_credentials');
  return a;
}

export async function register(ctx: Ctx, input: RegisterInput, client: ClientInfo, baseUrl: string): Promise<Signed> {
  // Rules the schema can't say, before anything is counted or hashed.
  if (input.confirm_password !== input.password) throw invalidField(['body', 'confirm_password'], 'Passwords do not match', '[hidden]');
  if (!input.agreed_to_terms) throw invalidField(['body', 'agreed_to_terms'], 'Must agree to terms of service', false);
  if (!input.agreed_to_privacy) throw invalidField(['body', 'agreed_to_privacy'], 'Must agree to privacy policy', false);
  const at = new Date(ctx.now());
  const { user } = await ctx.accounts.register(
    { email: input.email, password: input.password },
    {
      client,
      session: false,
      sendVerification: true,
      baseUrl,
      profile: async (tx, u) => {
        await insertProfile(tx.dz, u.id, { marketingOptIn: input.marketing_opt_in ?? false, consentAt: at });
        await recordEvent(tx.dz, { userId: u.id, type: 'user_registered', at, data: { marketing_opt_in: input.marketing_opt_in ?? false } });
      },
    },
  );
  return { account: await account(ctx, user.id), pair: undefined };
}

export async function login(ctx: Ctx, email: string, password: string, client: ClientInfo): Promise<Signed & { pair: TokenPair }> {
  const { user, pair } = await ctx.accounts.login(email, password, client);
  await recordEvent(ctx.db.dz, { userId: user.id, type: 'user_login', at: new Date(ctx.now()) });
  return { account: await account(ctx, user.id), pair };
}

/** Verifies the address and signs the user in (the link in the mail is proof of the inbox). */
export async function verifyEmail(ctx: Ctx, token: string, client: ClientInfo): Promise<Signed & { pair: TokenPair }> {
  if (client.ip) await ctx.limits.check('CODE_FAILURES_PER_IP', client.ip);
  let user;
  try {
    user = await ctx.accounts.verifyEmail(token);
  } catch (e) {
    if (client.ip) await ctx.limits.consume('CODE_FAILURES_PER_IP', client.ip).catch(() => undefined);
    throw e;
  }
  const pair = await ctx.identity.startSession(user, ctx.accounts.ttls, client);
  await ctx.db.transaction(async (tx) => {
    await recordEvent(tx.dz, { userId: user.id, type: 'email_verified', at: new Date(ctx.now()) });
    await welcomeMail.enqueue(ctx, { user_id: user.id }, { tx, singletonKey: user.id });
  });
  return { account: await account(ctx, user.id), pair };
}

export async function refresh(ctx: Ctx, token: string | undefined): Promise<Signed & { pair: TokenPair }> {
  const { pair, userId } = await ctx.accounts.refresh(token);
  return { account: await account(ctx, userId), pair };
}

export const me = (ctx: Ctx, userId: string) => account(ctx, userId);

export function presentUser(a: Account, nowMs: number) {
  return {
    id: a.id,
    email: a.email,
    email_verified: a.isVerified,
    onboarding_completed: a.profile?.onboardingCompleted ?? false,
    is_active: a.isActive,
    is_premium: isPremium(a.profile, nowMs),
    created_at: a.createdAt.toISOString(),
  };
}

export function presentAuth(s: Signed, nowMs: number, message: string) {
  return {
    success: true as const,
    user: presentUser(s.account, nowMs),
    access_token: s.pair?.accessToken ?? null,
    refresh_token: s.pair?.refreshToken ?? null,
    token_type: 'bearer' as const,
    expires_in: s.pair?.expiresIn ?? null,
    email_verification_required: !s.account.isVerified,
    message,
  };
}
