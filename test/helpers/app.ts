// Starts the real app in-process for a test file: in-memory PGlite (or TEST_DATABASE_URL), memory mailer, local AI.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config, type ProductSlug } from '../../src/config.js';
import { createLogger } from '../../src/core/http/server.js';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../src/core/runtime.js';
import { buildApp, seedProducts, type BuiltApp } from '../../src/app.js';
import { memoryMailer, type MailMessage } from '../../src/core/mail/port.js';
import type { DatabaseTarget } from '../../src/core/db/connect.js';
import type { ProductContext } from '../../src/core/product.js';

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);
export const usingRedis = Boolean(process.env.TEST_REDIS_URL);
/** One Redis key prefix per test process. */
export const REDIS_PREFIX = `quintet-test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;

let template: Blob | undefined;
function pgliteTemplate(): Blob | undefined {
  const file = process.env.QUINTET_PGLITE_TEMPLATE;
  if (!file || !fs.existsSync(file)) return undefined;
  template ??= new Blob([fs.readFileSync(file)]);
  return template;
}

export function testDatabaseTarget(): DatabaseTarget {
  return usingPostgres
    ? { kind: 'postgres', url: process.env.TEST_DATABASE_URL!, poolSize: 5, connectTimeoutMs: 3000, queryTimeoutMs: 10_000 }
    : { kind: 'pglite-memory', template: pgliteTemplate() };
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'quintet-test-')),
    JOB_POLL_INTERVAL_S: '1',
    JOB_MAINTENANCE_INTERVAL_S: '1',
    // Test files share one Redis in server mode (and earlier runs' keys stay there): each test process gets keys of
    // its own, while the apps of one file (multi-instance tests) share theirs. inject() always comes from 127.0.0.1,
    // so limits are scaled out; rate-limit tests set RATE_LIMIT_SCALE=1 (or their own limits).
    REDIS_KEY_PREFIX: REDIS_PREFIX,
    RATE_LIMIT_SCALE: '100000',
    ...(usingPostgres ? { DATABASE_URL: process.env.TEST_DATABASE_URL! } : {}),
    ...(usingRedis ? { REDIS_URL: process.env.TEST_REDIS_URL! } : {}),
    ...env,
  });
}

/**
 * For tests of a strict limit at its default: RATE_LIMIT_SCALE=1, except sign-ups per IP (every inject() comes from
 * 127.0.0.1, and a test file signs up more users than one address may in an hour).
 */
export const DEFAULT_LIMITS_ENV = { RATE_LIMIT_SCALE: '1', RATE_LIMIT_SIGNUPS_PER_IP: '100000/3600' };

export interface TestApp extends BuiltApp {
  runtime: Runtime;
  config: Config;
  /** The JWT secret, so tests can sign expired or foreign tokens. */
  secret: Uint8Array;
  outbox: MailMessage[];
  ctx(slug: ProductSlug): ProductContext;
  close(): Promise<void>;
}

export interface StartOptions {
  products?: ProductSlug[];
  env?: Record<string, string>;
  overrides?: RuntimeOverrides;
  /** Start job workers (default true). */
  jobs?: boolean;
  /** Capture the JSON log lines (set env LOG_LEVEL too, tests default to silent). */
  logStream?: NodeJS.WritableStream;
}

/**
 * pg-boss (10.4) marks a finished job complete or failed without awaiting it, so its stop() can resolve while that
 * write is still in flight; dropping the test's job schema under it rejects unhandled ("relation jobs_t….job does
 * not exist") and fails the test file. Give those writes time to land first.
 */
const settleJobWrites = () => new Promise((resolve) => setTimeout(resolve, 300));

export async function startTestApp(o: StartOptions = {}): Promise<TestApp> {
  const config = testConfig({ ...(o.products ? { PRODUCTS: o.products.join(',') } : {}), ...o.env });
  const mailer = memoryMailer();
  const secret = o.overrides?.secret ?? new Uint8Array(randomBytes(32));
  const jobsSchema = usingPostgres ? `jobs_t${randomBytes(5).toString('hex')}` : undefined;
  const runtime = await createRuntime(config, createLogger({ level: config.logLevel, ...(o.logStream ? { stream: o.logStream } : {}) }), {
    database: testDatabaseTarget(),
    mailer,
    secret,
    ...(jobsSchema ? { jobsSchema } : {}),
    ...o.overrides,
  });
  const built = await buildApp(runtime);
  await seedProducts(built);
  await runtime.startJobs(o.jobs ?? true);
  await built.app.ready();
  return {
    ...built,
    runtime,
    config,
    secret,
    outbox: mailer.outbox,
    ctx(slug) {
      const c = built.contexts.get(slug);
      if (!c) throw new Error(`product ${slug} is not mounted`);
      return c;
    },
    async close() {
      await built.app.close();
      const db = runtime.db;
      await runtime.jobs.stop(1000);
      if (jobsSchema) {
        await settleJobWrites();
        await db.sql.executeSql(`DROP SCHEMA IF EXISTS ${jobsSchema} CASCADE`).catch(() => undefined);
      }
      await runtime.close();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** A runtime without HTTP, for core tests that define their own jobs before starting them. */
export async function startTestRuntime(
  env: Record<string, string> = {},
): Promise<{ runtime: Runtime; config: Config; jobsSchema: string; close(): Promise<void> }> {
  const config = testConfig(env);
  const jobsSchema = usingPostgres ? `jobs_t${randomBytes(5).toString('hex')}` : 'jobs';
  const runtime = await createRuntime(config, createLogger({ level: config.logLevel }), {
    database: testDatabaseTarget(),
    mailer: memoryMailer(),
    secret: new Uint8Array(randomBytes(32)),
    jobsSchema,
  });
  return {
    runtime,
    config,
    jobsSchema,
    async close() {
      await runtime.jobs.stop(1000);
      if (usingPostgres) {
        await settleJobWrites();
        await runtime.db.sql.executeSql(`DROP SCHEMA IF EXISTS ${jobsSchema} CASCADE`).catch(() => undefined);
      }
      await runtime.close();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** A log stream for `startTestApp({ logStream })` that keeps every line in `lines`, for "never logged" checks. */
export function captureLogs(lines: string[] = []): { lines: string[]; stream: Writable } {
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, stream };
}

/** A unique e-mail per call: tests share one PostgreSQL database and never depend on each other's rows. */
export function uniqueEmail(tag = 'user'): string {
  return `${tag}.${randomBytes(6).toString('hex')}@example.com`;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
