// Graceful shutdown of a real `serve` process on the embedded database: SIGTERM lets in-flight requests finish,
// exits 0 within 10 s, releases the data-dir lock, and everything acknowledged is there after a restart.
// (Other lifecycle cases live in lifecycle-*.test.ts: node's --test-timeout caps each file at 120 s.)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { usingPostgres, uniqueEmail } from '../helpers/app.js';
import { LOCK_FILE } from '../../src/core/db/lock.js';
import { P, PASSWORD, READY_MS, freePort, http, killAll, login, removeTempDirs, serve, signupOk, tail, tempDir, terminate, waitReady } from './procs.js';

const skip = usingPostgres ? 'embedded-only: drives PGlite data dirs (TEST_DATABASE_URL is set)' : false;

after(async () => {
  await killAll();
  removeTempDirs();
});

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

test('SIGTERM: in-flight requests finish, exit 0 within 10 s; acknowledged data survives a restart', { skip, timeout: 115_000 }, async () => {
  const dataDir = tempDir('life-term');
  const port = await freePort();
  const a = serve('serve#1', dataDir, port);
  const readyMs = await waitReady(a, port, READY_MS);
  const first = await signupOk(port, uniqueEmail('life'));

  // A burst of sign-ups (argon2 + a transaction each, one at a time in PGlite). SIGTERM goes out once the server has
  // logged "incoming request" for every one of them, so they are all in flight when shutdown starts.
  const N = 12;
  const emails = Array.from({ length: N }, () => uniqueEmail('inflight'));
  let answered = 0;
  const burst = emails.map((email) =>
    http(port, 'POST', `${P}/auth/signup`, { email, password: PASSWORD, name: 'Burst' }, {}, 20_000).finally(() => answered++),
  );
  const signupLine = /"url":"\/couple-compass\/api\/v1\/auth\/signup"/g;
  const deadline = Date.now() + 20_000;
  while (count(a.stdout(), signupLine) < N + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  assert.equal(count(a.stdout(), signupLine), N + 1, `server did not receive the burst\n${tail(a)}`);
  const pendingAtSigterm = N - answered;
  const stop = await terminate(a);
  const results = await Promise.allSettled(burst);

  assert.equal(stop.signal, null, tail(a));
  assert.equal(stop.code, 0, `exit code after SIGTERM\n${tail(a)}`);
  assert.ok(stop.ms < 10_000, `shutdown took ${stop.ms} ms`);
  assert.match(a.stdout(), /"msg":"shutting down"/);
  assert.match(a.stdout(), /"msg":"stopped"/);
  assert.doesNotMatch(a.stdout(), /shutdown took too long|error during shutdown/);
  // Every request the server had received when SIGTERM arrived was answered, and answered 200.
  results.forEach((r, i) => {
    assert.equal(r.status, 'fulfilled', `in-flight sign-up ${i} was cut: ${r.status === 'rejected' ? String(r.reason) : ''}\n${tail(a)}`);
    if (r.status === 'fulfilled') assert.equal(r.value.status, 200, `in-flight sign-up ${i}: ${r.value.status} ${r.value.text}`);
  });
  assert.ok(!fs.existsSync(path.join(dataDir, LOCK_FILE)), 'a clean shutdown releases the data-dir lock');

  const b = serve('serve#2', dataDir, port);
  const restartMs = await waitReady(b, port, READY_MS);
  for (const email of [first.email, ...emails]) {
    const r = await login(port, email);
    assert.equal(r.status, 200, `login ${email} after restart: ${r.text}`);
  }
  const stop2 = await terminate(b);
  assert.equal(stop2.code, 0, tail(b));
  console.log(
    `# timings: first start ready ${readyMs} ms; ${pendingAtSigterm}/${N} sign-ups still pending at SIGTERM; ` +
      `shutdown ${stop.ms} ms; restart ready ${restartMs} ms; second shutdown ${stop2.ms} ms`,
  );
});
