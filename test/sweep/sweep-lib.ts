// The route-wide sweep: walks a product's OpenAPI document and proves what no route may do.
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { SignJWT } from 'jose';
import type { TestApp } from '../helpers/app.js';
import { createAccessTokenSigner } from '../../src/core/identity/tokens.js';
import { example, fullExample, mutations, paramMutations, type Schema } from './schema-values.js';

const addFormats = addFormatsImport as unknown as (a: Ajv) => Ajv;

export interface SweepUser {
  id: string;
  email: string;
  token: string;
}

export interface SweepFixture {
  owner: SweepUser;
  other: SweepUser;
  /** Path parameter name → an id owned by `owner`. */
  ids: Record<string, string>;
  /** Path parameters naming shared catalogue entries (anyone may read them). */
  publicParams: string[];
  /** Strings of the owner's data that must never appear in `other`'s responses. */
  secrets: string[];
  /** Operation key → those of `secrets` it shows other users by design (a leaderboard's display names), with why. */
  shownToOthers?: Record<string, { secrets: string[]; why: string }>;
  notFoundBody: unknown;
  /** Products whose error format is not FastAPI's `{detail}`: true when a body is one of their errors. */
  isErrorBody?: (status: number, body: unknown) => boolean;
}

interface Operation {
  key: string;
  method: string;
  path: string;
  op: {
    security?: unknown[];
    parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
    requestBody?: { content?: Record<string, { schema: Schema }> };
    responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  };
}

export interface SweepReport {
  product: string;
  operations: number;
  cases: number;
  /** 2xx bodies checked against their declared schema. */
  validated: number;
  /** Requests made with another user's ids. */
  foreignIdChecks: number;
  notExercised: string[];
  failures: string[];
}

export function operationsOf(doc: { paths: Record<string, Record<string, Operation['op']>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path, op })),
  );
}

