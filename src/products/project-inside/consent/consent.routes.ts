// /v1/relationships/{rid}/consent: templates, my consent (versioned), every member's consent. Members only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { ConsentParams, ConsentSaved, ConsentTemplate, ConsentUpdate, ConsentUserParams, RelationshipConsent } from './consent.schemas.js';
import * as consent from './consent.service.js';

const tags = ['consent'];
const security = [{ bearerAuth: [] }];

export const consentRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);

  app.get(
    '/:rid/consent/templates',
    {
      schema: {
        tags,
        security,
        summary: 'Consent templates (sets of scopes from the catalogue) for this relationship',
        params: ConsentParams,
        response: { 200: Type.Array(ConsentTemplate) },
      },
    },
    async (req) => consent.templates(ctx, currentUser(req).id, req.params.rid),
  );
  app.put(
    '/:rid/consent/:uid',
    {
      schema: {
        tags,
        security,
        summary: 'Set my consent in this relationship (uid = my id or `me`); version 1, then +1 per change',
        params: ConsentUserParams,
        body: ConsentUpdate,
        response: { 200: ConsentSaved },
      },
    },
    async (req) => consent.saveMine(ctx, currentUser(req).id, req.params.rid, req.params.uid, req.body),
  );
  app.get(
    '/:rid/consent',
    {
      schema: {
        tags,
        security,
        summary: "Every member's consent status and scopes (PENDING, version 0 until they answer)",
        params: ConsentParams,
        response: { 200: RelationshipConsent },
      },
    },
    async (req) => consent.listForRelationship(ctx, currentUser(req).id, req.params.rid),
  );
};
