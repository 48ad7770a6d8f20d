// `npm run bench [-- --quick] [-- --rounds N]`: the service against the raw baseline, in one run, on this box.
// Starts everything it measures, loads it from a separate process on 127.0.0.1, stops all it started, writes
// bench/results/<date>-<mode>.json and prints a Markdown table. Non-2xx or errors make the run fail loudly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runWsScenario, wsTable, type WsRow } from './ws-scenario.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 0) || (quick ? 1 : 3);
const duration = quick ? 4 : 10;
const warmup = quick ? 1 : 2;
const connectionSet = quick ? [50] : [50, 200];
/** `--ws-only`: just the Project Inside WebSocket scenario (a shorter check while others use the box). */
const wsOnly = args.includes('--ws-only');
const wsKs = quick ? [100] : [100, 1000];
/** Long enough for several nudge windows (10 s) per socket. */
const wsDuration = quick ? 14 : 32;
/**
 * The embedded database executes one statement at a time for the whole process: at 200 connections requests
 * queue past autocannon's 10 s timeout in the service and the raw baseline alike (measured: both time out).
 * It is a laptop database; capacity is measured on PostgreSQL.
 */
const connectionsFor = (mode: string) => (mode === 'embedded' ? connectionSet.filter((c) => c <= 50) : connectionSet);
const secret = randomBytes(32).toString('hex');
/**
 * Both servers run with the heap limits the README recommends for production. Without them V8 lets the heap grow
 * to ~100 MB before a full GC under this allocation rate (live heap after GC: ~30 MB), so RSS reads 300–450 MB.
 * The young generation: 16 MB semi-spaces (the default) add ~30 MB of RSS; 4 MB ones made the scavenger run
 * twice as often and promote in-flight requests' objects, costing throughput (users/me, 50 connections, service
 * alone, alternating: 8 MB ~15 % more req/s than 4 MB, RSS +10 MB). 8 MB is the middle.
 */
const nodeOptions = process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=96 --max-semi-space-size=8';
const children = new Set<ChildProcess>();

function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitReady(url: string, ms = 60_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready after ${ms} ms`);
}

function start(cmd: string[], env: Record<string, string>, logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const c = spawn(process.execPath, cmd, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  children.add(c);
  return c;
}

async function stop(c: ChildProcess) {
  if (c.exitCode !== null) return;
  const done = new Promise((r) => c.once('exit', r));
  c.kill('SIGTERM');
  await Promise.race([done, new Promise((r) => setTimeout(r, 12_000))]);
  if (c.exitCode === null) c.kill('SIGKILL');
  children.delete(c);
}

/** CPU seconds (user + system) of a process and all its descendants. */
function cpuOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = fs
        .readFileSync(`/proc/${pid}/stat`, 'utf8')
        .slice(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2)
        .split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      /* gone */
    }
  }
  return ticks / 100;
}
function descendants(pid: number): number[] {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  const kids = r.stdout.split('\n').filter(Boolean).map(Number);
  return [pid, ...kids.flatMap(descendants)];
}
const postgresPids = () => spawnSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return Math.round(kb / 1024);
}

interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  loadCpuS?: number;
}

async function load(spec: object): Promise<LoadResult> {
  const c = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', JSON.stringify(spec)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(c);
  let out = '';
  c.stdout!.on('data', (d) => (out += d));
  let cpu = 0;
  const sampler = setInterval(() => {
    cpu = Math.max(cpu, cpuOf([c.pid!]));
  }, 250);
  await new Promise((r) => c.once('exit', r));
  clearInterval(sampler);
  children.delete(c);
  const line = out.trim().split('\n').pop()!;
  return { ...(JSON.parse(line) as LoadResult), loadCpuS: cpu };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

interface Target {
  name: string;
  kind: 'service' | 'baseline';
  port: number;
  proc: ChildProcess;
}

async function startService(mode: Mode, extraEnv: Record<string, string> = {}): Promise<Target> {
  const port = await freePort();
  const proc = start(
    ['dist/main.js', 'serve'],
    {
      NODE_OPTIONS: nodeOptions,
      PORT: String(port),
      JWT_SECRET: secret,
      RATE_LIMIT_SCALE: '1000000',
      MAIL_CONSOLE: 'true',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      NODE_ENV: 'production',
      DOCS: 'false',
      ...mode.env,
      ...extraEnv,
    },
    path.join(mode.dir, 'service.log'),
  );
  await waitReady(`http://127.0.0.1:${port}/ready`);
  return { name: 'service', kind: 'service', port, proc };
}
async function startBaseline(mode: Mode): Promise<Target> {
  const port = await freePort();
  const proc = start(
    ['--import', 'tsx', 'bench/baseline.ts'],
    { NODE_OPTIONS: nodeOptions, PORT: String(port), JWT_SECRET: secret, ...mode.env },
    path.join(mode.dir, 'baseline.log'),
  );
  await waitReady(`http://127.0.0.1:${port}/couple-compass/health`);
  return { name: 'baseline', kind: 'baseline', port, proc };
}

