// Sal's Memory Maker: personalised books — accounts, books, a book-type catalogue, AI story generation jobs,
// printable PDFs, and payments (Stripe or an offline sandbox). Errors are the seed's AppException.
import { defineProduct } from '../../core/product.js';
import type { JobDefinition } from '../../core/jobs/define.js';
import { privacyRoutes } from '../../core/privacy/routes.js';
import type { Ctx } from './context.js';
import { appExceptionStyle } from './errors.js';
import { limits, settings } from './settings.js';
import { authRoutes } from './auth/auth.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { adminBookTypesRoutes, bookTypesRoutes } from './book-types/book-types.routes.js';
import { seedBookTypes } from './book-types/book-types.service.js';
import { booksRoutes } from './books/books.routes.js';
import { narrationRoutes } from './narration/narration.routes.js';
import { generateRoutes } from './generation/generate.routes.js';
import { generateBook } from './generation/generate.job-def.js';
import { paymentsRoutes } from './payments/payments.routes.js';
import { memoryMakerPrivacy } from './privacy/privacy.js';

const VERSION = '1.0.0';

export const memoryMaker = defineProduct({
  slug: 'memory-maker',
  title: "Sal's Memory Maker API",
  version: VERSION,
  description:
    'Personalised books: write one with AI (5–7 pages from a name and interests), print it as a PDF, pay for it. ' +
    "Errors: `{status_code, message, error_code}` (validation errors add FastAPI's `detail` list). " +
    'Every response carries `X-Process-Time` (seconds).',
  defaults: { accessTokenMinutes: 30, refreshTokenDays: 7, corsOrigins: 'http://localhost:*,http://127.0.0.1:*' },
  settings,
  limits,
  errorStyle: appExceptionStyle,
  authWording: { missing: 'Not authenticated', invalid: 'Could not validate credentials', inactive: { status: 400, message: 'Inactive user' } },
  accounts: {
    errors: {
      email_taken: { status: 400, message: 'Email already registered' },
      invalid_credentials: { status: 401, message: 'Incorrect email or password' },
      wrong_password: { status: 400, message: 'Current password is incorrect' },
    },
    mail: { appName: "Sal's Memory Maker" },
  },
  admins: true,
  // Typed by its payload; the module's list is payload-agnostic (JobDefinition<never>).
  jobs: [generateBook as unknown as JobDefinition<never>],
  privacy: (ctx) => memoryMakerPrivacy(ctx as Ctx),
  async seed(ctx) {
    await seedBookTypes(ctx as Ctx);
  },
  async routes(app, { ctx }) {
    const c = ctx as Ctx;
    await app.register(authRoutes, { prefix: '/api/v1/auth', ctx: c });
    await app.register(privacyRoutes(ctx, { tags: ['users'] }), { prefix: '/api/v1' });
    await app.register(usersRoutes, { prefix: '/api/v1/users', ctx: c });
    await app.register(bookTypesRoutes, { prefix: '/api/v1/book-types', ctx: c });
    await app.register(adminBookTypesRoutes, { prefix: '/api/v1/admin/book-types', ctx: c });
    await app.register(generateRoutes, { prefix: '/api/v1/books/generate', ctx: c });
    await app.register(booksRoutes, { prefix: '/api/v1/books', ctx: c });
    await app.register(narrationRoutes, { prefix: '/api/v1/books', ctx: c });
    await app.register(paymentsRoutes, { prefix: '/api/v1/payments', ctx: c });
  },
});

export default memoryMaker;
