// Crash safety of the embedded database: a SIGKILL right after a 200 loses nothing and its stale lock never blocks
// the restart; the lock check sees through zombies and recycled pids but still refuses a live owner.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { usingPostgres, uniqueEmail } from '../helpers/app.js';
import { LOCK_FILE, lockDataDir } from '../../src/core/db/lock.js';
import {
  P,
  READY_MS,
  freePort,
  http,
  killAll,
  login,
  readJson,
  removeTempDirs,
  seededDataDir,
  serve,
  signupOk,
  tail,
  tempDir,
  terminate,
  waitReady,
} from './procs.js';

const skip = usingPostgres ? 'embedded-only: drives PGlite data dirs (TEST_DATABASE_URL is set)' : false;

after(async () => {
  await killAll();
  removeTempDirs();
});

test('SIGKILL right after a 200: the restart takes over the stale lock and the user can log in', { skip, timeout: 110_000 }, async () => {
  const dataDir = seededDataDir('life-kill');
  const lock = path.join(dataDir, LOCK_FILE);
  const port = await freePort();
  const a = serve('serve#1', dataDir, port);
  await waitReady(a, port, READY_MS);
  const user = await signupOk(port, uniqueEmail('crash'));
  a.child.kill('SIGKILL');
  const exit = await a.waitExit(10_000);
  assert.equal(exit.signal, 'SIGKILL');
  assert.ok(fs.existsSync(lock), 'the killed process leaves its lock file behind (the case under test)');
  assert.equal(readJson<{ pid: number }>(lock).pid, a.pid);

  const b = serve('serve#2', dataDir, port);
  const restartMs = await waitReady(b, port, READY_MS);
  assert.equal(readJson<{ pid: number }>(lock).pid, b.pid, 'the new process owns the lock');
  const r = await login(port, user.email);
  assert.equal(r.status, 200, `login after crash + restart: ${r.text}`);
  const me = await http(port, 'GET', `${P}/users/me`, undefined, { authorization: `Bearer ${user.token}` });
  assert.equal(me.status, 200, `a token issued before the crash still works (secret kept in DATA_DIR): ${me.text}`);
  assert.equal((me.body as { email: string }).email, user.email);
  const stop = await terminate(b);
  assert.equal(stop.code, 0, tail(b));
  console.log(`# timings: restart after SIGKILL ready in ${restartMs} ms`);
});

test('a lock held by a zombie or a recycled pid does not block; a live owner does', { skip }, async (t) => {
  const dataDir = tempDir('life-zombie');
  const lockPath = path.join(dataDir, LOCK_FILE);
  const procStat = (pid: number) => {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  };
  const writeLock = (pid: number, start: string | null) =>
    fs.writeFileSync(lockPath, JSON.stringify({ pid, host: os.hostname(), start, at: new Date().toISOString() }));

  // A zombie: `sleep 0.1` whose parent exec()s into `sleep 30` and never reaps it. kill(pid, 0) succeeds on it.
  const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.after(() => {
    parent.kill('SIGKILL');
  });
  const zombiePid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))));
  const start = procStat(zombiePid)[19]!;
  const deadline = Date.now() + 5000;
  while (procStat(zombiePid)[0] !== 'Z' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(procStat(zombiePid)[0], 'Z', 'could not make a zombie');
  process.kill(zombiePid, 0); // the trap: a zombie "exists"
  writeLock(zombiePid, start);
  const l1 = lockDataDir(dataDir);
  assert.equal(readJson<{ pid: number }>(lockPath).pid, process.pid, 'the zombie-held lock was taken over');
  l1.release();
  assert.ok(!fs.existsSync(lockPath), 'release removes our lock');

  // A recycled pid: a live process (this one) with a different start time than the lock recorded.
  writeLock(process.pid, '1');
  lockDataDir(dataDir).release();

  // A live owner (the sleeping parent, with its real start time) blocks, naming the dir and the lock file.
  writeLock(parent.pid!, procStat(parent.pid!)[19]!);
  assert.throws(
    () => lockDataDir(dataDir),
    (e: Error) => e.name === 'DataDirLockedError' && e.message.includes(dataDir) && e.message.includes(lockPath),
  );
  assert.equal(readJson<{ pid: number }>(lockPath).pid, parent.pid, 'a refused caller leaves the owner lock alone');
});
