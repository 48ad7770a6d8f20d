// Jobs survive crashes: a job whose worker was SIGKILLed mid-run is picked up again by the next worker on the same
// embedded database (pg-boss expiry + maintenance), within 30 s. Worker: fixtures/job-crash.ts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { usingPostgres } from '../helpers/app.js';
import { childEnv, killAll, removeTempDirs, seededDataDir, spawnProc, tail } from './procs.js';

const skip = usingPostgres ? 'embedded-only: drives PGlite data dirs (TEST_DATABASE_URL is set)' : false;

after(async () => {
  await killAll();
  removeTempDirs();
});

test('a job whose worker was killed mid-run runs again after a restart', { skip, timeout: 115_000 }, async () => {
  const dataDir = seededDataDir('life-job');
  const marker = path.join(dataDir, 'attempts.jsonl');
  const base = { DATA_DIR: dataDir, MARKER_FILE: marker, JOB_EXPIRE_S: '2', JOB_MAINTENANCE_INTERVAL_S: '1', JOB_POLL_INTERVAL_S: '1' };
  const fixture = ['--import', 'tsx', 'test/process/fixtures/job-crash.ts'];

  const w1 = spawnProc('job-crash#1', process.execPath, fixture, { env: childEnv({ ...base, CRASH: '1', ENQUEUE: '1' }) });
  const id = (await w1.waitFor(/ENQUEUED (\S+)/, 60_000))[1]!;
  assert.match(id, /^[0-9a-f-]{36}$/);
  await w1.waitFor(/JOB_STARTED (\S+)/, 20_000);
  w1.child.kill('SIGKILL');
  assert.equal((await w1.waitExit(10_000)).signal, 'SIGKILL');
  assert.doesNotMatch(w1.stdout(), /JOB_DONE/);

  const w2 = spawnProc('job-crash#2', process.execPath, fixture, { env: childEnv(base) });
  await w2.waitFor(/WORKER_READY/, 40_000);
  const readyAt = Date.now();
  const done = await w2.waitFor(/JOB_DONE (\S+)/, 30_000);
  const pickedUpMs = Date.now() - readyAt;
  assert.equal(done[1], id);
  assert.equal((await w2.waitFor(/JOB_STATE \S+ (\S+)/, 20_000))[1], 'completed', tail(w2));

  const attempts = fs
    .readFileSync(marker, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; retryCount: number; pid: number });
  assert.deepEqual(
    attempts.map((a) => [a.id, a.retryCount, a.pid]),
    [
      [id, 0, w1.pid],
      [id, 1, w2.pid],
    ],
    'exactly two attempts: the killed one and the retry',
  );
  w2.child.kill('SIGTERM');
  assert.equal((await w2.waitExit(15_000)).code, 0, tail(w2));
  console.log(`# timings: restarted worker ready ${readyAt - w2.startedAt} ms after spawn; killed job re-run ${pickedUpMs} ms later`);
});
