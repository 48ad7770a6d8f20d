// /v1/relationships: create, list, read, end.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { PageQuery } from '../../../core/http/schemas.js';
import { Ok, Relationship, RelationshipCreate, RelationshipParams } from './relationships.schemas.js';
import * as svc from './relationships.service.js';

const tags = ['relationships'];
const security = [{ bearerAuth: [] }];

export const relationshipsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const auth = { preHandler: ctx.auth.preHandler };
  app.post(
    '/',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'Create a relationship with other users (I am its OWNER); adding back the one person who asked to add me accepts their request instead',
        body: RelationshipCreate,
        response: { 200: Relationship },
      },
    },
    async (req) => svc.create(ctx, currentUser(req).id, req.body),
  );
  app.get(
    '/',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'My active relationships (accepted, and requests I have not answered), newest first',
        querystring: PageQuery,
        response: { 200: Type.Array(Relationship) },
      },
    },
    async (req) => svc.list(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );
  app.get(
    '/:rid',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'One of my relationships (also while I am only INVITED)',
        params: RelationshipParams,
        response: { 200: Relationship },
      },
    },
    async (req) => svc.get(ctx, currentUser(req).id, req.params.rid),
  );
  app.post(
    '/:rid/accept',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'Accept being added to a relationship by another member (idempotent)',
        params: RelationshipParams,
        response: { 200: Relationship },
      },
    },
    async (req) => svc.accept(ctx, currentUser(req).id, req.params.rid),
  );
  app.post(
    '/:rid/decline',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'Decline being added: my pending membership goes (409 once accepted)',
        params: RelationshipParams,
        response: { 200: Ok },
      },
    },
    async (req) => svc.decline(ctx, currentUser(req).id, req.params.rid),
  );
  app.delete(
    '/:rid',
    {
      ...auth,
      schema: { tags, security, summary: 'End a relationship (members only); its history stays', params: RelationshipParams, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await svc.remove(ctx, currentUser(req).id, req.params.rid);
      return reply.status(204).send(null);
    },
  );
};
