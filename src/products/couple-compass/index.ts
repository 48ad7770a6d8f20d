// Couple Compass: couples app (partner linking, quizzes, moods, journals with AI analysis, voice notes, tips, chat).
import type { ProductModule } from '../../core/product.js';
import { fastApiStyleWith } from '../../core/http/errors.js';
import { authRoutes } from './auth.routes.js';
import { usersRoutes } from './users.routes.js';
import { couplesRoutes, partnerRoutes } from './couples.routes.js';
import { evaluationRoutes, quizzesRoutes } from './quizzes.routes.js';
import { moodClientRoutes, moodsRoutes } from './moods.routes.js';
import { journalsRoutes } from './journals.routes.js';
import { tipsRoutes } from './tips.routes.js';
import { chatRoutes } from './chat.routes.js';
import { ANALYZE_JOURNAL, TRANSCRIBE_VOICE_NOTE, analyzeJournalJob, transcribeJob } from './journals.service.js';
import { GENERATE_DAILY_TIPS, dailyTipsJob, seedTips } from './tips.service.js';
import { seedQuizzes } from './quizzes.service.js';
import { exportUserData, eraseUserData } from './privacy.js';

const VERSION = '1.0.0';

const health = () => ({ status: 'healthy', timestamp: Date.now() / 1000, version: VERSION });

export const coupleCompass: ProductModule = {
  slug: 'couple-compass',
  title: 'Couple Compass API',
  version: VERSION,
  description: 'Backend API for the Couple Compass relationship app',
  // The seed's app-level handlers replace every 404 and 500 body.
  errorStyle: fastApiStyleWith({ 404: { message: 'Resource not found' }, 500: { message: 'Internal server error' } }),
  authWording: {
    missing: 'Not authenticated',
    invalid: 'Could not validate credentials',
    inactive: { status: 400, message: 'Inactive user' },
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
  setup(ctx) {
    // The seed's Celery task: retry(countdown=60, max_retries=3).
    ctx.jobs.define(ctx.jobName(ANALYZE_JOURNAL), (data: { journalId: string; version: number }) => analyzeJournalJob(ctx, data), {
      retryLimit: 3,
      retryDelay: 60,
      expireInSeconds: 60,
    });
    ctx.jobs.define(ctx.jobName(TRANSCRIBE_VOICE_NOTE), (data: { voiceNoteId: string }) => transcribeJob(ctx, data), {
      retryLimit: 3,
      retryDelay: 60,
      expireInSeconds: 300,
    });
    ctx.jobs.define(ctx.jobName(GENERATE_DAILY_TIPS), () => dailyTipsJob(ctx), { retryLimit: 2, retryDelay: 300, expireInSeconds: 3600 });
    ctx.jobs.schedule(ctx.jobName(GENERATE_DAILY_TIPS), '0 7 * * *');
    ctx.privacy.register(ctx.slug, { export: (userId) => exportUserData(ctx, userId), erase: (userId, dz) => eraseUserData(ctx, userId, dz) });
  },
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
  },
};
