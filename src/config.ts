// The one configuration schema: every environment variable is declared, defaulted and checked here, once.
import path from 'node:path';
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { originMatcher } from './core/http/cors.js';

export const PRODUCT_SLUGS = [
  'couple-compass',
  'project-inside',
  'flirtcraft',
  'fluentfusion',
  'memory-maker',
] as const;
export type ProductSlug = (typeof PRODUCT_SLUGS)[number];

interface VarSpec<T = unknown, Required extends boolean = boolean> {
  schema: TSchema;
  default?: string;
  doc: string;
  secret?: boolean;
  /** Type-level only: the parsed value's type, and whether a default makes it always present. */
  readonly _type?: T;
  readonly _required?: Required;
}

function str(doc: string, def: string, extra?: { secret?: boolean }): VarSpec<string, true>;
function str(doc: string, def?: undefined, extra?: { secret?: boolean }): VarSpec<string, false>;
function str(doc: string, def?: string, extra: { secret?: boolean } = {}): VarSpec<string> {
  return { schema: Type.String(), default: def, doc, secret: extra.secret };
}
const int = (doc: string, def: number, min = 0, max = Number.MAX_SAFE_INTEGER): VarSpec<number, true> => ({
  schema: Type.Integer({ minimum: min, maximum: max }),
  default: String(def),
  doc,
});
const num = (doc: string, def: number, min: number, max: number): VarSpec<number, true> => ({
  schema: Type.Number({ minimum: min, maximum: max }),
  default: String(def),
  doc,
});
function bool(doc: string, def: boolean): VarSpec<boolean, true>;
function bool(doc: string): VarSpec<boolean, false>;
function bool(doc: string, def?: boolean): VarSpec<boolean> {
  return { schema: Type.Boolean(), default: def === undefined ? undefined : String(def), doc };
}
const oneOf = <const T extends string>(doc: string, values: readonly T[], def: T): VarSpec<T, true> => ({
  schema: Type.Union(values.map((v) => Type.Literal(v))),
  default: def,
  doc,
});
function url(doc: string, protocols: string[], def?: undefined, secret?: boolean): VarSpec<string, false> {
  return { schema: Type.String({ pattern: `^(${protocols.join('|')})://` }), default: def, doc, secret };
}