/** Runs every check against one product; returns the report (failures collected, not thrown, so all are seen). */
export async function sweepProduct(t: TestApp, slug: string, fx: SweepFixture, exempt: Record<string, string>, binary: Set<string>): Promise<SweepReport> {
  const doc = (await t.app.inject({ method: 'GET', url: `/${slug}/openapi.json` })).json();
  const ops = operationsOf(doc);
  const report: SweepReport = { product: slug, operations: ops.length, cases: 0, validated: 0, foreignIdChecks: 0, notExercised: [], failures: [] };
  const fail = (op: Operation, what: string) => report.failures.push(`${op.key}: ${what}`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);

  // 0. The document promises what the server does: a parameter with a default is optional, and no request body
  // claims to refuse unknown fields (they are ignored, as in FastAPI).
  for (const op of ops) {
    for (const p of op.op.parameters ?? [])
      if (p.required && p.in !== 'path' && p.schema?.default !== undefined) fail(op, `parameter ${p.name} has a default but is documented as required`);
    for (const media of Object.values(op.op.requestBody?.content ?? {})) {
      if (JSON.stringify(media.schema ?? {}).includes('"additionalProperties":false'))
        fail(op, 'request body documents additionalProperties: false, but unknown fields are ignored');
    }
  }

  const ownerRow = await t.runtime.identity.findUser(slug, fx.owner.id);
  assert.ok(ownerRow);
  const ttls = { accessTokenTtlS: 600, refreshTokenTtlS: 3600 };
  const otherRow = await t.runtime.identity.findUser(slug, fx.other.id);
  assert.ok(otherRow);
  /** A fresh session per call, so a route that logs out can't break the next one. */
  const freshToken = async (row = ownerRow) => (await t.runtime.identity.startSession(row, ttls)).accessToken;

  const pathFor = (op: Operation, override: Record<string, string> = {}) =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(override[name] ?? fx.ids[name] ?? '00000000-0000-4000-8000-000000000000'));
  const jsonBody = (op: Operation) => op.op.requestBody?.content?.['application/json']?.schema;
  // Required query ids (e.g. `?rid=`) get the owner's real id, like path ids, so valid calls reach real data.
  const requiredQuery = (op: Operation) =>
    Object.fromEntries(
      (op.op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => [p.name, fx.ids[p.name] ?? String(example(p.schema, p.name))]),
    );
  // A `{}` among the security requirements means the token is optional (e.g. a purchased book's audio link).
  const isAuthed = (op: Operation) =>
    Array.isArray(op.op.security) &&
    op.op.security.length > 0 &&
    !op.op.security.some((s) => s !== null && typeof s === 'object' && Object.keys(s).length === 0);
  /** GDPR erase of the caller's own account: run once, by the owner, after everything else. */
  const endsAccount = (op: Operation) => op.method === 'DELETE' && /\/users\/me\/?$/.test(op.path);

  async function send(
    op: Operation,
    o: { token?: string | null; headers?: Record<string, string>; body?: unknown; raw?: string | Buffer; url?: string; query?: Record<string, string> },
  ) {
    report.cases++;
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const body = jsonBody(op);
    const payload = o.raw ?? (o.body !== undefined ? JSON.stringify(o.body) : body ? JSON.stringify(example(body)) : undefined);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    return t.app.inject({
      method: op.method as 'GET',
      url: o.url ?? pathFor(op),
      query: { ...requiredQuery(op), ...o.query },
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
  }

  const errorShaped = (status: number, text: string) => {
    try {
      const b = JSON.parse(text) as Record<string, unknown>;
      if (status === 404 && JSON.stringify(b) === JSON.stringify(fx.notFoundBody)) return true;
      if (fx.isErrorBody) return fx.isErrorBody(status, b);
      return 'detail' in b && (typeof b.detail === 'string' || Array.isArray(b.detail));
    } catch {
      return false;
    }
  };
  const expect4xx = (op: Operation, label: string, r: { statusCode: number; body: string }, allowed?: number[]) => {
    if (r.statusCode >= 500) fail(op, `${label} → ${r.statusCode} ${r.body.slice(0, 200)}`);
    else if (r.statusCode < 400) fail(op, `${label} → accepted with ${r.statusCode}`);
    else if (allowed && !allowed.includes(r.statusCode)) fail(op, `${label} → ${r.statusCode}, expected ${allowed.join('/')}`);
    else if (!errorShaped(r.statusCode, r.body)) fail(op, `${label} → ${r.statusCode} body not in the product's error format: ${r.body.slice(0, 120)}`);
  };

  // Counts of rows owned by the sweep's users, so a refused request provably wrote nothing.
  const owned = [fx.owner.id, fx.other.id];
  const ownedTables = (
    await t.runtime.db.sql.executeSql(
      `SELECT table_schema AS s, table_name AS t, string_agg(column_name, ',') AS cols FROM information_schema.columns
       WHERE table_schema IN ('identity', $1) AND column_name IN ('user_id','owner_id','sender_id','created_by_user_id','inviter_id','invitee_id')
       GROUP BY table_schema, table_name`,
      [slug.replace(/-/g, '_')],
    )
  ).rows as { s: string; t: string; cols: string }[];
  const fingerprint = async () => {
    const parts: string[] = [];
    for (const tb of ownedTables) {
      const where = tb.cols
        .split(',')
        .map((c) => `${c} = ANY($1::uuid[])`)
        .join(' OR ');
      const r = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM "${tb.s}"."${tb.t}" WHERE ${where}`, [owned]);
      parts.push(`${tb.s}.${tb.t}=${r.rows[0]!.n}`);
    }
    return parts.join(' ');
  };

  // 1. Credentials: every authenticated route refuses anything but a valid access token of this product.
  const claims = JSON.parse(Buffer.from(fx.owner.token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const signer = createAccessTokenSigner(t.secret);
  const past = createAccessTokenSigner(t.secret, () => Date.now() - 24 * 3600_000);
  const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${fx.owner.token.split('.')[1]}.`;
  const badTokens: [string, string | null, Record<string, string>?][] = [
    ['no credentials', null],
    ['malformed header', null, { authorization: 'Bearer' }],
    ['basic auth', null, { authorization: 'Basic dXNlcjpwYXNz' }],
    ['other secret', await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('another-secret-another-secret-xx'))],
    ['alg none', none],
    ['expired', await past.sign({ userId: fx.owner.id, sessionId: String(claims.sid), product: slug, ttlS: 60 })],
    ['refresh token as access', (await t.runtime.identity.startSession(ownerRow, ttls)).refreshToken],
    [
      'other product',
      await signer.sign({
        userId: fx.owner.id,
        sessionId: String(claims.sid),
        product: slug === 'couple-compass' ? 'project-inside' : 'couple-compass',
        ttlS: 600,
      }),
    ],
  ];
  for (const op of ops.filter(isAuthed)) {
    for (const [label, token, headers] of badTokens) {
      const r = await send(op, { token, headers });
      if (r.statusCode !== 401) fail(op, `${label} → ${r.statusCode} (expected 401)`);
    }
  }

  // 2. Bad input, generated from the schema: a 4xx in the product's format, never a 5xx, and no row written.
  for (const op of ops) {
    if (exempt[op.key]?.startsWith('bad-input')) {
      report.notExercised.push(`${op.key} (bad input): ${exempt[op.key]}`);
      continue;
    }
    const token = isAuthed(op) ? await freshToken() : null;
    const before = await fingerprint();
    const body = jsonBody(op);
    if (body) {
      const base = typeof example(body) === 'object' && example(body) !== null ? fullExample(body) : {};
      for (const m of mutations(body)) {
        const b: Record<string, unknown> = { ...base };
        if (m.omit) delete b[m.field!];
        else b[m.field!] = m.value;
        expect4xx(op, `body ${m.label}`, await send(op, { token, body: b }));
      }
      expect4xx(op, 'invalid JSON', await send(op, { token, raw: '{"broken": ' }));
      expect4xx(op, 'JSON array body', await send(op, { token, raw: '[1,2,3]' }));
      expect4xx(op, 'wrong content type', await send(op, { token, raw: '<x/>', headers: { 'content-type': 'application/xml' } }), [400, 415, 422]);
      if (exempt[op.key]?.startsWith('body-limit')) report.notExercised.push(`${op.key} (1 MB+ body): ${exempt[op.key]}`);
      else expect4xx(op, '1 MB+ body', await send(op, { token, raw: JSON.stringify({ ...base, pad: 'x'.repeat(1_100_000) }) }), [413]);
    }
    for (const p of op.op.parameters ?? []) {
      if (p.in !== 'path' && p.in !== 'query') continue;
      for (const m of paramMutations(p.schema)) {
        if (p.in === 'path') expect4xx(op, `path ${p.name} ${m.label}`, await send(op, { token, url: pathFor(op, { [p.name]: m.value }) }));
        else expect4xx(op, `query ${p.name} ${m.label}`, await send(op, { token, query: { [p.name]: m.value } }));
      }
    }
    const after = await fingerprint();
    if (after !== before && op.method !== 'GET') fail(op, `bad input changed the database: ${before} → ${after}`);
    // These bodies are still valid after parsing (the keys are dropped or the last duplicate wins), so they may
    // be accepted; what they must never do is crash or pollute prototypes.
    if (body) {
      const base = typeof example(body) === 'object' && example(body) !== null ? fullExample(body) : {};
      for (const [label, raw] of [
        ['__proto__ key', `{"__proto__": {"polluted": true}, ${JSON.stringify(base).slice(1)}`],
        ['constructor key', `{"constructor": {"prototype": {"polluted": true}}, ${JSON.stringify(base).slice(1)}`],
      ] as const) {
        const r = await send(op, { token, raw: raw.replace(/, }$/, '}') });
        if (r.statusCode >= 500) fail(op, `${label} → ${r.statusCode}`);
        if (({} as Record<string, unknown>).polluted !== undefined) fail(op, `${label} polluted Object.prototype`);
      }
      const dup = await send(op, { token, raw: `{"__dup": 1, "__dup": 2, ${JSON.stringify(base).slice(1)}`.replace(/, }$/, '}') });
      if (dup.statusCode >= 500) fail(op, `duplicate keys → ${dup.statusCode}`);
    }
  }

  // Reads first, then writes, then deletes and logouts; erasing one's own account (it ends every later call as that
  // user) comes last of all.
  const order = (op: Operation) => (endsAccount(op) ? 3 : op.method === 'GET' ? 0 : op.method === 'DELETE' || /logout|unlink/.test(op.path) ? 2 : 1);
  const inOrder = (list: Operation[]) => [...list].sort((x, y) => order(x) - order(y));

  // 3. Another user's ids: 403/404 and nothing of the owner's data.
  const otherSees = (text: string) => fx.secrets.filter((s) => text.includes(s));
  for (const [key, { why }] of Object.entries(fx.shownToOthers ?? {})) report.notExercised.push(`${key} (owner's data shown to others by design): ${why}`);
  for (const op of inOrder(ops.filter(isAuthed))) {
    const body = jsonBody(op);
    // Ids the owner owns, wherever the operation takes them: path, required query, or a body field of that name.
    const queryNames = (op.op.parameters ?? []).filter((p) => p.in === 'query' && p.required && fx.ids[p.name]).map((p) => p.name);
    const bodyNames = body ? Object.keys(idFields(body, fx.ids)) : [];
    const names = [...[...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!), ...queryNames, ...bodyNames];
    const owned = names.filter((n) => !fx.publicParams.includes(n));
    if (names.length > 0 && owned.length === 0) continue; // only catalogue ids: anyone may read
    if (endsAccount(op)) continue; // no one else's ids to try, and it would end the other user's account
    const r = await send(op, { token: await freshToken(otherRow), ...(body ? { body: { ...fullExample(body), ...idFields(body, fx.ids) } } : {}) });
    if (owned.length > 0) report.foreignIdChecks++;
    if (owned.length > 0 && ![403, 404].includes(r.statusCode)) fail(op, `another user's ${owned.join(', ')} → ${r.statusCode} (expected 403/404)`);
    const shown = fx.shownToOthers?.[op.key]?.secrets ?? [];
    const leaked = otherSees(r.body).filter((x) => !shown.includes(x));
    if (leaked.length > 0) fail(op, `another user's response contains the owner's data: ${leaked.join(', ')}`);
  }

  // 4. Responses match their declared schema (valid requests by the owner); an undeclared 2xx is a failure.
  for (const op of inOrder(ops)) {
    const declared = Object.entries(op.op.responses ?? {}).filter(([code]) => code.startsWith('2'));
    if (declared.length === 0) {
      fail(op, 'declares no 2xx response schema');
      continue;
    }
    if (exempt[op.key]?.startsWith('bad-input') && op.method === 'POST' && !jsonBody(op)) {
      report.notExercised.push(`${op.key} (response schema): request is not JSON; checked by its own tests`);
      continue;
    }
    const token = isAuthed(op) ? await freshToken() : null;
    const body = jsonBody(op);
    const r = await send(op, { token, ...(body ? { body: { ...fullExample(body), ...idFields(body, fx.ids) } } : {}) });
    if (r.statusCode >= 500) fail(op, `valid request → ${r.statusCode} ${r.body.slice(0, 200)}`);
    if (r.statusCode < 200 || r.statusCode >= 300) continue; // a business-rule refusal of a generated request is fine
    const spec = op.op.responses?.[String(r.statusCode)];
    if (!spec) {
      fail(op, `answered ${r.statusCode}, which its OpenAPI does not declare`);
      continue;
    }
    if (binary.has(op.key) || r.statusCode === 204) continue;
    const schema = spec.content?.['application/json']?.schema;
    if (!schema) {
      fail(op, `${r.statusCode} has no JSON schema`);
      continue;
    }
    const validate = ajv.compile(schema);
    report.validated++;
    if (!validate(r.json())) fail(op, `${r.statusCode} body does not match its schema: ${ajv.errorsText(validate.errors)}`);
  }
  return report;
}

/** Body fields that name ids (e.g. tip_id) get the owner's real id, so the wrong-user check is meaningful. */
function idFields(body: Schema, ids: Record<string, string>): Record<string, string> {
  const props = (body.anyOf?.find((a) => a.properties) ?? body).properties ?? {};
  return Object.fromEntries(
    Object.keys(props)
      .filter((k) => ids[k])
      .map((k) => [k, ids[k]!]),
  );
}
