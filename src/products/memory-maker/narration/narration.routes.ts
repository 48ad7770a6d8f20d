// GET /api/v1/books/{book_id}/audio — the link in the book's QR code. No token needed for a purchased book (a phone
// scanning the printed code has none); a token, when sent, must be valid, and lets the owner listen before paying.
// Ranges are honoured (mobile players ask for them before playing).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerToken } from '../../../core/identity/authenticate.js';
import type { Ctx } from '../context.js';
import { errors } from '../errors.js';
import { BookParams } from '../books/books.schemas.js';
import { actorOf } from '../users/actor.js';
import { byteRange, narration } from './narration.service.js';

export const narrationRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/:book_id/audio',
    {
      schema: {
        tags: ['books'],
        security: [{}, { bearerAuth: [] }],
        summary: 'The book read aloud (MP3): open for a purchased book (its QR code), otherwise its owner or a superuser',
        params: BookParams,
        headers: Type.Object({ range: Type.Optional(Type.String({ maxLength: 200, description: 'bytes=start-end' })) }),
        response: {
          200: { description: 'The whole recording', content: { 'audio/mpeg': { schema: { type: 'string', format: 'binary' } } } },
          206: { description: 'The requested byte range', content: { 'audio/mpeg': { schema: { type: 'string', format: 'binary' } } } },
          416: { description: 'The range lies outside the recording', type: 'null' },
          ...errors(401, 404, 409, 422, 429, 503),
        },
      },
    },
    async (req, reply) => {
      const token = bearerToken(req.headers.authorization);
      let actor;
      if (token !== undefined) {
        req.user = await ctx.auth.verify(token, req);
        actor = await actorOf(ctx, req);
      }
      const audio = await narration(ctx, actor, actor ? actor.id : `ip:${req.ip}`, req.params.book_id);
      reply
        .header('accept-ranges', 'bytes')
        .header('cache-control', actor ? 'private, no-store' : 'private, max-age=300')
        .type('audio/mpeg');
      const range = byteRange(req.headers.range, audio.length);
      if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${audio.length}`).send(null);
      if (!range) return reply.send(audio);
      const [start, end] = range;
      return reply
        .status(206)
        .header('content-range', `bytes ${start}-${end}/${audio.length}`)
        .send(audio.subarray(start, end + 1));
    },
  );
};
