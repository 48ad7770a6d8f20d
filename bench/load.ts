// The load generator, run as its own process so it never shares an event loop with what it measures.
// Input: one JSON argument; output: one JSON line with the autocannon summary.
import autocannon from 'autocannon';

interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  tokens: string[];
  body?: unknown;
  connections: number;
  durationS: number;
  warmupS: number;
}

const spec = JSON.parse(process.argv[2]!) as LoadSpec;

function run(durationS: number) {
  let i = 0;
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  return autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: durationS,
    requests: [
      {
        method: spec.method,
        path: spec.path,
        ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}),
        setupRequest: (req) => {
          const token = spec.tokens[i++ % Math.max(1, spec.tokens.length)];
          return {
            ...req,
            headers: {
              ...(req.headers ?? {}),
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...(body ? { 'content-type': 'application/json' } : {}),
            },
          };
        },
      },
    ],
  });
}

if (spec.warmupS > 0) await run(spec.warmupS);
const r = await run(spec.durationS);
process.stdout.write(
  JSON.stringify({
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  }) + '\n',
);
