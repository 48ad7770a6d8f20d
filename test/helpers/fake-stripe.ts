// A fake Stripe API for tests (payment intents and checkout sessions), so the Stripe adapter runs end to end.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface FakeStripe {
  port: number;
  intents: Map<string, Record<string, unknown>>;
  sessions: Map<string, Record<string, unknown>>;
  requests: { method: string; url: string; body: URLSearchParams; idempotencyKey: string | undefined }[];
  /** While set, every call answers this status (500: the provider is down). */
  failWith: number | undefined;
  close(): Promise<void>;
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const fake: Omit<FakeStripe, 'port' | 'close'> = { intents: new Map(), sessions: new Map(), requests: [], failWith: undefined };
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const body = new URLSearchParams(data);
      fake.requests.push({ method: req.method ?? '', url: req.url ?? '', body, idempotencyKey: req.headers['idempotency-key'] as string | undefined });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(4).toString('hex')}` });
        res.end(JSON.stringify(json));
      };
      if (fake.failWith) return send(fake.failWith, { error: { type: 'api_error', message: 'Stripe is having a bad day' } });
      const missing = (what: string) => send(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}` } });
      const url = req.url ?? '';
      if (req.method === 'POST' && url === '/v1/payment_intents') {
        const id = `pi_fake_${randomBytes(8).toString('hex')}`;
        const metadata = Object.fromEntries([...body].filter(([k]) => k.startsWith('metadata[')).map(([k, v]) => [k.slice(9, -1), v]));
        const pi = {
          id,
          object: 'payment_intent',
          amount: Number(body.get('amount')),
          amount_received: 0,
          currency: body.get('currency'),
          status: 'requires_payment_method',
          client_secret: `${id}_secret_x`,
          metadata,
          last_payment_error: null,
        };
        fake.intents.set(id, pi);
        return send(200, pi);
      }
      const pi = /^\/v1\/payment_intents\/([^/?]+)$/.exec(url);
      if (req.method === 'GET' && pi) return fake.intents.has(pi[1]!) ? send(200, fake.intents.get(pi[1]!)) : missing('payment_intent');
      const cs = /^\/v1\/checkout\/sessions\/([^/?]+)$/.exec(url);
      if (req.method === 'GET' && cs) return fake.sessions.has(cs[1]!) ? send(200, fake.sessions.get(cs[1]!)) : missing('checkout.session');
      return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url})` } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(fake as FakeStripe, {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  });
}
