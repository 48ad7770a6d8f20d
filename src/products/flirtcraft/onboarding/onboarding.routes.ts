// /api/v1/onboarding: flow, age verification, preferences, skill goals, privacy, progress, completion, profile, reset.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import { bearer, type Ctx } from '../shared/context.js';
import { Envelope, Message, errors, ok } from '../shared/envelope.js';
import { AgeBody, AgeResult, CompleteResult, Flow, PreferencesBody, PrivacyBody, Profile, ProgressBody, SkillGoalsBody } from './onboarding.schemas.js';
import {
  complete,
  getFlow,
  getProfile,
  presentProfile,
  recordProgress,
  reset,
  setPreferences,
  setPrivacy,
  setSkillGoals,
  verifyAge,
} from './onboarding.service.js';

const tags = ['onboarding'];

export const onboardingRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  const auth = { preValidation: ctx.auth.preHandler };
  const doc = <T extends object>(summary: string, extra: T) => ({ tags, security: bearer, summary, ...extra });

  app.get(
    '/flow',
    { ...auth, schema: doc('The onboarding steps and where the user is (bare body)', { response: { 200: Flow, ...errors(401) } }) },
    async (req) => getFlow(ctx, currentUser(req).id),
  );

  app.post(
    '/age-verification',
    {
      ...auth,
      schema: doc('Confirm the user is 18–100 (by year of birth; only the year is kept)', {
        body: AgeBody,
        response: { 200: Envelope(AgeResult), ...errors(401, 422) },
      }),
    },
    async (req) => ok(await verifyAge(ctx, currentUser(req).id, req.body.birth_year), 'Age verification completed successfully'),
  );

  app.post(
    '/preferences',
    { ...auth, schema: doc('Who the user wants to practise with', { body: PreferencesBody, response: { 200: Envelope(Profile), ...errors(401, 422) } }) },
    async (req) => ok(presentProfile(await setPreferences(ctx, currentUser(req).id, req.body), ctx.now()), 'Preferences saved successfully'),
  );

  app.post(
    '/skill-goals',
    {
      ...auth,
      schema: doc('The skills the user wants to build (sets the detected persona)', {
        body: SkillGoalsBody,
        response: { 200: Envelope(Profile), ...errors(401, 422) },
      }),
    },
    async (req) => ok(presentProfile(await setSkillGoals(ctx, currentUser(req).id, req.body), ctx.now()), 'Skill goals saved successfully'),
  );

  app.post(
    '/privacy-settings',
    {
      ...auth,
      schema: doc('Notifications, analytics and marketing choices', { body: PrivacyBody, response: { 200: Envelope(Profile), ...errors(401, 422) } }),
    },
    async (req) => ok(presentProfile(await setPrivacy(ctx, currentUser(req).id, req.body), ctx.now()), 'Privacy settings saved successfully'),
  );

  app.post(
    '/progress',
    { ...auth, schema: doc('Mark a step completed or skipped', { body: ProgressBody, response: { 200: Envelope(Flow), ...errors(400, 401, 422) } }) },
    async (req) => ok(await recordProgress(ctx, currentUser(req).id, req.body), `Progress updated for step: ${req.body.step_id}`),
  );

  app.post(
    '/complete',
    {
      ...auth,
      schema: doc('Finish onboarding (age, preferences and skill goals needed); a repeat answers the same', {
        response: { 200: Envelope(CompleteResult), ...errors(400, 401) },
      }),
    },
    async (req) => {
      const r = await complete(ctx, currentUser(req).id);
      return ok(
        { achievements_unlocked: r.achievements, ready_for_conversations: true as const },
        r.already ? 'Onboarding already completed' : 'Onboarding completed successfully! Welcome to FlirtCraft!',
      );
    },
  );

  app.get('/profile', { ...auth, schema: doc("The user's onboarding answers", { response: { 200: Envelope(Profile), ...errors(401, 404) } }) }, async (req) =>
    ok(presentProfile(await getProfile(ctx, currentUser(req).id), ctx.now())),
  );

  app.delete(
    '/reset',
    { ...auth, schema: doc('Start onboarding again (development and test only; 403 in production)', { response: { 200: Message, ...errors(401, 403) } }) },
    async (req) => {
      await reset(ctx, currentUser(req).id);
      return { success: true as const, message: 'Onboarding progress reset successfully' };
    },
  );
};
