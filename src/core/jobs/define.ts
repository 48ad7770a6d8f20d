// Typed jobs: `defineJob(name, payloadSchema, handler, options)` gives a handle whose `enqueue` is typed by the
// schema ("go to definition" on an enqueue leads to its handler); the worker checks the payload before the handler.
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import '../typebox-formats.js';
import type { Tx } from '../db/connect.js';
import type { ProductContext } from '../product.js';
import type { JobContext, JobOptions } from './jobs.js';

export interface JobSchedule {
  /** Cron expression (five fields), UTC unless `tz`. Runs once per tick across all processes. */
  cron: string;
  tz?: string;
}

export interface EnqueueOptions {
  /** The caller's transaction: the job exists only if the write that causes it commits. */
  tx?: Tx;
  startAfterSeconds?: number;
  /** At most one queued job per key. */
  singletonKey?: string;
}

type Ctx = ProductContext<never>;

export interface JobDefinition<T> {
  readonly name: string;
  readonly schema: TSchema;
  // `scheduleData` is typed where the job is defined; here it is opaque, so any job fits a `JobDefinition<never>[]` list.
  readonly options: JobOptions & { schedule?: JobSchedule; scheduleData?: unknown };
  readonly handler: (ctx: Ctx, data: T, job: JobContext) => Promise<unknown>;
  /** Queues the job for `ctx`'s product; typed by the payload schema. */
  enqueue(ctx: Pick<ProductContext, 'jobs' | 'jobName'>, data: T, opts?: EnqueueOptions): Promise<string | null>;
  /** Runs the handler now, in this process (CLI and tests), after the same payload check the worker does. */
  runNow(ctx: ProductContext<never>, data: T): Promise<unknown>;
}

export class InvalidJobPayload extends Error {
  override name = 'InvalidJobPayload';
}

function checkPayload(name: string, schema: TSchema, data: unknown): void {
  if (Value.Check(schema, data)) return;
  const first = [...Value.Errors(schema, data)][0];
  throw new InvalidJobPayload(`job ${name}: invalid payload at ${first?.path || '/'}: ${first?.message ?? 'invalid'}`);
}

export function defineJob<S extends TSchema, C extends ProductContext<never> = ProductContext<never>>(
  name: string,
  schema: S,
  handler: (ctx: C, data: Static<S>, job: JobContext) => Promise<unknown>,
  options: JobOptions & { schedule?: JobSchedule; scheduleData?: Static<S> } = {},
): JobDefinition<Static<S>> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`job name "${name}": lower-case letters, digits and dashes`);
  const def: JobDefinition<Static<S>> = {
    name,
    schema,
    options,
    handler: handler as unknown as JobDefinition<Static<S>>['handler'],
    async enqueue(ctx, data, opts = {}) {
      checkPayload(name, schema, data);
      return ctx.jobs.enqueue(ctx.jobName(name), data as object, opts);
    },
    async runNow(ctx, data) {
      checkPayload(name, schema, data);
      return handler(ctx as unknown as C, data, { id: 'inline', retryCount: 0, log: ctx.log.child({ job: name }) });
    },
  };
  return def;
}

/** Registers a product's typed jobs with the runner (called once per process, before the workers start). */
export function registerJobs(ctx: ProductContext<never>, defs: readonly JobDefinition<never>[]): void {
  for (const def of defs) {
    const queue = ctx.jobName(def.name);
    ctx.jobs.define(
      queue,
      async (data: unknown, job) => {
        try {
          checkPayload(def.name, def.schema, data);
        } catch (e) {
          // Retrying cannot make a malformed payload valid: the job completes without running, loudly.
          job.log.error({ err: (e as Error).message }, 'job payload rejected');
          return { rejected: (e as Error).message };
        }
        return def.handler(ctx, data as never, job);
      },
      def.options,
    );
    if (def.options.schedule) ctx.jobs.schedule(queue, def.options.schedule.cron, (def.options.scheduleData ?? {}) as object, def.options.schedule.tz);
  }
}
