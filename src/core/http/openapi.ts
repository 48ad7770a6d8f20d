// What the OpenAPI document promises must be what the server does. Two rules, applied to every route's schemas as
// they enter the document (validation keeps using the schemas as written):
// - a query/path/header parameter with a default is optional (the validator fills the default in);
// - a request body never claims `additionalProperties: false`: unknown fields are ignored, as FastAPI does
//   (the validator drops them instead of refusing the request).
type Json = Record<string, unknown>;

function withoutClosedObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutClosedObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    if (k === 'additionalProperties' && v === false) continue;
    out[k] = withoutClosedObjects(v);
  }
  return out;
}

function defaultsOptional(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Json & { properties?: Record<string, Json>; required?: string[] };
  if (!s.properties || !Array.isArray(s.required)) return schema;
  const required = s.required.filter((name) => s.properties![name]?.default === undefined);
  const out: Json = { ...s };
  if (required.length > 0) out.required = required;
  else delete out.required;
  return out;
}

/** @fastify/swagger's `transform`: the route's schema as the document should show it. */
export function documentedSchema(schema: Json | undefined): Json | undefined {
  if (!schema) return schema;
  const out: Json = { ...schema };
  if (schema.body) out.body = withoutClosedObjects(schema.body);
  for (const part of ['querystring', 'params', 'headers'] as const) if (schema[part]) out[part] = defaultsOptional(schema[part]);
  return out;
}
