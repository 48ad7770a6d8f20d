// Couple Compass: couples app (partner linking, quizzes, moods, journals with AI analysis, voice notes, tips, chat).
import { defineProduct } from '../../core/product.js';
import { fastApiStyleWith } from '../../core/http/errors.js';
import { authRoutes } from './auth/auth.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { couplesRoutes, partnerRoutes } from './couples/couples.routes.js';
import { evaluationRoutes, quizzesRoutes } from './quizzes/quizzes.routes.js';
import { moodClientRoutes, moodsRoutes } from './moods/moods.routes.js';
import { journalsRoutes } from './journals/journals.routes.js';
import { tipsRoutes } from './tips/tips.routes.js';
import { chatRoutes } from './chat/chat.routes.js';
import { analyzeJournalJob } from './journals/analyze-journal.job.js';
import { transcribeVoiceNoteJob } from './journals/transcribe-voice-note.job.js';
import { dailyTipsJob } from './tips/daily-tips.job.js';
import { seedTips } from './tips/tips.service.js';
import { seedQuizzes } from './quizzes/quizzes.service.js';
import { coupleCompassPrivacy } from './privacy/privacy.js';
import { settings } from './shared/settings.js';
import { privacyRoutes } from '../../core/privacy/routes.js';

const VERSION = '1.0.0';

const health = () => ({ status: 'healthy', timestamp: Date.now() / 1000, version: VERSION });

export const coupleCompass = defineProduct({
  slug: 'couple-compass',
  title: 'Couple Compass API',
  version: VERSION,
  description: 'Backend API for the Couple Compass relationship app',
  // Seed: access_token_expire_minutes=30, refresh_token_expire_days=7.
  defaults: { accessTokenMinutes: 30, refreshTokenDays: 7, corsOrigins: 'http://localhost:*,http://127.0.0.1:*,https://localhost:*,https://127.0.0.1:*' },
  settings,
  // The seed's app-level handlers replace every 404 and 500 body.
  errorStyle: fastApiStyleWith({ 404: { message: 'Resource not found' }, 500: { message: 'Internal server error' } }),
  authWording: {
    missing: 'Not authenticated',
    invalid: 'Could not validate credentials',
    inactive: { status: 400, message: 'Inactive user' },
  },
  accounts: {
    errors: {
      email_taken: { status: 400, message: 'Email already registered' },
      invalid_credentials: { status: 401, message: 'Incorrect email or password' },
      // The seed's login answers a deactivated account 400, its refresh 401.
      inactive: { status: 400, message: 'Account is deactivated' },
      inactive_refresh: { status: 401, message: 'User not found or inactive' },
      invalid_refresh: { status: 401, message: 'Invalid refresh token' },
      invalid_reset_token: { status: 400, message: 'Invalid or expired reset token' },
    },
    // The request schemas allow passwords up to 256 characters.
    maxPasswordLength: 256,
    mail: { appName: 'Couple Compass', resetPath: '/reset-password' },
  },
  // The seed's TrustedHostMiddleware(allowed_hosts=["localhost", "127.0.0.1"]); ALLOWED_HOSTS adds more.
  allowedHosts: ['localhost', '127.0.0.1'],
  health: {
    live: health,
    ready: (r) =>
      r.ready
        ? { status: 200, body: { status: 'ready', timestamp: Date.now() / 1000 } }
        : { status: 503, body: { status: 'not ready', error: r.reason ?? 'not ready' } },
  },
  // The seed's Celery tasks, typed by their payloads (the daily tips on its 07:00 UTC schedule).
  jobs: [analyzeJournalJob, transcribeVoiceNoteJob, dailyTipsJob],
  // GDPR: my data without my partner's; erase takes what I wrote in shared chats too.
  privacy: coupleCompassPrivacy,
  async seed(ctx) {
    await seedQuizzes(ctx);
    await seedTips(ctx);
  },
  async routes(app, { ctx }) {
    app.get('/api/v1/health', { config: { rateLimit: false }, schema: { hide: true } }, async () => health());
    await app.register(authRoutes, { prefix: '/api/v1/auth', ctx });
    await app.register(usersRoutes, { prefix: '/api/v1/users', ctx });
    await app.register(couplesRoutes, { prefix: '/api/v1/couples', ctx });
    await app.register(partnerRoutes, { prefix: '/api/v1/partner', ctx });
    await app.register(quizzesRoutes, { prefix: '/api/v1/quizzes', ctx });
    await app.register(evaluationRoutes, { prefix: '/api/v1/quiz/relationship', ctx });
    await app.register(moodsRoutes, { prefix: '/api/v1/moods', ctx });
    await app.register(moodClientRoutes, { prefix: '/api/v1/mood', ctx });
    await app.register(journalsRoutes, { prefix: '/api/v1/journals', ctx });
    await app.register(tipsRoutes, { prefix: '/api/v1/tips', ctx });
    await app.register(chatRoutes, { prefix: '/api/v1/chat', ctx });
    // GET /api/v1/users/me/export, DELETE /api/v1/users/me.
    await app.register(privacyRoutes(ctx), { prefix: '/api/v1' });
  },
});

export default coupleCompass;
