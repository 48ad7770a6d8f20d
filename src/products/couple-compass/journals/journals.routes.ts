// /api/v1/journals: entries (analysed in the background) and voice notes (multipart upload, transcribed later).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { invalidField } from '../../../core/http/errors.js';
import { PageQuery } from '../../../core/http/schemas.js';
import { Journal, JournalCreate, JournalList, JournalParams, JournalUpdate, VoiceNote, VoiceNoteList, VoiceNoteParams } from './journals.schemas.js';
import * as journals from './journals.service.js';

const security = [{ bearerAuth: [] }];

/** `/couple-compass/api/v1` or `/api/v1`, whichever this request came through (links in answers use it). */
const apiBase = (req: FastifyRequest) => req.url.slice(0, Math.max(0, req.url.indexOf('/journals')));

export const journalsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  await app.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 1, fields: 5, fieldSize: 1024, parts: 6 } });
  const tags = ['journals'];
  const vtags = ['voice notes'];

  app.post(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'Write an entry; it is analysed in the background (sentiment_score null until then)',
        body: JournalCreate,
        response: { 201: Journal },
      },
    },
    async (req, reply) => reply.status(201).send(await journals.createJournal(ctx, currentUser(req).id, req.body)),
  );
  app.get('/', { schema: { tags, security, summary: 'My entries, newest first', querystring: PageQuery, response: { 200: JournalList } } }, async (req) =>
    journals.listJournals(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );
  app.get(
    '/shared',
    { schema: { tags, security, summary: "The couple's shared entries (mine and my partner's)", querystring: PageQuery, response: { 200: JournalList } } },
    async (req) => journals.sharedJournals(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );

  app.post(
    '/voice-notes',
    {
      schema: {
        tags: vtags,
        security,
        summary: 'Upload a voice note (multipart field `file`, audio only; optional field `visibility`)',
        description: 'Streamed to storage. At most UPLOAD_LIMIT_BYTES per file and COUPLE_COMPASS_VOICE_NOTE_QUOTA_BYTES per user in all (413 past either).',
        consumes: ['multipart/form-data'],
        response: { 201: VoiceNote },
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      if (!req.isMultipart()) throw invalidField(['body', 'file'], 'Field required (send multipart/form-data with a `file` part)', null, 'missing');
      // The file is streamed to storage as it arrives; the row is written once every part is read.
      let stored: journals.StoredVoiceFile | undefined;
      let visibility: 'private' | 'shared' = 'private';
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file' || stored) {
              part.file.resume();
              continue;
            }
            stored = await journals.storeVoiceFile(ctx, user.id, part.file, part.mimetype);
          } else if (part.fieldname === 'visibility') {
            const v = String(part.value);
            if (v !== 'private' && v !== 'shared') throw invalidField(['body', 'visibility'], "Input should be 'private' or 'shared'", v, 'enum');
            visibility = v;
          }
        }
      } catch (e) {
        if (stored) await journals.discardVoiceFile(ctx, stored);
        throw e;
      }
      if (!stored) throw invalidField(['body', 'file'], 'Field required', null, 'missing');
      return reply.status(201).send(await journals.saveVoiceNote(ctx, user.id, stored, visibility, apiBase(req)));
    },
  );
  app.get(
    '/voice-notes',
    { schema: { tags: vtags, security, summary: 'My voice notes, newest first', querystring: PageQuery, response: { 200: VoiceNoteList } } },
    async (req) => journals.listVoiceNotes(ctx, currentUser(req).id, req.query.limit, req.query.offset, apiBase(req)),
  );
  app.get(
    '/voice-notes/:voice_note_id',
    { schema: { tags: vtags, security, summary: 'One voice note (mine, or my partner’s shared one)', params: VoiceNoteParams, response: { 200: VoiceNote } } },
    async (req) => journals.getVoiceNote(ctx, currentUser(req).id, req.params.voice_note_id, apiBase(req)),
  );
  app.get(
    '/voice-notes/:voice_note_id/download',
    {
      schema: {
        tags: vtags,
        security,
        summary: 'The audio file',
        params: VoiceNoteParams,
        produces: ['audio/*'],
        response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) },
      },
    },
    async (req, reply) => {
      const f = await journals.openVoiceNote(ctx, currentUser(req).id, req.params.voice_note_id);
      reply.type(f.contentType).header('content-disposition', `attachment; filename="${f.filename}"`);
      if (f.size !== undefined) reply.header('content-length', f.size);
      return reply.send(f.body);
    },
  );
  app.delete(
    '/voice-notes/:voice_note_id',
    { schema: { tags: vtags, security, summary: 'Delete my voice note and its file', params: VoiceNoteParams, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await journals.deleteVoiceNote(ctx, currentUser(req).id, req.params.voice_note_id);
      return reply.status(204).send(null);
    },
  );

  app.get('/:journal_id', { schema: { tags, security, summary: 'One of my entries', params: JournalParams, response: { 200: Journal } } }, async (req) =>
    journals.getJournal(ctx, currentUser(req).id, req.params.journal_id),
  );
  app.patch(
    '/:journal_id',
    {
      schema: {
        tags,
        security,
        summary: 'Edit my entry (changed text is analysed again)',
        params: JournalParams,
        body: JournalUpdate,
        response: { 200: Journal },
      },
    },
    async (req) => journals.updateJournal(ctx, currentUser(req).id, req.params.journal_id, req.body),
  );
  app.delete(
    '/:journal_id',
    { schema: { tags, security, summary: 'Delete my entry', params: JournalParams, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await journals.deleteJournal(ctx, currentUser(req).id, req.params.journal_id);
      return reply.status(204).send(null);
    },
  );
};
