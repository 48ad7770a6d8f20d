// Push port: the log adapter never writes a device token or the body; the memory adapter keeps what was sent.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { createLogger } from '../http/server.js';
import { logPush, memoryPush } from './port.js';

async function logged(run: (log: ReturnType<typeof createLogger>) => Promise<void>): Promise<string[]> {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (c: Buffer) => lines.push(...c.toString('utf8').split('\n').filter(Boolean)));
  await run(createLogger({ level: 'info', stream }));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  return lines;
}

describe('logPush', () => {
  test('logs device count, platforms, title and type; never the token or the body', async () => {
    const token = randomBytes(40).toString('hex');
    const lines = await logged(async (log) => {
      const push = logPush(log);
      assert.equal(push.kind, 'log');
      const r = await push.send(
        [
          { token, platform: 'ios' },
          { token: `${token}2`, platform: 'android' },
        ],
        { title: 'Heart', body: 'Sam sent you a heart (private text)', data: { notificationId: 'n1', type: 'message' } },
      );
      assert.deepEqual(r, { invalidTokens: [] });
      await push.close();
    });
    const line = lines.map((l) => JSON.parse(l) as { push?: Record<string, unknown> }).find((l) => l.push);
    assert.ok(line, lines.join('\n'));
    assert.deepEqual(line.push, { devices: 2, platforms: ['android', 'ios'], title: 'Heart', type: 'message' });
    assert.ok(!lines.join('\n').includes(token), 'the token is not logged');
    assert.ok(!lines.join('\n').includes('private text'), 'the body is not logged');
  });

  test('no devices: nothing to log', async () => {
    const lines = await logged(async (log) => {
      await logPush(log).send([], { title: 't', body: 'b', data: {} });
    });
    assert.equal(lines.filter((l) => l.includes('push')).length, 0);
  });
});

describe('memoryPush', () => {
  test('records copies of what was sent and reports the tokens marked invalid', async () => {
    const push = memoryPush(new Set(['dead']));
    const devices = [
      { token: 'live', platform: 'ios' },
      { token: 'dead', platform: 'android' },
    ];
    const message = { title: 'T', body: 'B', data: { type: 'x' } };
    const r = await push.send(devices, message);
    assert.deepEqual(r.invalidTokens, ['dead']);
    devices[0]!.token = 'changed';
    message.data.type = 'changed';
    assert.deepEqual(push.sent, [
      {
        devices: [
          { token: 'live', platform: 'ios' },
          { token: 'dead', platform: 'android' },
        ],
        message: { title: 'T', body: 'B', data: { type: 'x' } },
      },
    ]);
    await push.send([], message);
    assert.equal(push.sent.length, 1, 'an empty device list sends nothing');
  });
});
