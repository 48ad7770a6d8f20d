// Everything a process holds open (database, Redis, jobs, ports), created once and closed once.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openDatabase, type Database, type DatabaseTarget } from './db/connect.js';
import { runMigrations } from './db/migrate.js';
import { connectRedis, type RedisHandle } from './redis.js';
import { createBus, type Bus } from './realtime/bus.js';
import { Hub } from './realtime/hub.js';
import { SessionCache } from './identity/session-cache.js';
import { createIdentity, type Identity } from './identity/identity.service.js';
import { resolveSecret } from './secret.js';
import { Jobs } from './jobs/jobs.js';
import { consoleMailer, type Mailer } from './mail/port.js';
import { localAi, type AiPort } from './ai/port.js';
import { SocketRegistry } from './realtime/sockets.js';
import { localStorage, type Storage } from './storage/port.js';
import { sandboxPayments, stripePayments, type Payments } from './payments/port.js';
import { PrivacyRegistry } from './privacy/registry.js';
import { logPush, type PushSender } from './push/port.js';

export interface Readiness {
  ready: boolean;
  reason?: string;
  checks: { database: string; migrations: string; jobs: string; redis: string };
}

export interface Runtime {
  config: Config;
  log: Logger;
  db: Database;
  redis: RedisHandle | undefined;
  bus: Bus;
  hub: Hub;
  identity: Identity;
  jobs: Jobs;
  mailer: Mailer;
  /** The product-neutral AI port (local deterministic engine unless OPENAI_BASE_URL is set). */
  ai: AiPort;
  /** DEPRECATED: the pre-port engine, until Couple Compass and Project Inside have moved to `ai`. */
  /** Open sockets by owner: caps, and closing them when their session ends. */
  sockets: SocketRegistry;
  storage: Storage;
  payments: Payments;
  push: PushSender;
  privacy: PrivacyRegistry;
  now: () => number;
  readiness(): Promise<Readiness>;
  /** Starts job workers (or only the scheduler/enqueuer when `work` is false). */
  startJobs(work: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  database?: DatabaseTarget;
  mailer?: Mailer;
  ai?: AiPort;
  storage?: Storage;
  payments?: Payments;
  push?: PushSender;
  secret?: Uint8Array;
  now?: () => number;
  /** Job queue schema (tests isolate themselves on a shared PostgreSQL). */
  jobsSchema?: string;
}

export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? {
        kind: 'postgres',
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        connectTimeoutMs: config.dbConnectTimeoutMs,
        queryTimeoutMs: config.dbQueryTimeoutMs,
      }
    : { kind: 'pglite-file', dataDir: config.dataDir };
}

