// Applies the committed drizzle-kit migrations; on PostgreSQL under an advisory lock so concurrent starts are safe.
//
// Two kinds of folder, applied in this order:
//   drizzle/                 core schemas (identity, payments) and the first two products, tracked in
//                            drizzle.__drizzle_migrations (kept as it was so existing databases stay valid);
//   drizzle/<product-slug>/  one folder per later product, tracked in its own table
//                            drizzle.__drizzle_migrations_<slug_with_underscores>, so products generate their
//                            migrations independently (`DRIZZLE_PRODUCT=<slug> npm run db:generate`).
import fs from 'node:fs';
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

export interface MigrationSet {
  migrationsFolder: string;
  migrationsSchema: string;
  migrationsTable: string;
}

/** The core set first, then every product folder that holds a journal, in name order. */
export function migrationSets(root = MIGRATIONS_DIR): MigrationSet[] {
  const sets: MigrationSet[] = [{ migrationsFolder: root, migrationsSchema: 'drizzle', migrationsTable: '__drizzle_migrations' }];
  const products = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'meta' && fs.existsSync(path.join(root, e.name, 'meta', '_journal.json')))
    .map((e) => e.name)
    .sort();
  for (const slug of products) {
    sets.push({
      migrationsFolder: path.join(root, slug),
      migrationsSchema: 'drizzle',
      migrationsTable: `__drizzle_migrations_${slug.replace(/-/g, '_')}`,
    });
  }
  return sets;
}

export async function runMigrations(db: Database, opts: { databaseUrl?: string; connectTimeoutMs?: number; root?: string } = {}): Promise<void> {
  const sets = migrationSets(opts.root);
  if (db.kind === 'pglite') {
    const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
    for (const set of sets) await migratePglite(db.dz as unknown as PgliteDatabase, set);
    return;
  }
  if (!opts.databaseUrl) throw new Error('runMigrations on PostgreSQL needs the database URL');
  // One dedicated connection holds the session-level lock and runs the migration itself.
  const client = new pg.Client({ connectionString: opts.databaseUrl, connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000 });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const dz = drizzlePg({ client });
      for (const set of sets) await migratePg(dz, set);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
