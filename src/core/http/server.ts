// The Fastify instance every process and every test uses: limits, logging, request ids, timing, validation.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { validatorCompiler } from './validation.js';

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

export const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.new_password',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.secret',
];

export interface ServerOptions {
  log: Logger;
  trustProxy: number;
  bodyLimit: number;
}

/** The process logger: JSON, secrets redacted, tokens stripped from logged URLs. */
export function createLogger(o: { level: string; stream?: NodeJS.WritableStream }): Logger {
  const opts: pino.LoggerOptions = {
    level: o.level,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: {
      err: pino.stdSerializers.err,
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
  // stdout is written synchronously. pino's default (async + a flushSync on exit) hangs process.exit forever once
  // the stdout reader is gone (sonic-boom's flushSync retries EPIPE every 100 ms), so SIGTERM never exits; in sync
  // mode an EPIPE just turns logging off, and a line is out before a crash.
  return pino(opts, o.stream ? (o.stream as pino.DestinationStream) : pino.destination({ dest: 1, sync: true }));
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

export function createServer(o: ServerOptions) {
  const app = Fastify<HttpServer, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: o.log,
    // A hop count: trust exactly that many proxies' X-Forwarded-* entries (Fastify accepts a number).
    trustProxy: (o.trustProxy > 0 ? o.trustProxy : false) as unknown as boolean,
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

  // Callback-style hooks: on the hot path an async hook costs a promise per request.
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    reply.header('x-process-time', (reply.elapsedTime / 1000).toFixed(6));
    done(null, payload);
  });
  return app;
}

export type Server = ReturnType<typeof createServer>;
