// lockDataDir: one process per embedded data dir; stale locks (dead pid, garbage, recycled pid) never block a restart.
import { test, describe, beforeEach, afterEach, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { DataDirLockedError, LOCK_FILE, lockDataDir, type DataDirLock } from './lock.js';

let dir: string;
let held: DataDirLock[] = [];
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quintet-lock-'));
  held = [];
});
afterEach(() => {
  for (const l of held) l.release();
  fs.rmSync(dir, { recursive: true, force: true });
});
after(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
      await once(c, 'exit');
    }
  }
});

const lockFile = () => path.join(dir, LOCK_FILE);
const readLock = () => JSON.parse(fs.readFileSync(lockFile(), 'utf8')) as { pid: number; host: string; start: string | null; at: string };
const take = (d = dir) => {
  const l = lockDataDir(d);
  held.push(l);
  return l;
};
const writeLock = (info: unknown) => fs.writeFileSync(lockFile(), typeof info === 'string' ? info : JSON.stringify(info));

/** Start time of a process as /proc records it (field 22), or null off Linux. */
function procStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

async function deadPid(): Promise<number> {
  const c = spawn(process.execPath, ['-e', '']);
  children.push(c);
  await once(c, 'exit');
  assert.ok(c.pid, 'the child had a pid');
  return c.pid;
}

