// The seed's AppException on the wire: `{status_code, message, error_code}` for every error, plus FastAPI's
// `detail` (the message again; for validation errors the list of problems), which FastAPI clients read.
import { Type } from '@sinclair/typebox';
import type { ErrorStyle } from '../../core/http/errors.js';

export const appExceptionStyle: ErrorStyle = {
  error: (status, message, code) => ({ status_code: status, message, error_code: code, detail: message }),
  validation: (details) => {
    const first = details[0];
    const where = first ? first.loc.join('.') : 'body';
    return {
      status: 422,
      body: { status_code: 422, message: first ? `${where}: ${first.msg}` : 'Invalid input', error_code: 'validation_error', detail: details },
    };
  },
};

export const AppException = Type.Object(
  {
    status_code: Type.Integer({ description: 'The HTTP status, repeated' }),
    message: Type.String({ description: 'What went wrong, for people' }),
    error_code: Type.String({ description: 'What went wrong, for programs (snake_case)' }),
    detail: Type.String({ description: 'The message again, where FastAPI clients look for it' }),
  },
  { description: 'Error (AppException)' },
);

export const AppValidationError = Type.Object(
  {
    status_code: Type.Integer(),
    message: Type.String(),
    error_code: Type.String(),
    detail: Type.Array(
      Type.Object({
        type: Type.String(),
        loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
        msg: Type.String(),
        // Absent when the whole part is missing (no body at all).
        input: Type.Optional(Type.Unknown()),
        ctx: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      }),
    ),
  },
  { description: "Validation error: the first problem in `message`, all of them in `detail` (FastAPI's shape)" },
);

/** OpenAPI entries for the errors a route can answer. */
export function errors(...statuses: number[]): Record<number, typeof AppException | typeof AppValidationError> {
  return Object.fromEntries(statuses.map((s) => [s, s === 422 ? AppValidationError : AppException]));
}
