// The learner's pages: /api/student/dashboard, /profile, /leaderboard; /api/users/me/dashboard; public /api/stats.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { security } from '../schemas.js';
import { DashboardStats, LeaderboardEntry, LeaderboardQuery, PlatformStats, StudentDashboard, StudentProfile } from './learner.schemas.js';
import { leaderboard, myDashboardStats, platformStats, STATS_TTL_S, studentDashboard, studentProfile } from './learner.service.js';
import { PULSE_DESCRIPTION, XP_DESCRIPTION } from './metrics.js';

const tags = ['Learner'];

/** Mounted under /api. */
export const learnerRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const auth = { preValidation: ctx.auth.preHandler };
  app.get(
    '/student/dashboard',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'My dashboard: XP, pulse, my language tracks, streaks',
        description: `${XP_DESCRIPTION} ${PULSE_DESCRIPTION}`,
        response: { 200: StudentDashboard },
      },
    },
    async (req) => studentDashboard(ctx, currentUser(req).id),
  );
  app.get(
    '/users/me/dashboard',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'My learning numbers: XP, level, streaks, lessons, fluency',
        description: XP_DESCRIPTION,
        response: { 200: DashboardStats },
      },
    },
    async (req) => myDashboardStats(ctx, currentUser(req).id),
  );
  app.get(
    '/student/profile',
    {
      ...auth,
      schema: { tags, security, summary: 'My profile as the settings page shows it', description: PULSE_DESCRIPTION, response: { 200: StudentProfile } },
    },
    async (req) => studentProfile(ctx, currentUser(req).id),
  );
  app.get(
    '/student/leaderboard',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'Learners ranked by XP (ties: earlier sign-up first); active learners with XP, and me',
        description: `Shows each learner's username, initials, XP, pulse and course count only. ${XP_DESCRIPTION}`,
        querystring: LeaderboardQuery,
        response: { 200: Type.Array(LeaderboardEntry) },
      },
    },
    async (req) => leaderboard(ctx, currentUser(req).id, req.query),
  );
  app.get(
    '/stats',
    {
      schema: {
        tags,
        summary: 'Public numbers for the welcome page (no user data)',
        description: `Aggregates only, cached for ${STATS_TTL_S} s.`,
        response: { 200: PlatformStats },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', `public, max-age=${STATS_TTL_S}`);
      return platformStats(ctx);
    },
  );
};
