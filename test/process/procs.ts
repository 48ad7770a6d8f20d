// Child-process helpers for the process-level suites: spawn the real CLI, watch its output, wait for /ready,
// and make sure nothing we started outlives the test file (even when an assertion fails half-way).
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const P = '/couple-compass/api/v1';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds since spawn. */
  at: number;
}

export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  startedAt: number;
  /** Own process group (npm): cleanup kills the whole group. */
  group: boolean;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<Exit>;
  exit: Exit | undefined;
  /** Waits until `pattern` appears on stdout (or stderr); fails when the process exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs: number, stream?: 'stdout' | 'stderr'): Promise<RegExpMatchArray>;
  /** Waits for the exit; fails on timeout. */
  waitExit(timeoutMs: number): Promise<Exit>;
}

const live = new Set<Proc>();
/** Process groups we created (npm): killed at cleanup even after their leader exited, to catch orphans. */
const groups = new Set<number>();
const tempDirs = new Set<string>();

/** The environment of a child: ours minus everything that would point it at another database, port or Redis. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (
      /^(DATABASE_URL|DATABASE_POOL_SIZE|REDIS_URL|REDIS_REQUIRED|PORT|HOST|DATA_DIR|PRODUCTS|WEB_CONCURRENCY|JWT_SECRET|JOB_.*|NODE_TEST_CONTEXT)$/.test(k)
    ) {
      delete env[k];
    }
  }
  return { ...env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...extra };
}

export function spawnProc(name: string, command: string, args: string[], opts: SpawnOptions & { env: NodeJS.ProcessEnv }): Proc {
  const group = opts.detached === true;
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (child.pid === undefined) throw new Error(`could not spawn ${name}`);
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    poke();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    poke();
  });
  const startedAt = Date.now();
  const p: Proc = {
    name,
    child,
    pid: child.pid,
    startedAt,
    group,
    stdout: () => out,
    stderr: () => err,
    exit: undefined,
    exited: new Promise<Exit>((resolve) => {
      child.on('exit', (code, signal) => {
        p.exit = { code, signal, at: Date.now() - startedAt };
        live.delete(p);
        resolve(p.exit);
        poke();
      });
    }),
    waitFor(pattern, timeoutMs, stream = 'stdout') {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = (stream === 'stdout' ? out : err).match(pattern);
          if (m) return done(() => resolve(m));
          if (p.exit) return done(() => reject(new Error(`${name} exited (${JSON.stringify(p.exit)}) before printing ${pattern}\n${tail(p)}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${name}: no ${pattern} after ${timeoutMs} ms\n${tail(p)}`))), timeoutMs);
        const done = (f: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          f();
        };
        waiters.add(check);
        check();
      });
    },
    async waitExit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const t = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name} still running ${timeoutMs} ms later\n${tail(p)}`)), timeoutMs);
      });
      try {
        return await Promise.race([p.exited, t]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  live.add(p);
  if (group) groups.add(p.pid);
  return p;
}

/** The last lines of a process's output, for assertion messages. */
export function tail(p: Proc, n = 15): string {
  const last = (s: string) => s.trim().split('\n').slice(-n).join('\n');
  return `--- ${p.name} stdout ---\n${last(p.stdout())}\n--- ${p.name} stderr ---\n${last(p.stderr())}`;
}

/** `node --import tsx src/main.ts <cmd>` in the repo. */
export function startCli(name: string, cmd: string, env: Record<string, string>): Proc {
  return spawnProc(name, process.execPath, ['--import', 'tsx', 'src/main.ts', cmd], { env: childEnv(env) });
}

function killNow(): void {
  for (const p of live) p.child.kill('SIGKILL');
  for (const g of groups) {
    try {
      if (groupMembers(g).length > 0) process.kill(-g, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** SIGKILLs everything still running (whole process group for detached ones) and waits for the exits. */
export async function killAll(): Promise<void> {
  const procs = [...live];
  killNow();
  await Promise.all(procs.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 5000))])));
  groups.clear();
}

export function tempDir(tag: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `quintet-${tag}-`));
  tempDirs.add(d);
  return d;
}

