// The error model: AppError for expected failures, and per-product wire formats (FastAPI's by default).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, pgErrorCode } from '../db/connect.js';
import { toValidationDetails, type ValidationDetail } from './validation.js';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    public code: string,
    public status: number,
    message: string,
    public headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** A 422 raised by a service for a rule the schema can't express (e.g. an unknown time zone), in the same shape. */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError';
  constructor(public details: ValidationDetail[]) {
    super(details[0]?.msg ?? 'Invalid input');
  }
}

export const invalidField = (loc: (string | number)[], msg: string, input: unknown, type = 'value_error') =>
  new RequestValidationError([{ type, loc, msg, input }]);

export const notFound = (message = 'Not Found', code = 'not_found') => new AppError(code, 404, message);
export const forbidden = (message = 'Forbidden', code = 'forbidden') => new AppError(code, 403, message);
export const badRequest = (message: string, code = 'bad_request') => new AppError(code, 400, message);
export const conflict = (message: string, code = 'conflict') => new AppError(code, 409, message);

/** How a product writes errors on the wire. Chosen once per product. */
export interface ErrorStyle {
  /** Body for an error with a status and a human message (`req` for styles that echo the path or a request id). */
  error(status: number, message: string, code: string, req?: FastifyRequest): unknown;
  /** Status and body for request validation failures. */
  validation(details: ValidationDetail[], req?: FastifyRequest): { status: number; body: unknown };
}

/** FastAPI's shapes: `{"detail": "..."}` and 422 `{"detail": [{type, loc, msg, input}]}`. */
export const fastApiStyle: ErrorStyle = {
  error: (_status, message) => ({ detail: message }),
  validation: (details) => ({ status: 422, body: { detail: details } }),
};

/** FastAPI plus app-level handlers that replace the body of some statuses (e.g. every 404). */
export function fastApiStyleWith(overrides: Record<number, unknown>): ErrorStyle {
  return {
    error: (status, message, code) => (status in overrides ? overrides[status] : fastApiStyle.error(status, message, code)),
    validation: fastApiStyle.validation,
  };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Too Many Requests',
  431: 'Request header fields too large',
  503: 'Service temporarily unavailable',
};

function partInput(req: FastifyRequest, context: string | undefined): unknown {
  switch (context) {
    case 'querystring':
      return req.query;
    case 'params':
      return req.params;
    case 'headers':
      return req.headers;
    default:
      return req.body;
  }
}

/** Builds the error handler of one product (or of the process for paths outside any product). */
export function errorHandler(style: ErrorStyle) {
  return function handle(this: unknown, err: FastifyError & { validationContext?: string }, req: FastifyRequest, reply: FastifyReply) {
    if (err.validation) {
      const details = toValidationDetails(err.validation, err.validationContext ?? 'body', partInput(req, err.validationContext));
      const v = style.validation(details, req);
      return reply.status(v.status).send(v.body);
    }
    if (err instanceof RequestValidationError) {
      const v = style.validation(err.details, req);
      return reply.status(v.status).send(v.body);
    }
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      if (err.status >= 500) req.log.error({ err }, err.message);
      return reply.status(err.status).send(style.error(err.status, err.message, err.code, req));
    }
    if (isBodyParseError(err)) {
      const v = style.validation([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: err.message } }], req);
      return reply.status(v.status).send(v.body);
    }
    if (isMalformedMultipart(err)) {
      // Starlette's answer to a body it cannot parse as a form.
      return reply.status(400).send(style.error(400, 'There was an error parsing the body', 'malformed_multipart', req));
    }
    const sqlState = pgErrorCode(err);
    if (sqlState && BAD_INPUT_SQLSTATES.has(sqlState)) {
      // Input the schema let through but PostgreSQL cannot store (a NUL in a query string, an out-of-range number).
      req.log.warn({ sqlState }, 'input refused by the database');
      const v = style.validation(
        [
          {
            type: 'value_error',
            loc: [err.validationContext ?? 'body'],
            msg: 'Invalid value for the database (text with NUL characters, or a number or date out of range)',
            input: null,
          },
        ],
        req,
      );
      return reply.status(v.status).send(v.body);
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err: { message: err.message, code: err.code } }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send(style.error(503, STATUS_TEXT[503]!, 'database_unavailable', req));
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const message = status === 429 ? err.message : (STATUS_TEXT[status] ?? err.message);
      return reply.status(status).send(style.error(status, message, err.code ?? 'client_error', req));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(style.error(500, 'Internal Server Error', 'internal', req));
  };
}

/** busboy's plain Errors for a multipart body without a boundary, cut short, or with broken part headers. */
const MULTIPART_ERRORS =
  /^(Multipart: |Unexpected end of (multipart data|form)|Malformed (part header|urlencoded form)|Part terminated early|Unexpected end of file)/;
function isMalformedMultipart(err: Error): boolean {
  return !(err as { statusCode?: number }).statusCode && MULTIPART_ERRORS.test(err.message);
}

/** SQLSTATEs that mean "this value can't be stored", not "the server is broken". */
const BAD_INPUT_SQLSTATES = new Set(['22P05', '22021', '22001', '22003', '22007', '22008', '22P02', '54000']);

function isBodyParseError(err: FastifyError): boolean {
  return err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err instanceof SyntaxError && err.statusCode === 400);
}

export function notFoundHandler(style: ErrorStyle) {
  return (req: FastifyRequest, reply: FastifyReply) => reply.status(404).send(style.error(404, 'Not Found', 'not_found', req));
}
