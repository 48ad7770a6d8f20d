// `npm start` (build if stale, then the compiled server): SIGTERM sent to npm alone — as a process manager does —
// must reach the server, which shuts down gracefully; npm exits 0 and nothing is left running.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { usingPostgres, uniqueEmail } from '../helpers/app.js';
import { LOCK_FILE } from '../../src/core/db/lock.js';
import { childEnv, freePort, groupMembers, killAll, portOpen, removeTempDirs, seededDataDir, signupOk, spawnProc, tail, waitReady } from './procs.js';

const skip = usingPostgres ? 'embedded-only: drives PGlite data dirs (TEST_DATABASE_URL is set)' : false;

after(async () => {
  await killAll();
  removeTempDirs();
});

test('npm start: serves, and SIGTERM to npm stops the server cleanly (npm exits 0, no orphan)', { skip, timeout: 300_000 }, async () => {
  const dataDir = seededDataDir('life-npm');
  const port = await freePort();
  // Its own process group, so cleanup can kill npm, any shell and the server together whatever happens.
  const npm = spawnProc('npm start', 'npm', ['start'], {
    env: childEnv({ DATA_DIR: dataDir, PORT: String(port), PRODUCTS: 'couple-compass' }),
    detached: true,
  });
  // The first `npm start` of a clone compiles TypeScript (five products): minutes on a loaded 2-core box.
  const readyMs = await waitReady(npm, port, 280_000);
  await signupOk(port, uniqueEmail('npm'));
  const members = groupMembers(npm.pid);
  assert.ok(
    members.some((m) => m.cmd.includes('scripts/start.mjs')),
    `server process not found in npm's process group: ${JSON.stringify(members)}`,
  );

  const t0 = Date.now();
  npm.child.kill('SIGTERM'); // npm only, not its process group
  const exit = await npm.waitExit(15_000);
  const stopMs = Date.now() - t0;
  const deadline = Date.now() + 3000;
  while (groupMembers(npm.pid).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const orphans = groupMembers(npm.pid);
  assert.deepEqual(orphans, [], `processes left running after npm exited: ${JSON.stringify(orphans)}\n${tail(npm)}`);
  assert.equal(await portOpen(port), false, 'the server still listens after npm exited');
  assert.equal(exit.signal, null, `npm died of ${exit.signal} instead of waiting for the server\n${tail(npm)}`);
  assert.equal(exit.code, 0, `npm exit code\n${tail(npm)}`);
  assert.match(npm.stdout(), /"msg":"stopped"/, `the server shut down gracefully\n${tail(npm)}`);
  assert.ok(!fs.existsSync(path.join(dataDir, LOCK_FILE)), 'lock released');
  console.log(`# timings: npm start ready in ${readyMs} ms (includes a tsc build when dist/ is stale); stop ${stopMs} ms`);
});
