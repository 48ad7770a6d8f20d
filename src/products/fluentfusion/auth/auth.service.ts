// Sign-up and login on the core account module, with the learner's profile written in the same transaction.
import { randomBytes } from 'node:crypto';
import { AppError, invalidField } from '../../../core/http/errors.js';
import { pgErrorCode } from '../../../core/db/connect.js';
import type { UserRow } from '../../../core/identity/db.js';
import type { ClientInfo, TokenPair } from '../../../core/identity/identity.service.js';
import type { ProductContext } from '../../../core/product.js';
import * as users from '../users/users.repo.js';
import { initials, presentUser } from '../users/users.service.js';
import type { LoginForm, RegisterBody, ResetPasswordBody } from './auth.schemas.js';
import { sendCodeAfterSignUp } from './verification.service.js';

export const ACCOUNT_EXISTS = 'User with this email or username already exists';
const accountExists = () => new AppError('account_exists', 400, ACCOUNT_EXISTS);

export async function register(ctx: ProductContext, input: RegisterBody, client: ClientInfo) {
  const username = (input.username ?? input.name)?.trim();
  if (!username) throw invalidField(['body', 'username'], 'Field required', undefined, 'missing');
  try {
    const { user, profile } = await ctx.accounts.register(
      { email: input.email, password: input.password },
      {
        client,
        session: false,
        profile: async (tx, u) => {
          let chosen = username;
          if (await users.usernameTaken(tx.dz, username)) {
            // The seed's `username` is a handle the learner picked: taken → 400. The web client sends a full name
            // (`name`) instead, and two travellers may share one: the second becomes "Aline Uwase 2".
            if (input.username !== undefined) throw accountExists();
            chosen = await freeNameLike(tx.dz, username);
          }
          return users.insertProfile(tx.dz, {
            userId: u.id,
            username: chosen,
            userType: input.user_type ?? 'tourist',
            targetLanguage: input.target_language ?? 'kinyarwanda',
            createdAt: new Date(ctx.now()),
          });
        },
      },
    );
    // Login stays open to unverified accounts; the code is for the web client's verification page.
    sendCodeAfterSignUp(ctx, user);
    const me = presentUser(user, profile);
    return { ...me, id: me.user_id, name: me.username, role: me.user_type, avatar_initials: initials(me.username) };
  } catch (e) {
    // Two sign-ups racing for one username: the unique index decides, the loser gets the same answer.
    if (pgErrorCode(e) === '23505') throw accountExists();
    throw e;
  }
}

export const USERNAME_MAX = 50;

/** `name 2`, `name 3`… (cut to fit 50 characters); after 20 taken, a random suffix. */
export async function freeNameLike(dz: Parameters<typeof users.usernameTaken>[0], name: string): Promise<string> {
  const withSuffix = (suffix: string) => `${name.slice(0, USERNAME_MAX - suffix.length - 1).trimEnd()} ${suffix}`;
  for (let n = 2; n <= 21; n++) {
    const candidate = withSuffix(String(n));
    if (!(await users.usernameTaken(dz, candidate))) return candidate;
  }
  return withSuffix(randomBytes(3).toString('hex'));
}

export async function login(ctx: ProductContext, form: LoginForm, client: ClientInfo) {
  const { user, pair } = await ctx.accounts.login(form.username, form.password, client);
  return signedIn(ctx, user, pair);
}

/** The login answer for a session just started (password or Google): records the login, flags the first one. */
export async function signedIn(ctx: ProductContext, user: UserRow, pair: TokenPair) {
  const before = await users.recordLogin(ctx.db.dz, user.id, new Date(ctx.now()));
  const username = before?.username ?? user.email.split('@')[0]!;
  return {
    access_token: pair.accessToken,
    token_type: 'bearer' as const,
    expires_in: pair.expiresIn,
    user_id: user.id,
    id: user.id,
    name: username,
    role: before?.userType ?? 'tourist',
    is_first_login: !before?.lastLogin,
  };
}

export const RESET_REQUESTED = 'If this email exists, a reset link has been sent.';

/** Same answer for any address; the mail (link to the app's /reset-password page) goes after the answer. */
export async function forgotPassword(ctx: ProductContext, email: string, baseUrl: string, client: ClientInfo): Promise<{ message: string }> {
  await ctx.accounts.requestPasswordReset(email, baseUrl, client);
  return { message: RESET_REQUESTED };
}

/** Sets the new password; every session of the account ends. */
export async function resetPassword(ctx: ProductContext, input: ResetPasswordBody): Promise<{ message: string }> {
  await ctx.accounts.confirmPasswordReset(input.token, input.new_password);
  return { message: 'Password reset successfully' };
}

export async function logout(ctx: ProductContext, sessionId: string): Promise<{ message: string }> {
  await ctx.accounts.logout(sessionId);
  return { message: 'Successfully logged out' };
}
