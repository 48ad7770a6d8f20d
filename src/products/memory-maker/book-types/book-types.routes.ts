// /book-types (public catalogue, cached) and /admin/book-types (superusers: list all, add, change, retire).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Ctx } from '../context.js';
import { errors } from '../errors.js';
import { actorOf } from '../users/actor.js';
import { AdminCatalogueQuery, BookType, BookTypeList, BookTypeParams, CatalogueQuery, CreateBookType, UpdateBookType } from './book-types.schemas.js';
import * as service from './book-types.service.js';

const tags = ['book-types'];
const security = [{ bearerAuth: [] }];

export const bookTypesRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/',
    { schema: { tags, summary: 'The book types on sale (active), by id', querystring: CatalogueQuery, response: { 200: BookTypeList, ...errors(422) } } },
    async (req) => service.listBookTypes(ctx, req.query),
  );
  app.get(
    '/:book_type_id',
    { schema: { tags, summary: 'One book type on sale', params: BookTypeParams, response: { 200: BookType, ...errors(404, 422) } } },
    async (req) => service.getBookType(ctx, req.params.book_type_id),
  );
};

export const adminBookTypesRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.addHook('onRequest', ctx.auth.preHandler); // before the body is read or validated: 401 comes first
  const adminTags = ['admin'];

  app.get(
    '/',
    {
      schema: {
        tags: adminTags,
        security,
        summary: 'Every book type, retired ones too (superusers)',
        querystring: AdminCatalogueQuery,
        response: { 200: BookTypeList, ...errors(401, 403, 422) },
      },
    },
    async (req) => service.adminListBookTypes(ctx, await actorOf(ctx, req), req.query),
  );
  app.post(
    '/',
    {
      schema: {
        tags: adminTags,
        security,
        summary: 'Add a book type (superusers)',
        body: CreateBookType,
        response: { 201: BookType, ...errors(400, 401, 403, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createBookType(ctx, await actorOf(ctx, req), req.body)),
  );
  app.put(
    '/:book_type_id',
    {
      schema: {
        tags: adminTags,
        security,
        summary: 'Change a book type (superusers)',
        params: BookTypeParams,
        body: UpdateBookType,
        response: { 200: BookType, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req) => service.updateBookType(ctx, await actorOf(ctx, req), req.params.book_type_id, req.body),
  );
  app.delete(
    '/:book_type_id',
    {
      schema: {
        tags: adminTags,
        security,
        summary: 'Retire a book type (superusers); books made with it keep it',
        params: BookTypeParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.retireBookType(ctx, await actorOf(ctx, req), req.params.book_type_id);
      return reply.status(204).send(null);
    },
  );
};
