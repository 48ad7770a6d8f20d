// /auth: register, OAuth2 password login (form or JSON), refresh (query or body, rotating), logout.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { currentUser } from '../../../core/identity/authenticate.js';
import { TokenResponse } from '../../../core/identity/token-response.js';
import type { Ctx } from '../context.js';
import { errors } from '../errors.js';
import { User } from '../users/users.schemas.js';
import { LoginForm, Message, RefreshBody, RefreshQuery, RegisterBody } from './auth.schemas.js';
import * as auth from './auth.service.js';

const client = (req: FastifyRequest) => ({ userAgent: req.headers['user-agent'], ip: req.ip });
const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.post(
    '/register',
    { schema: { tags, summary: 'Create an account (is_superuser is ignored)', body: RegisterBody, response: { 200: User, ...errors(400, 422, 429) } } },
    async (req) => auth.register(ctx, req.body, client(req)),
  );

  app.post(
    '/login',
    {
      schema: {
        tags,
        summary: 'Log in with the OAuth2 password form (username = e-mail)',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: LoginForm,
        response: { 200: TokenResponse, ...errors(400, 401, 422, 429) },
      },
    },
    async (req) => auth.login(ctx, req.body.username, req.body.password, client(req)),
  );

  app.post(
    '/refresh',
    {
      schema: {
        tags,
        summary: 'A new token pair for a refresh token (rotated: the old one stops working)',
        description: 'The refresh token goes in the `refresh_token` query parameter (as the seed) or in a JSON body.',
        querystring: RefreshQuery,
        body: RefreshBody,
        response: { 200: TokenResponse, ...errors(401, 422) },
      },
    },
    async (req) => auth.refresh(ctx, req.query.refresh_token ?? req.body?.refresh_token),
  );

  app.post(
    '/logout',
    {
      onRequest: ctx.auth.preHandler,
      schema: {
        tags,
        security: [{ bearerAuth: [] }],
        summary: 'End this session: its refresh token and access tokens stop working',
        response: { 200: Message, ...errors(401) },
      },
    },
    async (req) => auth.logout(ctx, currentUser(req).sessionId),
  );
};
