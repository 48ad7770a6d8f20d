// Ctrl-C in a terminal reaches npm and the server a few ms apart: a second signal must not cut the drain short
// (the lock file would stay behind); a third one forces the exit. `<command> --help` prints help and does nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { usingPostgres } from '../helpers/app.js';
import { LOCK_FILE } from '../../src/core/db/lock.js';
import { READY_MS, childEnv, freePort, http, killAll, removeTempDirs, seededDataDir, serve, spawnProc, tail, tempDir, waitReady } from './procs.js';

const skip = usingPostgres ? 'embedded-only: drives PGlite data dirs (TEST_DATABASE_URL is set)' : false;

after(async () => {
  await killAll();
  removeTempDirs();
});

test('two SIGINTs 5 ms apart: the drain completes, exit 0, the lock is released', { skip, timeout: 115_000 }, async () => {
  const dataDir = seededDataDir('signals-2');
  const port = await freePort();
  const p = serve('serve', dataDir, port);
  await waitReady(p, port, READY_MS);
  p.child.kill('SIGINT');
  await new Promise((r) => setTimeout(r, 5));
  p.child.kill('SIGINT');
  const exit = await p.waitExit(15_000);
  assert.equal(exit.code, 0, tail(p));
  assert.match(p.stdout(), /"msg":"stopped"/, tail(p));
  assert.equal(fs.existsSync(path.join(dataDir, LOCK_FILE)), false, 'lock file released');
});

test('a second signal during the drain is acknowledged and the drain still completes', { skip, timeout: 115_000 }, async () => {
  const dataDir = seededDataDir('signals-2b');
  const port = await freePort();
  const p = serve('serve', dataDir, port);
  await waitReady(p, port, READY_MS);
  p.child.kill('SIGINT');
  await p.waitFor(/shutting down/, 10_000);
  p.child.kill('SIGINT');
  const exit = await p.waitExit(15_000);
  assert.equal(exit.code, 0, tail(p));
  assert.match(p.stdout(), /"msg":"stopped"/, tail(p));
  assert.equal(fs.existsSync(path.join(dataDir, LOCK_FILE)), false, 'lock file released');
});

test('a third signal forces the exit at once', { skip, timeout: 115_000 }, async () => {
  const dataDir = seededDataDir('signals-3');
  const port = await freePort();
  const p = serve('serve', dataDir, port);
  await waitReady(p, port, READY_MS);
  for (let i = 0; i < 3; i++) p.child.kill('SIGTERM');
  const exit = await p.waitExit(15_000);
  assert.ok(exit.code === 0 || exit.code === 1, `exit ${JSON.stringify(exit)}`);
  // Whatever happened, the next start is not blocked by a stale lock.
  const again = serve('serve-again', dataDir, port);
  await waitReady(again, port, READY_MS);
  assert.equal((await http(port, 'GET', '/health')).status, 200);
  again.child.kill('SIGTERM');
  assert.equal((await again.waitExit(15_000)).code, 0, tail(again));
});

test('`seed --help` and `privacy --help` print help and touch nothing', { timeout: 60_000 }, async () => {
  for (const cmd of ['seed', 'privacy', 'worker']) {
    const dataDir = tempDir(`help-${cmd}`);
    const h = startCliArgs(`${cmd} --help`, [cmd, '--help'], { DATA_DIR: dataDir });
    const exit = await h.waitExit(30_000);
    assert.equal(exit.code, 0, tail(h));
    assert.match(h.stdout(), new RegExp(`quintet ${cmd}`), tail(h));
    assert.equal(fs.existsSync(path.join(dataDir, 'pgdata')), false, `${cmd} --help created no database`);
  }
});

function startCliArgs(name: string, args: string[], env: Record<string, string>) {
  return spawnProc(name, process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { env: childEnv(env) });
}
