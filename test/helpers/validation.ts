// FastAPI-style validation answers: 422 with `detail[]`, one entry whose `loc` names the field.
import assert from 'node:assert/strict';

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/**
 * Asserts a 422 whose `detail` has an entry at `loc` (exactly, or starting with it when `prefix` is set) with a
 * readable `msg`; returns that entry.
 */
export function expect422(
  r: { statusCode: number; body: string; json(): unknown },
  loc: (string | number)[],
  { prefix = false }: { prefix?: boolean } = {},
): ValidationIssue {
  assert.equal(r.statusCode, 422, r.body);
  const detail = (r.json() as { detail: ValidationIssue[] }).detail;
  assert.ok(Array.isArray(detail), `no detail list: ${r.body}`);
  const at = (d: ValidationIssue) => (prefix ? loc.every((part, i) => d.loc[i] === part) : JSON.stringify(d.loc) === JSON.stringify(loc));
  const hit = detail.find(at);
  assert.ok(hit, `no error at ${JSON.stringify(loc)}: ${r.body}`);
  assert.equal(typeof hit.msg, 'string');
  return hit;
}
