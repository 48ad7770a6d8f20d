// /api/v1/ethics: my consents (record, list, withdraw), the legal documents' versions, my data-rights requests.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { security } from '../schemas.js';
import {
  Consent,
  ConsentBody,
  ConsentTypeParams,
  DataRequest,
  DataRequestBody,
  DataRequestSubmitted,
  DocumentVersion,
  Ok,
  PageQuery,
  Recorded,
} from './consent.schemas.js';
import { documentVersions, listMyConsents, recordConsent, withdrawMyConsent } from './consent.service.js';
import { listMyDataRequests, submitDataRequest } from './data-rights.service.js';

const tags = ['Privacy'];

const perHour = (ctx: ProductContext, name: string) => {
  const l = ctx.product.limits[name]!;
  return l.windowS === 3600 ? `${l.max} per hour` : `${l.max} per ${l.windowS} s`;
};

/** Mounted under /api/v1/ethics. */
export const consentRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.post(
    '/consent',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Record my answer to a consent (the same answer as my latest one adds nothing and returns its id)',
        description: `Unknown consent_type → 400. Only the account, type, version, answer and time are kept (no IP address or user agent). New answers: ${perHour(ctx, 'CONSENT_ANSWERS_PER_USER')} per learner.`,
        body: ConsentBody,
        response: { 200: Recorded },
      },
    },
    async (req) => recordConsent(ctx, currentUser(req).id, req.body),
  );
  app.get(
    '/consent/me',
    {
      preValidation: ctx.auth.preHandler,
      schema: { tags, security, summary: 'My consent records, newest first', querystring: PageQuery, response: { 200: Type.Array(Consent) } },
    },
    async (req) => listMyConsents(ctx, currentUser(req).id, req.query),
  );
  app.delete(
    '/consent/me/:consent_type',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Withdraw my consent of this type (404 when my latest answer is not an acceptance)',
        params: ConsentTypeParams,
        response: { 200: Ok },
      },
    },
    async (req) => withdrawMyConsent(ctx, currentUser(req).id, req.params.consent_type),
  );
  app.get(
    '/consent/versions',
    { schema: { tags, summary: 'The versions of the legal documents the app shows (public)', response: { 200: Type.Array(DocumentVersion) } } },
    async () => documentVersions(),
  );
  app.post(
    '/data-rights',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Make a data-rights request (access, correction, deletion, portability, restriction, objection)',
        description:
          'Access and portability are completed at once (the export is GET /api/users/me/export); deletion stays open and points to ' +
          `Delete account (DELETE /api/users/me); the others wait for the team. An acknowledgement is mailed. ${perHour(ctx, 'DATA_REQUESTS_PER_USER')} per learner.`,
        body: DataRequestBody,
        response: { 200: DataRequestSubmitted },
      },
    },
    async (req) => submitDataRequest(ctx, currentUser(req).id, req.body),
  );
  app.get(
    '/data-rights/me',
    {
      preValidation: ctx.auth.preHandler,
      schema: { tags, security, summary: 'My data-rights requests, newest first', querystring: PageQuery, response: { 200: Type.Array(DataRequest) } },
    },
    async (req) => listMyDataRequests(ctx, currentUser(req).id, req.query),
  );
};