interface Mode {
  name: 'embedded' | 'postgres';
  env: Record<string, string>;
  dir: string;
}

async function makeUsers(port: number, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`http://127.0.0.1:${port}/couple-compass/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-${i}-${randomBytes(4).toString('hex')}@example.com`, password: 'bench-password-1', name: `Bench ${i}` }),
    });
    if (!r.ok) throw new Error(`signup failed: ${r.status} ${await r.text()}`);
    tokens.push(((await r.json()) as { access_token: string }).access_token);
  }
  return tokens;
}

const SCENARIOS = [
  { id: 'users_me', method: 'GET', path: '/couple-compass/api/v1/users/me', auth: true },
  {
    id: 'moods_post',
    method: 'POST',
    path: '/couple-compass/api/v1/moods',
    auth: true,
    body: { mood_level: 4, notes: 'bench', context_tags: ['work', 'sleep'] },
  },
  { id: 'health', method: 'GET', path: '/couple-compass/health', auth: false },
] as const;

type Row = { scenario: string; connections: number; target: string; rps: number; p50: number; p99: number; non2xx: number; errors: number; rssMb?: number };

function runWs(mode: Mode) {
  return runWsScenario(
    {
      root,
      startService: () => startService(mode),
      stop,
      rssMb: (pid) => rssMb(descendants(pid)),
      track: (c, done) => (done ? children.delete(c) : children.add(c)),
      db: mode.name === 'postgres' ? { kind: 'postgres', url: mode.env.DATABASE_URL! } : { kind: 'embedded', dataDir: mode.env.DATA_DIR! },
    },
    { ks: wsKs, durationS: wsDuration },
  );
}

