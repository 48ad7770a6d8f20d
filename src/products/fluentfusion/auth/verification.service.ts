// E-mail verification by a six-digit code: mailed after sign-up and on request, valid 10 minutes, stored as a keyed
// hash, five wrong tries and it is gone; checks are also counted per client IP.
import { randomInt } from 'node:crypto';
import { AppError } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import type { UserType } from '../content/types.js';
import * as users from '../users/users.repo.js';
import * as codes from './email-codes.repo.js';
import { afterAnswer, mailAllowed } from './mail-later.js';

export const CODE_TTL_S = 600;
export const MAX_CODE_FAILURES = 5;
export const RESEND_ANSWER = 'If this account needs verifying, a new code has been sent to its email.';
const PURPOSE = 'verify_email';

const invalidCode = () => new AppError('invalid_code', 400, 'Invalid verification code');
const expiredCode = () => new AppError('code_expired', 400, 'Code expired. Request a new one.');

/** HMAC with the server secret: a leaked table row cannot be brute-forced offline (only a million codes exist). */
const hashCode = (ctx: ProductContext, userId: string, code: string) => ctx.identity.derivedToken(`${ctx.slug}:email_code:${PURPOSE}`, `${userId}:${code}`);

const normalise = (email: string) => email.trim().toLowerCase();

/** Stores a fresh code for the learner (replacing any older one) and mails it; skipped past the recipient's limit. */
async function mailNewCode(ctx: ProductContext, user: { id: string; email: string }): Promise<void> {
  if (!(await mailAllowed(ctx, user.email))) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = ctx.now();
  await codes.putCode(ctx.db.dz, {
    userId: user.id,
    purpose: PURPOSE,
    codeHash: hashCode(ctx, user.id, code),
    expiresAt: new Date(now + CODE_TTL_S * 1000),
    createdAt: new Date(now),
  });
  await ctx.mailer.send({
    to: user.email,
    subject: 'Your FluentFusion verification code',
    text:
      `Your FluentFusion verification code is ${code}\n\n` +
      `Enter it in the app within ${CODE_TTL_S / 60} minutes to confirm your e-mail address.\n\n` +
      `If you did not sign up for FluentFusion, ignore this message.\n`,
  });
}

/** After a sign-up has committed: the code goes out after the answer, so mail can never fail the sign-up. */
export function sendCodeAfterSignUp(ctx: ProductContext, user: { id: string; email: string }): void {
  afterAnswer(ctx, 'verification code mail', () => mailNewCode(ctx, user));
}

/** The same answer whether the e-mail is unknown, verified or not; the lookup and the mail happen after it. */
export async function resendVerification(ctx: ProductContext, emailIn: string, ip: string): Promise<{ message: string }> {
  await ctx.limits.consume('MAIL_REQUESTS_PER_IP', ip);
  const email = normalise(emailIn);
  afterAnswer(ctx, 'verification code mail', async () => {
    const user = await ctx.identity.findUserByEmail(ctx.slug, email);
    if (user && user.isActive && !user.isVerified) await mailNewCode(ctx, user);
  });
  return { message: RESEND_ANSWER };
}

export async function verifyEmail(ctx: ProductContext, input: { email: string; code: string }, ip: string): Promise<{ message: string; role: UserType }> {
  await ctx.limits.consume('VERIFY_CODE_CHECKS_PER_IP', ip);
  const user = await ctx.identity.findUserByEmail(ctx.slug, normalise(input.email));
  if (!user || !user.isActive) throw invalidCode();
  const role = (await users.findProfile(ctx.db.dz, user.id))?.userType ?? ('tourist' as const);
  if (user.isVerified) return { message: 'Email already verified', role };
  // The comparison is of keyed hashes: its timing tells nothing about the code.
  const taken = await codes.takeCode(ctx.db.dz, user.id, PURPOSE, hashCode(ctx, user.id, input.code), MAX_CODE_FAILURES);
  if (!taken) {
    await codes.recordFailure(ctx.db.dz, user.id, PURPOSE, MAX_CODE_FAILURES);
    throw invalidCode();
  }
  if (taken.expiresAt.getTime() <= ctx.now()) throw expiredCode();
  await ctx.identity.markVerified(user.id);
  return { message: 'Email verified successfully', role };
}

/** A confirmed new address is verified: its live code (if any) is of no more use. */
export async function forgetCode(ctx: ProductContext, userId: string): Promise<void> {
  await codes.deleteCode(ctx.db.dz, userId, PURPOSE);
}
