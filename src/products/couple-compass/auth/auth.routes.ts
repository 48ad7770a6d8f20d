// /api/v1/auth: the seed's signup/login/refresh/password reset/logout and the web client's register/me/profile.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { appBaseUrl } from '../../../core/http/app-base.js';
import {
  AuthMe,
  LoginRequest,
  LoginResponse,
  Message,
  PasswordResetConfirm,
  PasswordResetRequest,
  RefreshBody,
  RefreshQuery,
  RegisterRequest,
  RegisterResponse,
  SignupRequest,
  Token,
} from './auth.schemas.js';
import * as auth from './auth.service.js';
import { authMe } from '../users/users.service.js';

const client = (req: FastifyRequest) => ({ userAgent: req.headers['user-agent'], ip: req.ip });
const tags = ['auth'];
const security = [{ bearerAuth: [] }];

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.post('/signup', { schema: { tags, summary: 'Create an account and its profile', body: SignupRequest, response: { 200: Token } } }, async (req) =>
    auth.signup(ctx, req.body, client(req)),
  );

  app.post(
    '/register',
    { schema: { tags, summary: 'Create an account (web client shape)', body: RegisterRequest, response: { 200: RegisterResponse } } },
    async (req) => auth.register(ctx, req.body, client(req)),
  );

  app.post('/login', { schema: { tags, summary: 'Log in with e-mail and password', body: LoginRequest, response: { 200: LoginResponse } } }, async (req) =>
    auth.login(ctx, req.body, client(req)),
  );

  app.post(
    '/refresh',
    {
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new token pair (the old one stops working)',
        description: 'The refresh token may be sent as the `refresh_token` query parameter (as the original API) or in a JSON body.',
        querystring: RefreshQuery,
        body: RefreshBody,
        response: { 200: Token },
      },
    },
    async (req) => auth.refresh(ctx, req.query.refresh_token ?? req.body?.refresh_token),
  );

  app.post(
    '/password-reset/request',
    {
      schema: {
        tags,
        summary: 'Mail a single-use reset link (valid 1 h); the same answer whether or not the e-mail is registered',
        body: PasswordResetRequest,
        response: { 202: Message },
      },
    },
    async (req, reply) => reply.status(202).send(await auth.requestPasswordReset(ctx, req.body.email, appBaseUrl(req, ctx), client(req))),
  );

  app.post(
    '/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Set a new password with the mailed token; every session is logged out',
        body: PasswordResetConfirm,
        response: { 200: Message },
      },
    },
    async (req) => auth.confirmPasswordReset(ctx, req.body.token, req.body.new_password),
  );

  app.post(
    '/logout',
    {
      preHandler: ctx.auth.preHandler,
      schema: { tags, security, summary: 'End this session: its refresh and access tokens stop working', response: { 200: Message } },
    },
    async (req) => {
      await auth.logout(ctx, currentUser(req).sessionId);
      return { message: 'Logged out' };
    },
  );

  for (const path of ['/me', '/profile']) {
    app.get(
      path,
      { preHandler: ctx.auth.preHandler, schema: { tags, security, summary: 'Who I am, with my partner (web client)', response: { 200: AuthMe } } },
      async (req) => authMe(ctx, currentUser(req).id),
    );
  }
};
