// The operators' GDPR commands: `privacy export` prints what a product holds about an account, `privacy erase`
// deletes it (the e-mail can sign up again); unknown products and e-mails are clear errors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { usingPostgres, uniqueEmail } from '../helpers/app.js';
import {
  READY_MS,
  childEnv,
  freePort,
  killAll,
  login,
  removeTempDirs,
  seededDataDir,
  serve,
  signupOk,
  spawnProc,
  tail,
  terminate,
  waitReady,
} from './procs.js';

// On PostgreSQL the server and the CLI share TEST_DATABASE_URL; embedded, they share one PGlite data dir.
const database: Record<string, string> = usingPostgres ? { DATABASE_URL: process.env.TEST_DATABASE_URL! } : {};

after(async () => {
  await killAll();
  removeTempDirs();
});

const cli = (name: string, args: string[], dataDir: string) =>
  spawnProc(name, process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { env: childEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...database }) });

test('privacy export | erase --product --email', { timeout: 240_000 }, async () => {
  const dataDir = seededDataDir('privacy-cli');
  const port = await freePort();
  const s = serve('serve', dataDir, port, database);
  await waitReady(s, port, READY_MS);
  const email = uniqueEmail('gdpr');
  await signupOk(port, email);
  assert.equal((await terminate(s)).code, 0, tail(s));

  const exp = cli('export', ['privacy', 'export', '--product', 'couple-compass', '--email', email], dataDir);
  assert.equal((await exp.waitExit(120_000)).code, 0, tail(exp));
  const data = JSON.parse(exp.stdout()) as { account: { email: string } };
  assert.equal(data.account.email, email);

  const unknown = cli('unknown', ['privacy', 'export', '--product', 'couple-compass', '--email', uniqueEmail()], dataDir);
  assert.equal((await unknown.waitExit(120_000)).code, 2, tail(unknown));
  assert.match(unknown.stderr(), /no couple-compass account/);
  const bad = cli('bad', ['privacy', 'export', '--product', 'nope', '--email', email], dataDir);
  assert.equal((await bad.waitExit(60_000)).code, 2, tail(bad));
  assert.match(bad.stderr(), /unknown product "nope"/);

  const erase = cli('erase', ['privacy', 'erase', '--product', 'couple-compass', '--email', email], dataDir);
  assert.equal((await erase.waitExit(120_000)).code, 0, tail(erase));

  const s2 = serve('serve-2', dataDir, port, database);
  await waitReady(s2, port, READY_MS);
  assert.equal((await login(port, email)).status, 401, 'the account is gone');
  await signupOk(port, email); // the e-mail is free again
  assert.equal((await terminate(s2)).code, 0, tail(s2));
});
