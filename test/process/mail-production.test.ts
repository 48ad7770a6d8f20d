// Mail in production, on the real entry point: without SMTP_URL the server refuses to start unless MAIL_CONSOLE=true
// says so; then mail is logged by recipient and subject only, and no token (mailed, access or refresh) reaches a log.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { usingPostgres, uniqueEmail } from '../helpers/app.js';
import {
  P,
  PASSWORD,
  READY_MS,
  freePort,
  http,
  killAll,
  portOpen,
  removeTempDirs,
  seededDataDir,
  serve,
  signupOk,
  tail,
  terminate,
  waitReady,
} from './procs.js';

after(async () => {
  await killAll();
  removeTempDirs();
});

const production = (extra: Record<string, string> = {}) => ({
  NODE_ENV: 'production',
  JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
  ...(usingPostgres ? { DATABASE_URL: process.env.TEST_DATABASE_URL! } : {}),
  ...extra,
});

test('production without SMTP_URL or MAIL_CONSOLE: exit 2 with the reason, nothing listens', { timeout: 60_000 }, async () => {
  const port = await freePort();
  const s = serve('no-smtp', seededDataDir('mail-prod-refuse'), port, production());
  const exit = await s.waitExit(45_000);
  assert.equal(exit.code, 2, tail(s));
  assert.match(s.stderr(), /SMTP_URL must be set when NODE_ENV=production/);
  assert.match(s.stderr(), /MAIL_CONSOLE=true/);
  assert.equal(await portOpen(port), false);
});

test('production with MAIL_CONSOLE=true: starts; a reset mail is logged without its body; no token in any log line', { timeout: 110_000 }, async () => {
  const port = await freePort();
  const s = serve('mail-console', seededDataDir('mail-prod-console'), port, production({ MAIL_CONSOLE: 'true', LOG_LEVEL: 'debug' }));
  await waitReady(s, port, READY_MS);

  const email = uniqueEmail('prodmail');
  const { token: access } = await signupOk(port, email);
  const login = await http(port, 'POST', `${P}/auth/login`, { email, password: PASSWORD });
  assert.equal(login.status, 200, login.text);
  const refresh = (login.body as { refresh_token: string }).refresh_token;
  // The seed's form: the refresh token in the query string, which the request log must not keep.
  const rotated = await http(port, 'POST', `${P}/auth/refresh?refresh_token=${encodeURIComponent(refresh)}`);
  assert.equal(rotated.status, 200, rotated.text);
  const reset = await http(port, 'POST', `${P}/auth/password-reset/request`, { email });
  assert.equal(reset.status, 202, reset.text);

  await s.waitFor(/Reset your [^"]* password/, 20_000);
  assert.equal((await terminate(s)).code, 0, tail(s));

  const logs = s.stdout() + s.stderr();
  const mailLines = logs.split('\n').filter((l) => l.includes('"mail"'));
  assert.equal(mailLines.length, 1, mailLines.join('\n'));
  assert.doesNotMatch(mailLines[0]!, /"body"|code in the app|token=/);
  const newTokens = rotated.body as { access_token: string; refresh_token: string };
  for (const [what, secret] of [
    ['access token', access],
    ['refresh token', refresh],
    ['rotated access token', newTokens.access_token],
    ['rotated refresh token', newTokens.refresh_token],
    ['password', PASSWORD],
  ] as const) {
    assert.equal(logs.includes(secret), false, `${what} in the logs`);
  }
  assert.doesNotMatch(logs, /reset-password\?token=|code in the app/);
});
