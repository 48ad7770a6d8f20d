// Mail port: real SMTP delivery (against an in-test SMTP server), fail-fast on a dead server, console and memory outboxes.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { consoleMailer, memoryMailer, type Mailer } from './port.js';
import { smtpMailer } from './smtp.js';
import { createLogger } from '../http/server.js';

interface Received {
  mailFrom: string;
  rcptTo: string[];
  raw: string;
}

/** Decodes a message body by its Content-Transfer-Encoding into the bytes' UTF-8 text. */
function decodeBody(body: string, encoding: string): string {
  const enc = encoding.trim().toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const joined = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < joined.length; i++) {
      const hex = joined.slice(i + 1, i + 3);
      if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(joined[i]!, 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** Splits a single-part RFC 5322 message into unfolded, lower-cased headers and a decoded text body. */
function parseMessage(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  assert.ok(split > 0, 'message has a header block');
  const headers = new Map<string, string>();
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4).replace(/\r\n$/, '');
  return { headers, text: decodeBody(body, headers.get('content-transfer-encoding') ?? '7bit').replace(/\r\n/g, '\n') };
}

describe('smtpMailer against a real SMTP server', () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let port: number;
  let mailer: Mailer;
  const FROM = 'Quintet <no-reply@quintet.test>';

  before(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    port = (server.server.address() as net.AddressInfo).port;
    mailer = smtpMailer(`smtp://127.0.0.1:${port}`, FROM);
  });

  after(async () => {
    await mailer.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('kind is smtp', () => {
    assert.equal(mailer.kind, 'smtp');
  });

  test('delivers from/to/subject and the plain-text body intact, including a long token', async () => {
    const token = randomBytes(96).toString('base64url'); // 128 chars, longer than an SMTP line should be
    const link = `https://app.quintet.test/couple-compass/verify?token=${token}&next=%2Fhome`;
    const text = [
      'Hello Sam,',
      '',
      'Confirm your address with this link:',
      link,
      '',
      `Or paste this code: ${token}`,
      'Grüße — see you soon.',
      '. a line starting with a dot',
    ].join('\n');
    const before = received.length;
    await mailer.send({ to: 'sam@example.test', subject: 'Confirm your e-mail', text });
    assert.equal(received.length, before + 1);
    const got = received.at(-1)!;
    assert.equal(got.mailFrom, 'no-reply@quintet.test');
    assert.deepEqual(got.rcptTo, ['sam@example.test']);
    const { headers, text: body } = parseMessage(got.raw);
    assert.equal(headers.get('from'), FROM);
    assert.equal(headers.get('to'), 'sam@example.test');
    assert.equal(headers.get('subject'), 'Confirm your e-mail');
    assert.match(headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(body, text);
    assert.ok(body.includes(link), 'the whole link survives line wrapping');
    assert.ok(body.includes(token));
  });

  test('several messages in a row each arrive with their own recipient and subject', async () => {
    const before = received.length;
    for (const n of [1, 2, 3]) {
      await mailer.send({ to: `user${n}@example.test`, subject: `Message ${n}`, text: `body ${n}` });
    }
    const got = received.slice(before);
    assert.deepEqual(
      got.map((m) => m.rcptTo),
      [['user1@example.test'], ['user2@example.test'], ['user3@example.test']],
    );
    assert.deepEqual(
      got.map((m) => parseMessage(m.raw).headers.get('subject')),
      ['Message 1', 'Message 2', 'Message 3'],
    );
    assert.deepEqual(
      got.map((m) => parseMessage(m.raw).text),
      ['body 1', 'body 2', 'body 3'],
    );
  });

  test('an html alternative is sent alongside the text body', async () => {
    const before = received.length;
    await mailer.send({ to: 'html@example.test', subject: 'Both', text: 'plain version TOKEN-123', html: '<p>html version <b>TOKEN-123</b></p>' });
    const raw = received[before]!.raw;
    assert.match(raw, /multipart\/alternative/);
    assert.match(raw, /text\/plain/);
    assert.match(raw, /text\/html/);
    assert.ok(raw.includes('plain version TOKEN-123'));
  });
});

/** Rejects with a clear message if `p` has not settled within `ms`. */
async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('smtpMailer with a dead server', () => {
  test('a refused port makes send reject quickly', async () => {
    // Take a free port, then release it so nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const mailer = smtpMailer(`smtp://127.0.0.1:${port}`, 'no-reply@quintet.test');
    try {
      await assert.rejects(within(5000, mailer.send({ to: 'a@example.test', subject: 's', text: 't' })), (e: Error & { code?: string }) => {
        assert.doesNotMatch(e.message, /did not settle/);
        assert.equal(e.code, 'ESOCKET');
        assert.match(e.message, /ECONNREFUSED/);
        return true;
      });
    } finally {
      await mailer.close();
    }
  });

  test('a server that accepts but never greets makes send reject within a few seconds, not hang', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as net.AddressInfo).port;
    const mailer = smtpMailer(`smtp://127.0.0.1:${port}`, 'no-reply@quintet.test');
    try {
      // The port promises to give up after its 5 s greeting timeout (nodemailer's default would be 30 s).
      await assert.rejects(within(8000, mailer.send({ to: 'a@example.test', subject: 's', text: 't' })), (e: Error & { code?: string }) => {
        assert.doesNotMatch(e.message, /did not settle/);
        assert.equal(e.code, 'ETIMEDOUT');
        return true;
      });
    } finally {
      await mailer.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('consoleMailer', () => {
  test('logs the full body, recipient, subject and sender at info level', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (c: Buffer) => lines.push(...c.toString('utf8').split('\n').filter(Boolean)));
    const log = createLogger({ level: 'info', stream });
    const mailer = consoleMailer(log, 'no-reply@quintet.test');
    assert.equal(mailer.kind, 'console');
    const token = randomBytes(48).toString('hex');
    const text = `Reset your password:\nhttps://app.quintet.test/reset?token=${token}\n`;
    await mailer.send({ to: 'kim@example.test', subject: 'Password reset', text });
    await mailer.close();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lines.length, 1, lines.join('\n'));
    const entry = JSON.parse(lines[0]!) as { level: number; msg: string; mail: { from: string; to: string; subject: string; body: string } };
    assert.equal(entry.level, 30);
    assert.equal(entry.msg, 'mail to kim@example.test: Password reset');
    assert.deepEqual(entry.mail, { from: 'no-reply@quintet.test', to: 'kim@example.test', subject: 'Password reset', body: text });
    assert.ok(entry.mail.body.includes(token), 'the token is not redacted from the body');
  });

  test('production (MAIL_CONSOLE=true): recipient and subject only, never the body or its token', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (c: Buffer) => lines.push(...c.toString('utf8').split('\n').filter(Boolean)));
    const mailer = consoleMailer(createLogger({ level: 'info', stream }), 'no-reply@quintet.test', { bodies: false });
    const token = randomBytes(32).toString('hex');
    await mailer.send({ to: 'kim@example.test', subject: 'Password reset', text: `https://app.quintet.test/reset?token=${token}` });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]!.includes(token), lines[0]);
    assert.deepEqual((JSON.parse(lines[0]!) as { mail: unknown }).mail, { from: 'no-reply@quintet.test', to: 'kim@example.test', subject: 'Password reset' });
  });

  test('logs nothing when the level is above info', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const mailer = consoleMailer(createLogger({ level: 'warn', stream }), 'no-reply@quintet.test');
    await mailer.send({ to: 'kim@example.test', subject: 'x', text: 'y' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(Buffer.concat(chunks).length, 0);
  });
});

describe('memoryMailer', () => {
  test('collects messages in order, unchanged', async () => {
    const mailer = memoryMailer();
    assert.equal(mailer.kind, 'memory');
    assert.deepEqual(mailer.outbox, []);
    const a = { to: 'a@example.test', subject: 'A', text: 'first' };
    const b = { to: 'b@example.test', subject: 'B', text: 'second', html: '<p>second</p>' };
    await mailer.send(a);
    await mailer.send(b);
    assert.deepEqual(mailer.outbox, [a, b]);
    await mailer.close();
    assert.equal(mailer.outbox.length, 2);
  });

  test('each memory mailer has its own outbox', async () => {
    const one = memoryMailer();
    const two = memoryMailer();
    await one.send({ to: 'x@example.test', subject: 's', text: 't' });
    assert.equal(one.outbox.length, 1);
    assert.equal(two.outbox.length, 0);
  });
});
