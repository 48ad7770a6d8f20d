// Concurrent start-ups on one PostgreSQL: three `quintet migrate` processes at the same moment against a fresh
// database all succeed and apply every migration exactly once (the advisory lock in src/core/db/migrate.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { usingPostgres } from '../helpers/app.js';
import { ROOT, killAll, startCli, tail } from './procs.js';

const skip = usingPostgres ? false : 'needs TEST_DATABASE_URL (a PostgreSQL server to create a scratch database on)';
const dbName = `quintet_mig_${randomBytes(5).toString('hex')}`;
let admin: pg.Client | undefined;

before(async () => {
  if (!usingPostgres) return;
  admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
});

after(async () => {
  await killAll();
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
});

test('three `migrate` processes at once on a fresh database: all exit 0, each migration recorded once', { skip, timeout: 110_000 }, async () => {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${dbName}`;
  const procs = [1, 2, 3].map((i) => startCli(`migrate#${i}`, 'migrate', { DATABASE_URL: url.toString() }));
  const exits = await Promise.all(procs.map((p) => p.waitExit(90_000)));
  exits.forEach((e, i) => {
    assert.equal(e.signal, null, tail(procs[i]!));
    assert.equal(e.code, 0, `migrate#${i + 1} failed\n${tail(procs[i]!)}`);
    assert.match(procs[i]!.stdout(), /"msg":"migrations applied"/, tail(procs[i]!));
  });

  const journal = JSON.parse(fs.readFileSync(path.join(ROOT, 'drizzle/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  assert.ok(journal.entries.length > 0);
  const c = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    const rows = await c.query<{ n: number; distinct_hashes: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT hash)::int AS distinct_hashes FROM drizzle.__drizzle_migrations',
    );
    assert.equal(rows.rows[0]!.n, journal.entries.length, 'one row per migration in the journal');
    assert.equal(rows.rows[0]!.distinct_hashes, journal.entries.length, 'no migration recorded twice');
    const users = await c.query<{ t: string | null }>(`SELECT to_regclass('identity.users')::text AS t`);
    assert.equal(users.rows[0]!.t, 'identity.users', 'the schema exists');
  } finally {
    await c.end();
  }
  console.log(`# timings: three concurrent migrate processes exited after ${exits.map((e) => e.at).join(', ')} ms`);
});