/**
 * A data dir whose embedded cluster already exists (initdb done, migrations applied): the pre-migrated PGlite
 * template that `npm test` builds, unpacked into DATA_DIR/pgdata. Saves the initdb of a first start (seconds on a
 * busy box) where the first start is not what a test is about. Falls back to an empty dir without a template.
 */
export function seededDataDir(tag: string): string {
  const d = tempDir(tag);
  const template = process.env.QUINTET_PGLITE_TEMPLATE;
  if (template && fs.existsSync(template)) {
    fs.mkdirSync(path.join(d, 'pgdata'));
    const r = spawnSync('tar', ['-xf', template, '-C', path.join(d, 'pgdata')], { stdio: 'ignore' });
    if (r.status !== 0) fs.rmSync(path.join(d, 'pgdata'), { recursive: true, force: true });
  }
  return d;
}

export function removeTempDirs(): void {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

// Last line of defence if the test file itself is torn down (the runner kills a file that overruns its
// timeout with SIGTERM): no child may outlive it.
process.on('exit', killNow);
for (const s of ['SIGTERM', 'SIGINT'] as const) {
  process.once(s, () => {
    killNow();
    removeTempDirs();
    process.exit(128 + (s === 'SIGTERM' ? 15 : 2));
  });
}

/** A port that was free a moment ago (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on the port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.setTimeout(2000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface HttpAnswer {
  status: number;
  body: unknown;
  text: string;
  ms: number;
}

export async function http(
  port: number,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<HttpAnswer> {
  const t0 = Date.now();
  const r = await fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), connection: 'close', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: parsed, text, ms: Date.now() - t0 };
}

/** Polls GET /ready until 200; fails when the process exits first or on timeout. Returns ms since spawn. */
export async function waitReady(p: Proc, port: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (p.exit) throw new Error(`${p.name} exited (${JSON.stringify(p.exit)}) before /ready answered 200\n${tail(p)}`);
    try {
      const r = await http(port, 'GET', '/ready', undefined, {}, 2000);
      if (r.status === 200) return Date.now() - p.startedAt;
      last = `${r.status} ${r.text}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${p.name}: /ready not 200 after ${timeoutMs} ms (last: ${last})\n${tail(p)}`);
}

/** Live (non-zombie) processes whose process group is `pgid` (Linux /proc). */
export function groupMembers(pgid: number): { pid: number; state: string; cmd: string }[] {
  const out: { pid: number; state: string; cmd: string }[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) !== pgid || rest[0] === 'Z' || rest[0] === 'X') continue;
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(e), state: rest[0]!, cmd });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

// ---- quintet specifics shared by the lifecycle files ----

export const READY_MS = 90_000; // a first start initialises a PGlite cluster; 2 noisy cores
export const PASSWORD = 'correct-horse';

/** `serve` on an embedded data dir, couple-compass only (also mounted at the root, so /ready is the product's). */
export function serve(name: string, dataDir: string, port: number, extra: Record<string, string> = {}): Proc {
  return startCli(name, 'serve', { DATA_DIR: dataDir, PORT: String(port), PRODUCTS: 'couple-compass', ...extra });
}

export async function signupOk(port: number, email: string): Promise<{ email: string; token: string }> {
  const r = await http(port, 'POST', `${P}/auth/signup`, { email, password: PASSWORD, name: 'Life' });
  if (r.status !== 200 || typeof (r.body as { access_token?: unknown }).access_token !== 'string') {
    throw new Error(`signup ${email}: ${r.status} ${r.text}`);
  }
  return { email, token: (r.body as { access_token: string }).access_token };
}

export function login(port: number, email: string): Promise<HttpAnswer> {
  return http(port, 'POST', `${P}/auth/login`, { email, password: PASSWORD });
}

/** SIGTERM and time the exit (fails if the process outlives `limitMs` + 5 s). */
export async function terminate(p: Proc, limitMs = 10_000): Promise<Exit & { ms: number }> {
  const t0 = Date.now();
  p.child.kill('SIGTERM');
  const exit = await p.waitExit(limitMs + 5000);
  return { ...exit, ms: Date.now() - t0 };
}

export const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
