// Project Inside's wire format: FastAPI's, plus a readable `message` on a 422 (the mobile app shows a string).
import { fastApiStyle, type ErrorStyle } from '../../../core/http/errors.js';
import type { ValidationDetail } from '../../../core/http/validation.js';

const PARTS = new Set(['body', 'query', 'path', 'header']);

/** "display_name: String should have at most 100 characters; birthday: …" */
export function readableValidation(details: ValidationDetail[]): string {
  const lines = details.map((d) => {
    const path = d.loc.filter((p, i) => !(i === 0 && typeof p === 'string' && PARTS.has(p))).join('.');
    return path ? `${path}: ${d.msg}` : d.msg;
  });
  return [...new Set(lines)].join('; ') || 'Invalid input';
}

export const projectInsideErrors: ErrorStyle = {
  error: fastApiStyle.error,
  validation: (details) => ({ status: 422, body: { detail: details, message: readableValidation(details) } }),
};
