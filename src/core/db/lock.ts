// Exclusive lock on an embedded data dir: two processes on one PGlite dir would silently corrupt it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const LOCK_FILE = 'quintet.lock';

interface LockInfo {
  pid: number;
  host: string;
  /** Process start time from /proc (Linux), so a recycled pid is not mistaken for the owner. */
  start: string | null;
  at: string;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

function procStart(pid: number): { start: string | null; zombie: boolean } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces and parentheses; everything after the last ')' is space-separated.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { start: rest[19] ?? null, zombie: rest[0] === 'Z' || rest[0] === 'X' };
  } catch {
    return null;
  }
}

/** True when the process that wrote `info` is still running (not a zombie, not a recycled pid). */
function ownerAlive(info: LockInfo): boolean {
  if (info.host !== os.hostname()) return true; // can't see another host's processes: be safe
  if (process.platform === 'linux') {
    const p = procStart(info.pid);
    if (!p || p.zombie) return false;
    return info.start === null || p.start === info.start;
  }
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file's content, or null when it is not one (garbage, empty, another program's file). */
function parseLock(raw: string): LockInfo | null {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo> | null;
    if (v && typeof v === 'object' && Number.isInteger(v.pid) && typeof v.host === 'string') {
      return { pid: v.pid!, host: v.host, start: typeof v.start === 'string' ? v.start : null, at: String(v.at ?? '?') };
    }
  } catch {
    /* not JSON */
  }
  return null;
}

const scratchName = (file: string, tag: string) => `${file}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * Creates `file` with its whole content in one step (write a scratch file, then link it into place), so another
 * process never reads a half-written lock and takes it for garbage. False when the file already exists.
 */
function createWithContent(file: string, text: string): boolean {
  const tmp = scratchName(file, 'new');
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return createInPlace(file, text);
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** For file systems without hard links: exclusive create, then write (a reader may briefly see it empty). */
function createInPlace(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Removes a stale lock whose content was `raw`, under a short-lived guard file: when several processes judge the
 * same lock stale at once, only one removes it, and only while it still is that stale lock, so nobody deletes the
 * fresh lock another process has just taken.
 */
function removeStale(file: string, raw: string): void {
  const guard = `${file}.takeover`;
  try {
    fs.closeSync(fs.openSync(guard, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Someone else is replacing it: let them finish, then look again. A guard left by a crash expires.
    try {
      if (Date.now() - fs.statSync(guard).mtimeMs > 5000) fs.rmSync(guard, { force: true });
    } catch {
      /* gone already */
    }
    sleepSync(5);
    return;
  }
  try {
    let current: string | null = null;
    try {
      current = fs.readFileSync(file, 'utf8');
    } catch {
      current = null; // removed meanwhile
    }
    if (current === raw) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

export interface DataDirLock {
  path: string;
  release(): void;
}

/** Takes the lock or throws DataDirLockedError naming the dir and the owner. Stale locks are replaced. */
export function lockDataDir(dir: string): DataDirLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const mine: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    start: procStart(process.pid)?.start ?? null,
    at: new Date().toISOString(),
  };
  const text = JSON.stringify(mine);
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createWithContent(file, text)) {
      let released = false;
      return {
        path: file,
        release() {
          if (released) return;
          released = true;
          try {
            const cur = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
            if (cur.pid === mine.pid && cur.start === mine.start) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    }
    let raw: string;
    try {
      raw = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile: try again
      throw e;
    }
    const owner = parseLock(raw);
    if (owner && ownerAlive(owner)) {
      throw new DataDirLockedError(
        `The data dir ${dir} is in use by process ${owner.pid} on ${owner.host} (lock file ${file}, taken ${owner.at}). ` +
          'Only one process may open an embedded database; stop the other one, use another DATA_DIR, ' +
          'or set DATABASE_URL to share a PostgreSQL server between processes.',
      );
    }
    removeStale(file, raw);
  }
  throw new DataDirLockedError(`Could not take the lock ${file} on the data dir ${dir}`);
}
