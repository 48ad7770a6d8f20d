// FlirtCraft: conversation practice with an AI partner — verified sign-up, 18+ onboarding, scenarios, feedback
// scores, daily limits, progress (XP, levels, streaks, achievements), analytics for administrators, GDPR.
import { defineProduct } from '../../core/product.js';
import { PrivacyExport, privacyRoutes } from '../../core/privacy/routes.js';
import { API, settings } from './shared/context.js';
import { Envelope, envelopeStyle, ok } from './shared/envelope.js';
import { Health, VERSION, health } from './service/service.js';
import { serviceRoutes } from './service/service.routes.js';
import { flirtcraftPrivacy } from './privacy.js';
import { passwordPolicy } from './auth/password.js';
import { authRoutes } from './auth/auth.routes.js';
import { onboardingRoutes } from './onboarding/onboarding.routes.js';
import { scenariosRoutes } from './scenarios/scenarios.routes.js';
import { seedScenarios } from './scenarios/scenarios.service.js';
import { conversationsRoutes } from './conversations/conversations.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { adminRoutes, analyticsRoutes } from './analytics/analytics.routes.js';
import { abandonStaleConversations, progressUpdate } from './progress/progress.job.js';
import { welcomeMail } from './auth/welcome-mail.job.js';
import { insertProfile } from './users/profiles.repo.js';
import { supabaseTokens } from './auth/supabase.service.js';

export const flirtcraft = defineProduct({
  slug: 'flirtcraft',
  title: 'FlirtCraft API',
  version: VERSION,
  description: 'AI-powered conversation training: practise approaching people in everyday scenarios with an AI partner and get scored feedback.',
  // Seed: 30-minute access tokens, 7-day refresh tokens, the app's dev origins, 100 requests / 60 s.
  defaults: {
    accessTokenMinutes: 30,
    refreshTokenDays: 7,
    corsOrigins: 'http://localhost:3000,http://localhost:19006',
    rateLimit: { userMax: 100, ipMax: 100, windowS: 60 },
  },
  settings,
  limits: {
    AI_REQUESTS_PER_USER: { max: 150, windowS: 3600, doc: 'AI partner calls (contexts, conversation starts, messages, feedback) per user' },
  },
  errorStyle: envelopeStyle,
  authWording: {
    missing: 'Not authenticated',
    invalid: 'Could not validate credentials',
    inactive: { status: 403, message: 'Account is disabled' },
  },
  accounts: {
    passwordPolicy,
    requireVerifiedEmail: true,
    lowercaseEmail: true,
    errors: {
      email_taken: { status: 400, message: 'Email already registered' },
      invalid_credentials: { status: 401, message: 'Invalid email or password' },
      inactive: { status: 403, message: 'Account is disabled' },
      unverified: { status: 403, message: 'Please verify your email address before logging in. Check your inbox or ask for a new verification email.' },
      invalid_verification_token: { status: 400, message: 'Invalid or expired verification token' },
    },
    mail: { appName: 'FlirtCraft', verifyPath: '/verify-email' },
    adminProfile: (tx, user) => insertProfile(tx.dz, user.id, { marketingOptIn: false, consentAt: null }),
  },
  admins: true,
  // The app signs in with Supabase Auth and sends Supabase's access token; accepted only when configured.
  externalTokens: (ctx) => supabaseTokens(ctx),
  health: {
    live: () => ({ status: 'healthy', version: VERSION }),
    ready: (r) =>
      r.ready
        ? { status: 200, body: { status: 'ready', checks: r.checks } }
        : { status: 503, body: { status: 'not ready', reason: r.reason ?? 'not ready', checks: r.checks } },
    detailed: { handler: health, schema: Health },
  },
  privacy: (ctx) => flirtcraftPrivacy(ctx),
  jobs: [welcomeMail, progressUpdate, abandonStaleConversations],
  async seed(ctx) {
    await seedScenarios(ctx);
  },
  async routes(app, { ctx }) {
    await app.register(authRoutes, { prefix: `${API}/auth`, ctx });
    await app.register(onboardingRoutes, { prefix: `${API}/onboarding`, ctx });
    await app.register(scenariosRoutes, { prefix: `${API}/scenarios`, ctx });
    await app.register(conversationsRoutes, { prefix: `${API}/conversations`, ctx });
    await app.register(usersRoutes, { prefix: `${API}/users`, ctx });
    await app.register(analyticsRoutes, { prefix: `${API}/analytics`, ctx });
    await app.register(adminRoutes, { prefix: `${API}/admin`, ctx });
    await app.register(privacyRoutes(ctx, { present: (data) => ok(data), schema: Envelope(PrivacyExport), tags: ['users'] }), { prefix: API });
    await app.register(serviceRoutes, { ctx, base: app.prefix });
  },
});

export default flirtcraft;
