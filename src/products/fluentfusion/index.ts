// FluentFusion: language lessons for tourism in Rwanda (Kinyarwanda, English, French) — lessons, exercises,
// progress, badges and recommendations.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { defineProduct } from '../../core/product.js';
import { fastApiStyle } from '../../core/http/errors.js';
import { privacyRoutes } from '../../core/privacy/routes.js';
import { accountRoutes } from './auth/account.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { googleRoutes } from './auth/google.routes.js';
import { badgesRoutes } from './badges/badges.routes.js';
import { consentRoutes } from './consent/consent.routes.js';
import { coursesRoutes } from './courses/courses.routes.js';
import { seedLessons } from './content/seed.js';
import { exercisesRoutes } from './exercises/exercises.routes.js';
import { learnerRoutes } from './learner/learner.routes.js';
import { lessonsRoutes } from './lessons/lessons.routes.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { onboardingRoutes } from './onboarding/onboarding.routes.js';
import { fluentFusionPrivacy } from './privacy.js';
import { lessonProgressRoutes, progressRoutes } from './progress/progress.routes.js';
import { recommendationsRoutes } from './recommendations/recommendations.routes.js';
import { translateRoutes } from './translate/translate.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { settings } from './settings.js';

const VERSION = '1.0.0';

const Home = Type.Object({ message: Type.String(), version: Type.String(), docs: Type.String() });

const homeRoutes: FastifyPluginAsyncTypebox<{ docsPath: string }> = async (app, { docsPath }) => {
  app.get('/', { config: { rateLimit: false }, schema: { tags: ['Service'], summary: 'What this is', response: { 200: Home } } }, async () => ({
    message: 'FluentFusion API',
    version: VERSION,
    docs: docsPath,
  }));
};

export const fluentFusion = defineProduct({
  slug: 'fluentfusion',
  title: 'FluentFusion API',
  version: VERSION,
  description: "AI-Driven Language Learning Platform for Rwanda's Tourism Sector: lessons, exercises, progress, badges and recommendations",
  // Seed: ACCESS_TOKEN_EXPIRE_MINUTES=30; no refresh token is handed out, so the session only has to outlive it.
  settings,
  defaults: { accessTokenMinutes: 30, refreshTokenDays: 1, corsOrigins: 'http://localhost:*,http://127.0.0.1:*,https://localhost:*' },
  // Strict limits where guessing pays or a call is costly (RATE_LIMIT_SCALE applies). Code and link mails count
  // against the core's MAIL_PER_RECIPIENT (and MAIL_REQUESTS_PER_IP / MAIL_PER_ACCOUNT for the requests that cause them).
  limits: {
    LESSON_COMPLETIONS_PER_USER: {
      max: 60,
      windowS: 60,
      doc: "lessons one learner marks done through the web client's course pages (each re-evaluates every badge rule)",
    },
    GOOGLE_SIGNINS_PER_IP: {
      max: 30,
      windowS: 900,
      doc: 'Google sign-ins (valid token or not) per client IP; a first sign-in also counts against SIGNUPS_PER_IP',
    },
    VERIFY_CODE_CHECKS_PER_IP: { max: 30, windowS: 900, doc: 'e-mail verification code checks (right or wrong) per client IP' },
    PASSWORD_FAILURES_PER_USER: {
      max: 10,
      windowS: 900,
      doc: 'wrong current passwords on the settings page (profile, e-mail, password) per learner; then 429, right password or not',
    },
    CONSENT_ANSWERS_PER_USER: { max: 60, windowS: 3600, doc: 'consent answers one learner records (a repeat of the current answer is not counted)' },
    DATA_REQUESTS_PER_USER: {
      max: 10,
      windowS: 3600,
      doc: 'data-rights requests one learner submits (each mails an acknowledgement, also counted against MAIL_PER_ACCOUNT and MAIL_PER_RECIPIENT)',
    },
    TRANSLATIONS_PER_USER: {
      max: 60,
      windowS: 3600,
      doc: 'live translations one learner sends to the AI engine (AI cost); phrase-book, same-language and already translated (cached) texts are free',
    },
  },
  errorStyle: fastApiStyle,
  authWording: { missing: 'Not authenticated', invalid: 'Could not validate credentials', inactive: { status: 400, message: 'Inactive user' } },
  accounts: {
    errors: {
      email_taken: { status: 400, message: 'User with this email or username already exists' },
      invalid_credentials: { status: 401, message: 'Incorrect email or password' },
      invalid_reset_token: { status: 400, message: 'Invalid or expired reset link' },
      wrong_password: { status: 400, message: 'Incorrect password' },
    },
    passwordPolicy: (pw) => (pw.length < 8 ? 'Password must be at least 8 characters' : undefined),
    lowercaseEmail: true,
    // The origin web client's page: /reset-password?token=…
    mail: { appName: 'FluentFusion', resetPath: '/reset-password' },
  },
  health: {
    live: () => ({ status: 'healthy', timestamp: new Date().toISOString() }),
    ready: (r) =>
      r.ready
        ? { status: 200, body: { status: 'ready', timestamp: new Date().toISOString() } }
        : { status: 503, body: { status: 'not ready', reason: r.reason ?? 'not ready' } },
  },
  privacy: (ctx) => fluentFusionPrivacy(ctx),
  async seed(ctx) {
    await seedLessons(ctx);
  },
  async routes(app, { ctx }) {
    await app.register(homeRoutes, { docsPath: `${app.prefix}/docs` });
    await app.register(authRoutes, { prefix: '/api/auth', ctx });
    await app.register(googleRoutes, { prefix: '/api/auth', ctx });
    await app.register(accountRoutes, { prefix: '/api', ctx });
    await app.register(usersRoutes, { prefix: '/api/users', ctx });
    await app.register(privacyRoutes(ctx, { tags: ['Users'] }), { prefix: '/api' });
    // Paths are written out whole under /api so the seed's trailing slashes (`/api/lessons/`) are what OpenAPI shows.
    await app.register(lessonsRoutes, { prefix: '/api', ctx });
    await app.register(exercisesRoutes, { prefix: '/api', ctx });
    await app.register(lessonProgressRoutes, { prefix: '/api', ctx });
    await app.register(progressRoutes, { prefix: '/api', ctx });
    await app.register(badgesRoutes, { prefix: '/api', ctx });
    await app.register(recommendationsRoutes, { prefix: '/api', ctx });
    // The origin web client's learner pages.
    await app.register(learnerRoutes, { prefix: '/api', ctx });
    await app.register(onboardingRoutes, { prefix: '/api', ctx });
    await app.register(coursesRoutes, { prefix: '/api/student', ctx });
    await app.register(notificationsRoutes, { prefix: '/api/student', ctx });
    // The web client's consent records and Data & Privacy page.
    await app.register(consentRoutes, { prefix: '/api/v1/ethics', ctx });
    await app.register(translateRoutes, { prefix: '/api', ctx });
  },
});

export default fluentFusion;
