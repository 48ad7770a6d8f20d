// Request validation: two Ajv instances (bodies are never coerced; query/path/headers are) and FastAPI-shaped errors.
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

export interface ValidationDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: true,
    allErrors: true,
    strict: false,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = makeAjv(false);
const partsAjv = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : partsAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

const LOC_PART: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ['string_type', 'Input should be a valid string'],
  integer: ['int_type', 'Input should be a valid integer'],
  number: ['float_type', 'Input should be a valid number'],
  boolean: ['bool_type', 'Input should be a valid boolean'],
  object: ['model_attributes_type', 'Input should be a valid dictionary or object to extract fields from'],
  array: ['list_type', 'Input should be a valid list'],
  null: ['none_required', 'Input should be None'],
};

const FORMAT_NAMES: Record<string, [string, string]> = {
  email: ['value_error', 'value is not a valid email address'],
  uuid: ['uuid_parsing', 'Input should be a valid UUID'],
  'date-time': ['datetime_parsing', 'Input should be a valid datetime'],
  date: ['date_parsing', 'Input should be a valid date'],
  time: ['time_parsing', 'Input should be a valid time'],
  uri: ['url_parsing', 'Input should be a valid URL'],
};

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let cur = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

const quoteList = (vals: unknown[]) => {
  const q = vals.map((v) => `'${String(v)}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
};

function describe(e: ErrorObject): { type: string; msg: string; ctx?: Record<string, unknown> } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { type: 'missing', msg: 'Field required' };
    case 'type': {
      const t = String(Array.isArray(p.type) ? p.type[0] : p.type);
      const [type, msg] = TYPE_NAMES[t] ?? ['type_error', `Input should be of type ${t}`];
      return { type, msg };
    }
    case 'minLength':
      return { type: 'string_too_short', msg: `String should have at least ${p.limit} character${p.limit === 1 ? '' : 's'}`, ctx: { min_length: p.limit } };
    case 'maxLength':
      return { type: 'string_too_long', msg: `String should have at most ${p.limit} character${p.limit === 1 ? '' : 's'}`, ctx: { max_length: p.limit } };
    case 'minimum':
      return { type: 'greater_than_equal', msg: `Input should be greater than or equal to ${p.limit}`, ctx: { ge: p.limit } };
    case 'maximum':
      return { type: 'less_than_equal', msg: `Input should be less than or equal to ${p.limit}`, ctx: { le: p.limit } };
    case 'exclusiveMinimum':
      return { type: 'greater_than', msg: `Input should be greater than ${p.limit}`, ctx: { gt: p.limit } };
    case 'exclusiveMaximum':
      return { type: 'less_than', msg: `Input should be less than ${p.limit}`, ctx: { lt: p.limit } };
    case 'enum':
      return { type: 'enum', msg: `Input should be ${quoteList(p.allowedValues as unknown[])}`, ctx: { expected: quoteList(p.allowedValues as unknown[]) } };
    case 'const':
      return { type: 'literal_error', msg: `Input should be ${quoteList([p.allowedValue])}`, ctx: { expected: quoteList([p.allowedValue]) } };
    case 'format': {
      const [type, msg] = FORMAT_NAMES[String(p.format)] ?? ['value_error', `Input should be a valid ${String(p.format)}`];
      return { type, msg };
    }
    case 'pattern':
      return { type: 'string_pattern_mismatch', msg: `String should match pattern '${p.pattern}'`, ctx: { pattern: p.pattern } };
    case 'minItems':
      return { type: 'too_short', msg: `List should have at least ${p.limit} item${p.limit === 1 ? '' : 's'} after validation`, ctx: { min_length: p.limit } };
    case 'maxItems':
      return { type: 'too_long', msg: `List should have at most ${p.limit} item${p.limit === 1 ? '' : 's'} after validation`, ctx: { max_length: p.limit } };
    case 'maxProperties':
      return { type: 'too_long', msg: `Object should have at most ${p.limit} items`, ctx: { max_length: p.limit } };
    case 'additionalProperties':
      return { type: 'extra_forbidden', msg: 'Extra inputs are not permitted' };
    case 'uniqueItems':
      return { type: 'value_error', msg: 'List items should be unique' };
    default:
      return { type: 'value_error', msg: e.message ?? 'Invalid value' };
  }
}

/**
 * Turns Ajv errors into FastAPI's detail list. A failed `anyOf` (nullable fields, unions) is reported once,
 * by its most telling branch, instead of once per branch.
 */
export function toValidationDetails(errors: ErrorObject[], context: string, input: unknown): ValidationDetail[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  const inBranch = (e: ErrorObject) => anyOfPaths.some((sp) => e.schemaPath.startsWith(sp + '/'));
  const picked: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf') {
      const branches = errors.filter((b) => b.schemaPath.startsWith(e.schemaPath + '/'));
      const best =
        branches.find((b) => b.instancePath !== e.instancePath) ??
        branches.find((b) => b.keyword === 'enum' || b.keyword === 'const') ??
        branches.find((b) => !(b.keyword === 'type' && (b.params as { type?: string }).type === 'null')) ??
        branches[0];
      picked.push(best ?? e);
    } else if (!inBranch(e)) {
      picked.push(e);
    }
  }
  // A string enum given a non-string fails both `type` and `enum`; pydantic reports the enum error alone.
  const enumSchemas = new Set(picked.filter((e) => e.keyword === 'enum').map((e) => e.schemaPath.replace(/\/enum$/, '')));
  const seen = new Set<string>();
  const out: ValidationDetail[] = [];
  for (const e of picked) {
    if (e.keyword === 'type' && enumSchemas.has(e.schemaPath.replace(/\/type$/, ''))) continue;
    const path = pointerToPath(e.instancePath);
    const missing = e.keyword === 'required' ? String((e.params as { missingProperty: string }).missingProperty) : undefined;
    const loc = [LOC_PART[context] ?? context, ...path, ...(missing !== undefined ? [missing] : [])];
    const d = describe(e);
    const key = JSON.stringify(loc) + d.type;
    if (seen.has(key)) continue;
    seen.add(key);
    const detail: ValidationDetail = { type: d.type, loc, msg: d.msg, input: truncate(valueAt(input, path)) };
    if (d.ctx) detail.ctx = d.ctx;
    out.push(detail);
  }
  return out;
}

/** Echoing a 1 MB string back in an error helps nobody. */
function truncate(v: unknown): unknown {
  if (typeof v === 'string' && v.length > 200) return v.slice(0, 200) + '…';
  if (v && typeof v === 'object') {
    let s: string | undefined;
    try {
      s = JSON.stringify(v);
    } catch {
      return '(input too large to echo)'; // nested deeper than the stack (RangeError)
    }
    if (s && s.length > 2000) return '(input too large to echo)';
  }
  return v;
}
