// /api/v1/tips: catalogue, my suggestions, generation (seed and web client paths).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { PageQuery } from '../../../core/http/schemas.js';
import {
  ClientTipOrNull,
  GenerateResult,
  HistoryQuery,
  TipHistory,
  TipList,
  TipQuery,
  UserTip,
  UserTipList,
  UserTipParams,
  UserTipUpdate,
  ViewRequest,
} from './tips.schemas.js';
import * as tips from './tips.service.js';

const security = [{ bearerAuth: [] }];

export const tipsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);
  const tags = ['tips'];

  app.get(
    '/',
    { schema: { tags, security, summary: 'The tips catalogue, filtered by category or tag', querystring: TipQuery, response: { 200: TipList } } },
    async (req) => tips.listCatalog(ctx, req.query),
  );
  app.get(
    '/me',
    { schema: { tags, security, summary: 'Tips suggested to me, newest first', querystring: PageQuery, response: { 200: UserTipList } } },
    async (req) => tips.myTips(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );
  app.post(
    '/generate',
    {
      schema: {
        tags,
        security,
        summary: 'Suggest one new tip now (3 times per day at most)',
        description: 'The tip comes from the rules (recent low mood, primary love language), else the best tip not given yet, else the one given longest ago.',
        response: { 200: GenerateResult },
      },
    },
    async (req) => tips.generateNow(ctx, currentUser(req).id),
  );
  app.patch(
    '/me/:user_tip_id',
    {
      schema: {
        tags,
        security,
        summary: 'Mark a suggestion viewed, dismissed or helpful',
        params: UserTipParams,
        body: UserTipUpdate,
        response: { 200: UserTip },
      },
    },
    async (req) => tips.setStatus(ctx, currentUser(req).id, req.params.user_tip_id, req.body.status),
  );
  app.get('/latest', { schema: { tags, security, summary: 'My newest suggestion, or null', response: { 200: ClientTipOrNull } } }, async (req) =>
    tips.latest(ctx, currentUser(req).id),
  );
  app.get(
    '/history',
    { schema: { tags, security, summary: 'My suggestions, newest first', querystring: HistoryQuery, response: { 200: TipHistory } } },
    async (req) => tips.history(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );
  app.post('/view', { schema: { tags, security, summary: 'Mark a suggestion as viewed', body: ViewRequest, response: { 200: UserTip } } }, async (req) =>
    tips.view(ctx, currentUser(req).id, req.body.tip_id),
  );
};
