// Builds an embedded database with every migration applied and dumps it, so each test file loads it in ~1 s
// instead of running initdb (~4 s). Usage: tsx scripts/pglite-template.ts <out.tar>
import fs from 'node:fs';
import { openDatabase } from '../src/core/db/connect.js';
import { runMigrations } from '../src/core/db/migrate.js';
import { PGlite } from '@electric-sql/pglite';

const out = process.argv[2];
if (!out) throw new Error('usage: pglite-template.ts <out.tar>');
const db = await openDatabase({ kind: 'pglite-memory' });
await runMigrations(db);
const dz = db.dz as unknown as { $client: PGlite };
const blob = await dz.$client.dumpDataDir('none');
fs.writeFileSync(`${out}.${process.pid}`, Buffer.from(await blob.arrayBuffer()));
fs.renameSync(`${out}.${process.pid}`, out);
await db.close();
