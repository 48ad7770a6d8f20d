// Project Inside invites: create + mail, replace, list, link, public validate, signup with a token, accept, rate limit.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { DEFAULT_LIMITS_ENV, startTestApp, uniqueEmail, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { piSignup } from '../../../../test/helpers/project-inside.js';
import { sha256 } from '../../../core/identity/tokens.js';
import { userTopic } from '../shared/topics.js';

const P = '/project-inside/v1';
let t: TestApp;
const published: { topic: string; msg: { type: string; payload: Record<string, unknown> } }[] = [];

before(async () => {
  t = await startTestApp({ products: ['project-inside'], jobs: false });
  const hub = t.ctx('project-inside').hub;
  const publish = hub.publish.bind(hub);
  hub.publish = (topic: string, msg: unknown) => {
    published.push({ topic, msg: msg as (typeof published)[number]['msg'] });
    publish(topic, msg);
  };
});
after(async () => {
  await t.close();
});

interface U {
  id: string;
  email: string;
  token: string;
}

const idOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

async function signup(displayName = 'Member', email = uniqueEmail('pi-inv'), inviteToken?: string) {
  return t.app.inject({
    method: 'POST',
    url: `${P}/auth/signup`,
    payload: { email, password: 'correct-horse', display_name: displayName, ...(inviteToken === undefined ? {} : { invite_token: inviteToken }) },
  });
}

const user = (displayName = 'Member', email = uniqueEmail('pi-inv')): Promise<U> => piSignup(t, { displayName, email });

