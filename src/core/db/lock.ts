// Exclusive lock on an embedded data dir: two processes on one PGlite dir would silently corrupt it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(mine));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
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
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner: LockInfo | null = null;
    try {
      owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    } catch {
      owner = null; // half-written or unreadable: the writer died mid-write
    }
    if (owner && ownerAlive(owner)) {
      throw new DataDirLockedError(
        `The data dir ${dir} is in use by process ${owner.pid} on ${owner.host} (lock file ${file}, taken ${owner.at}). ` +
          'Only one process may open an embedded database; stop the other one, use another DATA_DIR, ' +
          'or set DATABASE_URL to share a PostgreSQL server between processes.',
      );
    }
    try {
      fs.unlinkSync(file); // stale: its owner is gone
    } catch {
      /* someone else removed it first */
    }
  }
  throw new DataDirLockedError(`Could not take the lock ${file} on the data dir ${dir}`);
}
