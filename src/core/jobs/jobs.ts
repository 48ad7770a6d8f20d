// Background jobs on pg-boss, in the same database (PGlite or PostgreSQL): named, retried, crash-safe.
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { SqlExecutor, Tx } from '../db/connect.js';

export interface JobOptions {
  /** Retries after the first attempt fails. */
  retryLimit?: number;
  /** Seconds before a retry. */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** A running job older than this is presumed dead (worker crashed) and is retried. */
  expireInSeconds?: number;
}

export interface JobContext {
  id: string;
  /** 0 on the first attempt. */
  retryCount: number;
  log: Logger;
}

export type JobHandler<T> = (data: T, ctx: JobContext) => Promise<unknown>;

interface Definition {
  queue: string;
  handler: JobHandler<never>;
  options: JobOptions;
}

export interface JobsConfig {
  schema: string;
  pollIntervalS: number;
  expireS: number;
  maintenanceIntervalS: number;
  retryDelayPercent?: number;
}

export class Jobs {
  private boss: PgBoss;
  private defs = new Map<string, Definition>();
  private schedules: { queue: string; cron: string; data: object; tz: string }[] = [];
  private state: 'new' | 'starting' | 'started' | 'stopped' = 'new';
  private working = false;
  private lastErrorLog = 0;

  constructor(
    private sql: SqlExecutor,
    private config: JobsConfig,
    private log: Logger,
  ) {
    this.boss = new PgBoss({
      db: sql as PgBoss.Db,
      schema: config.schema,
      maintenanceIntervalSeconds: config.maintenanceIntervalS,
      monitorStateIntervalSeconds: 60,
      // The cron clock check is a DB round trip; once a minute is plenty.
      clockMonitorIntervalSeconds: 600,
      cronMonitorIntervalSeconds: 30,
    });
    this.boss.on('error', (err: Error) => {
      if (Date.now() - this.lastErrorLog > 10_000) {
        this.lastErrorLog = Date.now();
        this.log.warn({ err: err.message }, 'job queue error (retrying)');
      }
    });
  }

  static queueName(product: string, name: string): string {
    return `${product}__${name}`;
  }

  /** Registers a job type. Call before start(). */
  define<T>(queue: string, handler: JobHandler<T>, options: JobOptions = {}): void {
    if (this.defs.has(queue)) throw new Error(`job ${queue} defined twice`);
    this.defs.set(queue, { queue, handler: handler as JobHandler<never>, options });
  }

  /** A cron schedule (UTC unless tz) for a defined job. Runs once per tick across all processes. */
  schedule(queue: string, cron: string, data: object = {}, tz = 'UTC'): void {
    this.schedules.push({ queue, cron, data, tz });
  }

  get isStarted(): boolean {
    return this.state === 'started';
  }

  async start(opts: { work: boolean }): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'starting';
    await this.boss.start();
    for (const d of this.defs.values()) {
      const q = {
        name: d.queue,
        retryLimit: d.options.retryLimit ?? 3,
        retryDelay: Math.max(1, Math.round(((d.options.retryDelay ?? 30) * (this.config.retryDelayPercent ?? 100)) / 100)),
        retryBackoff: d.options.retryBackoff ?? false,
        expireInSeconds: d.options.expireInSeconds ?? this.config.expireS,
      };
      const existing = await this.boss.getQueue(d.queue);
      if (existing) await this.boss.updateQueue(d.queue, q);
      else await this.boss.createQueue(d.queue, q);
    }
    for (const s of this.schedules) await this.boss.schedule(s.queue, s.cron, s.data, { tz: s.tz });
    if (opts.work) {
      this.working = true;
      for (const d of this.defs.values()) {
        await this.boss.work(
          d.queue,
          { pollingIntervalSeconds: this.config.pollIntervalS, batchSize: 1, includeMetadata: true },
          async (jobs: PgBoss.JobWithMetadata<never>[]) => {
            for (const job of jobs) {
              const log = this.log.child({ job: d.queue, jobId: job.id, attempt: job.retryCount + 1 });
              try {
                await d.handler(job.data, { id: job.id, retryCount: job.retryCount, log });
              } catch (err) {
                log.warn({ err }, 'job failed');
                throw err;
              }
            }
          },
        );
      }
    }
    this.state = 'started';
    this.log.info({ jobs: [...this.defs.keys()], workers: opts.work }, 'job runner started');
  }

  /**
   * Enqueues a job. Pass the caller's transaction so the job exists only if the write that causes it commits.
   */
  async enqueue<T extends object>(queue: string, data: T, opts: { tx?: Tx; startAfterSeconds?: number; singletonKey?: string } = {}): Promise<string | null> {
    if (!this.defs.has(queue)) throw new Error(`unknown job ${queue}`);
    const send: PgBoss.SendOptions = {};
    if (opts.tx) send.db = opts.tx.sql as PgBoss.Db;
    if (opts.startAfterSeconds) send.startAfter = opts.startAfterSeconds;
    if (opts.singletonKey) send.singletonKey = opts.singletonKey;
    return this.boss.send(queue, data, send);
  }

  /** Runs a defined handler right now, in this process (CLI and tests). */
  async runNow<T>(queue: string, data: T): Promise<unknown> {
    const d = this.defs.get(queue);
    if (!d) throw new Error(`unknown job ${queue}`);
    return d.handler(data as never, { id: 'inline', retryCount: 0, log: this.log.child({ job: queue }) });
  }

  async getJob(queue: string, id: string) {
    return this.boss.getJobById(queue, id);
  }

  async stop(timeoutMs = 5000): Promise<void> {
    if (this.state === 'new' || this.state === 'stopped') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopped';
    await this.boss.stop({ graceful: this.working, wait: true, timeout: timeoutMs, close: false }).catch((err: Error) => {
      this.log.warn({ err: err.message }, 'job runner did not stop cleanly');
    });
  }
}
