// The socket registry: caps per user and per address, and sockets closed (1008) when their session ends —
// by the revocation signal at once, or by the periodic re-check when the signal was lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { createBus } from './bus.js';
import { SocketRegistry } from './sockets.js';

class FakeSocket extends EventEmitter {
  closed: { code: number; reason: string } | undefined;
  close(code: number, reason: string) {
    if (this.closed) return;
    this.closed = { code, reason };
    this.emit('close', code, reason);
  }
  terminate() {
    this.close(1006, '');
  }
}
const sock = () => new FakeSocket() as unknown as WebSocket & FakeSocket;
const owner = (userId: string, sessionId: string, ip = '10.0.0.1') => ({ product: 'p', userId, sessionId, ip });

test('caps: the user past SOCKETS_PER_USER_MAX and the address past SOCKETS_PER_IP_MAX are refused with 1008', () => {
  const reg = new SocketRegistry(createBus(), { perUserMax: 2, perIpMax: 3, endedSessions: async () => [] });
  const a = [sock(), sock(), sock()];
  assert.equal(reg.admit(a[0]!, owner('u1', 's1')), true);
  assert.equal(reg.admit(a[1]!, owner('u1', 's1')), true);
  assert.equal(reg.admit(a[2]!, owner('u1', 's2')), false);
  assert.deepEqual(a[2]!.closed, { code: 1008, reason: 'too many connections' });
  assert.equal(reg.admit(sock(), owner('u2', 's3')), true);
  const fourth = sock();
  assert.equal(reg.admit(fourth, owner('u3', 's4')), false, 'address cap');
  assert.equal(reg.admit(sock(), owner('u3', 's4', '10.0.0.2')), true, 'another address');
  // A closed socket frees its place.
  a[0]!.close(1000, 'bye');
  assert.equal(reg.admit(sock(), owner('u1', 's1')), true);
  reg.close();
});

test("a revocation signal on the bus closes that session's sockets at once, and only those", () => {
  const bus = createBus();
  const reg = new SocketRegistry(bus, { perUserMax: 10, perIpMax: 10, endedSessions: async () => [] });
  const [x, y, z] = [sock(), sock(), sock()];
  reg.admit(x, owner('u1', 's1'));
  reg.admit(y, owner('u1', 's1'));
  reg.admit(z, owner('u1', 's2'));
  bus.publish('identity:session-revoked', ['s1']);
  assert.deepEqual(x.closed, { code: 1008, reason: 'session ended' });
  assert.deepEqual(y.closed, { code: 1008, reason: 'session ended' });
  assert.equal(z.closed, undefined);
  assert.equal(reg.size, 1);
  reg.close();
});

test('without the signal, the periodic re-check closes sockets of ended sessions', async () => {
  const ended = new Set<string>();
  const asked: string[][] = [];
  const reg = new SocketRegistry(createBus(), {
    perUserMax: 10,
    perIpMax: 10,
    recheckMs: 50,
    endedSessions: async (ids) => {
      asked.push(ids);
      return ids.filter((id) => ended.has(id));
    },
  });
  const [x, y] = [sock(), sock()];
  reg.admit(x, owner('u1', 's1'));
  reg.admit(y, owner('u2', 's2'));
  await new Promise((r) => setTimeout(r, 120));
  assert.equal(x.closed, undefined);
  ended.add('s2');
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(y.closed, { code: 1008, reason: 'session ended' });
  assert.equal(x.closed, undefined);
  assert.ok(asked.every((ids) => ids.length > 0));
  x.close(1000, '');
  const n = asked.length;
  await new Promise((r) => setTimeout(r, 120));
  assert.equal(asked.length, n, 'no re-checks while no socket is open');
  reg.close();
});
