// /users: my account (read, change e-mail or password), another account for a superuser, GDPR export and erase.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { Ctx } from '../context.js';
import { errors } from '../errors.js';
import { actorOf } from './actor.js';
import { UpdateMe, User, UserIdParams } from './users.schemas.js';
import * as users from './users.service.js';

const tags = ['users'];
const security = [{ bearerAuth: [] }];

export const usersRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.addHook('onRequest', ctx.auth.preHandler); // before the body is read or validated: 401 comes first

  app.get('/me', { schema: { tags, security, summary: 'My account', response: { 200: User, ...errors(401) } } }, async (req) =>
    users.getMe(ctx, currentUser(req).id),
  );

  app.put(
    '/me',
    {
      schema: {
        tags,
        security,
        summary: 'Change my e-mail and/or password (is_superuser and is_active are ignored)',
        description: 'A password change needs `current_password` and ends every session, this one too.',
        body: UpdateMe,
        response: { 200: User, ...errors(400, 401, 422) },
      },
    },
    async (req) => users.updateMe(ctx, currentUser(req).id, req.body),
  );

  app.get(
    '/:user_id',
    {
      schema: {
        tags,
        security,
        summary: 'An account: my own, or any for a superuser',
        params: UserIdParams,
        response: { 200: User, ...errors(401, 403, 404, 422) },
      },
    },
    async (req) => users.getUser(ctx, await actorOf(ctx, req), req.params.user_id),
  );
};
