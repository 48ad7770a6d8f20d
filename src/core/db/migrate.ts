// Applies the committed drizzle-kit migrations; on PostgreSQL under an advisory lock so concurrent starts are safe.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database } from './connect.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

/** Arbitrary constant shared by every quintet process: "migrations are running". */
const MIGRATION_LOCK_KEY = 7_370_512_019;

export async function runMigrations(db: Database, opts: { databaseUrl?: string; connectTimeoutMs?: number } = {}): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR, migrationsSchema: 'drizzle' };
  if (db.kind === 'pglite') {
    const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
    await migratePglite(db.dz as unknown as PgliteDatabase, config);
    return;
  }
  if (!opts.databaseUrl) throw new Error('runMigrations on PostgreSQL needs the database URL');
  // One dedicated connection holds the session-level lock and runs the migration itself.
  const client = new pg.Client({ connectionString: opts.databaseUrl, connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000 });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(drizzlePg({ client }), config);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
