// FlirtCraft's wire format: `{success:true, data, message?, meta?}` and the error envelope
// `{success:false, error:{type, code, message, status_code, details?}, meta:{timestamp, path}}`.
import { Type, type TSchema, type TObject, type TProperties } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { ErrorStyle } from '../../../core/http/errors.js';

/** The request path without its query (queries may carry tokens). */
const pathOf = (req: FastifyRequest | undefined) => (req ? req.url.split('?')[0]! : '');

/** O's handlers: `validation_error` for 422, `internal_error` for 500, `http_error` for the rest. `code` is what C reads. */
export const envelopeStyle: ErrorStyle = {
  error: (status, message, code, req) => ({
    success: false,
    error: { type: status >= 500 && status !== 503 ? 'internal_error' : 'http_error', code, message, status_code: status },
    meta: { timestamp: new Date().toISOString(), path: pathOf(req) },
  }),
  validation: (details, req) => ({
    status: 422,
    body: {
      success: false,
      error: { type: 'validation_error', code: 'validation_error', message: 'Request validation failed', status_code: 422, details },
      meta: { timestamp: new Date().toISOString(), path: pathOf(req) },
    },
  }),
};

export const ErrorBody = Type.Object(
  {
    success: Type.Literal(false),
    error: Type.Object({
      type: Type.String({ description: 'validation_error, http_error or internal_error' }),
      code: Type.String({ description: 'Machine-readable reason, e.g. not_found, daily_limit_reached, rate_limited' }),
      message: Type.String(),
      status_code: Type.Integer(),
      details: Type.Optional(
        Type.Array(
          Type.Object({
            type: Type.String(),
            loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
            msg: Type.String(),
            input: Type.Optional(Type.Unknown()),
          }),
          {
            description: 'Validation errors only: one per field',
          },
        ),
      ),
    }),
    meta: Type.Object({ timestamp: Type.String({ format: 'date-time' }), path: Type.String() }),
  },
  { description: 'Error' },
);

/** Error answers a route may give, for its OpenAPI responses. */
export const errors = (...statuses: number[]): Record<number, TSchema> => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

/** `{success: true, data, message?, meta?}` around `data`. */
export function Envelope<T extends TSchema>(data: T, meta?: TObject<TProperties>) {
  return Type.Object({
    success: Type.Literal(true),
    data,
    message: Type.Optional(Type.String()),
    ...(meta ? { meta } : { meta: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }),
  });
}

export const ListMeta = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const ok = <T>(data: T, message?: string, meta?: Record<string, unknown>) => ({
  success: true as const,
  data,
  ...(message ? { message } : {}),
  ...(meta ? { meta } : {}),
});

export const Message = Type.Object({ success: Type.Literal(true), message: Type.String() });
