// /v1/onboarding: my progress through the first-run steps, and marking a step complete.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { CompleteStep, OnboardingStatus, StepCompleted } from './onboarding.schemas.js';
import * as onboarding from './onboarding.service.js';

const tags = ['onboarding'];
const security = [{ bearerAuth: [] }];

export const onboardingRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.auth.preHandler);

  app.get('/status', { schema: { tags, security, summary: 'My onboarding progress and the next step', response: { 200: OnboardingStatus } } }, async (req) =>
    onboarding.status(ctx, currentUser(req).id),
  );
  app.post(
    '/complete',
    {
      schema: {
        tags,
        security,
        summary: 'Mark an onboarding step complete; answers ok and the new status',
        body: CompleteStep,
        response: { 200: StepCompleted },
      },
    },
    async (req) => onboarding.complete(ctx, currentUser(req).id, req.body.step),
  );
};
