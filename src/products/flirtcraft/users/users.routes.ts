// /api/v1/users (the app's paths): profile, stats, streak, achievements, XP, limits.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import { bearer, type Ctx } from '../shared/context.js';
import { Envelope, errors, ok } from '../shared/envelope.js';
import { Achievement, ClientUser, Limits, ProfileUpdateBody, Stats, StreakResult, XpBody, XpResult } from './users.schemas.js';
import { achievements, checkStreak, clientProfile, clientXp, limits, stats, updateClientProfile } from './users.service.js';

const tags = ['users'];

export const usersRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  const auth = { preValidation: ctx.auth.preHandler };
  const doc = <T extends object>(summary: string, extra: T) => ({ tags, security: bearer, summary, ...extra });
  const id = (req: Parameters<typeof currentUser>[0]) => currentUser(req).id;

  app.get(
    '/profile',
    { ...auth, schema: doc('My profile, usage and progress', { response: { 200: Envelope(ClientUser), ...errors(401, 404) } }) },
    async (req) => ok(await clientProfile(ctx, id(req))),
  );
  app.put(
    '/profile',
    {
      ...auth,
      schema: doc('Change age, preferences or skill goals', { body: ProfileUpdateBody, response: { 200: Envelope(ClientUser), ...errors(401, 404, 422) } }),
    },
    async (req) => ok(await updateClientProfile(ctx, id(req), req.body), 'Profile updated'),
  );
  app.get('/stats', { ...auth, schema: doc('XP, level, streak and totals', { response: { 200: Envelope(Stats), ...errors(401, 404) } }) }, async (req) =>
    ok(await stats(ctx, id(req))),
  );
  app.post(
    '/streak',
    {
      ...auth,
      schema: doc('Check the streak today; the daily streak bonus once per practised day', { response: { 200: Envelope(StreakResult), ...errors(401, 404) } }),
    },
    async (req) => ok(await checkStreak(ctx, id(req))),
  );
  app.get(
    '/achievements',
    { ...auth, schema: doc('Achievements I have earned', { response: { 200: Envelope(Type.Array(Achievement)), ...errors(401) } }) },
    async (req) => ok(await achievements(ctx, id(req))),
  );
  app.post(
    '/xp',
    { ...auth, schema: doc('Award XP from the app (capped per day)', { body: XpBody, response: { 200: Envelope(XpResult), ...errors(401, 404, 422) } }) },
    async (req) => ok(await clientXp(ctx, id(req), req.body.points, req.body.source)),
  );
  app.get(
    '/limits',
    { ...auth, schema: doc('Daily conversation usage and premium status', { response: { 200: Envelope(Limits), ...errors(401, 404) } }) },
    async (req) => ok(await limits(ctx, id(req))),
  );
};
