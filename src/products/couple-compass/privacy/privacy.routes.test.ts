// GDPR export and erase of a Couple Compass user: GET /api/v1/users/me/export holds my data and nothing of my
// partner's; DELETE /api/v1/users/me removes everything I wrote (my messages in our shared chats, voice files,
// journals, moods…), frees my partner, ends my sessions and sockets, and frees my e-mail.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp } from '../../../../test/helpers/couple-compass.js';
import { SocketSet } from '../../../../test/helpers/sockets.js';

const P = '/couple-compass/api/v1';
let t: TestApp;
let port: number;
const open = new SocketSet();

before(async () => {
  t = await startTestApp({ jobs: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
after(async () => {
  open.closeAll();
  await t.close();
});

interface User {
  id: string;
  email: string;
  token: string;
}

const signup = (name: string): Promise<User> => ccSignUp(t, { name, tag: 'privacy', password: 'correct-horse' });

const rest = (u: User, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `${P}${url}`, headers: bearer(u.token), ...(payload ? { payload } : {}) });

function wav(): Buffer {
  const data = Buffer.alloc(1600);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

async function uploadVoiceNote(u: User): Promise<string> {
  const fd = new FormData();
  fd.append('file', new Blob([wav()], { type: 'audio/wav' }), 'note.wav');
  fd.append('visibility', 'shared');
  const req = new Request('http://local', { method: 'POST', body: fd });
  const r = await t.app.inject({
    method: 'POST',
    url: `${P}/journals/voice-notes`,
    headers: { ...bearer(u.token), 'content-type': req.headers.get('content-type')! },
    payload: Buffer.from(await req.arrayBuffer()),
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id as string;
}

/**
 * Ann and Ben, linked. Each writes a mood, a shared journal and a voice note; Ben owns a chat both wrote in, Ann owns
 * one of her own. Every text carries its author's marker.
 */
async function household() {
  const ann = await signup('Ann Marker');
  const ben = await signup('Ben Marker');
  const code = (await rest(ann, 'POST', '/couples/invite')).json().code as string;
  assert.equal((await rest(ben, 'POST', '/couples/join', { code })).statusCode, 200);
  for (const [u, tag] of [
    [ann, 'ANN'],
    [ben, 'BEN'],
  ] as const) {
    assert.equal((await rest(u, 'POST', '/moods', { mood_level: 3, notes: `${tag}-mood` })).statusCode, 201);
    assert.equal((await rest(u, 'POST', '/journals', { content: `${tag}-journal`, visibility: 'shared' })).statusCode, 201);
  }
  const annNote = await uploadVoiceNote(ann);
  await uploadVoiceNote(ben);
  const bens = (await rest(ben, 'POST', '/chat/sessions', { title: 'BEN-session-title' })).json().id as string;
  const inv = await rest(ben, 'POST', `/chat/sessions/${bens}/invite-partner`);
  assert.equal((await rest(ann, 'POST', `/chat/invitations/${inv.json().id}/accept`)).statusCode, 200);
  await rest(ben, 'POST', `/chat/sessions/${bens}/messages`, { content: 'BEN-message' });
  await rest(ann, 'POST', `/chat/sessions/${bens}/messages`, { content: 'ANN-message-in-bens-chat' });
  await rest(ben, 'POST', `/chat/sessions/${bens}/summary`);
  const anns = (await rest(ann, 'POST', '/chat/sessions', { title: 'ANN-own-session' })).json().id as string;
  await rest(ann, 'POST', `/chat/sessions/${anns}/messages`, { content: 'ANN-solo-message' });
  return { ann, ben, bens, anns, annNote };
}

const count = async (q: string, params: unknown[]) => (await t.runtime.db.sql.executeSql(q, params)).rows[0]!.n as number;

describe('export (issue 13 #9)', () => {
  test('GET /users/me/export: my account, profile, moods, journals, voice notes, my sessions and messages — nothing of my partner’s', async () => {
    const { ann, ben, bens, anns } = await household();
    const r = await rest(ann, 'GET', '/users/me/export');
    assert.equal(r.statusCode, 200, r.body);
    const data = r.json();
    assert.equal(data.account.email, ann.email);
    const text = JSON.stringify(data);
    for (const mine of ['Ann Marker', 'ANN-mood', 'ANN-journal', 'ANN-message-in-bens-chat', 'ANN-own-session', 'ANN-solo-message', anns])
      assert.ok(text.includes(mine), `missing ${mine}`);
    for (const theirs of [ben.email, 'Ben Marker', 'BEN-mood', 'BEN-journal', 'BEN-message', 'BEN-session-title', ben.id])
      assert.ok(!text.includes(theirs), `leaks ${theirs}`);
    // My message in Ben's chat is there, but not his chat's title or summary.
    assert.ok(text.includes(bens));
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/users/me/export` })).statusCode, 401);
  });

  test('the product part of the export (also used by the CLI) holds nothing of the partner’s', async () => {
    const { ann, ben } = await household();
    const text = JSON.stringify(await t.runtime.privacy.exportUser('couple-compass', ann.id));
    for (const theirs of ['BEN-session-title', 'BEN-message', ben.id]) assert.ok(!text.includes(theirs), `leaks ${theirs}`);
  });
});

describe('erase (issue 13 #9)', () => {
  test('DELETE /users/me → 204: my messages in our shared chat, voice files, journals, moods go; my partner is free; sessions, sockets and e-mail are released', async () => {
    const { ann, ben, bens, anns, annNote } = await household();
    const key = ((await t.runtime.db.sql.executeSql('SELECT s3_url FROM couple_compass.voice_notes WHERE id = $1', [annNote])).rows[0] as { s3_url: string })
      .s3_url;
    assert.ok(await t.runtime.storage.get(key), 'the voice file exists before');
    const ws = new WebSocket(`ws://127.0.0.1:${port}${P}/chat/ws/${ann.id}?token=${encodeURIComponent(ann.token)}`);
    open.add(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', () => reject(new Error('refused')));
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

    const r = await rest(ann, 'DELETE', '/users/me');
    assert.equal(r.statusCode, 204, r.body);

    assert.equal(
      await count("SELECT count(*)::int AS n FROM couple_compass.chat_messages WHERE session_id = ANY($1::uuid[]) AND content LIKE 'ANN-%'", [[bens, anns]]),
      0,
      'my messages in shared chats',
    );
    for (const table of ['journals', 'mood_checkins', 'voice_notes', 'profiles', 'relationship_assessments', 'user_tips']) {
      assert.equal(await count(`SELECT count(*)::int AS n FROM couple_compass.${table} WHERE user_id = $1`, [ann.id]), 0, table);
    }
    assert.equal(await count('SELECT count(*)::int AS n FROM couple_compass.chat_sessions WHERE owner_id = $1 OR partner_id = $1', [ann.id]), 0);
    assert.equal(await t.runtime.storage.get(key), undefined, 'the voice file is gone');
    assert.equal(await count('SELECT count(*)::int AS n FROM identity.users WHERE id = $1', [ann.id]), 0);
    // Ben keeps his chat with his own message, and the counts follow.
    const history = (await rest(ben, 'GET', `/chat/sessions/${bens}/history`)).json() as { content: string; role: string }[];
    assert.ok(history.some((m) => m.content === 'BEN-message'));
    assert.ok(!history.some((m) => m.content.startsWith('ANN-')));
    assert.equal((await rest(ben, 'GET', `/chat/sessions/${bens}`)).json().message_count, history.length);
    assert.equal((await rest(ben, 'GET', '/partner/status')).json().has_partner, false);
    assert.equal(await closed, 1008);
    assert.equal((await rest(ann, 'GET', '/users/me')).statusCode, 401);
    const again = await t.app.inject({ method: 'POST', url: `${P}/auth/signup`, payload: { email: ann.email, password: 'correct-horse', name: 'Ann again' } });
    assert.equal(again.statusCode, 200, again.body);
  });

  test('the product part of the erase removes my messages from my partner’s chat', async () => {
    const { ann, bens } = await household();
    await t.runtime.privacy.eraseUser(t.runtime.db, t.runtime.identity, 'couple-compass', ann.id);
    assert.equal(await count("SELECT count(*)::int AS n FROM couple_compass.chat_messages WHERE session_id = $1 AND content LIKE 'ANN-%'", [bens]), 0);
  });

  test('without a token → 401, and nothing is erased', async () => {
    const u = await signup('Keep');
    assert.equal((await t.app.inject({ method: 'DELETE', url: `${P}/users/me` })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `${P}/users/me`, headers: bearer('x.y.z') })).statusCode, 401);
    assert.equal(await count('SELECT count(*)::int AS n FROM identity.users WHERE id = $1', [u.id]), 1);
  });
});
