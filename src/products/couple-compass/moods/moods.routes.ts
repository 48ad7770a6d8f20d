// /api/v1/moods (seed) and /api/v1/mood (web client).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { PageQuery } from '../../../core/http/schemas.js';
import {
  ClientMood,
  ClientMoodCreate,
  ClientMoodOrNull,
  HistoryQuery,
  Mood,
  MoodCreate,
  MoodHistory,
  MoodList,
  MoodStats,
  MoodStreak,
  StatsQuery,
} from './moods.schemas.js';
import * as moods from './moods.service.js';

const security = [{ bearerAuth: [] }];

export const moodsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  const tags = ['moods'];

  app.post(
    '/',
    { schema: { tags, security, summary: 'Log a mood check-in (attached to my couple when I have one)', body: MoodCreate, response: { 201: Mood } } },
    async (req, reply) => reply.status(201).send(await moods.createMood(ctx, currentUser(req).id, req.body)),
  );
  app.get('/', { schema: { tags, security, summary: 'My check-ins, newest first', querystring: PageQuery, response: { 200: MoodList } } }, async (req) =>
    moods.listMoods(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );
  app.get(
    '/partner',
    { schema: { tags, security, summary: "My partner's check-ins, newest first", querystring: PageQuery, response: { 200: MoodList } } },
    async (req) => moods.partnerMoods(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );
};

export const moodClientRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  const tags = ['mood'];

  app.post(
    '/',
    {
      schema: {
        tags,
        security,
        summary: "Today's check-in (one per day in my time zone; a second one updates it)",
        body: ClientMoodCreate,
        response: { 200: ClientMood, 201: ClientMood },
      },
    },
    async (req, reply) => {
      const r = await moods.checkIn(ctx, currentUser(req).id, req.body);
      return reply.status(r.created ? 201 : 200).send(r.mood);
    },
  );
  app.get('/today', { schema: { tags, security, summary: "Today's check-in, or null", response: { 200: ClientMoodOrNull } } }, async (req) =>
    moods.todayMood(ctx, currentUser(req).id),
  );
  app.get(
    '/history',
    { schema: { tags, security, summary: 'Check-ins of the last `days` days, newest first', querystring: HistoryQuery, response: { 200: MoodHistory } } },
    async (req) => moods.history(ctx, currentUser(req).id, req.query),
  );
  app.get(
    '/stats',
    { schema: { tags, security, summary: 'Average, distribution and trend over the last `days` days', querystring: StatsQuery, response: { 200: MoodStats } } },
    async (req) => moods.stats(ctx, currentUser(req).id, req.query.days),
  );
  app.get('/streak', { schema: { tags, security, summary: 'Consecutive check-in days', response: { 200: MoodStreak } } }, async (req) =>
    moods.streak(ctx, currentUser(req).id),
  );
};
