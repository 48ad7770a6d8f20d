// /v1/users: me, my profile edits, and the people I share a relationship with.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../core/product.js';
import { currentUser } from '../../core/identity/authenticate.js';
import { User, UserParams, UserUpdate } from './users.schemas.js';
import * as users from './users.service.js';

const tags = ['users'];
const security = [{ bearerAuth: [] }];

export const usersRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);

  app.get('/me', { schema: { tags, security, summary: 'The current user and their profile', response: { 200: User } } }, async (req) =>
    users.getMe(ctx, currentUser(req).id),
  );
  app.patch(
    '/me',
    { schema: { tags, security, summary: 'Edit my profile (absent fields unchanged, null clears; an empty body changes nothing)', body: UserUpdate, response: { 200: User } } },
    async (req) => users.updateMe(ctx, currentUser(req).id, req.body ?? {}),
  );
  app.get(
    '/:user_id',
    { schema: { tags, security, summary: 'A user: myself or someone sharing an active relationship with me (else 403)', params: UserParams, response: { 200: User } } },
    async (req) => users.getUser(ctx, currentUser(req).id, req.params.user_id),
  );
};