const call = (u: U | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method,
    url: `${P}${url}`,
    headers: { ...(u ? bearer(u.token) : {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function relationship(displayName = 'Ana') {
  const a = await user(displayName);
  const r = await call(a, 'POST', '/relationships', { type: 'couple' });
  assert.equal(r.statusCode, 200, r.body);
  return { a, rid: r.json().id as string };
}

async function invite(u: U, rid: string, body: Record<string, unknown> = {}) {
  const r = await call(u, 'POST', `/relationships/${rid}/invites`, { email: uniqueEmail('invitee'), ...body });
  assert.equal(r.statusCode, 200, r.body);
  const link = await call(u, 'GET', `/relationships/${rid}/invites/${r.json().id as string}/link`);
  assert.equal(link.statusCode, 200, link.body);
  return { invite: r.json(), token: link.json().token as string };
}

async function inviteRow(id: string) {
  const { rows } = await t.runtime.db.sql.executeSql(`SELECT status, token_hash, accepted_by, accepted_at FROM project_inside.invites WHERE id = $1`, [id]);
  return rows[0] as { status: string; token_hash: string; accepted_by: string | null; accepted_at: unknown };
}

const isMember = async (rid: string, uid: string) =>
  (await t.runtime.db.sql.executeSql(`SELECT role FROM project_inside.relationship_members WHERE relationship_id = $1 AND user_id = $2`, [rid, uid])).rows[0]
    ?.role as string | undefined;

const mailTo = (email: string) => t.outbox.filter((m) => m.to.toLowerCase() === email.toLowerCase());

describe('works', () => {
  test('POST /invites: the invite, a mail with <app base>/signup?token=…, only the hash stored', async () => {
    const { a, rid } = await relationship('Ana');
    const email = uniqueEmail('Invitee');
    const r = await call(
      a,
      'POST',
      `/relationships/${rid}/invites`,
      { email, role: 'partner', message: 'Join me!' },
      { 'x-app-base-url': 'http://localhost:5173' },
    );
    assert.equal(r.statusCode, 200, r.body);
    const inv = r.json();
    assert.deepEqual(Object.keys(inv).sort(), [
      'created_at',
      'email',
      'expires_at',
      'id',
      'invite_id',
      'invite_url',
      'inviter_id',
      'inviter_user_id',
      'message',
      'relationship_id',
      'role',
      'status',
    ]);
    assert.equal(inv.relationship_id, rid);
    assert.equal(inv.invite_id, inv.id);
    assert.equal(inv.email, email);
    assert.equal(inv.role, 'partner');
    assert.equal(inv.message, 'Join me!');
    assert.equal(inv.status, 'SENT');
    assert.equal(inv.inviter_id, a.id);
    assert.equal(inv.inviter_user_id, a.id);
    const days = (Date.parse(inv.expires_at) - Date.parse(inv.created_at)) / 86_400_000;
    assert.ok(Math.abs(days - 7) < 0.001, String(days));

    const mails = mailTo(email);
    assert.equal(mails.length, 1);
    const m = /http:\/\/localhost:5173\/signup\?token=([A-Za-z0-9_-]+)/.exec(mails[0]!.text);
    assert.ok(m, mails[0]!.text);
    assert.match(mails[0]!.text, /Join me!/);
    const token = decodeURIComponent(m[1]!);
    assert.equal(inv.invite_url, `http://localhost:5173/signup?token=${token}`, 'the same link the mail carries');
    assert.equal(mails[0]!.subject, 'Ana invited you to Project Inside');
    const row = await inviteRow(inv.id);
    assert.equal(row.token_hash, sha256(token));
    assert.ok(!JSON.stringify(row).includes(token));

    // The link again, with the configured base when the client sends none (or a foreign one).
    const link = await call(a, 'GET', `/relationships/${rid}/invites/${inv.id}/link`, undefined, { 'x-app-base-url': 'https://evil.example' });
    assert.equal(link.statusCode, 200, link.body);
    const url = `${t.config.appBaseUrl}/signup?token=${token}`;
    assert.deepEqual(link.json(), { invite_id: inv.id, token, link: url, invite_url: url, expires_at: inv.expires_at });
    // The list shows invites without their links.
    const list = await call(a, 'GET', `/relationships/${rid}/invites`);
    assert.deepEqual(
      list.json(),
      [{ ...inv, invite_url: undefined }].map(({ invite_url: _u, ...rest }) => rest),
    );
  });

  test('a second invite to the same e-mail (any case) replaces the pending one', async () => {
    const { a, rid } = await relationship();
    const email = uniqueEmail('twice');
    const first = await call(a, 'POST', `/relationships/${rid}/invites`, { email });
    const second = await call(a, 'POST', `/relationships/${rid}/invites`, { email: email.toUpperCase() });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal((await inviteRow(first.json().id)).status, 'REVOKED');
    assert.equal((await inviteRow(second.json().id)).status, 'PENDING');
    const list = await call(a, 'GET', `/relationships/${rid}/invites`);
    assert.deepEqual(
      list.json().map((i: { id: string; status: string }) => [i.id, i.status]),
      [
        [second.json().id, 'SENT'],
        [first.json().id, 'CANCELED'],
      ],
    );
  });

  test('GET /invites: newest first, paginated, EXPIRED computed', async () => {
    const { a, rid } = await relationship();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await invite(a, rid)).invite.id as string);
    await t.runtime.db.sql.executeSql(`UPDATE project_inside.invites SET expires_at = now() - interval '1 minute' WHERE id = $1`, [ids[0]]);
    const all = await call(a, 'GET', `/relationships/${rid}/invites`);
    assert.equal(all.statusCode, 200, all.body);
    assert.deepEqual(
      all.json().map((i: { id: string }) => i.id),
      [...ids].reverse(),
    );
    assert.equal(all.json()[2].status, 'EXPIRED');
    const page = await call(a, 'GET', `/relationships/${rid}/invites?limit=1&offset=1`);
    assert.deepEqual(
      page.json().map((i: { id: string }) => i.id),
      [ids[1]],
    );
  });

  test('GET /invites/validate (public): valid, then false once revoked or expired; the static path wins over /{rid}', async () => {
    const { a, rid } = await relationship('Ana Inviter');
    const { invite: inv, token } = await invite(a, rid);
    const r = await call(null, 'GET', `/relationships/invites/validate?token=${encodeURIComponent(token)}`);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { email: inv.email, valid: true, expires_at: inv.expires_at, relationship_type: 'Partner', inviter_name: 'Ana Inviter' });

    const unknown = await call(null, 'GET', `/relationships/invites/validate?token=${randomBytes(32).toString('base64url')}`);
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(unknown.json(), { detail: 'Invite not found' });

    await t.runtime.db.sql.executeSql(`UPDATE project_inside.invites SET expires_at = now() - interval '1 second' WHERE id = $1`, [inv.id]);
    assert.equal((await call(null, 'GET', `/relationships/invites/validate?token=${token}`)).json().valid, false);

    const { invite: inv2, token: token2 } = await invite(a, rid);
    await invite(a, rid, { email: inv2.email });
    assert.equal((await call(null, 'GET', `/relationships/invites/validate?token=${token2}`)).json().valid, false);
  });

  test('signup with invite_token: joins as MEMBER, invite ACCEPTED, inviter notified after commit; the token is then used up', async () => {
    const { a, rid } = await relationship();
    const { invite: inv, token } = await invite(a, rid);
    const r = await signup('Newcomer', inv.email, token);
    assert.equal(r.statusCode, 200, r.body);
    const uid = idOf(r.json().access_token);
    assert.equal(await isMember(rid, uid), 'MEMBER');
    const row = await inviteRow(inv.id);
    assert.equal(row.status, 'ACCEPTED');
    assert.equal(row.accepted_by, uid);
    assert.ok(row.accepted_at);

    let event: (typeof published)[number] | undefined;
    for (let i = 0; i < 100 && !event; i++) {
      event = published.find((p) => p.msg.payload?.invite_id === inv.id);
      if (!event) await sleep(20);
    }
    assert.ok(event, 'no invite.accepted notification');
    assert.equal(event.topic, userTopic(a.id));
    const { id: nid, timestamp, ...payload } = event.msg.payload;
    assert.equal(typeof nid, 'string');
    assert.equal(typeof timestamp, 'number');
    assert.deepEqual(payload, {
      kind: 'invite.accepted',
      relationship_id: rid,
      invite_id: inv.id,
      sender_id: uid,
      sender_name: 'Newcomer',
      type: 'invite',
      title: 'Invitation accepted',
      message: 'Newcomer joined your partner relationship.',
      read: false,
    });
    const { rows: stored } = await t.runtime.db.sql.executeSql(`SELECT user_id, type FROM project_inside.notifications WHERE id = $1`, [nid]);
    assert.deepEqual(stored[0], { user_id: a.id, type: 'invite' });

    const v = await call(null, 'GET', `/relationships/invites/validate?token=${token}`);
    assert.equal(v.json().valid, false);
    const again = await signup('Second', uniqueEmail('second'), token);
    assert.equal(again.statusCode, 400);
    assert.deepEqual(again.json(), { detail: 'Invalid or expired invite token' });
  });

  test('POST /invites/accept: an existing account joins; twice → 409 (already a member)', async () => {
    const { a, rid } = await relationship();
    const b = await user('Existing');
    const { invite: inv, token } = await invite(a, rid, { email: b.email });
    const r = await call(b, 'POST', '/relationships/invites/accept', { token });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { ok: true, relationship_id: rid, invite_id: inv.id });
    assert.equal(await isMember(rid, b.id), 'MEMBER');
    assert.equal((await inviteRow(inv.id)).accepted_by, b.id);
    assert.ok(published.some((p) => p.topic === userTopic(a.id) && p.msg.payload?.invite_id === inv.id && p.msg.payload?.sender_id === b.id));
    // b can now see the relationship's invites.
    assert.equal((await call(b, 'GET', `/relationships/${rid}/invites`)).statusCode, 200);
    assert.equal((await call(b, 'POST', '/relationships/invites/accept', { token })).statusCode, 409);
    // Someone else with the used token → 400.
    const c = await user();
    const used = await call(c, 'POST', '/relationships/invites/accept', { token });
    assert.equal(used.statusCode, 400);
    assert.equal(await isMember(rid, c.id), undefined);
  });

  test('racing acceptances of one invite make exactly one member', async () => {
    const { a, rid } = await relationship();
    const b = await user();
    const { token } = await invite(a, rid, { email: b.email });
    const rs = await Promise.all([1, 2, 3].map(() => call(b, 'POST', '/relationships/invites/accept', { token })));
    const codes = rs.map((r) => r.statusCode).sort();
    // One wins; the others find the invite used (400) or themselves already in (409), depending on timing.
    assert.equal(codes[0], 200, codes.join());
    for (const c of codes.slice(1)) assert.ok(c === 400 || c === 409, codes.join());
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM project_inside.relationship_members WHERE relationship_id = $1`, [rid]);
    assert.equal(rows[0]!.n, 2);
  });
});

describe('the invite landing page GET /signup?token=', () => {
  test('valid: HTML naming the inviter and the relationship, the masked address and the code; no-referrer, no-store', async () => {
    const { a, rid } = await relationship('Ana <b>Bold</b>');
    const email = uniqueEmail('landing');
    const { token } = await invite(a, rid, { email });
    const r = await t.app.inject({ method: 'GET', url: `/project-inside/signup?token=${encodeURIComponent(token)}` });
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.match(r.body, /Ana &lt;b&gt;Bold&lt;\/b&gt; invited you to Project Inside/);
    assert.match(r.body, /partner relationship/);
    assert.ok(r.body.includes(token));
    assert.ok(r.body.includes(`${email[0]}***@example.com`));
    assert.ok(!r.body.includes(email), 'the full address is not on the page');
    assert.ok(!r.body.includes('<b>Bold'), 'names are escaped');
  });

  test('unknown token 404 page, used or expired 200 "no longer valid", too long 422, none 404', async () => {
    const { a, rid } = await relationship();
    const { invite: inv, token } = await invite(a, rid);
    const get = (q: string) => t.app.inject({ method: 'GET', url: `/project-inside/signup${q}` });
    const unknown = await get(`?token=${randomBytes(32).toString('base64url')}`);
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /not valid/);
    assert.equal((await get('')).statusCode, 404);
    assert.equal((await get(`?token=${'x'.repeat(129)}`)).statusCode, 422);
    await t.runtime.db.sql.executeSql(`UPDATE project_inside.invites SET expires_at = now() - interval '1 second' WHERE id = $1`, [inv.id]);
    const expired = await get(`?token=${token}`);
    assert.equal(expired.statusCode, 200);
    assert.match(expired.body, /can no longer be used/);
    assert.ok(!expired.body.includes(token), 'a dead code is not shown again');
  });
});

describe('bad input', () => {
  test('create: bad e-mail, long role/message, unknown keys dropped → 422 naming the field; nothing stored', async () => {
    const { a, rid } = await relationship();
    for (const [payload, field] of [
      [{ email: 'not-an-email' }, 'email'],
      [{}, 'email'],
      [{ email: uniqueEmail(), role: 'x'.repeat(51) }, 'role'],
      [{ email: uniqueEmail(), message: 'x'.repeat(501) }, 'message'],
      [{ email: uniqueEmail(), message: 'Claim your prize at https://evil.example/x' }, 'message'],
      [{ email: uniqueEmail(), message: 'see www.evil.example' }, 'message'],
      [{ email: uniqueEmail(), role: 3 }, 'role'],
    ] as const) {
      const r = await call(a, 'POST', `/relationships/${rid}/invites`, payload);
      assert.equal(r.statusCode, 422, r.body);
      assert.ok(
        (r.json().detail as { loc: string[] }[]).some((d) => d.loc[0] === 'body' && d.loc[1] === field),
        r.body,
      );
    }
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM project_inside.invites WHERE relationship_id = $1`, [rid]);
    assert.equal(rows[0]!.n, 0);
  });

  test('inviting a current member → 409, no mail', async () => {
    const { a, rid } = await relationship();
    const b = await user();
    await call(a, 'DELETE', `/relationships/${rid}`);
    const rel = await call(a, 'POST', '/relationships', { type: 'friend', member_ids: [b.id] });
    const rid2 = rel.json().id as string;
    assert.equal((await call(b, 'POST', `/relationships/${rid2}/accept`)).statusCode, 200);
    for (const email of [b.email.toUpperCase(), a.email]) {
      const r = await call(a, 'POST', `/relationships/${rid2}/invites`, { email });
      assert.equal(r.statusCode, 409, r.body);
    }
    assert.equal(mailTo(b.email).length, 0);
  });

  test('validate/accept: missing or empty token → 422; signup with an unknown, expired or ended invite → 400 and no user', async () => {
    assert.equal((await call(null, 'GET', '/relationships/invites/validate')).statusCode, 422);
    assert.equal((await call(null, 'GET', '/relationships/invites/validate?token=')).statusCode, 422);
    const u = await user();
    assert.equal((await call(u, 'POST', '/relationships/invites/accept', {})).statusCode, 422);
    assert.equal((await call(u, 'POST', '/relationships/invites/accept', { token: 'nope' })).statusCode, 400);

    const { a, rid } = await relationship();
    const { invite: expired, token: expiredToken } = await invite(a, rid);
    await t.runtime.db.sql.executeSql(`UPDATE project_inside.invites SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
    const endedEmail = uniqueEmail('ended');
    const { token: endedToken } = await invite(a, rid, { email: endedEmail });
    const { token: endedForU } = await invite(a, rid, { email: u.email });
    for (const token of ['unknown-token', expiredToken]) {
      const email = uniqueEmail('refused');
      const r = await signup('X', email, token);
      assert.equal(r.statusCode, 400, r.body);
      assert.deepEqual(r.json(), { detail: 'Invalid or expired invite token' });
      const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM identity.users WHERE lower(email) = lower($1)`, [email]);
      assert.equal(rows[0]!.n, 0);
    }
    await call(a, 'DELETE', `/relationships/${rid}`);
    assert.equal((await call(null, 'GET', `/relationships/invites/validate?token=${endedToken}`)).json().valid, false);
    assert.equal((await signup('X', endedEmail, endedToken)).statusCode, 400);
    assert.equal((await call(u, 'POST', '/relationships/invites/accept', { token: endedForU })).statusCode, 400);
  });

  test('malformed ids → 422; an invite of another relationship → 404 on /link', async () => {
    const { a, rid } = await relationship();
    const { a: other, rid: otherRid } = await relationship();
    const { invite: foreign } = await invite(other, otherRid);
    assert.equal((await call(a, 'GET', `/relationships/${rid}/invites/not-a-uuid/link`)).statusCode, 422);
    assert.equal((await call(a, 'GET', `/relationships/bad/invites`)).statusCode, 422);
    assert.equal((await call(a, 'GET', `/relationships/${rid}/invites?limit=0`)).statusCode, 422);
    const r = await call(a, 'GET', `/relationships/${rid}/invites/${foreign.id}/link`);
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), { detail: 'Invite not found' });
  });
});

