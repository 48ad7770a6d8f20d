// /api/users/me: my account, and changes to it (PUT as designed, PATCH as the origin web client sends).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { security } from '../schemas.js';
import { UpdateUser, User } from './users.schemas.js';
import { getMe, updateMe } from './users.service.js';

const tags = ['Users'];

export const usersRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.get('/me', { preValidation: ctx.auth.preHandler, schema: { tags, security, summary: 'My account', response: { 200: User } } }, async (req) =>
    getMe(ctx, currentUser(req).id),
  );
  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method,
      url: '/me',
      preValidation: ctx.auth.preHandler,
      schema: { tags, security, summary: 'Change my username, target language or picture (a taken username → 400)', body: UpdateUser, response: { 200: User } },
      handler: async (req) => updateMe(ctx, currentUser(req).id, req.body),
    });
  }
};
