// /v1/relationships invites: create (mailed), list, show the link again (members only); validate (public) and accept.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { appBaseUrl } from '../../../core/http/app-base.js';
import { PageQuery } from '../../../core/http/schemas.js';
import { describeLimit, lookupRateLimit } from '../shared/limits.js';
import {
  Invite,
  InviteAccept,
  InviteAccepted,
  InviteCreate,
  InviteLink,
  InviteLinkParams,
  InviteParams,
  InviteValidation,
  ValidateQuery,
} from './invites.schemas.js';
import * as invites from './invites.service.js';

const tags = ['invites'];

const security = [{ bearerAuth: [] }];

export const invitesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const auth = { preHandler: ctx.auth.preHandler };
  // Token guessing and e-mail probing: the public check is limited per client like contact lookup.
  const limited = lookupRateLimit(ctx);

  app.get(
    '/invites/validate',
    {
      config: limited,
      schema: {
        tags,
        summary: 'What an invite link is for, and whether it can still be used (public)',
        querystring: ValidateQuery,
        response: { 200: InviteValidation },
      },
    },
    async (req) => invites.validateInvite(ctx, req.query.token),
  );
  app.post(
    '/invites/accept',
    {
      ...auth,
      config: limited,
      schema: { tags, security, summary: 'Join the relationship of an invite with my existing account', body: InviteAccept, response: { 200: InviteAccepted } },
    },
    async (req) => invites.acceptInvite(ctx, currentUser(req).id, req.body.token),
  );
  app.post(
    '/:rid/invites',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: `Invite someone by e-mail (7 days; replaces a pending invite to the same e-mail; ${describeLimit(ctx, 'MAIL_PER_ACCOUNT')} per sender, ${describeLimit(ctx, 'MAIL_PER_RECIPIENT')} per recipient, with its other mails)`,
        params: InviteParams,
        body: InviteCreate,
        response: { 200: Invite },
      },
    },
    async (req) => invites.createInvite(ctx, currentUser(req).id, req.params.rid, req.body, appBaseUrl(req, ctx)),
  );
  app.get(
    '/:rid/invites',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: "This relationship's invites, newest first",
        params: InviteParams,
        querystring: PageQuery,
        response: { 200: Type.Array(Invite) },
      },
    },
    async (req) => invites.listInvites(ctx, currentUser(req).id, req.params.rid, req.query.limit, req.query.offset),
  );
  app.get(
    '/:rid/invites/:invite_id/link',
    { ...auth, schema: { tags, security, summary: 'The invite link again, to share it another way', params: InviteLinkParams, response: { 200: InviteLink } } },
    async (req) => invites.getInviteLink(ctx, currentUser(req).id, req.params.rid, req.params.invite_id, appBaseUrl(req, ctx)),
  );
};
