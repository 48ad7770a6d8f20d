// buildApp: the core plugins plus every selected product, mounted under its prefix (and at `/` when alone).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import formbody from '@fastify/formbody';
import { productConfig, type ProductSlug } from './config.js';
import { createServer, type Server } from './core/http/server.js';
import { AppError, errorHandler, fastApiStyle, notFoundHandler } from './core/http/errors.js';
import { originMatcher } from './core/http/cors.js';
import { documentedSchema } from './core/http/openapi.js';
import { fallbackStore } from './core/http/rate-limit.js';
import { createLimits } from './core/http/limits.js';
import { authBeforeValidation, bearerToken, makeAuthenticate } from './core/identity/authenticate.js';
import { createAccounts } from './core/identity/accounts.js';
import { Jobs } from './core/jobs/jobs.js';
import { registerJobs } from './core/jobs/define.js';
import type { HealthShapes, ProductContext, ProductModule } from './core/product.js';
import type { Runtime } from './core/runtime.js';
import { loadProducts } from './products/index.js';

const genericHealth = (version: string): HealthShapes => ({
  live: () => ({ status: 'ok', version }),
  ready: (r) =>
    r.ready ? { status: 200, body: { status: 'ready', checks: r.checks } } : { status: 503, body: { status: 'not ready', reason: r.reason, checks: r.checks } },
});

export function productContext(runtime: Runtime, module: ProductModule): ProductContext {
  const product = productConfig(module, runtime.config);
  const limits = createLimits(product.limits, runtime.redis, module.slug);
  const ctx: ProductContext = {
    ...runtime,
    slug: module.slug as ProductSlug,
    product,
    settings: product.settings,
    auth: makeAuthenticate(runtime.identity, module.slug, module.authWording),
    limits,
    accounts: createAccounts(
      {
        product: module.slug,
        db: runtime.db,
        identity: runtime.identity,
        mailer: runtime.mailer,
        limits,
        privacy: runtime.privacy,
        log: runtime.log,
        ttls: { accessTokenTtlS: product.accessTokenTtlS, refreshTokenTtlS: product.refreshTokenTtlS },
      },
      module.accounts,
    ),
    isAllowedOrigin: originMatcher(product.corsOrigins),
    jobName: (name) => Jobs.queueName(module.slug, name),
  };
  // Tokens another service issued: the product's verifier needs the context (settings, database) it is part of.
  const external = module.externalTokens?.(ctx);
  if (external) ctx.auth = makeAuthenticate(runtime.identity, module.slug, module.authWording, external);
  return ctx;
}

/** Everything a product needs once per process before jobs start: its jobs, privacy handler and own setup. */
export function setupProduct(module: ProductModule, ctx: ProductContext): void {
  registerJobs(ctx as ProductContext<never>, module.jobs ?? []);
  if (module.privacy) ctx.privacy.register(module.slug, module.privacy(ctx));
  module.setup?.(ctx);
}

/** A probe's answer: a `status` word and whatever else the product's design puts beside it. */
const ProbeBody = Type.Object({ status: Type.String() }, { additionalProperties: true });

function healthRoutes(app: FastifyInstance, runtime: Runtime, shapes: HealthShapes) {
  // Probes come every few seconds from every load balancer: not rate-limited, and logged only when they fail.
  const probe = { config: { rateLimit: false }, logLevel: 'warn' as const };
  const doc = (summary: string, body: TSchema = ProbeBody) => ({ summary, tags: ['service'], response: { 200: body, 503: body } });
  const detailed = shapes.detailed;
  if (detailed) {
    app.get(
      '/health',
      {
        ...probe,
        schema: doc('Health of the API and each service it uses', detailed.schema),
      },
      async (_req, reply) => {
        const r = await detailed.handler(runtime);
        return reply.status(r.status === 503 ? 503 : 200).send(r.body);
      },
    );
  } else app.get('/health', { ...probe, schema: doc('Liveness: the process answers (no service is probed)') }, async () => shapes.live());
  app.get('/ready', { ...probe, schema: doc('Readiness: 200 when the database (and Redis when required) answer, else 503') }, async (_req, reply) => {
    const r = shapes.ready(await runtime.readiness());
    return reply.status(r.status === 503 ? 503 : 200).send(r.body);
  });
}

/**
 * The general limit's key: the signed-in user when the request carries a valid access token of this product (so
 * many users behind one NAT or load balancer never share a bucket), else the client IP. A socket handshake (its
 * token is in the query) counts in its own bucket. Nothing in a request exempts it.
 */
async function limitKey(req: FastifyRequest, ctx: ProductContext): Promise<string> {
  const socket = (req.routeOptions.config as { websocket?: boolean } | undefined)?.websocket === true;
  const query = req.query as Record<string, unknown> | undefined;
  const token = socket ? (typeof query?.token === 'string' ? query.token : undefined) : bearerToken(req.headers.authorization);
  let subject = `ip:${req.ip}`;
  if (token) subject = (await ctx.auth.subjectOf(req, token)) ?? subject;
  return socket ? `ws:${subject}` : subject;
}

interface MountOptions {
  module: ProductModule;
  ctx: ProductContext;
  runtime: Runtime;
  /** One rate-limit store per product, shared by its mounts (prefix and root), so both count against one limit. */
  rateLimitStore: ReturnType<typeof fallbackStore>;
}

