// The current password asked for by the settings page (profile, e-mail, password): wrong answers are counted per
// learner, so a stolen token cannot be used to guess the password behind it.
import { AppError } from '../../../core/http/errors.js';
import { IdentityError } from '../../../core/identity/identity.service.js';
import type { ProductContext } from '../../../core/product.js';

export const INCORRECT_PASSWORD = 'Incorrect password';
const LIMIT = 'PASSWORD_FAILURES_PER_USER';
const incorrect = () => new AppError('wrong_password', 400, INCORRECT_PASSWORD);

async function failed(ctx: ProductContext, userId: string): Promise<never> {
  await ctx.limits.consume(LIMIT, userId).catch(() => undefined);
  throw incorrect();
}

/** Throws 400 "Incorrect password" unless `password` is the learner's; 429 once too many were wrong. */
export async function confirmPassword(ctx: ProductContext, userId: string, password: string): Promise<void> {
  await ctx.limits.check(LIMIT, userId);
  const user = await ctx.identity.findUser(ctx.slug, userId);
  if (!user) return failed(ctx, userId);
  try {
    await ctx.identity.checkCredentials(ctx.slug, user.email, password);
  } catch (e) {
    if (e instanceof IdentityError) return failed(ctx, userId);
    throw e;
  }
}

/** The core password change (product policy, every session ends) behind the same per-learner count. */
export async function changePassword(ctx: ProductContext, userId: string, currentPassword: string, newPassword: string): Promise<{ ok: true }> {
  await ctx.limits.check(LIMIT, userId);
  try {
    await ctx.accounts.changePassword(userId, currentPassword, newPassword);
  } catch (e) {
    if (e instanceof AppError && (e.code === 'wrong_password' || e.code === 'invalid_credentials')) return failed(ctx, userId);
    throw e;
  }
  return { ok: true };
}
