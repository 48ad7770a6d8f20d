// /api/auth: register, OAuth2 password-form login, logout, and the origin web client's /me and password reset.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { currentUser } from '../../../core/identity/authenticate.js';
import { appBaseUrl } from '../../../core/http/app-base.js';
import type { ProductContext } from '../../../core/product.js';
import { Message, security } from '../schemas.js';
import { AuthMe } from '../users/users.schemas.js';
import { getAuthMe } from '../users/users.service.js';
import { ForgotPasswordBody, LoginForm, LoginQuery, RegisterBody, Registered, ResetPasswordBody, Token } from './auth.schemas.js';
import * as auth from './auth.service.js';

const tags = ['Authentication'];
const client = (req: FastifyRequest) => ({ userAgent: req.headers['user-agent'], ip: req.ip });

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.post('/register', { schema: { tags, summary: 'Create a learner account', body: RegisterBody, response: { 201: Registered } } }, async (req, reply) =>
    reply.status(201).send(await auth.register(ctx, req.body, client(req))),
  );

  app.post(
    '/login',
    {
      schema: {
        tags,
        summary: 'Log in (OAuth2 password form: username = e-mail) and get a 30-minute access token',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        querystring: LoginQuery,
        body: LoginForm,
        response: { 200: Token },
      },
    },
    async (req) => auth.login(ctx, req.body, client(req)),
  );

  app.post(
    '/forgot-password',
    {
      schema: {
        tags,
        summary: 'Mail a password reset link (valid 1 hour); the same answer whether or not the e-mail is registered',
        body: ForgotPasswordBody,
        response: { 200: Message },
      },
    },
    async (req) => auth.forgotPassword(ctx, req.body.email, appBaseUrl(req, ctx), client(req)),
  );

  app.post(
    '/reset-password',
    { schema: { tags, summary: 'Choose a new password with the mailed token; every session ends', body: ResetPasswordBody, response: { 200: Message } } },
    async (req) => auth.resetPassword(ctx, req.body),
  );

  app.post(
    '/logout',
    {
      preValidation: ctx.auth.preHandler,
      schema: { tags, security, summary: 'End this session: its token stops working at once', response: { 200: Message } },
    },
    async (req) => auth.logout(ctx, currentUser(req).sessionId),
  );

  app.get(
    '/me',
    {
      preValidation: ctx.auth.preHandler,
      schema: { tags, security, summary: 'Who I am (the origin web client checks its stored token with this)', response: { 200: AuthMe } },
    },
    async (req) => getAuthMe(ctx, currentUser(req).id),
  );
};
