// /api/v1/users
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../core/product.js';
import { currentUser } from '../../core/identity/authenticate.js';
import { UserMe } from './users.schemas.js';
import { getMe } from './users.service.js';

const tags = ['users'];
const security = [{ bearerAuth: [] }];

export const usersRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);

  app.get('/me', { schema: { tags, security, summary: 'The current user with their profile', response: { 200: UserMe } } }, async (req) =>
    getMe(ctx, currentUser(req).id),
  );
};
