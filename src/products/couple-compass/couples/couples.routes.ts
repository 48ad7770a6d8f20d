// /api/v1/couples (seed) and /api/v1/partner (web client): one couples model behind both.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { Couple, CoupleUpdate, InviteCode, JoinRequest, LinkRequest, LinkResponse, PartnerCode, PartnerStatus, UnlinkResponse } from './couples.schemas.js';
import * as couples from './couples.service.js';

const security = [{ bearerAuth: [] }];

export const couplesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  const tags = ['couples'];

  app.post(
    '/invite',
    { schema: { tags, security, summary: 'Create an 8-character invite code (valid 24 h; replaces a pending one)', response: { 200: InviteCode } } },
    async (req) => couples.createInviteCode(ctx, currentUser(req).id, 8),
  );
  app.post(
    '/join',
    {
      schema: {
        tags,
        security,
        summary: "Join the couple of the code's creator (wrong codes are limited per account and IP: 429)",
        body: JoinRequest,
        response: { 200: Couple },
      },
    },
    async (req) => couples.joinCouple(ctx, currentUser(req).id, req.body.code, { ip: req.ip }),
  );
  app.get('/me', { schema: { tags, security, summary: 'My couple with its members (404 when none)', response: { 200: Couple } } }, async (req) =>
    couples.getMyCouple(ctx, currentUser(req).id),
  );
  app.patch(
    '/me',
    { schema: { tags, security, summary: 'Change status (ending frees both members) or anniversary date', body: CoupleUpdate, response: { 200: Couple } } },
    async (req) => couples.updateMyCouple(ctx, currentUser(req).id, req.body),
  );
};

export const partnerRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  const tags = ['partner'];

  app.get(
    '/status',
    { schema: { tags, security, summary: 'Whether I am linked, my partner, my pending code', response: { 200: PartnerStatus } } },
    async (req) => couples.partnerStatus(ctx, currentUser(req).id),
  );
  app.post(
    '/generate-code',
    { schema: { tags, security, summary: 'Create a 6-character partner code (no 0/O/I/1, valid 24 h)', response: { 200: PartnerCode } } },
    async (req) => couples.createPartnerCode(ctx, currentUser(req).id),
  );
  app.post(
    '/link',
    {
      schema: {
        tags,
        security,
        summary: 'Link with the partner whose code this is (case-insensitive)',
        description: 'Wrong codes are counted per account and per client IP; past the limit every attempt answers 429 with Retry-After.',
        body: LinkRequest,
        response: { 200: LinkResponse },
      },
    },
    async (req) => couples.linkPartner(ctx, currentUser(req).id, req.body.code, { ip: req.ip }),
  );
  app.delete(
    '/unlink',
    { schema: { tags, security, summary: 'End the couple: both partners are free again', response: { 200: UnlinkResponse } } },
    async (req) => couples.unlinkPartner(ctx, currentUser(req).id),
  );
};
