// /api/v1/auth: signup, login, refresh (query or body), logout.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ProductContext } from '../../core/product.js';
import { currentUser } from '../../core/identity/authenticate.js';
import { LoginRequest, Message, RefreshBody, RefreshQuery, SignupRequest, Token } from './auth.schemas.js';
import * as auth from './auth.service.js';

const client = (req: FastifyRequest) => ({ userAgent: req.headers['user-agent'], ip: req.ip });
const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.post('/signup', { schema: { tags, summary: 'Create an account and its profile', body: SignupRequest, response: { 200: Token } } }, async (req) =>
    auth.signup(ctx, req.body, client(req)),
  );

  app.post('/login', { schema: { tags, summary: 'Log in with e-mail and password', body: LoginRequest, response: { 200: Token } } }, async (req) =>
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
    '/logout',
    {
      preHandler: ctx.auth.preHandler,
      schema: { tags, summary: 'End this session: its refresh and access tokens stop working', security: [{ bearerAuth: [] }], response: { 200: Message } },
    },
    async (req) => {
      await auth.logout(ctx, currentUser(req).sessionId);
      return { message: 'Logged out' };
    },
  );
};
