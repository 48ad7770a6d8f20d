// The client IP behind TRUST_PROXY (a hop count): every per-IP limit and socket cap keys on req.ip, so a header the
// client writes itself must not move it unless a trusted proxy put it there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, createServer } from './server.js';

async function ipSeen(trustProxy: number, remoteAddress: string, headers: Record<string, string>): Promise<string> {
  const app = createServer({ log: createLogger({ level: 'silent' }), trustProxy, bodyLimit: 1024 });
  app.get('/ip', async (req) => ({ ip: req.ip }));
  await app.ready();
  try {
    const r = await app.inject({ method: 'GET', url: '/ip', remoteAddress, headers });
    assert.equal(r.statusCode, 200, r.body);
    return (r.json() as { ip: string }).ip;
  } finally {
    await app.close();
  }
}

const FORGED = { 'x-forwarded-for': '198.51.100.1', 'x-real-ip': '198.51.100.2', forwarded: 'for=198.51.100.3' };

test('TRUST_PROXY=0: X-Forwarded-For, X-Real-IP and Forwarded change nothing; the peer address is the client', async () => {
  assert.equal(await ipSeen(0, '10.0.0.7', FORGED), '10.0.0.7');
  assert.equal(await ipSeen(0, '10.0.0.7', { 'x-forwarded-for': '198.51.100.1, 203.0.113.5' }), '10.0.0.7');
});

test('TRUST_PROXY=1: the right-most X-Forwarded-For entry (the one our proxy added), never what the client wrote before it', async () => {
  assert.equal(await ipSeen(1, '10.0.0.7', { 'x-forwarded-for': '198.51.100.1, 203.0.113.5' }), '203.0.113.5');
  assert.equal(await ipSeen(1, '10.0.0.7', { 'x-forwarded-for': '203.0.113.5' }), '203.0.113.5');
  // No header: the proxy's own address (nothing to trust).
  assert.equal(await ipSeen(1, '10.0.0.7', {}), '10.0.0.7');
  // X-Real-IP is not read at all.
  assert.equal(await ipSeen(1, '10.0.0.7', { 'x-real-ip': '198.51.100.2' }), '10.0.0.7');
});

test('TRUST_PROXY=2: two hops back, and no further however long the header is', async () => {
  assert.equal(await ipSeen(2, '10.0.0.7', { 'x-forwarded-for': '192.0.2.9, 198.51.100.1, 203.0.113.5' }), '198.51.100.1');
});
