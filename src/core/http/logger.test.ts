// The process logger keeps secrets out of log lines: at the top level and one level down, in errors, in logged
// requests (child loggers too) and in logged URLs; what is not a secret passes unchanged. On stdout, lines are batched per
// event-loop turn and still written on exit and on a crash.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger, redactUrl } from './server.js';

function capture(level = 'info') {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (c: Buffer) =>
    lines.push(
      ...c
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    ),
  );
  const log = createLogger({ level, stream });
  const flush = () => new Promise((r) => setImmediate(r));
  return { log, lines, flush };
}

test('secret keys at the top level and one level down are censored, case-insensitively; other values are kept', async () => {
  const { log, lines, flush } = capture();
  const body = { email: 'kim@example.test', password: 'hunter2-secret', New_Password: 'n3w-secret', nested: { token: 'deep-ok' } };
  log.info(
    {
      body,
      headers: { Authorization: 'Bearer abc.def.ghi', cookie: 'sid=s3cr3t', accept: 'application/json' },
      token: 'top-secret',
      count: 3,
      tags: ['a'],
      bytes: new Uint8Array(2),
    },
    'hello',
  );
  await flush();
  assert.equal(lines.length, 1);
  const l = lines[0]!;
  assert.deepEqual(l.body, { email: 'kim@example.test', password: '[redacted]', New_Password: '[redacted]', nested: { token: 'deep-ok' } });
  assert.deepEqual(l.headers, { Authorization: '[redacted]', cookie: '[redacted]', accept: 'application/json' });
  assert.equal(l.token, '[redacted]');
  assert.equal(l.count, 3);
  assert.deepEqual(l.tags, ['a']);
  assert.deepEqual(l.bytes, { 0: 0, 1: 0 });
  assert.equal(l.msg, 'hello');
  // The caller's objects are not modified.
  assert.equal(body.password, 'hunter2-secret');
});

test('an error with secret properties is logged with its message and stack, the secrets censored', async () => {
  const { log, lines, flush } = capture();
  const err = Object.assign(new Error('login failed'), { password: 'pw-in-error', code: 'E_LOGIN' });
  log.error({ err }, 'boom');
  await flush();
  const e = lines[0]!.err as Record<string, unknown>;
  assert.equal(e.message, 'login failed');
  assert.equal(e.code, 'E_LOGIN');
  assert.equal(e.password, '[redacted]');
  assert.match(String(e.stack), /login failed/);
});

test('request objects go through their serializers (no headers, secret query values redacted), in a child logger too', async () => {
  const { log, lines, flush } = capture();
  const child = log.child({ reqId: 'r-1' });
  child.info(
    {
      req: { method: 'POST', url: '/auth/refresh?refresh_token=abc123&x=1', headers: { authorization: 'Bearer leaked', 'user-agent': 'ua/1' } },
      res: { statusCode: 200, headers: { 'set-cookie': 'a=b' } },
    },
    'done',
  );
  await flush();
  const text = JSON.stringify(lines);
  for (const leak of ['Bearer leaked', 'abc123', 'a=b']) assert.ok(!text.includes(leak), `${leak} leaked`);
  const l = lines[0]!;
  assert.equal(l.reqId, 'r-1');
  assert.deepEqual(l.req, { method: 'POST', url: '/auth/refresh?refresh_token=[redacted]&x=1', ua: 'ua/1' });
  assert.deepEqual(l.res, { statusCode: 200 });
});

test('redactUrl compares decoded names and leaves other parameters and malformed escapes alone', () => {
  assert.equal(redactUrl('/a?refresh%5Ftoken=x&b=2'), '/a?refresh%5Ftoken=[redacted]&b=2');
  assert.equal(redactUrl('/a?PASSWORD=x'), '/a?PASSWORD=[redacted]');
  assert.equal(redactUrl('/a?%E0%A4%A=1&code=9'), '/a?%E0%A4%A=1&code=[redacted]');
  assert.equal(redactUrl('/a'), '/a');
});

describe('on stdout: one write per event-loop turn', () => {
  const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/process/fixtures/log-stdout.ts');
  function run(mode: string) {
    return new Promise<{ code: number | null; lines: { at: number; line: Record<string, unknown> }[]; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, MODE: mode }, stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: { at: number; line: Record<string, unknown> }[] = [];
      let buf = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        const parts = buf.split('\n');
        buf = parts.pop()!;
        for (const p of parts) lines.push({ at: Date.now(), line: JSON.parse(p) as Record<string, unknown> });
      });
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('close', (code) => resolve({ code, lines, stderr }));
    });
  }

  test('a burst is written in order, whole lines, before the next turn; a later line follows on its own', async () => {
    const { code, lines } = await run('burst');
    assert.equal(code, 0);
    assert.equal(lines.length, 201);
    assert.deepEqual(
      lines.slice(0, 200).map((l) => l.line.i),
      [...Array(200).keys()],
    );
    assert.equal(lines[200]!.line.msg, 'late');
    // The burst reached the reader while the process was still waiting for its timer (not only at exit).
    assert.ok(lines[200]!.at - lines[199]!.at >= 250, `burst at ${lines[199]!.at}, late at ${lines[200]!.at}`);
  });

  test('process.exit in the same turn still writes the pending lines', async () => {
    const { code, lines } = await run('exit');
    assert.equal(code, 3);
    assert.deepEqual(
      lines.map((l) => l.line.i),
      [0, 1, 2],
    );
  });

  test('an uncaught exception in the same turn still writes the pending lines', async () => {
    const { code, lines, stderr } = await run('throw');
    assert.equal(code, 1);
    assert.match(stderr, /fixture crash/);
    assert.deepEqual(
      lines.map((l) => l.line.i),
      [0, 1, 2],
    );
  });
});

test("a failed query's parameters (hashes, private text) never reach the log; the SQL does", async () => {
  const { DrizzleQueryError } = await import('drizzle-orm/errors');
  const { log, lines, flush } = capture();
  const cause = new DrizzleQueryError(
    'insert into "identity"."users" ("email", "password_hash") values ($1, $2)',
    ['kim@example.test', '$argon2id$v=19$secret-hash'],
    new Error('duplicate key'),
  );
  const outer = Object.assign(new Error('wrapped'), { cause });
  log.error({ err: cause }, 'unhandled error');
  log.error({ err: outer }, 'unhandled error');
  await flush();
  const text = JSON.stringify(lines);
  assert.ok(!text.includes('secret-hash'), text);
  assert.ok(!text.includes('kim@example.test'), text);
  assert.ok(text.includes('insert into'), 'the statement itself is kept');
});
