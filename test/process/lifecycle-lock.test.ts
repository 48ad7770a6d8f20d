// One process per embedded data dir: a second `serve` on the same DATA_DIR gives up fast with a clear message and
// leaves the first alone. Then the first one's log reader goes away, and SIGTERM must still exit 0.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { usingPostgres, uniqueEmail } from '../helpers/app.js';
import { LOCK_FILE } from '../../src/core/db/lock.js';
import {
  READY_MS,
  freePort,
  http,
  killAll,
  login,
  portOpen,
  readJson,
  removeTempDirs,
  seededDataDir,
  serve,
  signupOk,
  startCli,
  tail,
  terminate,
  waitReady,
} from './procs.js';

const skip = usingPostgres ? 'embedded-only: drives PGlite data dirs (TEST_DATABASE_URL is set)' : false;

after(async () => {
  await killAll();
  removeTempDirs();
});

test(
  'a second process on the same DATA_DIR exits non-zero naming the dir and the lock; the first keeps serving, and still exits 0 on SIGTERM once its stdout reader is gone',
  { skip, timeout: 115_000 },
  async () => {
    const dataDir = seededDataDir('life-lock');
    const lock = path.join(dataDir, LOCK_FILE);
    const port = await freePort();
    const a = serve('serve#1', dataDir, port);
    await waitReady(a, port, READY_MS);

    // `--help` loads the same modules and exits: the baseline for "module loading on this box right now", so the
    // bound below is about the lock, not about how busy the machine is.
    const port2 = await freePort();
    const help = startCli('help', '--help', {});
    const b = serve('serve#2', dataDir, port2);
    const [exit, helpExit] = await Promise.all([b.waitExit(60_000), help.waitExit(60_000)]);
    assert.equal(helpExit.code, 0, tail(help));
    assert.notEqual(exit.code, 0, tail(b));
    assert.equal(exit.signal, null);
    assert.ok(exit.at < helpExit.at + 10_000, `the second process took ${exit.at} ms to give up (module loading alone: ${helpExit.at} ms)`);
    assert.ok(b.stderr().includes(dataDir), `stderr names the data dir\n${tail(b)}`);
    assert.ok(b.stderr().includes(lock), `stderr names the lock file\n${tail(b)}`);
    assert.equal(await portOpen(port2), false, 'the refused process never listened');

    assert.equal(readJson<{ pid: number }>(lock).pid, a.pid, 'the lock is still the first process’s');
    const user = await signupOk(port, uniqueEmail('lock'));
    assert.equal((await login(port, user.email)).status, 200);
    assert.equal((await http(port, 'GET', '/ready')).status, 200);
    assert.equal(a.exit, undefined, 'the first process is still running');

    // The log shipper dies: close our end of the stdout pipe; the next log line (at shutdown) hits EPIPE.
    a.child.stdout!.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const stop = await terminate(a);
    assert.equal(stop.signal, null, tail(a));
    assert.equal(stop.code, 0, `exit after SIGTERM with a broken stdout pipe\n${tail(a)}`);
    assert.ok(stop.ms < 10_000, `shutdown took ${stop.ms} ms`);
    assert.equal(await portOpen(port), false);
    console.log(
      `# timings: second process refused after ${exit.at} ms (exit code ${exit.code}; --help took ${helpExit.at} ms); shutdown with broken stdout ${stop.ms} ms`,
    );
  },
);