export async function createRuntime(config: Config, log: Logger, o: RuntimeOverrides = {}): Promise<Runtime> {
  const now = o.now ?? Date.now;
  const target = o.database ?? databaseTarget(config);
  if (target.kind === 'pglite-file' && !fs.existsSync(path.join(target.dataDir, 'pgdata', 'PG_VERSION'))) {
    log.info({ dataDir: target.dataDir }, 'creating the embedded database (first start only; takes 10–20 s)');
  }
  const t0 = Date.now();
  const db = await openDatabase(target);
  if (Date.now() - t0 > 2000) log.info({ ms: Date.now() - t0 }, 'embedded database ready');
  let redis: RedisHandle | undefined;
  try {
    const t0 = Date.now();
    await runMigrations(db, { databaseUrl: target.kind === 'postgres' ? target.url : undefined, connectTimeoutMs: config.dbConnectTimeoutMs });
    log.info({ ms: Date.now() - t0, database: db.kind }, 'migrations applied');

    redis = config.redisUrl ? connectRedis(config.redisUrl, log, config.redisKeyPrefix) : undefined;
    const bus = createBus(redis);
    const sessions = new SessionCache(config.sessionCacheTtlMs, bus, now);
    const persistentDir = target.kind === 'pglite-memory' ? undefined : config.dataDir;
    const secret = o.secret ?? resolveSecret(config.jwtSecret, persistentDir);
    const identity = createIdentity({ db, secret, sessions, now, refreshReuseIntervalS: config.refreshReuseIntervalS });
    const jobs = new Jobs(db.sql, { ...config.jobs, schema: o.jobsSchema ?? config.jobs.schema }, log);

    // SDKs of services that aren't configured are never loaded (they are tens of MB of memory).
    const mailer =
      o.mailer ??
      (config.mail.smtpUrl
        ? (await import('./mail/smtp.js')).smtpMailer(config.mail.smtpUrl, config.mail.from)
        : consoleMailer(log, config.mail.from, { bodies: config.env !== 'production' }));
    const aiOptions =
      config.ai.baseUrl && config.ai.apiKey
        ? { baseUrl: config.ai.baseUrl, apiKey: config.ai.apiKey, model: config.ai.model, timeoutMs: config.ai.timeoutMs }
        : undefined;
    const ai =
      o.ai ??
      (aiOptions ? (await import('./ai/openai.js')).openAi({ ...aiOptions, speechModel: config.ai.speechModel, voice: config.ai.voice, log }) : localAi());
    const storage =
      o.storage ??
      (config.storage.bucket
        ? (await import('./storage/s3.js')).s3Storage({ ...config.storage, bucket: config.storage.bucket })
        : localStorage(path.join(config.dataDir, 'files')));
    const webhookSecret = config.payments.webhookSecret ?? `whsec_sandbox_${randomBytes(16).toString('hex')}`;
    const payments =
      o.payments ??
      (config.payments.stripeSecretKey
        ? stripePayments({ secretKey: config.payments.stripeSecretKey, webhookSecret })
        : sandboxPayments({ webhookSecret, appBaseUrl: config.appBaseUrl }));

    let lastPing = { at: 0, ok: false, error: '' };
    const pingDb = async () => {
      if (Date.now() - lastPing.at < 500) return lastPing;
      try {
        await db.ping(1500);
        lastPing = { at: Date.now(), ok: true, error: '' };
      } catch (e) {
        lastPing = { at: Date.now(), ok: false, error: (e as Error).message };
      }
      return lastPing;
    };
    // "Connected" is not "answering": through a network partition the socket stays open and only a round trip
    // (bounded by the client's 500 ms command timeout) shows that Redis is unreachable.
    let lastRedis = { at: 0, ok: false };
    const pingRedis = async (): Promise<boolean> => {
      // Probe even while paused by markDown: a successful PING is what ends the pause.
      if (!redis || redis.client.status !== 'ready') return false;
      if (Date.now() - lastRedis.at < 500) return lastRedis.ok;
      const ok = await redis.ping(1000).then(
        () => true,
        () => false,
      );
      lastRedis = { at: Date.now(), ok };
      return ok;
    };
    let jobsWanted = false;
    let closed = false;

    const runtime: Runtime = {
      config,
      log,
      db,
      redis,
      bus,
      hub: new Hub(bus),
      identity,
      jobs,
      mailer,
      ai,
      sockets: new SocketRegistry(bus, {
        perUserMax: config.sockets.perUserMax,
        perIpMax: config.sockets.perIpMax,
        endedSessions: (ids) => identity.endedSessions(ids),
        onError: (err) => log.warn({ err: (err as Error).message }, 'socket session re-check failed'),
      }),
      storage,
      payments,
      push: o.push ?? logPush(log),
      privacy: new PrivacyRegistry(),
      now,
      async readiness() {
        const [ping, redisOk] = await Promise.all([pingDb(), pingRedis()]);
        const redisState = !redis ? 'not configured' : redisOk ? 'ok' : 'unavailable';
        const jobsState = !jobsWanted ? 'not started' : jobs.isStarted ? 'ok' : 'starting';
        const checks = { database: ping.ok ? 'ok' : 'unavailable', migrations: 'ok', jobs: jobsState, redis: redisState };
        let reason: string | undefined;
        if (closed) reason = 'shutting down';
        else if (!ping.ok) reason = `database unavailable: ${ping.error}`;
        else if (jobsWanted && !jobs.isStarted) reason = 'job runner starting';
        else if (config.redisRequired && redisState === 'unavailable') reason = 'redis unavailable';
        return reason ? { ready: false, reason, checks } : { ready: true, checks };
      },
      async startJobs(work) {
        jobsWanted = true;
        await jobs.start({ work });
      },
      async close() {
        if (closed) return;
        closed = true;
        await jobs.stop(Math.min(5000, config.shutdownTimeoutMs / 2));
        runtime.sockets.close();
        sessions.close();
        await bus.close();
        await redis?.close();
        await mailer.close().catch(() => undefined);
        await runtime.push.close().catch(() => undefined);
        await db.close();
      },
    };
    return runtime;
  } catch (e) {
    await redis?.close();
    await db.close().catch(() => undefined);
    throw e;
  }
}