describe('wrong user', () => {
  test('no credentials → 401 on the member routes and accept', async () => {
    const { a, rid } = await relationship();
    const { invite: inv } = await invite(a, rid);
    assert.equal((await call(null, 'POST', `/relationships/${rid}/invites`, { email: uniqueEmail() })).statusCode, 401);
    assert.equal((await call(null, 'GET', `/relationships/${rid}/invites`)).statusCode, 401);
    assert.equal((await call(null, 'GET', `/relationships/${rid}/invites/${inv.id}/link`)).statusCode, 401);
    assert.equal((await call(null, 'POST', '/relationships/invites/accept', { token: 'x' })).statusCode, 401);
  });

  test('a non-member → 403 with none of the data, nothing created', async () => {
    const { a, rid } = await relationship();
    const { invite: inv, token } = await invite(a, rid);
    const stranger = await user();
    const before = t.outbox.length;
    const create = await call(stranger, 'POST', `/relationships/${rid}/invites`, { email: uniqueEmail() });
    assert.equal(create.statusCode, 403);
    const list = await call(stranger, 'GET', `/relationships/${rid}/invites`);
    assert.equal(list.statusCode, 403);
    assert.doesNotMatch(list.body, new RegExp(inv.email));
    const link = await call(stranger, 'GET', `/relationships/${rid}/invites/${inv.id}/link`);
    assert.equal(link.statusCode, 403);
    assert.ok(!link.body.includes(token));
    assert.equal(t.outbox.length, before);
    const { rows } = await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM project_inside.invites WHERE relationship_id = $1`, [rid]);
    assert.equal(rows[0]!.n, 1);
  });
});

describe('rate limit', () => {
  test('validate answers 429 past PROJECT_INSIDE_RATE_LIMIT_LOOKUPS_PER_CLIENT per client per minute', async () => {
    const limited = await startTestApp({
      products: ['project-inside'],
      jobs: false,
      env: { ...DEFAULT_LIMITS_ENV, PROJECT_INSIDE_RATE_LIMIT_LOOKUPS_PER_CLIENT: '3/60' },
    });
    try {
      const ip = `10.${[1, 2, 3].map(() => randomBytes(1)[0]).join('.')}`;
      const get = (remoteAddress: string) =>
        limited.app.inject({ method: 'GET', url: `${P}/relationships/invites/validate?token=${randomBytes(8).toString('hex')}`, remoteAddress });
      for (let i = 0; i < 3; i++) assert.equal((await get(ip)).statusCode, 404);
      const over = await get(ip);
      assert.equal(over.statusCode, 429, over.body);
      assert.ok(over.headers['retry-after']);
      assert.equal(typeof over.json().detail, 'string');
      // Another client has its own allowance.
      assert.equal((await get(`10.${[1, 2, 3].map(() => randomBytes(1)[0]).join('.')}`)).statusCode, 404);
    } finally {
      await limited.close();
    }
  });
});
