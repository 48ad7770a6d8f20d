// The Project Inside WebSocket load generator, run as its own process (like load.ts): K coaching sockets, each
// sending client.feature_frame at a fixed rate, with over-threshold frames now and then.
// Input: one JSON document on stdin (a thousand tokens don't fit in an argument); output: one JSON line with the measurements.
//
// Latency is only measured where the answer is certain: a "probe" is the first over-threshold frame sent at least
// `windowMs + probeDelayMs` after the socket's previous nudge arrived (or its first one), so the server's window
// (which started before that nudge arrived) has certainly reopened; it must be nudged, and no other
// over-threshold frame is sent in the 2 s before it, so the nudge that follows is its own. In between, an
// over-threshold frame goes out every `overEvery` frames: those must NOT be nudged (the 1-per-window limit).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';

interface WsSpec {
  url: string;
  sockets: { sid: string; token: string }[];
  ratePerS: number;
  overEvery: number;
  durationS: number;
  windowMs: number;
  /** Handshakes in flight at once while opening. */
  openConcurrency: number;
}

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const spec = JSON.parse(input) as WsSpec;
const periodMs = 1000 / spec.ratePerS;
const PROBE_DELAY_MS = 250;
const QUIET_BEFORE_PROBE_MS = 2000;

interface Conn {
  ws: WebSocket;
  sid: string;
  sent: number;
  frameNo: number;
  lastNudgeAt: number | undefined;
  probeSentAt: number | undefined;
  nudgeTimes: number[];
  closedEarly: boolean;
  timer?: NodeJS.Timeout;
}

const stats = {
  connectFailures: [] as string[],
  errors: 0,
  errorCodes: {} as Record<string, number>,
  nudges: 0,
  probes: 0,
  probesNudged: 0,
  unexpectedNudges: 0,
  latencies: [] as number[],
};
let running = false;

