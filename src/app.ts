// buildApp: the core plugins plus every selected product, mounted under its prefix (and at `/` when alone).
import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import type { ProductSlug } from './config.js';
import { createServer, type Server } from './core/http/server.js';
import { AppError, errorHandler, fastApiStyle, notFoundHandler } from './core/http/errors.js';
import { originMatcher } from './core/http/cors.js';
import { fallbackStore } from './core/http/rate-limit.js';
import { makeAuthenticate } from './core/identity/authenticate.js';
import { Jobs } from './core/jobs/jobs.js';
import type { HealthShapes, ProductContext, ProductModule } from './core/product.js';
import type { Runtime } from './core/runtime.js';
import { loadProducts } from './products/index.js';

const genericHealth = (version: string): HealthShapes => ({
  live: () => ({ status: 'ok', version }),
  ready: (r) => (r.ready ? { status: 200, body: { status: 'ready', checks: r.checks } } : { status: 503, body: { status: 'not ready', reason: r.reason, checks: r.checks } }),
});

export function productContext(runtime: Runtime, module: ProductModule): ProductContext {
  return {
    ...runtime,
    slug: module.slug,
    product: runtime.config.product[module.slug],
    auth: makeAuthenticate(runtime.identity, module.slug, module.authWording),
    isAllowedOrigin: originMatcher(runtime.config.product[module.slug].corsOrigins),
    jobName: (name) => Jobs.queueName(module.slug, name),
  };
}

function healthRoutes(app: FastifyInstance, runtime: Runtime, shapes: HealthShapes) {
  // Probes come every few seconds from every load balancer: not rate-limited, and logged only when they fail.
  const probe = { config: { rateLimit: false }, logLevel: 'warn' as const, schema: { hide: true } };
  app.get('/health', probe, async () => shapes.live());
  app.get('/ready', probe, async (_req, reply) => {
    const r = shapes.ready(await runtime.readiness());
    return reply.status(r.status).send(r.body);
  });
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
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin === undefined ? false : allowed(origin) ? origin : false),
    credentials: !allowed.any,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposedHeaders: ['x-request-id', 'x-process-time', 'retry-after'],
    maxAge: 600,
  });

  await app.register(rateLimit, {
    global: true,
    max: ctx.product.rateLimitMax,
    timeWindow: ctx.product.rateLimitWindowS * 1000,
    store: rateLimitStore,
    keyGenerator: (req) => req.ip,
    // Long-lived sockets are limited per message by their handlers, not per upgrade.
    allowList: (req) => req.headers.upgrade?.toLowerCase() === 'websocket',
    errorResponseBuilder: (_req, c) => new AppError('rate_limited', 429, `Rate limit exceeded, retry in ${c.after}`),
  });

  if (config.docs) {
    // Loaded only when docs are served (off by default in production).
    const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
    await app.register(swagger, {
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
  await app.register(module.routes, { ctx });
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

  const modules = await loadProducts(products);
  // "Exactly one selected" (not "one built so far"): the root mount is part of the run contract.
  const single = products.length === 1 && modules.length === 1;
  const contexts = new Map<ProductSlug, ProductContext>();

  app.setErrorHandler(errorHandler(fastApiStyle));
  if (!single) {
    app.setNotFoundHandler(notFoundHandler(fastApiStyle));
    healthRoutes(app, runtime, genericHealth(process.env.npm_package_version ?? '0.1.0'));
  }

  for (const module of modules) {
    const ctx = productContext(runtime, module);
    contexts.set(module.slug, ctx);
    module.setup?.(ctx);
    const rateLimitStore = fallbackStore(runtime.redis, module.slug);
    await app.register(mountProduct, { prefix: `/${module.slug}`, module, ctx, runtime, rateLimitStore });
    if (single) await app.register(mountProduct, { prefix: '', module, ctx, runtime, rateLimitStore });
  }

  app.addHook('preClose', async () => {
    runtime.hub.closeAll(1001, 'server shutting down');
  });
  return { app, modules, contexts };
}

/** Seed content of every mounted product (idempotent). */
export async function seedProducts(built: BuiltApp): Promise<void> {
  for (const m of built.modules) await m.seed?.(built.contexts.get(m.slug)!);
}
