// /v1/relationships invites: create (mailed), list, show the link again (members only); validate (public) and accept.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../core/http/errors.js';
import { sha256 } from '../../../core/identity/tokens.js';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { appBaseUrl } from '../../../core/http/app-base.js';
import { PageQuery } from '../../../core/http/schemas.js';
import { coachSettings } from '../shared/settings.js';
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

/** Invite mails per hour: from one account, and to one address (a flood or a relay costs at most this). */
export const INVITE_MAIL_LIMITS = { perAccount: 30, perRecipient: 5, windowMs: 3600_000 };
const security = [{ bearerAuth: [] }];

export const invitesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const auth = { preHandler: ctx.auth.preHandler };
  // Token guessing and e-mail probing: the public check is limited per client like contact lookup.
  const limited = { rateLimit: { max: coachSettings(ctx).lookupRateLimitMax, timeWindow: 60_000 } };
  // Invite mails, counted in the product's rate-limit store (Redis when configured, so every instance shares them):
  // per sending account and per recipient address (hashed: the store holds no e-mail addresses).
  const perAccount = app.createRateLimit({
    max: INVITE_MAIL_LIMITS.perAccount,
    timeWindow: INVITE_MAIL_LIMITS.windowMs,
    keyGenerator: (req) => `invite-mails-from:${currentUser(req).id}`,
  });
  const perRecipient = app.createRateLimit({
    max: INVITE_MAIL_LIMITS.perRecipient,
    timeWindow: INVITE_MAIL_LIMITS.windowMs,
    keyGenerator: (req) => `invite-mails-to:${sha256((req.body as { email: string }).email.trim().toLowerCase())}`,
  });
  const allowance = (req: FastifyRequest) => async () => {
    for (const [limit, who] of [
      [perAccount, 'you have sent'],
      [perRecipient, 'this address has received'],
    ] as const) {
      const r = await limit(req);
      if (!r.isAllowed && r.isExceeded) {
        throw new AppError('rate_limited', 429, `Too many invitations: ${who} the most allowed per hour, retry in ${r.ttlInSeconds} seconds`, {
          'retry-after': String(Math.max(1, r.ttlInSeconds)),
        });
      }
    }
  };

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
        summary: `Invite someone by e-mail (7 days; replaces a pending invite to the same e-mail; ${INVITE_MAIL_LIMITS.perAccount} mails per hour per sender, ${INVITE_MAIL_LIMITS.perRecipient} per recipient)`,
        params: InviteParams,
        body: InviteCreate,
        response: { 200: Invite },
      },
    },
    async (req) => invites.createInvite(ctx, currentUser(req).id, req.params.rid, req.body, appBaseUrl(req, ctx), allowance(req)),
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
