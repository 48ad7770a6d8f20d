// The one configuration schema: every environment variable is declared, defaulted and checked here, once.
import path from 'node:path';
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { originMatcher } from './core/http/cors.js';
import { PRODUCT_SLUGS, type ProductSlug } from './products/index.js';
import type { ProductModule } from './core/product.js';

export { PRODUCT_SLUGS, type ProductSlug };

export interface VarSpec<T = unknown, Required extends boolean = boolean> {
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
  NODE_ENV: oneOf(
    '`development`, `production` or `test`; production requires a strong JWT_SECRET and turns docs off',
    ['development', 'production', 'test'],
    'development',
  ),
  HOST: str('Interface to listen on', '127.0.0.1'),
  PORT: int('HTTP port', 8000, 0, 65535),
  PRODUCTS: str('Comma list of product slugs to serve (`all` = every product); exactly one also serves it at `/`', 'all'),
  DATA_DIR: str('Embedded database, generated dev secret and local files live here', './data'),
  DATABASE_URL: url('PostgreSQL server (`postgres://…`); unset = embedded PGlite in DATA_DIR', ['postgres', 'postgresql'], undefined, true),
  DATABASE_POOL_SIZE: int('Connections per process in the PostgreSQL pool', 10, 1, 500),
  DB_CONNECT_TIMEOUT_MS: int('Give up connecting to PostgreSQL after this long (requests then fail fast with 503)', 2000, 100),
  DB_QUERY_TIMEOUT_MS: int('Statement timeout for PostgreSQL queries', 5000, 100),
  REDIS_URL: url('Redis for shared rate limits, caches and WebSocket fan-out; optional', ['redis', 'rediss'], undefined, true),
  REDIS_KEY_PREFIX: str('Prefix of every Redis key and channel, so deployments (or test runs) sharing one Redis stay apart', 'quintet:'),
  REDIS_REQUIRED: bool('When true, `/ready` answers 503 while Redis is unreachable (default: Redis is only an accelerator)', false),
  JWT_SECRET: str('HS256 signing secret (≥ 32 chars). Development: generated once into DATA_DIR. Production: required', undefined, { secret: true }),
  LOG_LEVEL: oneOf('pino log level', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  TRUST_PROXY: int('Number of reverse-proxy hops whose X-Forwarded-* headers are trusted (0 = none)', 0, 0, 10),
  BODY_LIMIT_BYTES: int('Largest accepted request body (uploads have their own limit)', 1_048_576, 1024),
  UPLOAD_LIMIT_BYTES: int('Largest accepted file upload', 26_214_400, 1024),
  RATE_LIMIT_USER_MAX: int('Requests per signed-in user per window, per product (override with <PRODUCT>_RATE_LIMIT_USER_MAX)', 600, 1),
  RATE_LIMIT_IP_MAX: int('Requests per client IP per window for anonymous traffic, per product (<PRODUCT>_RATE_LIMIT_IP_MAX)', 600, 1),
  RATE_LIMIT_WINDOW_S: int('Window of the two limits above, in seconds', 60, 1),
  RATE_LIMIT_SCALE: num('Multiplies every rate limit (general, strict and socket limits) at once: load tests, CI, staging', 1, 0.001, 1_000_000),
  SOCKETS_PER_USER_MAX: int('Open WebSocket connections per user, per process and product', 20, 1),
  SOCKETS_PER_IP_MAX: int('Open WebSocket connections per client IP, per process', 500, 1),
  SOCKET_HANDSHAKES_MAX: int('WebSocket handshakes per user (or IP when anonymous) per minute, per product', 60, 1),
  REFRESH_REUSE_INTERVAL_S: int(
    'A refresh token presented again within this many seconds of its first use yields a new pair in the same session (two tabs, retries); later reuse revokes the session',
    10,
    0,
    300,
  ),
  CORS_ORIGINS: str('Extra allowed browser origins for every product (comma list; `*` wildcards, e.g. `http://localhost:*`)', ''),
  ALLOWED_HOSTS: str('Extra Host header values accepted by products that check Host (comma list)', ''),
  DOCS: bool('Serve OpenAPI + Swagger UI (default: on, except in production)'),
  WEB_CONCURRENCY: int('API processes started by `serve` (node:cluster); more than 1 needs DATABASE_URL', 1, 1, 64),
  JOB_WORKERS: bool('Run background job workers inside the API process', true),
  JOB_POLL_INTERVAL_S: int('How often idle job workers poll for work (seconds)', 2, 1, 60),
  JOB_EXPIRE_S: int('A job running longer than this is considered dead and retried', 15, 1, 3600),
  JOB_RETRY_DELAY_PERCENT: int("Scales every job's retry delay (100 = as designed; tests use a few percent)", 100, 1, 1000),
  JOB_MAINTENANCE_INTERVAL_S: int('How often expired jobs are detected and re-queued', 5, 1, 600),
  SESSION_CACHE_TTL_MS: int('How long a "session still valid" answer is cached per process (revocations clear it at once)', 5000, 0, 600_000),
  SHUTDOWN_TIMEOUT_MS: int('Hard limit for a graceful shutdown', 9000, 1000, 60_000),
  SMTP_URL: url('Send mail through this SMTP server (`smtp://user:pass@host:port`); unset = log mail to the console', ['smtp', 'smtps'], undefined, true),
  MAIL_CONSOLE: bool('Production only: start without SMTP_URL and log mail (recipient and subject only, never the body) instead of sending it'),
  MAIL_FROM: str('From address of outgoing mail', 'quintet <no-reply@localhost>'),
  APP_BASE_URL: str('Public base URL of the web apps, used in links in mail', 'http://localhost:3000'),
  OPENAI_BASE_URL: url('OpenAI-compatible chat-completions endpoint; unset = deterministic local AI engine', ['http', 'https']),
  OPENAI_API_KEY: str('API key for OPENAI_BASE_URL', undefined, { secret: true }),
  AI_MODEL: str('Model name sent to the AI server', 'gpt-4o-mini'),
  AI_SPEECH_MODEL: str('Text-to-speech model of the AI server (narrated books)', 'tts-1'),
  AI_SPEECH_VOICE: str('Voice of the text-to-speech model', 'alloy'),
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

/** A counted limit: at most `max` events per `windowS` seconds. */
export interface LimitSpec {
  max: number;
  windowS: number;
}

/**
 * Strict limits every product has, where abuse pays (guessing, sign-up floods, mail bombing). Each is a setting
 * `RATE_LIMIT_<NAME>=<max>/<seconds>`, scaled by RATE_LIMIT_SCALE. Products add their own (`ProductModule.limits`).
 */
export const CORE_LIMITS = {
  LOGIN_FAILURES_PER_ACCOUNT: { max: 10, windowS: 900, doc: 'failed logins per account (then 429 for that account, right password or not)' },
  LOGIN_FAILURES_PER_IP: { max: 50, windowS: 900, doc: 'failed logins per client IP' },
  SIGNUPS_PER_IP: { max: 30, windowS: 3600, doc: 'sign-ups per client IP' },
  MAIL_PER_RECIPIENT: { max: 5, windowS: 3600, doc: 'mails (reset, verification, invites) to one address' },
  MAIL_PER_ACCOUNT: { max: 30, windowS: 3600, doc: 'mails one account makes the service send (invites, resends)' },
  MAIL_REQUESTS_PER_IP: { max: 20, windowS: 3600, doc: 'anonymous mail requests (password reset, resend verification) per client IP' },
  CODE_FAILURES_PER_ACCOUNT: { max: 10, windowS: 900, doc: 'wrong guessable codes (partner codes, invite tokens) per account' },
  CODE_FAILURES_PER_IP: { max: 50, windowS: 900, doc: 'wrong guessable codes per client IP' },
} as const satisfies Record<string, LimitSpec & { doc: string }>;
export type CoreLimit = keyof typeof CORE_LIMITS;

export interface ProductConfig<S = Record<string, unknown>> {
  slug: ProductSlug;
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  corsOrigins: string[];
  /** The general limits: per signed-in user, and per IP for anonymous requests (already scaled). */
  rateLimit: { userMax: number; ipMax: number; windowS: number; handshakeMax: number };
  /** Named strict limits, core's and the product's own (already scaled). */
  limits: Record<string, LimitSpec>;
  /** The product's own settings (`ProductModule.settings`), by key. */
  settings: S;
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
  redisKeyPrefix: string;
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
  mail: { smtpUrl: string | undefined; from: string; console: boolean };
  appBaseUrl: string;
  ai: { baseUrl: string | undefined; apiKey: string | undefined; model: string; timeoutMs: number; speechModel: string; voice: string };
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
  rateLimit: { userMax: number; ipMax: number; windowS: number; scale: number; handshakeMax: number };
  sockets: { perUserMax: number; perIpMax: number };
  refreshReuseIntervalS: number;
  /** Core strict limits, scaled. */
  limits: Record<CoreLimit, LimitSpec>;
  /** The environment the configuration was read from: products read their own variables from it. */
  source: Readonly<Record<string, string | undefined>>;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function readVar(name: string, spec: VarSpec, env: Readonly<Record<string, string | undefined>>): unknown {
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
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const g = Object.fromEntries(Object.entries(GLOBAL_VARS).map(([k, spec]) => [k, readVar(k, spec, env)])) as GlobalRaw;

  const requested = list(g.PRODUCTS);
  const products: ProductSlug[] = requested.length === 0 || requested.includes('all') ? [...PRODUCT_SLUGS] : [];
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
    throw new ConfigError('WEB_CONCURRENCY > 1 needs DATABASE_URL: the embedded database can be opened by one process only');
  }
  if ((g.FIRST_SUPERUSER === undefined) !== (g.FIRST_SUPERUSER_PASSWORD === undefined)) {
    throw new ConfigError('FIRST_SUPERUSER and FIRST_SUPERUSER_PASSWORD must be set together');
  }
  if (g.OPENAI_BASE_URL && !g.OPENAI_API_KEY) {
    throw new ConfigError('OPENAI_API_KEY is required when OPENAI_BASE_URL is set');
  }

  if (g.NODE_ENV === 'production' && !g.SMTP_URL && !g.MAIL_CONSOLE) {
    throw new ConfigError(
      'SMTP_URL must be set when NODE_ENV=production (reset and verification links would otherwise go nowhere); set MAIL_CONSOLE=true to log mail without bodies instead',
    );
  }
  const scale = g.RATE_LIMIT_SCALE;
  const scaled = (l: LimitSpec): LimitSpec => ({ max: Math.max(1, Math.round(l.max * scale)), windowS: l.windowS });
  const limits = Object.fromEntries(Object.entries(CORE_LIMITS).map(([k, d]) => [k, scaled(readLimit(`RATE_LIMIT_${k}`, d, env))])) as Record<
    CoreLimit,
    LimitSpec
  >;

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
    redisKeyPrefix: g.REDIS_KEY_PREFIX ?? 'quintet:',
    jwtSecret: g.JWT_SECRET,
    logLevel: g.LOG_LEVEL,
    trustProxy: g.TRUST_PROXY,
    bodyLimit: g.BODY_LIMIT_BYTES,
    uploadLimit: g.UPLOAD_LIMIT_BYTES,
    corsOrigins: originList('CORS_ORIGINS', g.CORS_ORIGINS),
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
    mail: { smtpUrl: g.SMTP_URL, from: g.MAIL_FROM, console: !g.SMTP_URL },
    appBaseUrl: g.APP_BASE_URL.replace(/\/+$/, ''),
    ai: {
      baseUrl: g.OPENAI_BASE_URL,
      apiKey: g.OPENAI_API_KEY,
      model: g.AI_MODEL,
      timeoutMs: g.AI_TIMEOUT_MS,
      speechModel: g.AI_SPEECH_MODEL,
      voice: g.AI_SPEECH_VOICE,
    },
    payments: { stripeSecretKey: g.STRIPE_SECRET_KEY, webhookSecret: g.STRIPE_WEBHOOK_SECRET },
    storage: {
      bucket: g.S3_BUCKET,
      endpoint: g.S3_ENDPOINT,
      region: g.S3_REGION,
      accessKeyId: g.S3_ACCESS_KEY_ID,
      secretAccessKey: g.S3_SECRET_ACCESS_KEY,
      forcePathStyle: g.S3_FORCE_PATH_STYLE ?? true,
    },
    firstSuperuser: g.FIRST_SUPERUSER && g.FIRST_SUPERUSER_PASSWORD ? { email: g.FIRST_SUPERUSER, password: g.FIRST_SUPERUSER_PASSWORD } : undefined,
    rateLimit: {
      userMax: Math.max(1, Math.round(g.RATE_LIMIT_USER_MAX * scale)),
      ipMax: Math.max(1, Math.round(g.RATE_LIMIT_IP_MAX * scale)),
      windowS: g.RATE_LIMIT_WINDOW_S,
      scale,
      handshakeMax: Math.max(1, Math.round(g.SOCKET_HANDSHAKES_MAX * scale)),
    },
    sockets: { perUserMax: Math.max(1, Math.round(g.SOCKETS_PER_USER_MAX * scale)), perIpMax: Math.max(1, Math.round(g.SOCKETS_PER_IP_MAX * scale)) },
    refreshReuseIntervalS: g.REFRESH_REUSE_INTERVAL_S,
    limits,
    source: { ...env },
  };
}

const LIMIT_PATTERN = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

/** A `<max>/<seconds>` limit variable (e.g. `10/900`); unset = the default. */
function readLimit(name: string, def: LimitSpec, env: Readonly<Record<string, string | undefined>>): LimitSpec {
  const raw = env[name];
  if (raw === undefined || raw === '') return { max: def.max, windowS: def.windowS };
  const m = LIMIT_PATTERN.exec(raw);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new ConfigError(`Invalid ${name}=${JSON.stringify(raw)}: expected <max>/<seconds>, e.g. 10/900`);
  return { max: Number(m[1]), windowS: Number(m[2]) };
}

/** Upper-case, underscores: the prefix of a product's variables (`couple-compass` → `COUPLE_COMPASS`). */
export const productPrefix = (slug: string): string => slug.toUpperCase().replace(/-/g, '_');

/** The variables every product has, with the product's defaults. */
function productVars(m: ProductModule): Record<string, VarSpec> {
  const d = m.defaults;
  const p = productPrefix(m.slug);
  return {
    [`${p}_ACCESS_TOKEN_EXPIRE_MINUTES`]: int(`${m.slug}: access-token lifetime`, d.accessTokenMinutes, 1, 24 * 60),
    [`${p}_REFRESH_TOKEN_EXPIRE_DAYS`]: int(`${m.slug}: refresh-token lifetime`, d.refreshTokenDays, 1, 365),
    [`${p}_CORS_ORIGINS`]: str(`${m.slug}: allowed browser origins (comma list, \`*\` wildcards)`, d.corsOrigins),
    [`${p}_RATE_LIMIT_USER_MAX`]: {
      schema: Type.Integer({ minimum: 1 }),
      default: d.rateLimit?.userMax === undefined ? undefined : String(d.rateLimit.userMax),
      doc: `${m.slug}: requests per signed-in user per window (default: RATE_LIMIT_USER_MAX)`,
    },
    [`${p}_RATE_LIMIT_IP_MAX`]: {
      schema: Type.Integer({ minimum: 1 }),
      default: d.rateLimit?.ipMax === undefined ? undefined : String(d.rateLimit.ipMax),
      doc: `${m.slug}: anonymous requests per client IP per window (default: RATE_LIMIT_IP_MAX)`,
    },
    [`${p}_RATE_LIMIT_WINDOW_S`]: {
      schema: Type.Integer({ minimum: 1 }),
      default: d.rateLimit?.windowS === undefined ? undefined : String(d.rateLimit.windowS),
      doc: `${m.slug}: window of the two limits above (default: RATE_LIMIT_WINDOW_S)`,
    },
  };
}

/** The product's own settings as variable specs: `<PREFIX>_<KEY>`, default and doc from the TypeBox schema. */
function settingVars(m: ProductModule): Record<string, VarSpec> {
  const props = (m.settings?.properties ?? {}) as Record<string, TSchema & { default?: unknown; description?: string }>;
  const p = productPrefix(m.slug);
  return Object.fromEntries(
    Object.entries(props).map(([k, schema]) => [
      `${p}_${k}`,
      {
        schema,
        default: schema.default === undefined ? undefined : String(schema.default),
        doc: `${m.slug}: ${schema.description ?? k}`,
        secret: /SECRET|KEY|PASSWORD|TOKEN/.test(k),
      },
    ]),
  );
}

function productLimitVars(m: ProductModule): Record<string, { spec: LimitSpec; doc: string }> {
  const p = productPrefix(m.slug);
  return Object.fromEntries(Object.entries(m.limits ?? {}).map(([k, l]) => [`${p}_RATE_LIMIT_${k}`, { spec: l, doc: `${m.slug}: ${l.doc}` }]));
}

/**
 * A product's configuration from the same environment: its general variables, its strict limits and its own
 * settings. Throws ConfigError naming the first bad variable (start-up stops before anything opens).
 */
export function productConfig<S = Record<string, unknown>>(m: ProductModule, config: Config): ProductConfig<S> {
  const env = config.source;
  const p = productPrefix(m.slug);
  const vars = productVars(m);
  const v = (k: string) => readVar(`${p}_${k}`, vars[`${p}_${k}`]!, env);
  const scale = config.rateLimit.scale;
  const scaledMax = (n: number) => Math.max(1, Math.round(n * scale));
  const limits: Record<string, LimitSpec> = { ...config.limits };
  for (const [name, { spec }] of Object.entries(productLimitVars(m))) {
    const l = readLimit(name, spec, env);
    limits[name.slice(`${p}_RATE_LIMIT_`.length)] = { max: scaledMax(l.max), windowS: l.windowS };
  }
  const settings = Object.fromEntries(Object.entries(settingVars(m)).map(([name, spec]) => [name.slice(p.length + 1), readVar(name, spec, env)]));
  const userMax = v('RATE_LIMIT_USER_MAX') as number | undefined;
  const ipMax = v('RATE_LIMIT_IP_MAX') as number | undefined;
  return {
    slug: m.slug as ProductSlug,
    accessTokenTtlS: (v('ACCESS_TOKEN_EXPIRE_MINUTES') as number) * 60,
    refreshTokenTtlS: (v('REFRESH_TOKEN_EXPIRE_DAYS') as number) * 86_400,
    corsOrigins: [...originList(`${p}_CORS_ORIGINS`, v('CORS_ORIGINS') as string), ...originList('CORS_ORIGINS', env.CORS_ORIGINS)],
    rateLimit: {
      userMax: userMax === undefined ? config.rateLimit.userMax : scaledMax(userMax),
      ipMax: ipMax === undefined ? config.rateLimit.ipMax : scaledMax(ipMax),
      windowS: (v('RATE_LIMIT_WINDOW_S') as number | undefined) ?? config.rateLimit.windowS,
      handshakeMax: config.rateLimit.handshakeMax,
    },
    limits,
    settings: settings as S,
  };
}

/** Markdown table of every variable (README and `--help`): the global ones, then each product's. */
export function describeVars(modules: ProductModule[]): string {
  const row = (k: string, def: string | undefined, doc: string) => `| \`${k}\` | ${def === undefined ? '—' : `\`${def}\``} | ${doc} |`;
  const rows = [
    ...Object.entries(GLOBAL_VARS).map(([k, s]) => row(k, s.default, s.doc)),
    ...Object.entries(CORE_LIMITS).map(([k, l]) => row(`RATE_LIMIT_${k}`, `${l.max}/${l.windowS}`, `Strict limit: ${l.doc} (\`<max>/<seconds>\`)`)),
  ];
  for (const m of modules) {
    rows.push(...Object.entries(productVars(m)).map(([k, s]) => row(k, s.default, s.doc)));
    rows.push(...Object.entries(productLimitVars(m)).map(([k, l]) => row(k, `${l.spec.max}/${l.spec.windowS}`, l.doc)));
    rows.push(...Object.entries(settingVars(m)).map(([k, s]) => row(k, s.default, s.doc)));
  }
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