async function runMode(mode: Mode) {
  const rows: Row[] = [];
  const failures: string[] = [];
  if (wsOnly) {
    const ws = await runWs(mode);
    return { rows, login: { p50: NaN, p99: NaN }, cluster: [], serviceRss: NaN, failures: ws.failures, ws: ws.rows as WsRow[] };
  }
  console.error(`\n## ${mode.name}: preparing`);
  // Users are created once, through the service; the baseline reads the same rows.
  let svc = await startService(mode);
  const tokens = await makeUsers(svc.port, 20);

  // Login: 50 sequential logins (argon2id at OWASP parameters).
  const email = `bench-login-${randomBytes(4).toString('hex')}@example.com`;
  await fetch(`http://127.0.0.1:${svc.port}/couple-compass/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'bench-password-1', name: 'Login' }),
  });
  const lat: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const r = await fetch(`http://127.0.0.1:${svc.port}/couple-compass/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'bench-password-1' }),
    });
    await r.arrayBuffer();
    if (r.status !== 200) failures.push(`login → ${r.status}`);
    lat.push(performance.now() - t0);
  }
  const sorted = [...lat].sort((a, b) => a - b);
  const login = { p50: Math.round(sorted[24]! * 10) / 10, p99: Math.round(sorted[49]! * 10) / 10 };
  console.error(`login p50 ${login.p50} ms p99 ${login.p99} ms`);

  // Embedded: one process per data dir, so service and baseline take turns; on PostgreSQL both may run.
  const exclusive = mode.name === 'embedded';
  let base: Target | undefined;
  if (!exclusive) base = await startBaseline(mode);
  for (let round = 0; round < rounds; round++) {
    // Alternate who goes first, so drift on a noisy box doesn't favour one side.
    const order: ('service' | 'baseline')[] = round % 2 === 0 ? ['baseline', 'service'] : ['service', 'baseline'];
    for (const who of order) {
      let target: Target;
      if (exclusive) {
        if (who === 'service') {
          if (svc.proc.exitCode !== null) svc = await startService(mode);
          target = svc;
        } else {
          await stop(svc.proc);
          base = await startBaseline(mode);
          target = base;
        }
      } else target = who === 'service' ? svc : base!;
      for (const sc of SCENARIOS) {
        for (const connections of connectionsFor(mode.name)) {
          const r = await load({
            url: `http://127.0.0.1:${target.port}`,
            method: sc.method,
            path: sc.path,
            tokens: sc.auth ? tokens : [],
            body: 'body' in sc ? sc.body : undefined,
            connections,
            durationS: duration,
            warmupS: warmup,
          });
          const rss = rssMb(descendants(target.proc.pid!));
          rows.push({ scenario: sc.id, connections, target: who, rps: r.rps, p50: r.p50, p99: r.p99, non2xx: r.non2xx, errors: r.errors, rssMb: rss });
          console.error(
            `round ${round + 1} ${who.padEnd(8)} ${sc.id.padEnd(10)} c=${connections}: ${Math.round(r.rps)} req/s p50 ${r.p50} p99 ${r.p99} non2xx ${r.non2xx} err ${r.errors} rss ${rss} MB`,
          );
          if (r.non2xx > 0 || r.errors > 0) failures.push(`${who} ${sc.id} c=${connections}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        }
      }
      if (exclusive && who === 'baseline') {
        await stop(base!.proc);
        svc = await startService(mode);
      }
    }
  }
  const serviceRss = rssMb(descendants(svc.proc.pid!));
  await stop(svc.proc);
  if (base) await stop(base.proc);

  // WEB_CONCURRENCY: 1 vs 2 API processes on users/me (PostgreSQL only; the embedded database is single-process).
  const cluster: { workers: number; rps: number; serverCpu: number; postgresCpu: number; loadCpu: number; rssMb: number }[] = [];
  if (mode.name === 'postgres') {
    for (const workers of [1, 2]) {
      const samples: { rps: number; serverCpu: number; postgresCpu: number; loadCpu: number; rssMb: number }[] = [];
      const s = await startService(mode, { WEB_CONCURRENCY: String(workers) });
      await new Promise((r) => setTimeout(r, 1500));
      for (let round = 0; round < rounds; round++) {
        const procs = descendants(s.proc.pid!);
        const c0 = cpuOf(procs);
        const p0 = cpuOf(postgresPids());
        const t0 = Date.now();
        const r = await load({
          url: `http://127.0.0.1:${s.port}`,
          method: 'GET',
          path: '/couple-compass/api/v1/users/me',
          tokens,
          connections: 50,
          durationS: duration,
          warmupS: warmup,
        });
        const wall = (Date.now() - t0) / 1000;
        if (r.non2xx > 0 || r.errors > 0) failures.push(`WEB_CONCURRENCY=${workers}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        samples.push({
          rps: r.rps,
          serverCpu: (cpuOf(descendants(s.proc.pid!)) - c0) / wall,
          postgresCpu: (cpuOf(postgresPids()) - p0) / wall,
          loadCpu: (r.loadCpuS ?? 0) / wall,
          rssMb: rssMb(descendants(s.proc.pid!)),
        });
      }
      await stop(s.proc);
      cluster.push({
        workers,
        rps: median(samples.map((x) => x.rps)),
        serverCpu: median(samples.map((x) => x.serverCpu)),
        postgresCpu: median(samples.map((x) => x.postgresCpu)),
        loadCpu: median(samples.map((x) => x.loadCpu)),
        rssMb: median(samples.map((x) => x.rssMb)),
      });
      console.error(`WEB_CONCURRENCY=${workers}: ${Math.round(cluster[cluster.length - 1]!.rps)} req/s`);
    }
  }
  // Project Inside WebSocket: a fresh service (the HTTP ones are stopped, so embedded mode may open the data dir).
  const ws = await runWs(mode);
  failures.push(...ws.failures);
  return { rows, login, cluster, serviceRss, failures, ws: ws.rows };
}

function table(mode: string, res: Awaited<ReturnType<typeof runMode>>): string {
  const lines = [
    `### ${mode} (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}; medians of ${rounds} round${rounds > 1 ? 's' : ''}, ${duration} s each after ${warmup} s warm-up; NODE_OPTIONS=${nodeOptions || '(none)'})`,
    '',
    '| scenario | conns | service req/s | baseline req/s | ratio | service p50/p99 ms | baseline p50/p99 ms | p99 ratio | service RSS MB |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const sc of SCENARIOS) {
    for (const c of connectionsFor(mode)) {
      const pick = (who: string) => res.rows.filter((r) => r.scenario === sc.id && r.connections === c && r.target === who);
      const s = pick('service');
      const b = pick('baseline');
      const sr = median(s.map((x) => x.rps));
      const br = median(b.map((x) => x.rps));
      const sp99 = median(s.map((x) => x.p99));
      const bp99 = median(b.map((x) => x.p99));
      lines.push(
        `| ${sc.method} ${sc.path} | ${c} | ${Math.round(sr)} | ${Math.round(br)} | ${(sr / br).toFixed(2)} | ${median(s.map((x) => x.p50))}/${sp99} | ${median(b.map((x) => x.p50))}/${bp99} | ${(sp99 / bp99).toFixed(2)} | ${median(s.map((x) => x.rssMb ?? 0))} |`,
      );
    }
  }
  lines.push('', `Login (50 sequential, argon2id m=19 MiB t=2 p=1): p50 ${res.login.p50} ms, p99 ${res.login.p99} ms.`);
  if (res.cluster.length === 2) {
    const [one, two] = res.cluster as [(typeof res.cluster)[0], (typeof res.cluster)[0]];
    lines.push(
      '',
      '| WEB_CONCURRENCY | users/me req/s | server CPU (cores) | PostgreSQL CPU | load generator CPU | RSS MB (all processes) |',
      '|---|---|---|---|---|---|',
      ...res.cluster.map(
        (c) => `| ${c.workers} | ${Math.round(c.rps)} | ${c.serverCpu.toFixed(2)} | ${c.postgresCpu.toFixed(2)} | ${c.loadCpu.toFixed(2)} | ${c.rssMb} |`,
      ),
      '',
      `2 workers / 1 worker: ${(two.rps / one.rps).toFixed(2)}×.`,
    );
  }
  if (wsOnly) lines.splice(1);
  lines.push('', ...wsTable(res.ws));
  return lines.join('\n');
}

async function main() {
  console.error('building dist/ …');
  const b = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
  fs.writeFileSync(path.join(root, 'dist', '.build-stamp'), new Date().toISOString());

  const modes: Mode[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quintet-bench-'));
  const wanted = args.includes('--embedded-only') ? ['embedded'] : args.includes('--postgres-only') ? ['postgres'] : ['embedded', 'postgres'];
  if (wanted.includes('embedded')) modes.push({ name: 'embedded', env: { DATA_DIR: path.join(tmp, 'data') }, dir: tmp });
  const pgUrl = process.env.DATABASE_URL || process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  if (wanted.includes('postgres')) {
    try {
      const admin = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
      await admin.connect();
      await admin.query('DROP DATABASE IF EXISTS quintet_bench');
      await admin.query('CREATE DATABASE quintet_bench');
      await admin.end();
      const u = new URL(pgUrl);
      u.pathname = '/quintet_bench';
      modes.push({ name: 'postgres', env: { DATABASE_URL: u.toString(), DATA_DIR: path.join(tmp, 'pgmode') }, dir: tmp });
    } catch (e) {
      console.error(`SKIPPED postgres mode: ${(e as Error).message}`);
      // Asked for PostgreSQL only: nothing measured is a failure, not a result.
      if (args.includes('--postgres-only')) process.exit(1);
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  let failed = false;
  const out: string[] = [];
  for (const m of modes) {
    const res = await runMode(m);
    const file = path.join(root, 'bench', 'results', `${date}-${m.name}${quick ? '-quick' : ''}${wsOnly ? '-ws' : ''}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          mode: m.name,
          quick,
          rounds,
          duration,
          machine: { cores: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, memGb: Math.round(os.totalmem() / 2 ** 30) },
          ...res,
        },
        null,
        2,
      ),
    );
    out.push(table(m.name, res));
    if (res.failures.length) {
      failed = true;
      out.push(`\n**FAILED** (${m.name}): ${res.failures.join('; ')}`);
    }
  }
  process.stdout.write(`\n${out.join('\n\n')}\n`);
  fs.rmSync(tmp, { recursive: true, force: true });
  if (failed) {
    console.error('\nbench FAILED: non-2xx responses or errors (a fast error is not a result)');
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
