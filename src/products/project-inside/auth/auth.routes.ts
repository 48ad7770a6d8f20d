// /v1/auth: signup (optionally with an invite token), login, refresh (rotating), logout.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { LoginRequest, RefreshRequest, SignupRequest, TokenResponse } from './auth.schemas.js';
import { Ok } from '../relationships/relationships.schemas.js';
import * as auth from './auth.service.js';

const client = (req: FastifyRequest) => ({ userAgent: req.headers['user-agent'], ip: req.ip });
const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.post(
    '/signup',
    { schema: { tags, summary: "Create an account; an invite_token joins the invite's relationship", body: SignupRequest, response: { 200: TokenResponse } } },
    async (req) => auth.signup(ctx, req.body, client(req)),
  );
  app.post('/login', { schema: { tags, summary: 'Log in with e-mail and password', body: LoginRequest, response: { 200: TokenResponse } } }, async (req) =>
    auth.login(ctx, req.body, client(req)),
  );
  app.post(
    '/refresh',
    {
      schema: { tags, summary: 'Exchange a refresh token for a new pair (the old one stops working)', body: RefreshRequest, response: { 200: TokenResponse } },
    },
    async (req) => auth.refresh(ctx, req.body.refresh_token),
  );
  app.post(
    '/logout',
    {
      preHandler: ctx.auth.preHandler,
      schema: { tags, security: [{ bearerAuth: [] }], summary: 'End this session: its access and refresh tokens stop working', response: { 200: Ok } },
    },
    async (req) => auth.logout(ctx, currentUser(req).sessionId),
  );
};
