// The raw baseline: node:http + pg Pool (or PGlite in embedded mode) + jose, doing the same work as the service
// for each benchmarked route — same token check, same revoked-session check (cached as long), same SQL, same JSON.
// No framework, and no shortcut the real service couldn't take.
import http from 'node:http';
import path from 'node:path';
import { jwtVerify } from 'jose';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

const port = Number(process.env.PORT ?? 8100);
// Imported once, as the service does.
const secret = await crypto.subtle.importKey('raw', new TextEncoder().encode(process.env.JWT_SECRET!), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
const product = 'couple-compass';

/** `name`: a named (prepared once per connection) statement, as the service prepares each of these queries. */
type Query = (name: string, text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
let query: Query;
if (process.env.DATABASE_URL) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  query = (name, text, values) => pool.query({ name, text, values });
} else {
  // PGlite has no named statements (the service's PGlite driver ignores the names too).
  const db = new PGlite(path.join(process.env.DATA_DIR!, 'pgdata'), { postgresqlconf: 'shared_buffers = 16MB' });
  await db.waitReady;
  query = (_name, text, values) => db.query(text, values) as Promise<{ rows: Record<string, unknown>[] }>;
}

const sessionCache = new Map<string, { userId: string; until: number }>();

async function authenticate(req: http.IncomingMessage): Promise<string | null> {
  const m = /^Bearer[ ]+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return null;
  let payload;
  try {
    ({ payload } = await jwtVerify(m[1]!, secret, { algorithms: ['HS256'], audience: product, issuer: 'quintet' }));
  } catch {
    return null;
  }
  if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
  const hit = sessionCache.get(payload.sid);
  if (hit && hit.until > Date.now()) return hit.userId === payload.sub ? hit.userId : null;
  const { rows } = await query(
    'session_state',
    `select s.user_id, s.product, s.revoked_at, s.expires_at, u.is_active from identity.sessions s
     inner join identity.users u on u.id = s.user_id where s.id = $1 limit $2`,
    [payload.sid, 1],
  );
  const s = rows[0] as { user_id: string; product: string; revoked_at: Date | null; expires_at: Date; is_active: boolean } | undefined;
  if (!s || s.user_id !== payload.sub || s.product !== product || s.revoked_at || s.expires_at.getTime() <= Date.now() || !s.is_active) return null;
  sessionCache.set(payload.sid, { userId: s.user_id, until: Math.min(Date.now() + 5000, s.expires_at.getTime()) });
  return s.user_id;
}

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1_048_576) throw new Error('too large');
    chunks.push(c as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function usersMe(req: http.IncomingMessage, res: http.ServerResponse) {
  const userId = await authenticate(req);
  if (!userId) return send(res, 401, { detail: 'Could not validate credentials' });
  const { rows } = await query(
    'user_with_profile',
    `select u.id, u.email, u.is_active, u.is_verified, u.auth_provider, u.created_at, u.updated_at,
            p.id as p_id, p.user_id as p_user_id, p.name, p.pronouns, p.timezone, p.avatar_url, p.birthdate,
            p.onboarding_completed, p.created_at as p_created_at, p.updated_at as p_updated_at
     from identity.users u left join couple_compass.profiles p on p.user_id = u.id where u.id = $1 limit $2`,
    [userId, 1],
  );
  const r = rows[0];
  if (!r) return send(res, 404, { message: 'Resource not found' });
  send(res, 200, {
    id: r.id,
    email: r.email,
    is_active: r.is_active,
    is_verified: r.is_verified,
    auth_provider: r.auth_provider,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    profile: r.p_id
      ? {
          id: r.p_id,
          user_id: r.p_user_id,
          name: r.name,
          pronouns: r.pronouns,
          timezone: r.timezone,
          avatar_url: r.avatar_url,
          birthdate: iso(r.birthdate),
          onboarding_completed: r.onboarding_completed,
          created_at: iso(r.p_created_at),
          updated_at: iso(r.p_updated_at),
        }
      : null,
  });
}

// One formatter per zone, as the service keeps them.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(tz: string): Intl.DateTimeFormat {
  let f = dayFormats.get(tz);
  if (!f) dayFormats.set(tz, (f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
}

async function createMood(req: http.IncomingMessage, res: http.ServerResponse) {
  const userId = await authenticate(req);
  if (!userId) return send(res, 401, { detail: 'Could not validate credentials' });
  let body: { mood_level?: unknown; notes?: unknown; context_tags?: unknown };
  try {
    body = (await readJson(req)) as typeof body;
  } catch {
    return send(res, 422, { detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }] });
  }
  // The same rules as the service's schema.
  const lvl = body?.mood_level;
  if (typeof lvl !== 'number' || !Number.isInteger(lvl) || lvl < 1 || lvl > 5) {
    return send(res, 422, { detail: [{ type: 'int_type', loc: ['body', 'mood_level'], msg: 'Input should be a valid integer between 1 and 5', input: lvl }] });
  }
  if (body.notes != null && (typeof body.notes !== 'string' || body.notes.length > 2000))
    return send(res, 422, { detail: [{ type: 'string_type', loc: ['body', 'notes'], msg: 'invalid', input: body.notes }] });
  const tags = body.context_tags;
  if (tags != null && (!Array.isArray(tags) || tags.length > 20 || tags.some((t) => typeof t !== 'string' || t.length < 1 || t.length > 50))) {
    return send(res, 422, { detail: [{ type: 'list_type', loc: ['body', 'context_tags'], msg: 'invalid', input: tags }] });
  }
  const [membership, profile] = await Promise.all([
    query(
      'active_membership',
      `select m.couple_id, c.status, m.joined_at from couple_compass.couple_members m inner join couple_compass.couples c on c.id = m.couple_id
           where m.user_id = $1 and m.active = $2 limit $3`,
      [userId, true, 1],
    ),
    query('profile_timezone', `select timezone from couple_compass.profiles where user_id = $1 limit $2`, [userId, 1]),
  ]);
  const tz = (profile.rows[0]?.timezone as string | undefined) ?? 'UTC';
  const day = dayFormat(tz).format(new Date());
  const cleaned = tags ? [...new Set((tags as string[]).map((t) => t.trim()).filter(Boolean))] : null;
  const { rows } = await query(
    'insert_mood',
    `insert into couple_compass.mood_checkins (user_id, couple_id, mood_level, notes, context_tags, checkin_date)
     values ($1, $2, $3, $4, $5, $6) returning *`,
    [userId, membership.rows[0]?.couple_id ?? null, lvl, body.notes ?? null, cleaned === null ? null : JSON.stringify(cleaned), day],
  );
  const m = rows[0]!;
  send(res, 201, {
    id: m.id,
    user_id: m.user_id,
    couple_id: m.couple_id,
    mood_level: m.mood_level,
    notes: m.notes,
    context_tags: m.context_tags,
    created_at: iso(m.created_at),
    updated_at: iso(m.updated_at),
  });
}

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  const route =
    req.method === 'GET' && url === '/couple-compass/api/v1/users/me'
      ? usersMe
      : req.method === 'POST' && url === '/couple-compass/api/v1/moods'
        ? createMood
        : req.method === 'GET' && url === '/couple-compass/health'
          ? async () => send(res, 200, { status: 'healthy', timestamp: Date.now() / 1000, version: '1.0.0' })
          : undefined;
  if (!route) return send(res, 404, { message: 'Resource not found' });
  route(req, res).catch((err: unknown) => {
    console.error(err);
    if (!res.headersSent) send(res, 500, { message: 'Internal server error' });
  });
});
server.keepAliveTimeout = 5000;
server.listen(port, '127.0.0.1', () => console.log(`baseline listening on ${port}`));
for (const s of ['SIGTERM', 'SIGINT']) process.once(s, () => server.close(() => process.exit(0)));
