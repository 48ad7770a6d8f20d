// `npm start`: build when the sources are newer than dist/, then run the compiled CLI in this same process,
// so signals from npm or a process manager reach the server directly.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function stale() {
  if (!fs.existsSync(stamp) || !fs.existsSync(path.join(root, 'dist', 'main.js'))) return true;
  const built = fs.statSync(stamp).mtimeMs;
  const sources = Math.max(
    newest(path.join(root, 'src')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => fs.statSync(path.join(root, f)).mtimeMs),
  );
  return sources > built;
}

if (stale()) {
  const first = !fs.existsSync(path.join(root, 'dist', 'main.js'));
  process.stderr.write(`quintet: compiling TypeScript into dist/ (${first ? 'first start: about 15–30 s' : 'sources changed'})…\n`);
  const t0 = Date.now();
  // A dot every 3 s, so a slow first build never looks like a hang.
  const dots = setInterval(() => process.stderr.write('.'), 3000);
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!fs.existsSync(tsc)) {
    process.stderr.write('quintet: dist/ is missing or stale and TypeScript is not installed (run `npm ci` without --omit=dev, or `npm run build`)\n');
    process.exit(1);
  }
  const r = await new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
    child.on('exit', (code) => resolve({ status: code }));
  });
  clearInterval(dots);
  if (r.status !== 0) process.exit(r.status ?? 1);
  process.stderr.write(`\nquintet: built in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  fs.writeFileSync(stamp, new Date().toISOString());
}

await import(pathToFileURL(path.join(root, 'dist', 'main.js')).href);
