// What a product is to the core: a self-describing module (settings, limits, accounts, jobs, routes, health, errors).
import type { FastifyInstance } from 'fastify';
import type { Static, TObject, TProperties, TSchema } from '@sinclair/typebox';
import type { LimitSpec, ProductConfig, ProductSlug } from '../config.js';
import type { ErrorStyle } from './http/errors.js';
import type { Limits } from './http/limits.js';
import type { Readiness, Runtime } from './runtime.js';
import type { AuthWording } from './identity/authenticate.js';
import type { makeAuthenticate } from './identity/authenticate.js';
import type { AccountPolicy, Accounts } from './identity/accounts.js';
import type { JobDefinition } from './jobs/define.js';
import type { PrivacyHandler } from './privacy/registry.js';
import type { ExternalTokens } from './identity/external.js';

export interface ProductContext<S = Record<string, unknown>> extends Runtime {
  slug: ProductSlug;
  /** This product's configuration: token lifetimes, CORS, limits and its own `settings`. */
  product: ProductConfig<S>;
  /** Shorthand for `product.settings`, typed by the module's settings schema. */
  settings: S;
  auth: ReturnType<typeof makeAuthenticate>;
  /** Sign-up, login, refresh, logout, password reset, e-mail verification — in this product's wording. */
  accounts: Accounts;
  /** Named strict limits (core's and this product's): `await ctx.limits.consume('SIGNUPS_PER_IP', req.ip)`. */
  limits: Limits;
  /** Whether a browser origin is one of this product's configured CORS origins. */
  isAllowedOrigin(origin: string): boolean;
  /** Queue name of this product's job `name`. */
  jobName(name: string): string;
}

export interface HealthShapes {
  live(): unknown;
  ready(r: Readiness): { status: number; body: unknown };
  /**
   * A `/health` that reports each service, for seeds that define one: replaces `live`, may answer 503, and is
   * listed in the OpenAPI document with `schema` as its response.
   */
  detailed?: { handler(runtime: Runtime): Promise<{ status: number; body: unknown }>; schema: TSchema };
}

/** Defaults of the settings every product has; each is overridable with `<PREFIX>_<VARIABLE>`. */
export interface ProductDefaults {
  accessTokenMinutes: number;
  refreshTokenDays: number;
  /** Comma list of allowed browser origins (`*` wildcards). */
  corsOrigins: string;
  /** The general per-user / per-IP request limits, when the seed sets its own. */
  rateLimit?: { userMax?: number; ipMax?: number; windowS?: number };
}

export interface ProductModule<P extends TProperties = TProperties> {
  slug: string;
  title: string;
  version: string;
  description: string;
  defaults: ProductDefaults;
  /**
   * The product's own settings: each property (UPPER_SNAKE key, TypeBox schema with `default` and `description`) is
   * read from `<PREFIX>_<KEY>` at start-up, checked, listed in the README, and reaches handlers as `ctx.settings`.
   */
  settings?: TObject<P>;
  /** Strict limits of this product (`<PREFIX>_RATE_LIMIT_<NAME>=<max>/<seconds>`), used via `ctx.limits`. */
  limits?: Record<string, LimitSpec & { doc: string }>;
  errorStyle: ErrorStyle;
  authWording?: AuthWording;
  /** Wording, password policy and mail texts of the account module (`ctx.accounts`). */
  accounts?: AccountPolicy;
  /** True when the product has administrators: FIRST_SUPERUSER is created in it at start-up. */
  admins?: boolean;
  health?: HealthShapes;
  /** Extra Host header values this product accepts; undefined = any host. */
  allowedHosts?: string[];
  /** Typed background jobs (`defineJob`): registered before the workers start. */
  jobs?: JobDefinition<never>[];
  /**
   * Tokens another service issues that this product accepts as `Authorization: Bearer` beside its own (an app that
   * signs users in elsewhere). Undefined, or a call returning undefined (not configured), accepts only ours.
   */
  externalTokens?(ctx: ProductContext<Static<TObject<P>>>): ExternalTokens | undefined;
  /** What the product stores about a user, for GDPR export and erase. */
  privacy?(ctx: ProductContext<Static<TObject<P>>>): PrivacyHandler;
  /** Anything else to set up once per process before jobs start (schedules, subscriptions). */
  setup?(ctx: ProductContext<Static<TObject<P>>>): void;
  /** Idempotent seed content (catalogues, quizzes); run at start-up and by `quintet seed`. */
  seed?(ctx: ProductContext<Static<TObject<P>>>): Promise<void>;
  /** Routes, mounted under `/<slug>` (and at `/` when it is the only product). */
  routes(app: FastifyInstance, opts: { ctx: ProductContext<Static<TObject<P>>> }): Promise<void>;
}

/** Declares a product; the settings schema types `ctx.settings` everywhere the module passes `ctx`. */
export function defineProduct<P extends TProperties>(m: ProductModule<P>): ProductModule<P> {
  return m;
}
