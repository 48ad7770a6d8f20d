// What a product is to the core: a slug, a routes plugin, its jobs, seed content, error style and health shapes.
import type { FastifyPluginAsync } from 'fastify';
import type { ProductConfig, ProductSlug } from '../config.js';
import type { ErrorStyle } from './http/errors.js';
import type { Readiness, Runtime } from './runtime.js';
import type { AuthWording } from './identity/authenticate.js';
import type { makeAuthenticate } from './identity/authenticate.js';

export interface ProductContext extends Runtime {
  slug: ProductSlug;
  product: ProductConfig;
  auth: ReturnType<typeof makeAuthenticate>;
  /** Whether a browser origin is one of this product's configured CORS origins. */
  isAllowedOrigin(origin: string): boolean;
  /** Queue name of this product's job `name`. */
  jobName(name: string): string;
}

export interface HealthShapes {
  live(): unknown;
  ready(r: Readiness): { status: number; body: unknown };
}

export interface ProductModule {
  slug: ProductSlug;
  title: string;
  version: string;
  description: string;
  errorStyle: ErrorStyle;
  authWording?: AuthWording;
  health?: HealthShapes;
  /** Extra Host header values this product accepts; undefined = any host. */
  allowedHosts?: string[];
  /** Defines jobs and schedules; called once per process before jobs start. */
  setup?(ctx: ProductContext): void;
  /** Idempotent seed content (catalogues, quizzes); run at start-up and by `quintet seed`. */
  seed?(ctx: ProductContext): Promise<void>;
  /** Routes, mounted under `/<slug>` (and at `/` when it is the only product). */
  routes: FastifyPluginAsync<{ ctx: ProductContext }>;
}
