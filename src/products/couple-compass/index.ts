// Couple Compass: couples app (partner linking, quizzes, moods, journals, tips).
import type { ProductModule } from '../../core/product.js';
import { fastApiStyleWith } from '../../core/http/errors.js';
import { authRoutes } from './auth.routes.js';
import { usersRoutes } from './users.routes.js';

const VERSION = '1.0.0';

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
  health: {
    live: () => ({ status: 'healthy', timestamp: Date.now() / 1000, version: VERSION }),
    ready: (r) =>
      r.ready
        ? { status: 200, body: { status: 'ready', timestamp: Date.now() / 1000 } }
        : { status: 503, body: { status: 'not ready', error: r.reason ?? 'not ready' } },
  },
  async routes(app, { ctx }) {
    await app.register(authRoutes, { prefix: '/api/v1/auth', ctx });
    await app.register(usersRoutes, { prefix: '/api/v1/users', ctx });
  },
};
