// The web client's account pages: e-mail verification by code (sign-up), and the settings page's profile, e-mail and
// password forms. Mounted under /api.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import { appBaseUrl } from '../../../core/http/app-base.js';
import type { ProductContext } from '../../../core/product.js';
import { Message, security } from '../schemas.js';
import {
  ConfirmEmailChangeQuery,
  EmailChangeBody,
  EmailChanged,
  Ok,
  PasswordChangeBody,
  ProfileUpdateBody,
  ProfileUpdated,
  ResendVerificationBody,
  Verified,
  VerifyEmailBody,
} from './account.schemas.js';
import { confirmEmailChange, requestEmailChange } from './email-change.service.js';
import { changePassword } from './password-check.js';
import { updateProfile } from './profile.service.js';
import { resendVerification, verifyEmail } from './verification.service.js';

const tags = ['Authentication'];

export const accountRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const perIp = (name: string) => ctx.product.limits[name]!;
  const checks = perIp('VERIFY_CODE_CHECKS_PER_IP');

  app.post(
    '/auth/verify-email',
    {
      schema: {
        tags,
        summary:
          `Verify the account's e-mail with the six-digit code mailed at sign-up (valid 10 minutes; 5 wrong tries and it is ` +
          `gone; ${checks.max} checks per ${checks.windowS} s per client IP)`,
        body: VerifyEmailBody,
        response: { 200: Verified },
      },
    },
    async (req) => verifyEmail(ctx, req.body, req.ip),
  );

  app.post(
    '/auth/resend-verification',
    {
      schema: {
        tags,
        summary: 'Mail a new verification code (replacing the old one); the same answer whether or not the e-mail is registered or verified',
        body: ResendVerificationBody,
        response: { 200: Message },
      },
    },
    async (req) => resendVerification(ctx, req.body.email, req.ip),
  );

  app.patch(
    '/auth/profile',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Change my display name (the username) and bio; needs the current password',
        body: ProfileUpdateBody,
        response: { 200: ProfileUpdated },
      },
    },
    async (req) => updateProfile(ctx, currentUser(req).id, req.body),
  );

  app.post(
    '/auth/request-email-change',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Mail a confirmation link (1 hour, single use) to a new address; the e-mail changes only when it is opened',
        body: EmailChangeBody,
        response: { 200: Message },
      },
    },
    async (req) => requestEmailChange(ctx, currentUser(req).id, req.body, appBaseUrl(req, ctx)),
  );

  app.get(
    '/auth/confirm-email-change',
    {
      schema: {
        tags,
        summary: 'Open the mailed link: the account moves to the new address (verified); no login needed',
        querystring: ConfirmEmailChangeQuery,
        response: { 200: EmailChanged },
      },
    },
    async (req) => confirmEmailChange(ctx, req.query.token),
  );

  app.patch(
    '/student/profile/password',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags: ['Users'],
        security,
        summary: 'Change my password (current password needed); every session ends, this one too: log in again',
        body: PasswordChangeBody,
        response: { 200: Ok },
      },
    },
    async (req) => changePassword(ctx, currentUser(req).id, req.body.current_password, req.body.new_password),
  );
};
