// Values generated from JSON Schema (as served in OpenAPI): one valid example, and the ways to break it.
import { randomUUID } from 'node:crypto';

export type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  additionalProperties?: boolean | Schema;
  default?: unknown;
  /** OpenAPI 3.0's example value (@fastify/swagger writes a schema's `examples[0]` here). */
  example?: unknown;
  nullable?: boolean;
  const?: unknown;
};

const first = (s: Schema): Schema => {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.find((a) => a.type !== 'null') ?? alts[0]!;
  if (s.allOf) return Object.assign({}, ...s.allOf.map(first)) as Schema;
  return s;
};

export const typeOf = (s: Schema): string | undefined => {
  const t = first(s).type;
  return Array.isArray(t) ? t.find((x) => x !== 'null') : t;
};

let counter = 0;

/** A value the schema accepts. Strings are unique so leaks can be searched for. */
export function example(schema: Schema, name = 'value'): unknown {
  const s = first(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined && typeOf(s) !== 'object') return s.default;
  // A documented example is a value the operation can really serve (e.g. a phrase it knows without an AI engine).
  if (s.example !== undefined && typeOf(s) !== 'object') return s.example;
  switch (typeOf(s)) {
    case 'string': {
      switch (s.format) {
        case 'uuid':
          return randomUUID();
        case 'email':
          return `sweep-${Date.now().toString(36)}-${++counter}@example.com`;
        case 'date-time':
          return new Date().toISOString();
        case 'date':
          return '2024-02-29';
        case 'uri':
          return 'https://example.com/x';
      }
      const base = `sweep ${name} ${++counter} Secret-Marker`;
      const min = s.minLength ?? 0;
      const text = base.length < min ? base.padEnd(min, 'x') : base;
      return s.maxLength !== undefined ? text.slice(0, Math.max(min, s.maxLength)) : text;
    }
    case 'integer':
      return s.minimum ?? (s.maximum !== undefined ? Math.min(1, s.maximum) : 1);
    case 'number':
      return s.minimum ?? 1.5;
    case 'boolean':
      return true;
    case 'array': {
      const n = s.minItems ?? 0;
      return Array.from({ length: n }, (_, i) => example(s.items ?? {}, `${name}[${i}]`));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(k)) out[k] = example(v, k);
      }
      return out;
    }
    case 'null':
      return null;
    default:
      return 'sweep';
  }
}

/** A full object with optional properties too (more fields to break). */
export function fullExample(schema: Schema): Record<string, unknown> {
  const s = first(schema);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = example(v, k);
  return out;
}

export interface Mutation {
  label: string;
  field: string | null;
  value: unknown;
  /** `omit` removes the field instead of setting it. */
  omit?: boolean;
}

/** A value of the wrong JSON type for the schema. */
export function wrongType(s: Schema): unknown {
  switch (typeOf(s)) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'maybe';
    case 'array':
      return 'not-a-list';
    case 'object':
      return 'not-an-object';
    default:
      return undefined;
  }
}

/** Every way to break each property of an object schema. */
export function mutations(schema: Schema): Mutation[] {
  const s = first(schema);
  const out: Mutation[] = [];
  for (const [k, raw] of Object.entries(s.properties ?? {})) {
    const v = first(raw);
    if (s.required?.includes(k)) out.push({ label: `missing ${k}`, field: k, value: undefined, omit: true });
    const wt = wrongType(raw);
    const nullable = raw.nullable || (raw.anyOf ?? raw.oneOf ?? []).some((a) => a.type === 'null');
    const alts = (raw.anyOf ?? raw.oneOf ?? []).filter((a) => a.type !== 'null');
    const unionOfTypes = new Set(alts.map((a) => typeOf(a))).size > 1;
    if (wt !== undefined && !unionOfTypes) out.push({ label: `${k} wrong type`, field: k, value: wt });
    if (!nullable && typeOf(raw) !== undefined) out.push({ label: `${k} null`, field: k, value: null });
    if (typeOf(v) === 'string' && v.maxLength !== undefined) out.push({ label: `${k} past maxLength`, field: k, value: 'x'.repeat(v.maxLength + 1) });
    if (typeOf(v) === 'string' && !v.enum && !v.format && v.maxLength === undefined)
      out.push({ label: `${k} 100k chars`, field: k, value: 'x'.repeat(100_000) });
    if (typeOf(v) === 'string' && (v.minLength ?? 0) > 0) out.push({ label: `${k} too short`, field: k, value: 'x'.repeat(v.minLength! - 1) });
    if (typeOf(v) === 'string' && v.format === 'uuid') out.push({ label: `${k} malformed uuid`, field: k, value: 'not-a-uuid' });
    if (typeOf(v) === 'string' && v.format === 'email') out.push({ label: `${k} bad email`, field: k, value: 'not-an-email' });
    if (typeOf(v) === 'string' && (v.format === 'date-time' || v.format === 'date')) out.push({ label: `${k} bad date`, field: k, value: '2024-13-45' });
    if (v.enum) out.push({ label: `${k} unknown enum`, field: k, value: '__unknown_enum_value__' });
    if ((typeOf(v) === 'integer' || typeOf(v) === 'number') && v.maximum !== undefined)
      out.push({ label: `${k} above maximum`, field: k, value: v.maximum + 1 });
    if ((typeOf(v) === 'integer' || typeOf(v) === 'number') && v.minimum !== undefined)
      out.push({ label: `${k} below minimum`, field: k, value: v.minimum - 1 });
    if (typeOf(v) === 'integer') out.push({ label: `${k} fractional`, field: k, value: 1.5 });
    if (typeOf(v) === 'array' && v.maxItems !== undefined)
      out.push({ label: `${k} too many items`, field: k, value: Array.from({ length: v.maxItems + 1 }, () => example(v.items ?? {})) });
  }
  return out;
}

/** Ways to break a path or query parameter (sent as text). */
export function paramMutations(s: Schema): { label: string; value: string }[] {
  const v = first(s);
  const out: { label: string; value: string }[] = [];
  if (v.format === 'uuid') out.push({ label: 'malformed uuid', value: 'not-a-uuid' }, { label: 'sql-ish', value: "1' OR '1'='1" });
  if (typeOf(v) === 'integer' || typeOf(v) === 'number') {
    out.push({ label: 'not a number', value: 'abc' });
    if (v.maximum !== undefined) out.push({ label: 'above maximum', value: String(v.maximum + 1) });
    if (v.minimum !== undefined) out.push({ label: 'below minimum', value: String(v.minimum - 1) });
  }
  if (v.enum) out.push({ label: 'unknown enum', value: '__nope__' });
  if (typeOf(v) === 'string' && v.maxLength !== undefined) out.push({ label: 'past maxLength', value: 'x'.repeat(Math.min(v.maxLength + 1, 190)) });
  return out;
}
