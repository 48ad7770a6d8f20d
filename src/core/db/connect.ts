// Opens the database: PGlite (embedded, file-backed or in-memory) or a node-postgres Pool. Same Drizzle API on both.
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite, Transaction as PgliteTx } from '@electric-sql/pglite';
import pg from 'pg';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { lockDataDir, type DataDirLock } from './lock.js';

/** A Drizzle handle: the database itself or a transaction. Repos take this. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Dz = PgDatabase<PgQueryResultHKT, any>;

/** Raw SQL in pg-boss's shape, so the job queue can share the caller's connection or transaction. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface Tx {
  dz: Dz;
  sql: SqlExecutor;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  dz: Dz;
  sql: SqlExecutor;
  /** Short transactions only: never hold one across an outside call (AI, mail, HTTP). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Resolves when the database answers within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize: number; connectTimeoutMs: number; queryTimeoutMs: number; applicationName?: string }
  | { kind: 'pglite-file'; dataDir: string }
  | { kind: 'pglite-memory'; template?: Blob };

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | PgliteTx;

function pgliteExecutor(client: PgliteLike): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const r = await client.query<Record<string, unknown>>(text, values as unknown[]);
        return { rows: r.rows };
      }
      // Without parameters the text may hold several statements (pg-boss sends such scripts).
      const results = await client.exec(text);
      return { rows: (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[] };
    },
  };
}

/** PGlite's default 160 MB buffer pool doubles the process RSS; a laptop-sized dataset doesn't need it. */
const PGLITE_CONF = 'shared_buffers = 16MB';

/**
 * Creates a new embedded data dir in a short-lived child process: initdb grows PGlite's WebAssembly memory to
 * ~700 MB, which a process never gives back; opening the finished dir afterwards costs ~160 MB.
 */
async function initPgliteDir(dir: string): Promise<void> {
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const script = `const { PGlite } = await import(${JSON.stringify(pglite)});
const db = new PGlite(${JSON.stringify(dir)}, { relaxedDurability: false, postgresqlconf: ${JSON.stringify(PGLITE_CONF)} });
await db.waitReady;
await db.close();`;
  const { spawn } = await import('node:child_process');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()).length > 4000 && (err = err.slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`creating the embedded database in ${dir} failed (exit ${code}): ${err.trim()}`))));
  });
}

async function openPglite(target: Extract<DatabaseTarget, { kind: 'pglite-file' | 'pglite-memory' }>): Promise<Database> {
  // The embedded engine is only loaded in embedded mode.
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (target.kind === 'pglite-file') {
    lock = lockDataDir(target.dataDir);
    try {
      const dir = path.join(target.dataDir, 'pgdata');
      if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await initPgliteDir(dir);
      client = new PGlite(dir, { relaxedDurability: false, postgresqlconf: PGLITE_CONF });
      await client.waitReady;
    } catch (e) {
      lock.release();
      throw e;
    }
  } else {
    client = new PGlite({ postgresqlconf: PGLITE_CONF, ...(target.template ? { loadDataDir: target.template } : {}) });
    await client.waitReady;
  }
  const dz = drizzlePglite({ client }) as unknown as Dz;
  let closed = false;
  return {
    kind: 'pglite',
    dz,
    sql: pgliteExecutor(client),
    transaction: (fn) => client.transaction((t) => fn({ dz: drizzlePglite({ client: t as unknown as PGlite }) as unknown as Dz, sql: pgliteExecutor(t) })),
    async ping(timeoutMs = 2000) {
      if (closed) throw Object.assign(new Error('database is closed'), { code: 'DB_CLOSED' });
      await withTimeout(client.query('SELECT 1'), timeoutMs, 'database ping');
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize,
    connectionTimeoutMillis: target.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    statement_timeout: target.queryTimeoutMs,
    query_timeout: target.queryTimeoutMs + 1000,
    application_name: target.applicationName ?? 'quintet',
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const dz = drizzlePg({ client: pool }) as unknown as Dz;
  const executor = (c: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async executeSql(text, values) {
      const r = await c.query(text, values as unknown[] | undefined);
      // A multi-statement script answers with one result per statement.
      const last = Array.isArray(r) ? (r[r.length - 1] as pg.QueryResult) : r;
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
    },
  });
  let closed = false;
  return {
    kind: 'postgres',
    dz,
    sql: executor(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ dz: drizzlePg({ client }) as unknown as Dz, sql: executor(client) });
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async ping(timeoutMs = 2000) {
      if (closed) throw Object.assign(new Error('database is closed'), { code: 'DB_CLOSED' });
      await withTimeout(pool.query('SELECT 1'), timeoutMs, 'database ping');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

export function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'postgres' ? openPostgres(target) : openPglite(target);
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'DB_CLOSED',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '57014',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout|Client has encountered a connection error|PGlite is closed|database is closed/i;

/** True when an error means "the database can't be reached right now" (answer 503), not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const msg = (e as { message?: unknown }).message;
    if (typeof msg === 'string' && UNAVAILABLE_MESSAGES.test(msg)) return true;
  }
  return false;
}

/** The Postgres SQLSTATE of an error, looking through Drizzle's wrapper. */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
