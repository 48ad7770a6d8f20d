// Typed jobs: enqueue checks the payload against the schema; the worker checks it again before the handler runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { startTestRuntime } from '../../../test/helpers/app.js';
import type { Runtime } from '../runtime.js';
import type { ProductContext } from '../product.js';
import { defineJob, registerJobs, InvalidJobPayload } from './define.js';
import { Jobs } from './jobs.js';

let env: Awaited<ReturnType<typeof startTestRuntime>>;
let rt: Runtime;
let ctx: ProductContext<never>;
const ran: { id: string; n: number }[] = [];

const greet = defineJob('greet', Type.Object({ id: Type.String({ format: 'uuid' }), n: Type.Integer({ minimum: 0 }) }), async (_ctx, data) => {
  ran.push(data);
  return { done: data.n };
});

async function waitFor<T>(fn: () => T | Promise<T>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  env = await startTestRuntime();
  rt = env.runtime;
  ctx = { ...rt, slug: 'couple-compass', jobName: (n: string) => Jobs.queueName('typed-test', n) } as unknown as ProductContext<never>;
  registerJobs(ctx, [greet as never]);
  await rt.startJobs(true);
});
after(async () => {
  await env.close();
});

test('a typed enqueue in a committed transaction runs the handler with the payload', async () => {
  const id = crypto.randomUUID();
  await rt.db.transaction(async (tx) => {
    await greet.enqueue(ctx, { id, n: 7 }, { tx });
  });
  await waitFor(() => ran.find((r) => r.id === id));
});

test('enqueue refuses a payload outside the schema (before anything is queued)', async () => {
  await assert.rejects(greet.enqueue(ctx, { id: 'not-a-uuid', n: 1 }), (e) => e instanceof InvalidJobPayload && /\/id/.test(e.message));
  await assert.rejects(greet.enqueue(ctx, { id: crypto.randomUUID(), n: -1 }), InvalidJobPayload);
});

test('the worker rejects a malformed payload without running the handler or retrying', async () => {
  const before = ran.length;
  // Bypass the typed handle, as an old process with another payload shape would.
  const jobId = await rt.jobs.enqueue(ctx.jobName('greet'), { id: 42 });
  const job = await waitFor(async () => {
    const j = await rt.jobs.getJob(ctx.jobName('greet'), jobId!);
    return j?.state === 'completed' ? j : undefined;
  });
  assert.equal(ran.length, before);
  assert.equal(job!.retryCount, 0, 'not retried');
});

test('runNow checks the payload too and returns the handler result', async () => {
  assert.deepEqual(await greet.runNow(ctx, { id: crypto.randomUUID(), n: 3 }), { done: 3 });
  await assert.rejects(greet.runNow(ctx, { id: 'x', n: 3 } as never), InvalidJobPayload);
});

test('job names are checked', () => {
  assert.throws(() => defineJob('Bad Name', Type.Object({}), async () => undefined), /lower-case/);
});
