// The Project Inside WebSocket scenario (issue 7), the runner's side: sets up users, relationships and live
// sessions through the service's own API, runs bench/ws.ts as a separate load process, and afterwards checks in
// the database what the server recorded: every frame sent was processed, and no (session, user) got two nudges
// within the nudge window.
import { CONSENT_SCOPES } from '../src/products/project-inside/consent/consent.schemas.js';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface WsLoadResult {
  sockets: number;
  opened: number;
  openMs: number;
  connectFailures: number;
  connectFailureSample: string[];
  closedEarly: number;
  framesSent: number;
  framesPerS: number;
  errors: number;
  errorCodes: Record<string, number>;
  nudges: number;
  probes: number;
  probesNudged: number;
  probesMissed: number;
  unexpectedNudges: number;
  nudgeP50: number;
  nudgeP99: number;
  nudgeMax: number;
  /** p99 event-loop delay of the load generator itself, ms (a share of every latency it measures). */
  loadLoopDelayP99: number;
  maxNudgesPerWindow: number;
  limitViolations: number;
}

export interface WsRow extends WsLoadResult {
  k: number;
  durationS: number;
  rssMb: number;
  /** Filled in after the service stopped (it flushes what it buffered on SIGTERM). */
  framesRecorded?: number;
  nudgesRecorded?: number;
  dbLimitViolations?: number;
}

export interface WsDeps {
  root: string;
  /** A fresh service process (the scenario stops it itself, so the server flushes what it recorded). */
  startService(): Promise<{ port: number; proc: ChildProcess }>;
  stop(c: ChildProcess): Promise<void>;
  rssMb(pid: number): number;
  /** Registers a child process for the runner's clean-up on exit. */
  track(c: ChildProcess, done?: boolean): void;
  db: { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };
}

const WINDOW_MS = 10_000; // the service's default NUDGE_RATE_LIMIT_SECONDS
const PAIRS = 10; // 20 sign-ups (argon2id-bound); each pair takes part in many sessions

