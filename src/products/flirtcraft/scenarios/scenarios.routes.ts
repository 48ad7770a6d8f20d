// /api/v1/scenarios: the public catalogue and AI-generated pre-conversation contexts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { bearerToken, currentUser } from '../../../core/identity/authenticate.js';
import { bearer, type Ctx } from '../shared/context.js';
import { Envelope, errors, ok } from '../shared/envelope.js';
import { Context, ContextBody, ContextMeta, ContextQuery, Scenario, ScenarioListMeta, ScenarioListQuery, TypeParams } from './scenarios.schemas.js';
import { findProfile, isPremium } from '../users/profiles.repo.js';
import { generateContext, listFor, presentScenario, scenarioOr404 } from './scenarios.service.js';

const tags = ['scenarios'];

/** The caller when a valid token comes along; anyone otherwise (a bad token reads as anonymous, as before). */
async function optionalUser(ctx: Ctx, req: FastifyRequest): Promise<string | null> {
  const token = bearerToken(req.headers.authorization);
  if (!token) return null;
  return ctx.auth.verify(token).then(
    (u) => u.id,
    () => null,
  );
}

export const scenariosRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'The scenarios (free ones by default; include_premium lists all; available_only what the caller may start)',
        querystring: ScenarioListQuery,
        response: { 200: Envelope(Type.Array(Scenario), ScenarioListMeta), ...errors(422) },
      },
    },
    async (req) => {
      const userId = await optionalUser(ctx, req);
      const { items, premium } = await listFor(ctx, userId, req.query);
      return ok(
        items.map((s) => presentScenario(s, premium)),
        undefined,
        { total_scenarios: items.length, premium_user: premium, includes_premium: Boolean(req.query.include_premium || (req.query.available_only && premium)) },
      );
    },
  );

  app.get(
    '/:type',
    { schema: { tags, summary: 'One scenario with its templates', params: TypeParams, response: { 200: Envelope(Scenario), ...errors(404, 422) } } },
    async (req) => {
      const s = await scenarioOr404(ctx, req.params.type);
      const userId = await optionalUser(ctx, req);
      const premium = userId ? isPremium(await findProfile(ctx.db.dz, userId), ctx.now()) : false;
      return ok(presentScenario(s, premium));
    },
  );

  app.post(
    '/:type/context',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security: bearer,
        summary: 'Generate the pre-conversation context: an AI character (appearance, body language, starters) in this place',
        params: TypeParams,
        body: ContextBody,
        querystring: ContextQuery,
        response: { 200: Envelope(Context, ContextMeta), ...errors(401, 403, 404, 422, 429) },
      },
    },
    async (req) => {
      const difficulty = req.body?.difficulty_level ?? req.query.difficulty_level ?? 'green';
      const r = await generateContext(ctx, currentUser(req).id, req.params.type, difficulty);
      return ok(r.context, undefined, { scenario_type: req.params.type, difficulty_level: difficulty, personalized: r.personalized });
    },
  );
};