/** Process-wide variables. Order is the order of the README table. */
export const GLOBAL_VARS = {
  NODE_ENV: oneOf('`development`, `production` or `test`; production requires a strong JWT_SECRET and turns docs off', ['development', 'production', 'test'], 'development'),
  HOST: str('Interface to listen on', '127.0.0.1'),
  PORT: int('HTTP port', 8000, 0, 65535),
  PRODUCTS: str('Comma list of product slugs to serve (`all` = every product); exactly one also serves it at `/`', 'all'),
  DATA_DIR: str('Embedded database, generated dev secret and local files live here', './data'),
  DATABASE_URL: url('PostgreSQL server (`postgres://…`); unset = embedded PGlite in DATA_DIR', ['postgres', 'postgresql'], undefined, true),
  DATABASE_POOL_SIZE: int('Connections per process in the PostgreSQL pool', 10, 1, 500),
  DB_CONNECT_TIMEOUT_MS: int('Give up connecting to PostgreSQL after this long (requests then fail fast with 503)', 2000, 100),
  DB_QUERY_TIMEOUT_MS: int('Statement timeout for PostgreSQL queries', 5000, 100),
  REDIS_URL: url('Redis for shared rate limits, caches and WebSocket fan-out; optional', ['redis', 'rediss'], undefined, true),
  REDIS_REQUIRED: bool('When true, `/ready` answers 503 while Redis is unreachable (default: Redis is only an accelerator)', false),
  JWT_SECRET: str('HS256 signing secret (≥ 32 chars). Development: generated once into DATA_DIR. Production: required', undefined, { secret: true }),
  LOG_LEVEL: oneOf('pino log level', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  TRUST_PROXY: int('Number of reverse-proxy hops whose X-Forwarded-* headers are trusted (0 = none)', 0, 0, 10),
  BODY_LIMIT_BYTES: int('Largest accepted request body (uploads have their own limit)', 1_048_576, 1024),
  UPLOAD_LIMIT_BYTES: int('Largest accepted file upload', 26_214_400, 1024),
  RATE_LIMIT_MAX: int('Requests per client per window, per product (override with <PRODUCT>_RATE_LIMIT_MAX)', 300, 1),
  RATE_LIMIT_WINDOW_S: int('Rate-limit window in seconds', 60, 1),
  CORS_ORIGINS: str('Extra allowed browser origins for every product (comma list; `*` wildcards, e.g. `http://localhost:*`)', ''),
  ALLOWED_HOSTS: str('Extra Host header values accepted by products that check Host (comma list)', ''),
  DOCS: bool('Serve OpenAPI + Swagger UI (default: on, except in production)'),
  WEB_CONCURRENCY: int('API processes started by `serve` (node:cluster); more than 1 needs DATABASE_URL', 1, 1, 64),
  JOB_WORKERS: bool('Run background job workers inside the API process', true),
  JOB_POLL_INTERVAL_S: int('How often idle job workers poll for work (seconds)', 2, 1, 60),
  JOB_EXPIRE_S: int('A job running longer than this is considered dead and retried', 15, 1, 3600),
  JOB_RETRY_DELAY_PERCENT: int('Scales every job\'s retry delay (100 = as designed; tests use a few percent)', 100, 1, 1000),
  JOB_MAINTENANCE_INTERVAL_S: int('How often expired jobs are detected and re-queued', 5, 1, 600),
  SESSION_CACHE_TTL_MS: int('How long a "session still valid" answer is cached per process (revocations clear it at once)', 5000, 0, 600_000),
  SHUTDOWN_TIMEOUT_MS: int('Hard limit for a graceful shutdown', 9000, 1000, 60_000),
  SMTP_URL: url('Send mail through this SMTP server (`smtp://user:pass@host:port`); unset = log mail to the console', ['smtp', 'smtps'], undefined, true),
  MAIL_FROM: str('From address of outgoing mail', 'quintet <no-reply@localhost>'),
  APP_BASE_URL: str('Public base URL of the web apps, used in links in mail', 'http://localhost:3000'),
  OPENAI_BASE_URL: url('OpenAI-compatible chat-completions endpoint; unset = deterministic local AI engine', ['http', 'https']),
  OPENAI_API_KEY: str('API key for OPENAI_BASE_URL', undefined, { secret: true }),
  AI_MODEL: str('Model name sent to the AI server', 'gpt-4o-mini'),
  AI_TIMEOUT_MS: int('Timeout of one AI call', 20_000, 100),
  STRIPE_SECRET_KEY: str('Stripe secret key; unset = local payment sandbox', undefined, { secret: true }),
  STRIPE_WEBHOOK_SECRET: str('Secret that verifies `Stripe-Signature` on webhooks (both modes; sandbox default is generated)', undefined, { secret: true }),
  S3_BUCKET: str('Store files in this S3 bucket; unset = local disk under DATA_DIR/files'),
  S3_ENDPOINT: url('S3-compatible endpoint (MinIO, R2, …)', ['http', 'https']),
  S3_REGION: str('S3 region', 'us-east-1'),
  S3_ACCESS_KEY_ID: str('S3 access key', undefined, { secret: true }),
  S3_SECRET_ACCESS_KEY: str('S3 secret key', undefined, { secret: true }),
  S3_FORCE_PATH_STYLE: bool('Use path-style S3 URLs (needed by most self-hosted S3 servers)', true),
  FIRST_SUPERUSER: str('E-mail of an administrator created at start-up in products that have administrators'),
  FIRST_SUPERUSER_PASSWORD: str('Password of FIRST_SUPERUSER', undefined, { secret: true }),
} satisfies Record<string, VarSpec>;

/** Seed defaults per product; every key can be overridden with <PRODUCT_PREFIX>_<KEY>. */
const PRODUCT_DEFAULTS: Record<ProductSlug, { accessMinutes: number; refreshDays: number; cors: string }> = {
  // couple-compass seed: access_token_expire_minutes=30, refresh_token_expire_days=7, allowed_hosts localhost/127.0.0.1
  'couple-compass': { accessMinutes: 30, refreshDays: 7, cors: 'http://localhost:*,http://127.0.0.1:*,https://localhost:*,https://127.0.0.1:*' },
  'project-inside': { accessMinutes: 15, refreshDays: 30, cors: 'http://localhost:*,http://127.0.0.1:*,http://192.168.*.*:*' },
  flirtcraft: { accessMinutes: 30, refreshDays: 7, cors: 'http://localhost:*,http://127.0.0.1:*' },
  fluentfusion: { accessMinutes: 30, refreshDays: 7, cors: 'http://localhost:*,http://127.0.0.1:*' },
  'memory-maker': { accessMinutes: 30, refreshDays: 7, cors: 'http://localhost:*,http://127.0.0.1:*' },
};

export const productPrefix = (slug: ProductSlug): string => slug.toUpperCase().replace(/-/g, '_');

function productVars(slug: ProductSlug): Record<string, VarSpec> {
  const d = PRODUCT_DEFAULTS[slug];
  const p = productPrefix(slug);
  return {
    [`${p}_ACCESS_TOKEN_EXPIRE_MINUTES`]: int(`${slug}: access-token lifetime`, d.accessMinutes, 1, 24 * 60),
    [`${p}_REFRESH_TOKEN_EXPIRE_DAYS`]: int(`${slug}: refresh-token lifetime`, d.refreshDays, 1, 365),
    [`${p}_CORS_ORIGINS`]: str(`${slug}: allowed browser origins (comma list, \`*\` wildcards)`, d.cors),
    [`${p}_RATE_LIMIT_MAX`]: { schema: Type.Integer({ minimum: 1 }), doc: `${slug}: requests per window (default: RATE_LIMIT_MAX)` },
    [`${p}_RATE_LIMIT_WINDOW_S`]: { schema: Type.Integer({ minimum: 1 }), doc: `${slug}: rate-limit window in seconds (default: RATE_LIMIT_WINDOW_S)` },
  };
}

/** Settings only one product has (its seed's own settings), named <PRODUCT_PREFIX>_<KEY>; values land in `settings`. */
const PRODUCT_SETTINGS: Partial<Record<ProductSlug, Record<string, VarSpec>>> = {
  // project-inside seed: WEBSOCKET_HEARTBEAT_INTERVAL=30, WEBSOCKET_TIMEOUT=60, NUDGE_RATE_LIMIT_SECONDS=10, thresholds.
  'project-inside': {
    WEBSOCKET_HEARTBEAT_INTERVAL: num('project-inside: seconds between server pings on live sockets', 30, 0.05, 3600),
    WEBSOCKET_TIMEOUT: num('project-inside: a socket silent this many seconds is dropped', 60, 0.1, 7200),
    NUDGE_RATE_LIMIT_SECONDS: num('project-inside: at most one nudge per (session, user) in this many seconds', 10, 0, 3600),
    SPEAKING_RATE_THRESHOLD: num('project-inside: speaking_rate above this gives a SLOW_DOWN nudge', 3.0, 0, 1000),
    OVERLAP_RATIO_THRESHOLD: num('project-inside: overlap_ratio above this gives a PAUSE nudge', 0.3, 0, 1),
    LOOKUP_RATE_LIMIT_MAX: int('project-inside: contact lookups per client per minute (an e-mail oracle by design)', 20, 1, 100_000),
  },
};

function settingVars(slug: ProductSlug): Record<string, VarSpec> {
  const p = productPrefix(slug);
  return Object.fromEntries(Object.entries(PRODUCT_SETTINGS[slug] ?? {}).map(([k, spec]) => [`${p}_${k}`, spec]));
}

export const ALL_VARS: Record<string, VarSpec> = {
  ...GLOBAL_VARS,
  ...Object.fromEntries(PRODUCT_SLUGS.flatMap((s) => [...Object.entries(productVars(s)), ...Object.entries(settingVars(s))])),
};

export interface ProductConfig {
  slug: ProductSlug;
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  corsOrigins: string[];
  rateLimitMax: number;
  rateLimitWindowS: number;
  /** The product's own settings (PRODUCT_SETTINGS), by key without the prefix. */
  settings: Record<string, number | string | boolean>;
}

type GlobalRaw = {
  [K in keyof typeof GLOBAL_VARS]: (typeof GLOBAL_VARS)[K] extends VarSpec<infer T, infer R> ? (R extends true ? T : T | undefined) : never;
};

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  products: ProductSlug[];
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dbConnectTimeoutMs: number;
  dbQueryTimeoutMs: number;
  redisUrl: string | undefined;
  redisRequired: boolean;
  jwtSecret: string | undefined;
  logLevel: string;
  trustProxy: number;
  bodyLimit: number;
  uploadLimit: number;
  corsOrigins: string[];
  allowedHosts: string[];
  docs: boolean;
  webConcurrency: number;
  jobs: { workers: boolean; pollIntervalS: number; expireS: number; maintenanceIntervalS: number; retryDelayPercent: number; schema: string };
  sessionCacheTtlMs: number;
  shutdownTimeoutMs: number;
  mail: { smtpUrl: string | undefined; from: string };
  appBaseUrl: string;
  ai: { baseUrl: string | undefined; apiKey: string | undefined; model: string; timeoutMs: number };
  payments: { stripeSecretKey: string | undefined; webhookSecret: string | undefined };
  storage: {
    bucket: string | undefined;
    endpoint: string | undefined;
    region: string;
    accessKeyId: string | undefined;
    secretAccessKey: string | undefined;
    forcePathStyle: boolean;
  };
  firstSuperuser: { email: string; password: string } | undefined;
  product: Record<ProductSlug, ProductConfig>;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function readVar(name: string, spec: VarSpec, env: NodeJS.ProcessEnv): unknown {
  const raw = env[name];
  const text = raw === undefined || raw === '' ? spec.default : raw;
  if (text === undefined) return undefined;
  let value: unknown = text;
  const kind = (spec.schema as { type?: string }).type;
  if (kind === 'integer') value = /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
  if (kind === 'number') value = /^-?(\d+\.?\d*|\.\d+)$/.test(text.trim()) ? Number(text.trim()) : text;
  if (kind === 'boolean') {
    const t = text.trim().toLowerCase();
    value = ['1', 'true', 'yes', 'on'].includes(t) ? true : ['0', 'false', 'no', 'off'].includes(t) ? false : text;
  }
  if (!Value.Check(spec.schema, value)) {
    const first = [...Value.Errors(spec.schema, value)][0];
    const shown = spec.secret ? '(hidden)' : JSON.stringify(text);
    throw new ConfigError(`Invalid ${name}=${shown}: ${first?.message ?? 'invalid value'} (${spec.doc})`);
  }
  return value;
}

/** A comma list of CORS origin patterns, each checked here so a bad one names its variable. */
function originList(name: string, value: string | undefined): string[] {
  const patterns = list(value);
  try {
    originMatcher(patterns);
  } catch (e) {
    throw new ConfigError(`Invalid ${name}: ${(e as Error).message}`);
  }
  return patterns;
}

/** Reads and checks every variable; throws ConfigError naming the first bad one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const g = Object.fromEntries(
    Object.entries(GLOBAL_VARS).map(([k, spec]) => [k, readVar(k, spec, env)]),
  ) as GlobalRaw;

  const requested = list(g.PRODUCTS);
  const products: ProductSlug[] =
    requested.length === 0 || requested.includes('all') ? [...PRODUCT_SLUGS] : [];
  if (products.length === 0) {
    for (const p of requested) {
      if (!(PRODUCT_SLUGS as readonly string[]).includes(p)) {
        throw new ConfigError(`Invalid PRODUCTS: unknown product "${p}" (known: ${PRODUCT_SLUGS.join(', ')})`);
      }
      if (!products.includes(p as ProductSlug)) products.push(p as ProductSlug);
    }
  }

  if (g.NODE_ENV === 'production' && (!g.JWT_SECRET || g.JWT_SECRET.length < 32)) {
    throw new ConfigError('JWT_SECRET must be set to at least 32 characters when NODE_ENV=production');
  }
  if (g.JWT_SECRET !== undefined && g.JWT_SECRET.length < 32) {
    throw new ConfigError('Invalid JWT_SECRET: must be at least 32 characters');
  }
  if (g.WEB_CONCURRENCY > 1 && !g.DATABASE_URL) {
    throw new ConfigError(
      'WEB_CONCURRENCY > 1 needs DATABASE_URL: the embedded database can be opened by one process only',
    );
  }
  if ((g.FIRST_SUPERUSER === undefined) !== (g.FIRST_SUPERUSER_PASSWORD === undefined)) {
    throw new ConfigError('FIRST_SUPERUSER and FIRST_SUPERUSER_PASSWORD must be set together');
  }
  if (g.OPENAI_BASE_URL && !g.OPENAI_API_KEY) {
    throw new ConfigError('OPENAI_API_KEY is required when OPENAI_BASE_URL is set');
  }

  const product = Object.fromEntries(
    PRODUCT_SLUGS.map((slug) => {
      const vars = productVars(slug);
      const p = productPrefix(slug);
      const v = (k: string) => readVar(`${p}_${k}`, vars[`${p}_${k}`]!, env);
      const pc: ProductConfig = {
        slug,
        accessTokenTtlS: (v('ACCESS_TOKEN_EXPIRE_MINUTES') as number) * 60,
        refreshTokenTtlS: (v('REFRESH_TOKEN_EXPIRE_DAYS') as number) * 86_400,
        corsOrigins: [...originList(`${p}_CORS_ORIGINS`, v('CORS_ORIGINS') as string), ...originList('CORS_ORIGINS', g.CORS_ORIGINS)],
        rateLimitMax: (v('RATE_LIMIT_MAX') as number | undefined) ?? g.RATE_LIMIT_MAX,
        rateLimitWindowS: (v('RATE_LIMIT_WINDOW_S') as number | undefined) ?? g.RATE_LIMIT_WINDOW_S,
        settings: Object.fromEntries(
          Object.entries(PRODUCT_SETTINGS[slug] ?? {}).map(([k, spec]) => [k, readVar(`${p}_${k}`, spec, env) as number | string | boolean]),
        ),
      };
      return [slug, pc];
    }),
  ) as Record<ProductSlug, ProductConfig>;

  return {
    env: g.NODE_ENV,
    host: g.HOST,
    port: g.PORT,
    products,
    dataDir: path.resolve(g.DATA_DIR),
    databaseUrl: g.DATABASE_URL,
    databasePoolSize: g.DATABASE_POOL_SIZE,
    dbConnectTimeoutMs: g.DB_CONNECT_TIMEOUT_MS,
    dbQueryTimeoutMs: g.DB_QUERY_TIMEOUT_MS,
    redisUrl: g.REDIS_URL,
    redisRequired: g.REDIS_REQUIRED ?? false,
    jwtSecret: g.JWT_SECRET,
    logLevel: g.LOG_LEVEL,
    trustProxy: g.TRUST_PROXY,
    bodyLimit: g.BODY_LIMIT_BYTES,
    uploadLimit: g.UPLOAD_LIMIT_BYTES,
    corsOrigins: list(g.CORS_ORIGINS),
    allowedHosts: list(g.ALLOWED_HOSTS),
    docs: g.DOCS ?? g.NODE_ENV !== 'production',
    webConcurrency: g.WEB_CONCURRENCY,
    jobs: {
      workers: g.JOB_WORKERS ?? true,
      pollIntervalS: g.JOB_POLL_INTERVAL_S,
      expireS: g.JOB_EXPIRE_S,
      maintenanceIntervalS: g.JOB_MAINTENANCE_INTERVAL_S,
      retryDelayPercent: g.JOB_RETRY_DELAY_PERCENT,
      schema: 'jobs',
    },
    sessionCacheTtlMs: g.SESSION_CACHE_TTL_MS,
    shutdownTimeoutMs: g.SHUTDOWN_TIMEOUT_MS,
    mail: { smtpUrl: g.SMTP_URL, from: g.MAIL_FROM },
    appBaseUrl: g.APP_BASE_URL.replace(/\/+$/, ''),
    ai: { baseUrl: g.OPENAI_BASE_URL, apiKey: g.OPENAI_API_KEY, model: g.AI_MODEL, timeoutMs: g.AI_TIMEOUT_MS },
    payments: { stripeSecretKey: g.STRIPE_SECRET_KEY, webhookSecret: g.STRIPE_WEBHOOK_SECRET },
    storage: {
      bucket: g.S3_BUCKET,
      endpoint: g.S3_ENDPOINT,
      region: g.S3_REGION,
      accessKeyId: g.S3_ACCESS_KEY_ID,
      secretAccessKey: g.S3_SECRET_ACCESS_KEY,
      forcePathStyle: g.S3_FORCE_PATH_STYLE ?? true,
    },
    firstSuperuser:
      g.FIRST_SUPERUSER && g.FIRST_SUPERUSER_PASSWORD
        ? { email: g.FIRST_SUPERUSER, password: g.FIRST_SUPERUSER_PASSWORD }
        : undefined,
    product,
  };
}

/** Markdown table of every variable (README and `--help`). */
export function describeVars(): string {
  const rows = Object.entries(ALL_VARS).map(
    ([k, s]) => `| \`${k}\` | ${s.default === undefined ? '—' : `\`${s.default}\``} | ${s.doc} |`,
  );
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
