// Changing the account's e-mail from the settings page: password first, then a single-use link (1 hour) mailed to the
// new address; the account moves only when that link is opened. The old address is told, without the link.
import { AppError } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import * as users from '../users/users.repo.js';
import { afterAnswer, mailAllowed } from './mail-later.js';
import { confirmPassword } from './password-check.js';
import { forgetCode } from './verification.service.js';

export const EMAIL_CHANGE_TTL_S = 3600;
const PURPOSE = 'change_email';
export const LINK_SENT = 'Confirmation link sent to your new email';

const inUse = () => new AppError('email_in_use', 400, 'Email already in use');
const invalidLink = () => new AppError('invalid_link', 400, 'Invalid or expired link');

export async function requestEmailChange(
  ctx: ProductContext,
  userId: string,
  input: { current_password: string; new_email: string },
  baseUrl: string,
): Promise<{ message: string }> {
  await confirmPassword(ctx, userId, input.current_password);
  const user = await ctx.identity.findUser(ctx.slug, userId);
  if (!user) throw new AppError('not_found', 404, 'User not found');
  const next = input.new_email.trim().toLowerCase();
  if (next === user.email.toLowerCase()) throw new AppError('same_email', 400, 'That is already your current email');
  // Counted before the lookup: "in use" answers are an e-mail oracle, so each account gets only so many.
  await ctx.limits.consume('MAIL_PER_ACCOUNT', userId, 'Too many e-mail change requests; try again later');
  if (await ctx.identity.emailExists(ctx.slug, next)) throw inUse();
  await ctx.limits.consume('MAIL_PER_RECIPIENT', next, 'Too many mails to this address; try again later');
  // The token first (it retires any older link), then the address it stands for: an older link never moves the
  // account to the newer address.
  const token = await ctx.identity.issueEmailToken(userId, ctx.slug, PURPOSE, EMAIL_CHANGE_TTL_S);
  await users.setPendingEmail(ctx.db.dz, userId, next);
  const link = `${baseUrl}/confirm-email-change?token=${encodeURIComponent(token)}`;
  const old = user.email;
  afterAnswer(ctx, 'e-mail change mail', async () => {
    await ctx.mailer.send({
      to: next,
      subject: 'Confirm your new FluentFusion email',
      text:
        `Someone asked to use this address for their FluentFusion account.\n\n` +
        `Open this link within ${EMAIL_CHANGE_TTL_S / 60} minutes to confirm it:\n${link}\n\n` +
        `If it wasn't you, ignore this message; nothing changes.\n`,
    });
    if (await mailAllowed(ctx, old)) {
      await ctx.mailer.send({
        to: old,
        subject: 'Your FluentFusion email is about to change',
        text:
          `Someone asked to move your FluentFusion account to another e-mail address. ` +
          `It only changes once the link sent to the new address is opened.\n\n` +
          `If it wasn't you, change your password now.\n`,
      });
    }
  });
  return { message: LINK_SENT };
}

/** Opens the mailed link (no login needed: it may open in another browser). */
export async function confirmEmailChange(ctx: ProductContext, token: string): Promise<{ message: string; email: string }> {
  const userId = await ctx.identity.consumeEmailToken(ctx.slug, PURPOSE, token);
  if (!userId) throw invalidLink();
  const [user, profile] = await Promise.all([ctx.identity.findUser(ctx.slug, userId), users.findProfile(ctx.db.dz, userId)]);
  const next = profile?.pendingEmail;
  if (!user?.isActive || !next) throw invalidLink();
  try {
    await ctx.accounts.changeEmail(userId, next);
  } catch (e) {
    // Taken since the request (core decides races with the unique index): the link is spent, the change dropped.
    if (e instanceof AppError && e.code === 'email_taken') {
      await users.clearPendingEmail(ctx.db.dz, userId, next);
      throw inUse();
    }
    throw e;
  }
  // Opening the link proves the learner reads this address.
  await ctx.identity.markVerified(userId);
  await users.clearPendingEmail(ctx.db.dz, userId, next);
  await forgetCode(ctx, userId);
  return { message: 'Email updated successfully', email: next };
}
