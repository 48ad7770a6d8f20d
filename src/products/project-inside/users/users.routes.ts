// /v1/users: me, my profile edits, and the people I share a relationship with.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { Type } from '@sinclair/typebox';
import { PageQuery } from '../../../core/http/schemas.js';
import { Block, Blocked, User, UserParams, UserUpdate } from './users.schemas.js';
import * as users from './users.service.js';
import * as blocks from './blocks.service.js';
import { Ok } from '../relationships/relationships.schemas.js';

const tags = ['users'];
const PROFILE_BODY_LIMIT = 8 * 1024 * 1024;
const security = [{ bearerAuth: [] }];

export const usersRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);

  app.get('/me', { schema: { tags, security, summary: 'The current user and their profile', response: { 200: User } } }, async (req) =>
    users.getMe(ctx, currentUser(req).id),
  );
  app.patch(
    '/me',
    {
      // A profile picture may come inline as a data URL (up to 5 MB of image): the only route with a larger body.
      bodyLimit: PROFILE_BODY_LIMIT,
      schema: {
        tags,
        security,
        summary: 'Edit my profile (absent fields unchanged, null clears; an empty body changes nothing)',
        body: UserUpdate,
        response: { 200: User },
      },
    },
    async (req) => users.updateMe(ctx, currentUser(req).id, req.body ?? {}),
  );
  app.get(
    '/me/blocks',
    { schema: { tags, security, summary: 'The users I blocked, newest first', querystring: PageQuery, response: { 200: Type.Array(Block) } } },
    async (req) => blocks.list(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );
  app.post(
    '/:user_id/block',
    {
      schema: {
        tags,
        security,
        summary: 'Block a user: they can no longer add me, poke me, send me hearts, invite my e-mail, read my profile or look me up (idempotent)',
        params: UserParams,
        response: { 200: Blocked },
      },
    },
    async (req) => blocks.block(ctx, currentUser(req).id, req.params.user_id),
  );
  app.delete(
    '/:user_id/block',
    { schema: { tags, security, summary: 'Unblock a user (404 when not blocked)', params: UserParams, response: { 200: Ok } } },
    async (req) => blocks.unblock(ctx, currentUser(req).id, req.params.user_id),
  );
  app.get(
    '/:user_id',
    {
      schema: {
        tags,
        security,
        summary: 'A user: myself or someone sharing an active relationship with me (else 403)',
        params: UserParams,
        response: { 200: User },
      },
    },
    async (req) => users.getUser(ctx, currentUser(req).id, req.params.user_id),
  );
};