async function json(url: string, init: { method: string; token?: string; body?: unknown }): Promise<Record<string, unknown>> {
  const r = await fetch(url, {
    method: init.method,
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${init.method} ${url} → ${r.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function bounded<T, R>(items: T[], concurrency: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

function runLoad(deps: WsDeps, spec: object): Promise<WsLoadResult> {
  const c = spawn(process.execPath, ['--import', 'tsx', 'bench/ws.ts'], { cwd: deps.root, stdio: ['pipe', 'pipe', 'inherit'] });
  deps.track(c);
  c.stdin!.end(JSON.stringify(spec));
  let out = '';
  c.stdout!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    c.once('exit', (code) => {
      deps.track(c, true);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as WsLoadResult);
      } catch {
        reject(new Error(`ws load generator exited ${code} without a result: ${out.slice(0, 300)}`));
      }
    });
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function openDb(deps: WsDeps): Promise<{ query(text: string): Promise<Record<string, unknown>[]>; close(): Promise<void> }> {
  if (deps.db.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: deps.db.url });
    await c.connect();
    return { query: async (t) => (await c.query(t)).rows as Record<string, unknown>[], close: () => c.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(path.join(deps.db.dataDir, 'pgdata'));
  await db.waitReady;
  return { query: async (t) => (await db.query(t)).rows as Record<string, unknown>[], close: () => db.close() };
}

export async function runWsScenario(deps: WsDeps, o: { ks: number[]; durationS: number }): Promise<{ rows: WsRow[]; failures: string[] }> {
  const failures: string[] = [];
  const rows: WsRow[] = [];
  const sessionsOf = new Map<number, string[]>();
  const svc = await deps.startService();
  const base = `http://127.0.0.1:${svc.port}/project-inside/v1`;
  try {
    const users = await bounded(Array.from({ length: PAIRS * 2 }), 4, async (_, i) => {
      const r = await json(`${base}/auth/signup`, {
        method: 'POST',
        body: { email: `bench-ws-${i}-${randomBytes(4).toString('hex')}@example.com`, password: 'bench-password-1', display_name: `Bench ${i}` },
      });
      const token = r.access_token as string;
      return { token, id: (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub };
    });
    const pairs = await bounded(Array.from({ length: PAIRS }), 4, async (_, i) => {
      const [a, b] = [users[2 * i]!, users[2 * i + 1]!];
      const rel = await json(`${base}/relationships`, { method: 'POST', token: a.token, body: { type: 'couple', member_ids: [b.id] } });
      // A member added by someone else is pending until they accept.
      await json(`${base}/relationships/${rel.id as string}/accept`, { method: 'POST', token: b.token });
      // Frames are recorded only for members whose consent grants it.
      for (const u of [a, b])
        await json(`${base}/relationships/${rel.id as string}/consent/me`, {
          method: 'PUT',
          token: u.token,
          body: { scopes: [...CONSENT_SCOPES], status: 'ACTIVE' },
        });
      return { a, b, rid: rel.id as string };
    });
    for (const k of o.ks) {
      const sessions = await bounded(Array.from({ length: Math.ceil(k / 2) }), 10, async (_, i) => {
        const p = pairs[i % PAIRS]!;
        const s = await json(`${base}/sessions`, { method: 'POST', token: p.a.token, body: { relationship_id: p.rid, participants: [p.b.id] } });
        return { sid: s.id as string, p };
      });
      sessionsOf.set(
        k,
        sessions.map((s) => s.sid),
      );
      const sockets = sessions
        .flatMap((s) => [
          { sid: s.sid, token: s.p.a.token },
          { sid: s.sid, token: s.p.b.token },
        ])
        .slice(0, k);
      const r = await runLoad(deps, {
        url: `ws://127.0.0.1:${svc.port}`,
        sockets,
        ratePerS: 5,
        overEvery: 5,
        durationS: o.durationS,
        windowMs: WINDOW_MS,
        openConcurrency: 50,
      });
      const row: WsRow = { ...r, k, durationS: o.durationS, rssMb: deps.rssMb(svc.proc.pid!) };
      rows.push(row);
      console.error(
        `ws K=${k}: ${r.framesPerS} frames/s sent, nudge p50 ${r.nudgeP50} p99 ${r.nudgeP99} ms (load-gen loop delay p99 ${r.loadLoopDelayP99} ms; ${r.probesNudged}/${r.probes} probes), ${r.errors} server errors, ${r.closedEarly} closed early, max ${r.maxNudgesPerWindow} nudge per window, rss ${row.rssMb} MB`,
      );
      const label = `ws K=${k}`;
      if (r.connectFailures > 0) failures.push(`${label}: ${r.connectFailures} sockets refused (${r.connectFailureSample.join('; ')})`);
      if (r.closedEarly > 0) failures.push(`${label}: ${r.closedEarly} sockets closed during the run`);
      if (r.errors > 0) failures.push(`${label}: ${r.errors} server.error frames ${JSON.stringify(r.errorCodes)}`);
      if (r.probesMissed > 0) failures.push(`${label}: ${r.probesMissed} over-threshold frames after the window reopened got no nudge`);
      if (r.unexpectedNudges > 0 || r.limitViolations > 0)
        failures.push(`${label}: nudge limit broken (${r.unexpectedNudges} nudges inside a window, ${r.limitViolations} close pairs)`);
      // Let the server flush before the next K; the sockets are closed, their stats are written on close.
      await new Promise((res) => setTimeout(res, 1000));
    }
  } finally {
    await deps.stop(svc.proc);
  }

  // What the server recorded (it flushed its buffers on close and at SIGTERM).
  const db = await openDb(deps);
  try {
    for (const row of rows) {
      const ids = sessionsOf.get(row.k)!.filter((id) => UUID.test(id));
      const list = ids.map((id) => `'${id}'`).join(',');
      const [f] = await db.query(`SELECT coalesce(sum(frames), 0)::int AS n FROM project_inside.session_stats WHERE session_id IN (${list})`);
      const [n] = await db.query(`SELECT count(*)::int AS n FROM project_inside.nudges WHERE session_id IN (${list})`);
      const [v] = await db.query(
        `SELECT count(*)::int AS n FROM (SELECT created_at - lag(created_at) OVER (PARTITION BY session_id, user_id ORDER BY created_at) AS gap
           FROM project_inside.nudges WHERE session_id IN (${list})) x WHERE gap < interval '${WINDOW_MS / 1000} seconds'`,
      );
      row.framesRecorded = Number(f!.n);
      row.nudgesRecorded = Number(n!.n);
      row.dbLimitViolations = Number(v!.n);
      const label = `ws K=${row.k}`;
      if (row.framesRecorded !== row.framesSent) failures.push(`${label}: ${row.framesSent} frames sent, ${row.framesRecorded} recorded by the server`);
      if (row.dbLimitViolations > 0)
        failures.push(`${label}: ${row.dbLimitViolations} nudges within ${WINDOW_MS / 1000} s of the previous one for the same (session, user)`);
      if (row.nudgesRecorded !== row.nudges) failures.push(`${label}: ${row.nudges} nudges received, ${row.nudgesRecorded} recorded`);
    }
  } finally {
    await db.close();
  }
  return { rows, failures };
}

export function wsTable(rows: WsRow[]): string[] {
  if (rows.length === 0) return ['Project Inside WebSocket scenario: not run.'];
  return [
    `Project Inside WebSocket (coaching sockets in live sessions, each sending client.feature_frame at 5/s, one over-threshold frame in 5; nudge window ${WINDOW_MS / 1000} s; one service process):`,
    '',
    '| sockets | run s | frames/s sent | frames sent / recorded | server errors | closed early | nudge p50/p99/max ms | load-gen loop delay p99 ms | probes nudged | nudges in a window | max nudges per 10 s | service RSS MB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.k} | ${r.durationS} | ${r.framesPerS} | ${r.framesSent} / ${r.framesRecorded ?? '?'} | ${r.errors} | ${r.closedEarly} | ${r.nudgeP50}/${r.nudgeP99}/${r.nudgeMax} | ${r.loadLoopDelayP99} | ${r.probesNudged}/${r.probes} | ${r.unexpectedNudges + (r.dbLimitViolations ?? 0)} | ${r.maxNudgesPerWindow} | ${r.rssMb} |`,
    ),
  ];
}
