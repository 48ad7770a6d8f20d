// /api/v1/users: the seed's /me and /me/profile, and the web client's /profile.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { ClientProfile, ClientProfileSaved, ClientProfileUpdate, Profile, ProfileUpdate, UserMe } from './users.schemas.js';
import * as users from './users.service.js';

const tags = ['users'];
const security = [{ bearerAuth: [] }];

export const usersRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);

  app.get('/me', { schema: { tags, security, summary: 'The current user with their profile', response: { 200: UserMe } } }, async (req) =>
    users.getMe(ctx, currentUser(req).id),
  );
  app.patch(
    '/me/profile',
    { schema: { tags, security, summary: 'Update my profile (absent fields unchanged)', body: ProfileUpdate, response: { 200: Profile } } },
    async (req) => users.updateProfile(ctx, currentUser(req).id, req.body),
  );
  app.get('/profile', { schema: { tags, security, summary: 'My profile as the web client shows it', response: { 200: ClientProfile } } }, async (req) =>
    users.getClientProfile(ctx, currentUser(req).id),
  );
  app.put(
    '/profile',
    {
      schema: {
        tags,
        security,
        summary: 'Save the onboarding/profile form (camelCase; blank = unset)',
        body: ClientProfileUpdate,
        response: { 200: ClientProfileSaved },
      },
    },
    async (req) => users.saveClientProfile(ctx, currentUser(req).id, req.body),
  );
};
