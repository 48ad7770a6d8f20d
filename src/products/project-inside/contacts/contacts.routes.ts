// /v1/contacts: look someone up by e-mail (rate-limited per client).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { lookupRateLimit } from '../shared/limits.js';
import { LookupRequest, LookupResult } from './contacts.schemas.js';
import * as contacts from './contacts.service.js';

const tags = ['contacts'];
const security = [{ bearerAuth: [] }];

export const contactsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.post(
    '/lookup',
    {
      preHandler: ctx.auth.preHandler,
      config: lookupRateLimit(ctx),
      schema: {
        tags,
        security,
        summary: 'Whether an e-mail belongs to a user (EXISTS, NOT_FOUND, or BLOCKED when they are PRIVATE)',
        body: LookupRequest,
        response: { 200: LookupResult },
      },
    },
    async (req) => contacts.lookup(ctx, currentUser(req).id, req.body.email),
  );
};
