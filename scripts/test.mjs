// `npm test`: every *.test.ts under src/ and test/, through node:test with tsx.
// Embedded mode loads one pre-migrated PGlite template per run; TEST_DATABASE_URL / TEST_REDIS_URL switch to servers.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? find(p) : e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const files = [...find(path.join(root, 'src')), ...find(path.join(root, 'test'))]
  .map((f) => path.relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files match', filters);
  process.exit(1);
}

const env = { ...process.env, NODE_ENV: 'test' };
const mode = env.TEST_DATABASE_URL ? `PostgreSQL ${env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')}` : 'embedded PGlite (in-memory)';
console.log(`# quintet tests: ${files.length} files on ${mode}${env.TEST_REDIS_URL ? ` + Redis ${env.TEST_REDIS_URL}` : ''}`);

if (!env.TEST_DATABASE_URL) {
  const h = createHash('sha256');
  const migrations = path.join(root, 'drizzle');
  const all = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const f of all(migrations).sort()) h.update(fs.readFileSync(f));
  h.update(JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
  const template = path.join(os.tmpdir(), `quintet-pglite-${h.digest('hex').slice(0, 16)}.tar`);
  if (!fs.existsSync(template)) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/pglite-template.ts', template], { cwd: root, stdio: 'inherit', env });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  env.QUINTET_PGLITE_TEMPLATE = template;
}

const args = ['--import', 'tsx', '--test', `--test-concurrency=${env.TEST_CONCURRENCY ?? 2}`, '--test-timeout=300000', ...files];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
process.exit(r.status ?? 1);
