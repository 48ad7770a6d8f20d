// Migrations: the core folder first, then each product's own folder with its own journal table; re-runs are no-ops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from './connect.js';
import { MIGRATIONS_DIR, migrationSets, runMigrations } from './migrate.js';
import { testDatabaseTarget, usingPostgres } from '../../../test/helpers/app.js';

/** A copy of the committed migrations plus one product folder, as drizzle-kit would write it. */
function rootWithProduct(slug: string, schema: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quintet-mig-'));
  fs.cpSync(MIGRATIONS_DIR, root, { recursive: true });
  const dir = path.join(root, slug);
  fs.mkdirSync(path.join(dir, 'meta'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, '0000_init.sql'),
    `CREATE SCHEMA "${schema}";\n--> statement-breakpoint\nCREATE TABLE "${schema}"."things" ("id" uuid PRIMARY KEY, "user_id" uuid NOT NULL REFERENCES "identity"."users"("id") ON DELETE cascade);\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: Date.now(), tag: '0000_init', breakpoints: true }] }),
  );
  return root;
}

test('product folders are found after the core folder, each with its own journal table', () => {
  const root = rootWithProduct('some-product', 'some_product');
  try {
    const sets = migrationSets(root);
    assert.equal(sets[0]!.migrationsFolder, root);
    assert.equal(sets[0]!.migrationsTable, '__drizzle_migrations');
    // The committed product folders (copied into `root`) and the made-up one, in name order.
    const committed = fs
      .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(MIGRATIONS_DIR, e.name, 'meta', '_journal.json')))
      .map((e) => e.name);
    assert.deepEqual(
      sets.slice(1).map((s) => [path.basename(s.migrationsFolder), s.migrationsTable]),
      [...committed, 'some-product'].sort().map((slug) => [slug, `__drizzle_migrations_${slug.replace(/-/g, '_')}`]),
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a product folder is applied once, after the core tables it references', async () => {
  const tag = randomBytes(4).toString('hex');
  const slug = `mig-test-${tag}`;
  const schema = `mig_test_${tag}`;
  const root = rootWithProduct(slug, schema);
  const target = testDatabaseTarget();
  const db = await openDatabase(target);
  const opts = { root, ...(target.kind === 'postgres' ? { databaseUrl: target.url } : {}) };
  try {
    await runMigrations(db, opts);
    await runMigrations(db, opts); // second run: nothing to do, no error
    const t = await db.sql.executeSql('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1', [schema]);
    assert.equal(t.rows[0]!.n, 1);
    const j = await db.sql.executeSql(`SELECT count(*)::int AS n FROM drizzle."__drizzle_migrations_${schema}"`);
    assert.equal(j.rows[0]!.n, 1);
  } finally {
    if (usingPostgres) {
      await db.sql.executeSql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await db.sql.executeSql(`DROP TABLE IF EXISTS drizzle."__drizzle_migrations_${schema}"`).catch(() => undefined);
    }
    await db.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
