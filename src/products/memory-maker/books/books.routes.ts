// /books: my books (paginated), create, read, change, delete.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { Ctx } from '../context.js';
import { errors } from '../errors.js';
import { actorOf } from '../users/actor.js';
import { Book, BookList, BookParams, BookQuery, CreateBook, UpdateBook } from './books.schemas.js';
import * as books from './books.service.js';
import { printBook } from '../pdf/pdf.service.js';

const tags = ['books'];
const security = [{ bearerAuth: [] }];

export const booksRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.addHook('onRequest', ctx.auth.preHandler); // before the body is read or validated: 401 comes first

  app.get(
    '/',
    { schema: { tags, security, summary: 'My books, newest first', querystring: BookQuery, response: { 200: BookList, ...errors(401, 422) } } },
    async (req) => books.listMyBooks(ctx, currentUser(req).id, req.query),
  );
  app.post(
    '/',
    { schema: { tags, security, summary: 'Create a book', body: CreateBook, response: { 201: Book, ...errors(401, 404, 422) } } },
    async (req, reply) => reply.status(201).send(await books.createBook(ctx, currentUser(req).id, req.body)),
  );
  app.get(
    '/:book_id',
    { schema: { tags, security, summary: 'A book (its owner or a superuser)', params: BookParams, response: { 200: Book, ...errors(401, 404, 422) } } },
    async (req) => books.getBook(ctx, await actorOf(ctx, req), req.params.book_id),
  );
  app.put(
    '/:book_id',
    {
      schema: {
        tags,
        security,
        summary: 'Change a book (not while it is being generated)',
        params: BookParams,
        body: UpdateBook,
        response: { 200: Book, ...errors(401, 404, 409, 422) },
      },
    },
    async (req) => books.updateBook(ctx, await actorOf(ctx, req), req.params.book_id, req.body),
  );
  app.get(
    '/:book_id/pdf',
    {
      schema: {
        tags,
        security,
        summary: 'The printable book as a PDF (owner or superuser; once generated; PREVIEW-marked until paid)',
        params: BookParams,
        response: {
          200: { description: 'A title page, then one page per story page', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
          ...errors(401, 404, 409, 422, 429),
        },
      },
    },
    async (req, reply) => {
      const { pdf, fileName } = await printBook(ctx, await actorOf(ctx, req), req.params.book_id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );
  app.delete(
    '/:book_id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a book (not while it is being generated)',
        params: BookParams,
        response: { 204: Type.Null(), ...errors(401, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      await books.deleteBook(ctx, await actorOf(ctx, req), req.params.book_id);
      return reply.status(204).send(null);
    },
  );
};