describe('lockDataDir', () => {
  test('takes the lock and records this process', () => {
    const l = take();
    assert.equal(l.path, lockFile());
    const info = readLock();
    assert.equal(info.pid, process.pid);
    assert.equal(info.host, os.hostname());
    assert.ok(!Number.isNaN(Date.parse(info.at)));
    if (process.platform === 'linux') assert.equal(info.start, procStart(process.pid));
  });

  test('creates a missing data dir', () => {
    const nested = path.join(dir, 'a', 'b');
    const l = take(nested);
    assert.equal(l.path, path.join(nested, LOCK_FILE));
    assert.ok(fs.existsSync(l.path));
  });

  test('a second lock while held → DataDirLockedError naming the dir and the lock file', () => {
    take();
    let caught: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof DataDirLockedError, `got ${String(caught)}`);
    assert.equal(caught.name, 'DataDirLockedError');
    assert.ok(caught.message.includes(dir), caught.message);
    assert.ok(caught.message.includes(lockFile()), caught.message);
    assert.ok(caught.message.includes(String(process.pid)), caught.message);
    // The holder's lock is untouched.
    assert.equal(readLock().pid, process.pid);
  });

  test('after release the lock file is gone and a new lock works; release is idempotent', () => {
    const l = take();
    l.release();
    assert.equal(fs.existsSync(lockFile()), false);
    l.release();
    const again = take();
    assert.ok(fs.existsSync(again.path));
    assert.throws(() => lockDataDir(dir), DataDirLockedError);
  });

  test('release does not delete a lock another owner took after ours was replaced', () => {
    const l = take();
    const other = { pid: process.pid, host: os.hostname(), start: 'someone-else', at: new Date().toISOString() };
    writeLock(other);
    l.release();
    assert.deepEqual(readLock(), other);
  });

  test('a lock naming a dead pid is replaced', async () => {
    const pid = await deadPid();
    writeLock({ pid, host: os.hostname(), start: null, at: new Date(Date.now() - 60_000).toISOString() });
    take();
    assert.equal(readLock().pid, process.pid);
  });

  test('a garbage, empty or foreign lock file is replaced', () => {
    for (const garbage of ['{"pid": 12', 'not json at all', '', 'null', '{}', '"quintet"', '[1, 2]', '{"pid": "12", "host": 5}']) {
      writeLock(garbage);
      const l = lockDataDir(dir);
      assert.equal(readLock().pid, process.pid, JSON.stringify(garbage));
      l.release();
    }
  });

  test(
    'a live process on this host whose start time differs (recycled pid) is not the owner',
    { skip: process.platform !== 'linux' && 'needs /proc' },
    async () => {
      const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      children.push(c);
      await once(c, 'spawn');
      const pid = c.pid!;
      const real = procStart(pid);
      assert.ok(real, 'the child is running');

      // Its real start time: the lock is honoured.
      writeLock({ pid, host: os.hostname(), start: real, at: new Date().toISOString() });
      assert.throws(
        () => lockDataDir(dir),
        (e: Error) => e instanceof DataDirLockedError && e.message.includes(String(pid)),
      );

      // Another start time: the pid was recycled, the lock is stale.
      writeLock({ pid, host: os.hostname(), start: String(Number(real) + 12345), at: new Date().toISOString() });
      take();
      assert.equal(readLock().pid, process.pid);
      c.kill('SIGKILL');
      await once(c, 'exit');
    },
  );

  test('a lock naming a zombie (exited, not yet reaped) is replaced', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
    // `sleep 1` exits after its parent has become `sleep 30` (exec), which never reaps it.
    const c = spawn('/bin/sh', ['-c', 'sleep 1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(c);
    const [line] = (await once(c.stdout!, 'data')) as [Buffer];
    const pid = Number(line.toString().trim());
    assert.ok(pid > 0, line.toString());
    let state = '';
    for (let i = 0; i < 250 && state !== 'Z'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
    }
    assert.equal(state, 'Z', 'the grandchild became a zombie');
    assert.doesNotThrow(() => process.kill(pid, 0), 'kill(pid, 0) alone would call it alive');
    writeLock({ pid, host: os.hostname(), start: procStart(pid), at: new Date().toISOString() });
    take();
    assert.equal(readLock().pid, process.pid);
    c.kill('SIGKILL');
    await once(c, 'exit');
  });

  test('processes racing for one dir (free, or behind a stale lock): exactly one wins each time', async () => {
    const ROUNDS = 80;
    const CONTENDERS = 6;
    const dirs = Array.from({ length: ROUNDS }, (_, r) => path.join(dir, `race-${r}`));
    const dead = await deadPid();
    dirs.forEach((d, r) => {
      fs.mkdirSync(d);
      // Every other round starts from a lock left by a dead process, which all contenders judge stale at once.
      if (r % 2) fs.writeFileSync(path.join(d, LOCK_FILE), JSON.stringify({ pid: dead, host: os.hostname(), start: null, at: 'earlier' }));
    });
    // Each contender loads the module, says "ready", gets a common start time on stdin, races every round, reports,
    // and stays alive (holding its locks) until stdin closes, so no lock ever belongs to a process that has exited.
    const child = `
      const { lockDataDir } = await import(process.env.LOCK_MODULE);
      const dirs = JSON.parse(process.env.LOCK_DIRS);
      process.stdout.write('ready\\n');
      process.stdin.setEncoding('utf8');
      let input = '';
      const t0 = await new Promise((resolve) => {
        const onData = (chunk) => {
          input += chunk;
          if (input.includes('\\n')) { process.stdin.off('data', onData); process.stdin.pause(); resolve(Number(input.trim())); }
        };
        process.stdin.on('data', onData);
      });
      const out = [];
      for (let r = 0; r < dirs.length; r++) {
        while (Date.now() < t0 + r * 25) { /* line up with the others */ }
        try { lockDataDir(dirs[r]); out.push(1); } catch (e) { out.push(e.name === 'DataDirLockedError' ? 0 : String(e)); }
      }
      process.stdout.write(JSON.stringify(out) + '\\n');
      process.stdin.on('data', () => {});
      process.stdin.on('end', () => process.exit(0));
      process.stdin.resume();`;
    const env = { ...process.env, LOCK_MODULE: new URL('./lock.ts', import.meta.url).href, LOCK_DIRS: JSON.stringify(dirs) };
    const procs = Array.from({ length: CONTENDERS }, () => {
      const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], { env, stdio: ['pipe', 'pipe', 'inherit'] });
      children.push(c);
      const lines: string[] = [];
      let buf = '';
      const waiters: (() => void)[] = [];
      c.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          lines.push(buf.slice(0, i));
          buf = buf.slice(i + 1);
          waiters.splice(0).forEach((w) => w());
        }
      });
      const line = async (n: number) => {
        while (lines.length <= n) {
          if (c.exitCode !== null) throw new Error(`contender exited early: ${lines.join(' | ')}`);
          await new Promise<void>((r) => {
            waiters.push(r);
            setTimeout(r, 100);
          });
        }
        return lines[n]!;
      };
      return { c, line };
    });
    for (const p of procs) assert.equal(await p.line(0), 'ready');
    const t0 = Date.now() + 200;
    for (const p of procs) p.c.stdin!.write(`${t0}\n`);
    const results: { pid: number; rounds: (number | string)[] }[] = [];
    for (const p of procs) results.push({ pid: p.c.pid!, rounds: JSON.parse(await p.line(1)) as (number | string)[] });
    for (const p of procs) {
      p.c.stdin!.end();
      const [code] = (await once(p.c, 'exit')) as [number];
      assert.equal(code, 0);
    }
    for (let r = 0; r < ROUNDS; r++) {
      const winners = results.filter((x) => x.rounds[r] === 1);
      const errors = results.map((x) => x.rounds[r]).filter((v) => typeof v === 'string');
      assert.deepEqual(errors, [], `round ${r}`);
      assert.equal(winners.length, 1, `round ${r}: ${results.map((x) => x.rounds[r]).join(',')}`);
      const info = JSON.parse(fs.readFileSync(path.join(dirs[r]!, LOCK_FILE), 'utf8')) as { pid: number };
      assert.equal(info.pid, winners[0]!.pid, `round ${r}: the lock file names the winner`);
      assert.deepEqual(fs.readdirSync(dirs[r]!), [LOCK_FILE], `round ${r}: no scratch files are left`);
    }
  });

  test('a lock from another host is honoured (its processes cannot be checked)', async () => {
    const pid = await deadPid();
    writeLock({ pid, host: `${os.hostname()}-other`, start: null, at: new Date().toISOString() });
    assert.throws(() => lockDataDir(dir), DataDirLockedError);
  });
});
