// Onboarding: the languages offered (public, /api/languages and /api/users/languages) and POST /api/student/onboarding.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import type { ProductContext } from '../../../core/product.js';
import { security } from '../schemas.js';
import { Languages, Ok, OnboardingBody } from './onboarding.schemas.js';
import { languages, saveOnboarding } from './onboarding.service.js';

const tags = ['Onboarding'];

/** Mounted under /api. */
export const onboardingRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  for (const url of ['/languages', '/users/languages']) {
    app.get(url, { schema: { tags, summary: 'The languages taught, with their lesson counts (public)', response: { 200: Languages } } }, async () =>
      languages(ctx),
    );
  }
  app.post(
    '/student/onboarding',
    {
      preValidation: ctx.auth.preHandler,
      schema: {
        tags,
        security,
        summary: 'Save my onboarding answers (native language, language to learn, goal, level) and mark me onboarded',
        description: 'learn_lang rw|en|fr (or kinyarwanda|english|french) also sets my target language; another language is accepted and changes nothing.',
        body: OnboardingBody,
        response: { 200: Ok },
      },
    },
    async (req) => saveOnboarding(ctx, currentUser(req).id, req.body),
  );
};