function open(s: { sid: string; token: string }): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${spec.url}/project-inside/v1/sessions/${s.sid}/ws?token=${encodeURIComponent(s.token)}`);
    const c: Conn = { ws, sid: s.sid, sent: 0, frameNo: 0, lastNudgeAt: undefined, probeSentAt: undefined, nudgeTimes: [], closedEarly: false };
    ws.once('unexpected-response', (_q, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
    ws.once('error', (e) => reject(e));
    ws.on('message', (data) => {
      const now = performance.now();
      let m: { type?: string; payload?: { code?: string } };
      try {
        m = JSON.parse(String(data)) as typeof m;
      } catch {
        return;
      }
      if (m.type === 'server.nudge') {
        stats.nudges++;
        c.nudgeTimes.push(now);
        c.lastNudgeAt = now;
        if (c.probeSentAt !== undefined) {
          stats.probesNudged++;
          stats.latencies.push(now - c.probeSentAt);
          c.probeSentAt = undefined;
        } else stats.unexpectedNudges++;
      } else if (m.type === 'server.error') {
        stats.errors++;
        const code = m.payload?.code ?? 'unknown';
        stats.errorCodes[code] = (stats.errorCodes[code] ?? 0) + 1;
      }
    });
    ws.once('close', () => {
      if (running) c.closedEarly = true;
    });
    ws.once('open', () => resolve(c));
  });
}

function tick(c: Conn, start: number) {
  if (c.ws.readyState !== WebSocket.OPEN) return;
  const now = performance.now();
  c.frameNo++;
  // The window is open again for certain once windowMs (+ margin) passed since the last nudge arrived.
  const reopenAt = c.lastNudgeAt === undefined ? start : c.lastNudgeAt + spec.windowMs + PROBE_DELAY_MS;
  let over = false;
  if (c.probeSentAt === undefined && now >= reopenAt) {
    over = true;
    c.probeSentAt = now;
    stats.probes++;
  } else if (c.probeSentAt === undefined && c.frameNo % spec.overEvery === 0 && now < reopenAt - QUIET_BEFORE_PROBE_MS) {
    over = true; // inside the window: must not be nudged
  }
  const payload = { timestamp_ms: Date.now(), speaking_rate: over ? 4.2 : 1.5 + Math.random(), overlap_ratio: over ? 0.1 : Math.random() * 0.2 };
  c.ws.send(JSON.stringify({ type: 'client.feature_frame', sid: c.sid, payload }));
  c.sent++;
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
};

const conns: Conn[] = [];
const t0 = performance.now();
for (let i = 0; i < spec.sockets.length; i += spec.openConcurrency) {
  const batch = await Promise.allSettled(spec.sockets.slice(i, i + spec.openConcurrency).map(open));
  for (const r of batch) {
    if (r.status === 'fulfilled') conns.push(r.value);
    else stats.connectFailures.push((r.reason as Error).message);
  }
}
const openMs = performance.now() - t0;

running = true;
// The generator's own event-loop delay is part of every latency it measures: reported so a slow client shows.
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const start = performance.now();
for (const c of conns) {
  // Spread the sockets over the period so frames arrive evenly, not in one burst every 200 ms.
  setTimeout(() => {
    tick(c, start);
    c.timer = setInterval(() => tick(c, start), periodMs);
  }, Math.random() * periodMs);
}
await new Promise((r) => setTimeout(r, spec.durationS * 1000));
for (const c of conns) clearInterval(c.timer);
loop.disable();
const elapsedS = (performance.now() - start) / 1000;
// Trailing nudges of the last probes.
await new Promise((r) => setTimeout(r, 1000));
running = false;
// Probes sent in the last second may still be in flight; those are not counted as missed.
const pendingAtEnd = conns.filter((c) => c.probeSentAt !== undefined && performance.now() - c.probeSentAt < 1500).length;

// Client-side view of the limit: two nudges on one socket closer than the window (less arrival jitter) break it.
let limitViolations = 0;
let maxPerWindow = 0;
for (const c of conns) {
  for (let i = 0; i < c.nudgeTimes.length; i++) {
    let n = 0;
    for (let j = i; j < c.nudgeTimes.length && c.nudgeTimes[j]! - c.nudgeTimes[i]! < spec.windowMs - 500; j++) n++;
    maxPerWindow = Math.max(maxPerWindow, n);
    if (n > 1) limitViolations++;
  }
}
const sent = conns.reduce((a, c) => a + c.sent, 0);
const closedEarly = conns.filter((c) => c.closedEarly || c.ws.readyState !== WebSocket.OPEN).length;

await Promise.all(
  conns.map(
    (c) =>
      new Promise<void>((resolve) => {
        if (c.ws.readyState === WebSocket.CLOSED) return resolve();
        c.ws.once('close', () => resolve());
        c.ws.close(1000, 'bench done');
        setTimeout(() => (c.ws.terminate(), resolve()), 3000).unref();
      }),
  ),
);

process.stdout.write(
  JSON.stringify({
    sockets: spec.sockets.length,
    opened: conns.length,
    openMs: Math.round(openMs),
    connectFailures: stats.connectFailures.length,
    connectFailureSample: stats.connectFailures.slice(0, 3),
    closedEarly,
    framesSent: sent,
    framesPerS: Math.round(sent / elapsedS),
    errors: stats.errors,
    errorCodes: stats.errorCodes,
    nudges: stats.nudges,
    probes: stats.probes,
    probesNudged: stats.probesNudged,
    probesMissed: stats.probes - stats.probesNudged - pendingAtEnd,
    unexpectedNudges: stats.unexpectedNudges,
    nudgeP50: pct(stats.latencies, 50),
    nudgeP99: pct(stats.latencies, 99),
    nudgeMax: pct(stats.latencies, 100),
    loadLoopDelayP99: Math.round(loop.percentile(99) / 1e5) / 10,
    maxNudgesPerWindow: maxPerWindow,
    limitViolations,
  }) + '\n',
);
process.exit(0);
