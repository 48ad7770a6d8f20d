// The job runner on the real database: transactional enqueue, retries with delay, cron schedules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRuntime } from '../../../test/helpers/app.js';
import type { Runtime } from '../runtime.js';

let env: Awaited<ReturnType<typeof startTestRuntime>>;
let runtime: Runtime;
const seen: { queue: string; data: unknown; attempt: number }[] = [];

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
  runtime = env.runtime;
  runtime.jobs.define<{ n: number }>(
    'test__ok',
    async (data, c) => {
      seen.push({ queue: 'ok', data, attempt: c.retryCount });
    },
    { retryLimit: 0 },
  );
  runtime.jobs.define<{ n: number }>(
    'test__flaky',
    async (data, c) => {
      seen.push({ queue: 'flaky', data, attempt: c.retryCount });
      if (c.retryCount < 2) throw new Error('transient failure');
    },
    { retryLimit: 3, retryDelay: 1 },
  );
  runtime.jobs.define<{ n: number }>(
    'test__broken',
    async (data, c) => {
      seen.push({ queue: 'broken', data, attempt: c.retryCount });
      throw new Error('always fails');
    },
    { retryLimit: 1, retryDelay: 1 },
  );
  runtime.jobs.define('test__daily', async () => undefined);
  runtime.jobs.schedule('test__daily', '0 6 * * *');
  await runtime.startJobs(true);
});

after(async () => {
  await env.close();
});

test('a job enqueued in a committed transaction runs', async () => {
  await runtime.db.transaction(async (tx) => {
    await runtime.jobs.enqueue('test__ok', { n: 1 }, { tx });
  });
  await waitFor(() => seen.find((s) => s.queue === 'ok' && (s.data as { n: number }).n === 1));
});

test('a job enqueued in a rolled-back transaction never exists', async () => {
  await assert.rejects(
    runtime.db.transaction(async (tx) => {
      await runtime.jobs.enqueue('test__ok', { n: 2 }, { tx });
      throw new Error('the write failed');
    }),
    /the write failed/,
  );
  const { rows } = await runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM ${env.jobsSchema}.job WHERE name = 'test__ok' AND data->>'n' = '2'`);
  assert.equal(rows[0]!.n, 0);
  // Give a worker the chance to (wrongly) run it.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(seen.filter((s) => s.queue === 'ok' && (s.data as { n: number }).n === 2).length, 0);
});

test('a failing job is retried with its delay until it succeeds', async () => {
  const id = await runtime.jobs.enqueue('test__flaky', { n: 3 });
  assert.ok(id);
  await waitFor(async () => (await runtime.jobs.getJob('test__flaky', id!))?.state === 'completed', 30_000);
  const attempts = seen.filter((s) => s.queue === 'flaky').map((s) => s.attempt);
  assert.deepEqual(attempts, [0, 1, 2]);
});

test('a job that keeps failing ends failed after retryLimit retries', async () => {
  const id = await runtime.jobs.enqueue('test__broken', { n: 4 });
  await waitFor(async () => (await runtime.jobs.getJob('test__broken', id!))?.state === 'failed', 30_000);
  assert.deepEqual(
    seen.filter((s) => s.queue === 'broken').map((s) => s.attempt),
    [0, 1],
  );
});

test('cron schedules are stored once', async () => {
  const { rows } = await runtime.db.sql.executeSql(`SELECT name, cron FROM ${env.jobsSchema}.schedule WHERE name = 'test__daily'`);
  assert.deepEqual(rows, [{ name: 'test__daily', cron: '0 6 * * *' }]);
});

test('enqueueing an undefined job is a programming error', async () => {
  await assert.rejects(runtime.jobs.enqueue('test__nope', {}), /unknown job/);
});

test('readiness reports the job runner', async () => {
  const r = await runtime.readiness();
  assert.equal(r.ready, true);
  assert.equal(r.checks.jobs, 'ok');
  assert.equal(r.checks.database, 'ok');
});
