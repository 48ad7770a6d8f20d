// The Fastify instance every process and every test uses: limits, logging, request ids, timing, validation.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';
import helmet from 'helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createRequire } from 'node:module';
import { validatorCompiler } from './validation.js';
import { invalidField } from './errors.js';

// Loaded only for a terminal in development.
const requireCjs = createRequire(import.meta.url);

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const SECRET_PARAMS = new Set(['token', 'refresh_token', 'access_token', 'code', 'key', 'signature', 'password']);

/** Replaces the values of secret query parameters; names are compared decoded, as the query parser sees them. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      const rawName = part.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        /* malformed escape: compare the raw name */
      }
      return SECRET_PARAMS.has(name.toLowerCase()) ? `${rawName}=[redacted]` : part;
    });
  return `${url.slice(0, q + 1)}${params.join('&')}`;
}

/**
 * Keys whose values never reach the log, at the top level of a log call's object or one level below it
 * (`{ body: { password } }`, `{ headers: { authorization } }`), compared case-insensitively.
 */
export const SECRET_KEYS = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'new_password',
  'token',
  'access_token',
  'refresh_token',
  'secret',
]);
const CENSOR = '[redacted]';

/** A copy of `o` with secret keys censored, or `o` itself when it has none (the usual case: nothing is copied). */
function censorKeys(o: object): object {
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(o)) {
    if (SECRET_KEYS.has(k.toLowerCase())) (out ??= { ...o })[k] = CENSOR;
  }
  return out ?? o;
}

/**
 * Censors secret keys at depth 0 and 1 of a log object. It replaces pino's `redact` option, which on every line
 * cloned and walked each value against every wildcard path (measured: a fifth of the bytes allocated per API
 * request, for the one-line request log). `req`/`res` are left to their serializers, which keep no headers or
 * bodies; `err` is censored after its serializer (see below).
 */
export function censorSecrets(obj: Record<string, unknown>): Record<string, unknown> {
  let out = censorKeys(obj) as Record<string, unknown>;
  for (const k of Object.keys(out)) {
    if (k === 'req' || k === 'res' || k === 'err') continue;
    const v = out[k];
    // Arrays and binary data are not walked (their keys are indices).
    if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) continue;
    const c = censorKeys(v);
    if (c === v) continue;
    if (out === obj) out = { ...obj };
    out[k] = c;
  }
  return out;
}

const PARAMS_TAIL = /\nparams: [\s\S]*?(?=\n {4}at |$)/;

/**
 * A failed query's error (Drizzle's) carries its parameters in `params` and in its message and stack: password
 * hashes, private text. The log keeps the SQL and drops the values, here and in every `cause` below.
 */
export function withoutQueryParams<T extends Record<string, unknown>>(e: T, depth = 0): T {
  if (depth > 5 || !e || typeof e !== 'object') return e;
  const out: Record<string, unknown> = { ...e };
  if ('params' in out) out.params = '[redacted]';
  for (const k of ['message', 'stack'] as const) if (typeof out[k] === 'string') out[k] = (out[k] as string).replace(PARAMS_TAIL, '\nparams: [redacted]');
  if (out.cause && typeof out.cause === 'object') out.cause = withoutQueryParams(out.cause as Record<string, unknown>, depth + 1);
  return out as T;
}

export interface ServerOptions {
  log: Logger;
  trustProxy: number;
  bodyLimit: number;
}

/**
 * The process logger: JSON, secrets redacted, tokens stripped from logged URLs. `pretty` (development on a
 * terminal) prints the same lines readably instead of as JSON.
 */
export function createLogger(o: { level: string; stream?: NodeJS.WritableStream; pretty?: boolean }): Logger {
  const opts: pino.LoggerOptions = {
    level: o.level,
    // Child bindings (`reqId`, `job`, `jobId`) are ids: pino serializes them once per child, not through this.
    formatters: { log: censorSecrets },
    serializers: {
      err: (e: Error) => censorKeys(withoutQueryParams(pino.stdSerializers.err(e))),
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
      req(req: { method: string; url: string; ip?: string; headers?: Record<string, unknown> }) {
        return {
          method: req.method,
          url: redactUrl(req.url),
          ip: req.ip,
          ua: req.headers?.['user-agent'],
        };
      },
    },
  };
  if (o.pretty && !o.stream) {
    const pretty = requireCjs('pino-pretty') as typeof import('pino-pretty');
    return pino(opts, pretty({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }));
  }
  return pino(opts, o.stream ? (o.stream as pino.DestinationStream) : stdoutOncePerTurn());
}

