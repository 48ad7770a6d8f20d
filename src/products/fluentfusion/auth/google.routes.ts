// POST /api/auth/google: the web client's "Sign in with Google" (Login and Signup pages).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Ctx } from '../settings.js';
import { GoogleSignInBody, Token } from './auth.schemas.js';
import { googleSignIn } from './google.service.js';

export const googleRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  // One verifier (and one cached Google key set) per mount.
  const signIn = googleSignIn(ctx);
  app.post(
    '/google',
    {
      preHandler: ctx.limits.preHandler('GOOGLE_SIGNINS_PER_IP'),
      schema: {
        tags: ['Authentication'],
        summary: 'Sign in with Google: a Google ID token signs into (or on first use creates) the learner account with its verified e-mail',
        description:
          '501 when FLUENTFUSION_GOOGLE_CLIENT_ID is unset; 401 for a token that is not a valid Google ID token for our client id; ' +
          '400 when it carries no e-mail; 403 when Google has not verified that e-mail; 400 for a deactivated account; ' +
          "429 past FLUENTFUSION_RATE_LIMIT_GOOGLE_SIGNINS_PER_IP; 503 when Google's keys cannot be fetched.",
        body: GoogleSignInBody,
        response: { 200: Token },
      },
    },
    async (req) => signIn(req.body.credential, { userAgent: req.headers['user-agent'], ip: req.ip }),
  );
};
