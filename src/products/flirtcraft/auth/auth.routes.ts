// /api/v1/auth: register, verify-email, resend-verification, login, me, refresh, logout, validate-password.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appBaseUrl } from '../../../core/http/app-base.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { bearer, clientOf, type Ctx } from '../shared/context.js';
import { Message, errors } from '../shared/envelope.js';
import {
  AuthResponse,
  EmailBody,
  LoginBody,
  PasswordBody,
  PasswordCheckResponse,
  RefreshBody,
  RefreshQuery,
  RegisterBody,
  TokenBody,
  User,
} from './auth.schemas.js';
import { login, me, presentAuth, presentUser, refresh, register, verifyEmail } from './auth.service.js';
import { checkPassword } from './password.js';

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.post(
    '/register',
    {
      schema: {
        tags,
        summary: 'Create an account; a verification mail follows (sign-in needs a verified address)',
        body: RegisterBody,
        response: { 200: AuthResponse, ...errors(400, 422, 429) },
      },
    },
    async (req) =>
      presentAuth(
        await register(ctx, req.body, clientOf(req), appBaseUrl(req, ctx)),
        ctx.now(),
        'Registration successful. Please verify your email to continue.',
      ),
  );

  app.post(
    '/verify-email',
    {
      schema: {
        tags,
        summary: 'Confirm the e-mail address with the token from the mail; signs the user in',
        body: TokenBody,
        response: { 200: AuthResponse, ...errors(400, 422, 429) },
      },
    },
    async (req) => presentAuth(await verifyEmail(ctx, req.body.token, clientOf(req)), ctx.now(), 'Email verified successfully!'),
  );

  app.post(
    '/resend-verification',
    {
      schema: {
        tags,
        summary: 'Send the verification mail again (same answer for any address)',
        body: EmailBody,
        response: { 200: Message, ...errors(422, 429) },
      },
    },
    async (req) => {
      await ctx.accounts.resendVerification(req.body.email, appBaseUrl(req, ctx), clientOf(req));
      return { success: true as const, message: 'If an account exists with this email, a verification email has been sent.' };
    },
  );

  app.post(
    '/login',
    { schema: { tags, summary: 'Sign in with e-mail and password', body: LoginBody, response: { 200: AuthResponse, ...errors(401, 403, 422, 429) } } },
    async (req) => presentAuth(await login(ctx, req.body.email, req.body.password, clientOf(req)), ctx.now(), 'Login successful!'),
  );

  app.get(
    '/me',
    { preValidation: ctx.auth.preHandler, schema: { tags, security: bearer, summary: 'The signed-in user', response: { 200: User, ...errors(401) } } },
    async (req) => presentUser(await me(ctx, currentUser(req).id), ctx.now()),
  );

  app.post(
    '/refresh',
    {
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new pair (body, or the query the original API read)',
        body: RefreshBody,
        querystring: RefreshQuery,
        response: { 200: AuthResponse, ...errors(401, 422) },
      },
    },
    async (req) => presentAuth(await refresh(ctx, req.body?.refresh_token ?? req.query.refresh_token), ctx.now(), 'Token refreshed successfully'),
  );

  app.post(
    '/logout',
    {
      preValidation: ctx.auth.preHandler,
      schema: { tags, security: bearer, summary: 'End this session (its tokens stop working)', response: { 200: Message, ...errors(401) } },
    },
    async (req) => {
      await ctx.accounts.logout(currentUser(req).sessionId);
      return { success: true as const, message: 'Logout successful' };
    },
  );

  app.post(
    '/validate-password',
    {
      schema: {
        tags,
        summary: 'How a password measures up to the rules (nothing is stored)',
        body: PasswordBody,
        response: { 200: PasswordCheckResponse, ...errors(422) },
      },
    },
    async (req) => ({ success: true as const, data: checkPassword(req.body.password), message: 'Password validation completed' }),
  );
};