/**
 * stdout, written synchronously once per event-loop turn: the lines of one turn (every request that finished in
 * it) go out in one write instead of one write each, at the end of that turn or when 16 KB are waiting, and on
 * exit. Synchronous because pino's asynchronous mode (a flushSync on exit) hangs process.exit forever once the
 * stdout reader is gone (sonic-boom retries EPIPE every 100 ms), so SIGTERM never exits; in sync mode an EPIPE
 * just turns logging off. What a hard abort (a V8 fatal error, SIGKILL) can lose is the current turn's lines.
 */
function stdoutOncePerTurn(): pino.DestinationStream {
  const out = pino.destination({ dest: 1, sync: true });
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending) return;
    const text = pending;
    pending = '';
    out.write(text);
  };
  process.on('exit', flush);
  return {
    write(line: string) {
      pending += line;
      if (pending.length >= 16_384) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}

/** One log line per request, written when it completes (with the request, status and time), instead of two. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    if (error) reply.log.error({ req, res: reply, err: error, ms }, 'request errored');
    else reply.log.info({ req, res: reply, ms }, 'request completed');
  }
}

/**
 * The security headers every response carries, as helmet computes them for these options: the ones that matter
 * for a JSON API (nosniff, frame, HSTS, referrer). The HTML-document ones (CSP, DNS prefetch, IE download options,
 * Flash policies, origin-agent-cluster, COOP) would cost a header each per response for nothing, and CORP
 * same-origin would stop the web apps playing voice notes from another origin.
 *
 * They are the same for every response, so helmet runs once here and the hook below copies the result. Through
 * @fastify/helmet it ran per request as two async hooks plus a middleware chain: measured on GET /health with 50
 * connections, ~6 µs of ~40 µs CPU per request.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = (() => {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet({
    contentSecurityPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  })({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return Object.freeze(headers);
})();

/**
 * TRUST_PROXY as a hop count: the peer and the next `hops - 1` X-Forwarded-For entries (read from the right) are our
 * proxies, so req.ip is the entry `hops` places from the right and nothing the client wrote to the left of it counts.
 * Fastify no longer accepts a bare number (it silently trusts nobody, every client would share the proxy's IP and its
 * per-IP limits), hence the function. A hop count cannot check who the peer is: with TRUST_PROXY > 0 clients must
 * reach the app only through those proxies.
 */
export function trustHops(hops: number): false | ((address: string, hop: number) => boolean) {
  return hops > 0 ? (_address, hop) => hop < hops : false;
}

export function createServer(o: ServerOptions) {
  const app = Fastify<HttpServer, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: o.log,
    trustProxy: trustHops(o.trustProxy),
    bodyLimit: o.bodyLimit,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Slow or idle clients must not hold sockets forever (slowloris).
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 5_000,
    forceCloseConnections: 'idle',
    logController: new OneLinePerRequest(),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.server.headersTimeout = 10_000;
  jsonBodies(app as unknown as FastifyInstance);

  // Callback-style hooks: on the hot path an async hook costs a promise per request.
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    reply.header('x-request-id', req.id);
    reply.header('x-process-time', (reply.elapsedTime / 1000).toFixed(6));
    done(null, payload);
  });
  return app;
}

export type Server = ReturnType<typeof createServer>;

const bodyError = (message: string) => Object.assign(new Error(message), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });

/** The path of the first string or key holding a NUL character (PostgreSQL text cannot store one), if any. */
function nulAt(v: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (path.length > 64) return undefined;
  if (typeof v === 'string') return v.includes('\0') ? path : undefined;
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = nulAt(v[i], [...path, i]);
      if (p) return p;
    }
    return undefined;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k.includes('\0')) return [...path, k.replace(/\0/g, '')];
    const p = nulAt(x, [...path, k]);
    if (p) return p;
  }
  return undefined;
}

/**
 * JSON bodies as clients really send them: a zero-length body with `Content-Type: application/json` (browsers'
 * fetch wrappers do this on POST/DELETE without data) is no body; a body nested deeper than the parser's stack
 * and text holding NUL characters are bad input (400/422), never a 500.
 */
function jsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (text.length === 0 || text.trim().length === 0) {
      done(null, undefined);
      return;
    }
    try {
      void parse(req, text, (err, value) => {
        if (err) return done(err instanceof RangeError ? bodyError('JSON nested too deeply') : err);
        // Only bodies whose text escapes a NUL are walked: the usual body costs one substring search.
        const nul = /\\u0000/i.test(text) ? nulAt(value) : undefined;
        // A 422 naming the field, like any other invalid value.
        if (nul) return done(invalidField(['body', ...nul], 'Text must not contain NUL (\\u0000) characters', null, 'string_type'));
        done(null, value);
      });
    } catch (e) {
      // V8's JSON.parse recurses: tens of thousands of nested brackets overflow the stack.
      done(e instanceof RangeError ? bodyError('JSON nested too deeply') : (e as Error));
    }
  });
}