async function mountProduct(app: FastifyInstance, opts: MountOptions) {
  const { module, ctx, runtime, rateLimitStore } = opts;
  const { config } = runtime;
  app.setErrorHandler(errorHandler(module.errorStyle));
  app.setNotFoundHandler(notFoundHandler(module.errorStyle));

  if (module.allowedHosts) {
    // Starlette's TrustedHostMiddleware: a Host outside the list is refused before anything else runs.
    const hosts = [...module.allowedHosts, ...config.allowedHosts].map((h) => h.toLowerCase());
    const ok = (host: string) => hosts.some((h) => h === '*' || h === host || (h.startsWith('*.') && host.endsWith(h.slice(1))));
    app.addHook('onRequest', (req, _reply, done) => {
      done(ok(req.hostname.toLowerCase()) ? undefined : new AppError('invalid_host', 400, 'Invalid host header'));
    });
  }

  const allowed = originMatcher(ctx.product.corsOrigins);
  const corsBase = {
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposedHeaders: ['x-request-id', 'x-process-time', 'retry-after'],
    maxAge: 600,
  };
  // Per request: an origin that is configured by name gets credentials (cookies, auth headers) with its own value;
  // one allowed only by a `*` entry gets `*` without credentials; any other gets no CORS headers at all.
  await app.register(cors, {
    delegator: (req, cb) => {
      const origin = req.headers.origin;
      if (origin && allowed.listed(origin)) cb(null, { ...corsBase, origin, credentials: true });
      else if (origin && allowed.any) cb(null, { ...corsBase, origin: '*', credentials: false });
      else cb(null, { ...corsBase, origin: false });
    },
  });

  const rl = ctx.product.rateLimit;
  await app.register(rateLimit, {
    global: true,
    timeWindow: rl.windowS * 1000,
    store: rateLimitStore,
    keyGenerator: (req) => limitKey(req, ctx),
    max: (_req, key) => (key.startsWith('ws:') ? rl.handshakeMax : key.startsWith('u:') ? rl.userMax : rl.ipMax),
    errorResponseBuilder: (_req, c) => new AppError('rate_limited', 429, `Rate limit exceeded, retry in ${c.after}`),
  });

  if (config.docs) {
    // Loaded only when docs are served (off by default in production).
    const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
    await app.register(swagger, {
      transform: ({ schema, url }) => ({ schema: documentedSchema(schema as Record<string, unknown> | undefined) as typeof schema, url }),
      openapi: {
        openapi: '3.0.3',
        info: { title: module.title, version: module.version, description: module.description },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      },
    });
    // The UI page links its assets by absolute path; without the mount prefix they would point outside the product.
    await app.register(swaggerUi, { routePrefix: '/docs', indexPrefix: app.prefix });
    app.get('/openapi.json', { config: { rateLimit: false }, schema: { hide: true } }, async () => app.swagger());
  }

  healthRoutes(app, runtime, module.health ?? genericHealth(module.version));
  await app.register(module.routes.bind(module), { ctx });
}

export interface BuiltApp {
  app: Server;
  modules: ProductModule[];
  contexts: Map<ProductSlug, ProductContext>;
}

/** Builds the HTTP app on an open runtime. Products' jobs are defined here; the caller starts them. */
export async function buildApp(runtime: Runtime, products: ProductSlug[] = runtime.config.products): Promise<BuiltApp> {
  const { config } = runtime;
  const app = createServer({ log: runtime.log, trustProxy: config.trustProxy, bodyLimit: config.bodyLimit });
  app.decorateRequest('user', null);
  // Security headers (helmet's, computed once) are set by createServer's onSend hook.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // OAuth2 password-flow logins (FastAPI's OAuth2PasswordRequestForm) post application/x-www-form-urlencoded.
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // Socket routes are marked by their declaration (never by a request header): the rate limiter reads the mark.
  app.addHook('onRoute', (route) => {
    if ((route as { websocket?: boolean }).websocket) route.config = { ...(route.config as object), websocket: true } as typeof route.config;
    authBeforeValidation(route as Parameters<typeof authBeforeValidation>[0]);
  });

  const modules = await loadProducts(products);
  const single = modules.length === 1;
  const contexts = new Map<ProductSlug, ProductContext>();

  app.setErrorHandler(errorHandler(fastApiStyle));
  if (!single) {
    app.setNotFoundHandler(notFoundHandler(fastApiStyle));
    healthRoutes(app, runtime, genericHealth(process.env.npm_package_version ?? '0.1.0'));
    // The front door: what is served here and where each product's documentation is.
    app.get('/', { config: { rateLimit: false }, schema: { hide: true } }, async () => ({
      name: 'quintet',
      products: modules.map((m) => ({
        slug: m.slug,
        title: m.title,
        version: m.version,
        prefix: `/${m.slug}`,
        ...(config.docs ? { docs: `/${m.slug}/docs`, openapi: `/${m.slug}/openapi.json` } : {}),
      })),
    }));
  }

  for (const module of modules) {
    const ctx = productContext(runtime, module);
    contexts.set(module.slug as ProductSlug, ctx);
    setupProduct(module, ctx);
    const rateLimitStore = fallbackStore(runtime.redis, module.slug);
    await app.register(mountProduct, { prefix: `/${module.slug}`, module, ctx, runtime, rateLimitStore });
    if (single) await app.register(mountProduct, { prefix: '', module, ctx, runtime, rateLimitStore });
  }

  app.addHook('preClose', async () => {
    runtime.hub.closeAll(1001, 'server shutting down');
  });
  return { app, modules, contexts };
}

/** Seed content of every mounted product (idempotent), and FIRST_SUPERUSER in products that have administrators. */
export async function seedProducts(built: BuiltApp): Promise<void> {
  for (const m of built.modules) {
    const ctx = built.contexts.get(m.slug as ProductSlug)!;
    await m.seed?.(ctx);
    const admin = ctx.config.firstSuperuser;
    if (m.admins && admin) await ctx.accounts.ensureSuperuser(admin.email, admin.password);
  }
}
