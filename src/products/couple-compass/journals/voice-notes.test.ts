// Couple Compass voice notes: multipart upload through the storage port, duration from the file, transcription job;
// rejects non-audio, missing or oversize files; refuses other users (the partner may read a shared note only).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { startTestApp, bearer, type TestApp } from '../../../../test/helpers/app.js';
import { ccSignUp, linkCouple } from '../../../../test/helpers/couple-compass.js';
import { localStorage, type Storage } from '../../../core/storage/port.js';

const P = '/couple-compass/api/v1';
const NOT_FOUND = { message: 'Resource not found' };
const UPLOAD_LIMIT = 50_000;
/** Per user, in all: four of the 32 KB test notes fit, a fifth does not. */
const QUOTA = 150_000;

let t: TestApp;
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-voice-'));
/** What each `put` was handed: a stream (written as it arrives) or a whole buffer. */
const putBodies: ('stream' | 'buffer')[] = [];

before(async () => {
  const disk = localStorage(filesDir);
  const storage: Storage = {
    ...disk,
    put: (key, body, type) => {
      putBodies.push(Buffer.isBuffer(body) ? 'buffer' : body instanceof Readable ? 'stream' : 'buffer');
      return disk.put(key, body, type);
    },
  };
  t = await startTestApp({ env: { UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT), COUPLE_COMPASS_VOICE_NOTE_QUOTA_BYTES: String(QUOTA) }, overrides: { storage } });
});
after(async () => {
  await t.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

interface User {
  id: string;
  token: string;
}

interface VoiceNote {
  id: string;
  user_id: string;
  content_type: string;
  size_bytes: number;
  duration_seconds: number | null;
  transcript: string | null;
  transcript_status: string;
  visibility: string;
  download_url: string;
  created_at: string;
}

const signup = (name = 'Vi'): Promise<User> => ccSignUp(t, { name, tag: 'voice', password: 'correct-horse' });

async function couple(): Promise<[User, User]> {
  const a = await signup('Ann');
  const b = await signup('Ben');
  await linkCouple(t, a, b);
  return [a, b];
}

/** A PCM WAV: 8 kHz, 16-bit mono (byteRate 16000) with `dataBytes` of samples. */
function wav(dataBytes = 32_000): Buffer {
  const b = Buffer.alloc(44 + dataBytes);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + dataBytes, 4);
  b.write('WAVE', 8, 'latin1');
  b.write('fmt ', 12, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // channels
  b.writeUInt32LE(8000, 24); // sample rate
  b.writeUInt32LE(16_000, 28); // byte rate
  b.writeUInt16LE(2, 32); // block align
  b.writeUInt16LE(16, 34); // bits per sample
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(dataBytes, 40);
  for (let i = 44; i < b.length; i++) b[i] = (i * 7) & 0xff;
  return b;
}

interface Part {
  name: string;
  value: string | { bytes: Buffer; type: string; filename: string };
}

/** A multipart body built by the platform's own FormData encoder. */
async function multipart(parts: Part[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const fd = new FormData();
  for (const p of parts) {
    if (typeof p.value === 'string') fd.append(p.name, p.value);
    else fd.append(p.name, new Blob([new Uint8Array(p.value.bytes)], { type: p.value.type }), p.value.filename);
  }
  const req = new Request('http://x', { method: 'POST', body: fd });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

async function upload(u: User, parts: Part[]) {
  const body = await multipart(parts);
  return t.app.inject({ method: 'POST', url: `${P}/journals/voice-notes`, headers: { ...bearer(u.token), ...body.headers }, payload: body.payload });
}

async function uploadWav(u: User, visibility?: 'private' | 'shared', bytes = wav()): Promise<VoiceNote> {
  const r = await upload(u, [
    { name: 'file', value: { bytes, type: 'audio/wav', filename: 'note.wav' } },
    ...(visibility ? [{ name: 'visibility', value: visibility }] : []),
  ]);
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as VoiceNote;
}

async function noteCount(userId: string): Promise<number> {
  const { rows } = await t.runtime.db.sql.executeSql('SELECT count(*)::int AS n FROM couple_compass.voice_notes WHERE user_id = $1', [userId]);
  return rows[0]!.n as number;
}

/** Files the local storage adapter holds for this user's voice notes (audio and its `.meta` sidecar). */
function storedFiles(userId: string): string[] {
  const dir = path.join(filesDir, 'couple-compass', 'voice-notes', userId);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

async function get(u: User, url: string) {
  return t.app.inject({ method: 'GET', url, headers: bearer(u.token) });
}

describe('works', () => {
  test('upload a WAV → 201 with its duration, size and download url; listed and readable', async () => {
    const u = await signup();
    const bytes = wav();
    const v = await uploadWav(u, undefined, bytes);
    assert.equal(v.user_id, u.id);
    assert.equal(v.content_type, 'audio/wav');
    assert.equal(v.size_bytes, bytes.length);
    assert.equal(v.duration_seconds, 2);
    assert.equal(v.visibility, 'private');
    assert.equal(v.transcript_status, 'pending');
    assert.equal(v.download_url, `${P}/journals/voice-notes/${v.id}/download`);
    assert.deepEqual(storedFiles(u.id).sort(), [`${v.id}.wav`, `${v.id}.wav.meta`]);
    const obj = await t.runtime.storage.get(`couple-compass/voice-notes/${u.id}/${v.id}.wav`);
    assert.ok(obj, 'stored through the storage port');

    const list = await get(u, `${P}/journals/voice-notes`);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().map((x: VoiceNote) => x.id),
      [v.id],
    );
    const one = await get(u, `${P}/journals/voice-notes/${v.id}`);
    assert.equal(one.statusCode, 200);
    assert.equal(one.json().id, v.id);
    assert.equal(one.json().duration_seconds, 2);
  });

  test('the download url returns the exact bytes as audio/wav', async () => {
    const u = await signup();
    const bytes = wav(12_000);
    const v = await uploadWav(u, undefined, bytes);
    const r = await get(u, v.download_url);
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^audio\/wav\b/);
    assert.ok(Buffer.compare(r.rawPayload, bytes) === 0, `got ${r.rawPayload.length} bytes, sent ${bytes.length}`);
    assert.match(String(r.headers['content-disposition']), /attachment/);
  });

  test('the transcription job runs: the local engine leaves an empty, completed transcript', async () => {
    const u = await signup();
    const v = await uploadWav(u);
    const until = Date.now() + 20_000;
    let cur: VoiceNote = v;
    while (cur.transcript_status !== 'completed') {
      assert.ok(Date.now() < until, `transcript still ${cur.transcript_status}`);
      await new Promise((res) => setTimeout(res, 200));
      const r = await get(u, `${P}/journals/voice-notes/${v.id}`);
      assert.equal(r.statusCode, 200);
      cur = r.json();
      assert.notEqual(cur.transcript_status, 'failed');
    }
    assert.equal(cur.transcript, '');
  });

  test('voice notes are listed newest first and paginated; only mine', async () => {
    const u = await signup();
    const other = await signup();
    await uploadWav(other);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await uploadWav(u, undefined, wav(1000 * (i + 1)))).id);
    const all = await get(u, `${P}/journals/voice-notes`);
    assert.deepEqual(
      all.json().map((x: VoiceNote) => x.id),
      [...ids].reverse(),
    );
    const page = await get(u, `${P}/journals/voice-notes?limit=1&offset=1`);
    assert.deepEqual(
      page.json().map((x: VoiceNote) => x.id),
      [ids[1]],
    );
  });

  test('DELETE by the owner → 204; the note and its file are gone', async () => {
    const u = await signup();
    const v = await uploadWav(u);
    assert.ok(storedFiles(u.id).includes(`${v.id}.wav`));
    const del = await t.app.inject({ method: 'DELETE', url: `${P}/journals/voice-notes/${v.id}`, headers: bearer(u.token) });
    assert.equal(del.statusCode, 204);
    const dl = await get(u, v.download_url);
    assert.equal(dl.statusCode, 404);
    assert.deepEqual(dl.json(), NOT_FOUND);
    const one = await get(u, `${P}/journals/voice-notes/${v.id}`);
    assert.equal(one.statusCode, 404);
    assert.equal(await noteCount(u.id), 0);
    assert.deepEqual(storedFiles(u.id), []);
  });
});

describe('streamed to storage, within a per-user quota (issue 13)', () => {
  test('the upload reaches storage as a stream, never as a whole buffer', async () => {
    const u = await signup();
    putBodies.length = 0;
    const v = await uploadWav(u, undefined, wav(40_000));
    assert.deepEqual(putBodies, ['stream']);
    const dl = await get(u, `${P}/journals/voice-notes/${v.id}/download`);
    assert.equal(dl.statusCode, 200);
    assert.deepEqual(dl.rawPayload, wav(40_000), 'the stored file is the uploaded one, byte for byte');
    assert.equal(v.duration_seconds, 3, 'the duration still comes from the header and the full size');
  });

  test('past COUPLE_COMPASS_VOICE_NOTE_QUOTA_BYTES in all → 413, nothing stored; deleting a note frees room', async () => {
    const u = await signup();
    const notes: VoiceNote[] = [];
    for (let i = 0; i < 4; i++) notes.push(await uploadWav(u));
    const before = storedFiles(u.id).length;
    const r = await upload(u, [{ name: 'file', value: { bytes: wav(), type: 'audio/wav', filename: 'one-too-many.wav' } }]);
    assert.equal(r.statusCode, 413, r.body);
    assert.match(r.json().detail, /delete some/);
    assert.equal(await noteCount(u.id), 4);
    assert.equal(storedFiles(u.id).length, before);
    // Another user has their own quota.
    await uploadWav(await signup());
    assert.equal((await t.app.inject({ method: 'DELETE', url: `${P}/journals/voice-notes/${notes[0]!.id}`, headers: bearer(u.token) })).statusCode, 204);
    await uploadWav(u);
    assert.equal(await noteCount(u.id), 4);
  });
});

describe('rejects bad input', () => {
  test('a text file declared text/plain → 415, nothing stored', async () => {
    const u = await signup();
    const r = await upload(u, [{ name: 'file', value: { bytes: Buffer.from('hello, this is not audio'), type: 'text/plain', filename: 'note.txt' } }]);
    assert.equal(r.statusCode, 415, r.body);
    assert.equal(typeof r.json().detail, 'string');
    assert.equal(await noteCount(u.id), 0);
    assert.deepEqual(storedFiles(u.id), []);
  });

  test('a file declared audio/wav that holds text → 415, nothing stored', async () => {
    const u = await signup();
    const r = await upload(u, [
      { name: 'file', value: { bytes: Buffer.from('just some plain text pretending to be a wav file'), type: 'audio/wav', filename: 'fake.wav' } },
    ]);
    assert.equal(r.statusCode, 415, r.body);
    assert.equal(typeof r.json().detail, 'string');
    assert.equal(await noteCount(u.id), 0);
    assert.deepEqual(storedFiles(u.id), []);
  });

  test('no file part → 422 naming body.file', async () => {
    const u = await signup();
    const r = await upload(u, [{ name: 'visibility', value: 'shared' }]);
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(r.json().detail[0].loc, ['body', 'file']);
    assert.equal(r.json().detail[0].type, 'missing');
    assert.equal(await noteCount(u.id), 0);
  });

  test('a file under another field name is not taken as the file → 422', async () => {
    const u = await signup();
    const r = await upload(u, [{ name: 'audio', value: { bytes: wav(), type: 'audio/wav', filename: 'note.wav' } }]);
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(r.json().detail[0].loc, ['body', 'file']);
    assert.equal(await noteCount(u.id), 0);
  });

  test('a bad visibility → 422 naming body.visibility, nothing stored', async () => {
    const u = await signup();
    const r = await upload(u, [
      { name: 'visibility', value: 'public' },
      { name: 'file', value: { bytes: wav(), type: 'audio/wav', filename: 'note.wav' } },
    ]);
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(r.json().detail[0].loc, ['body', 'visibility']);
    assert.equal(await noteCount(u.id), 0);
    assert.deepEqual(storedFiles(u.id), []);
  });

  test('a file over UPLOAD_LIMIT_BYTES → 413, nothing stored', async () => {
    const u = await signup();
    const r = await upload(u, [{ name: 'file', value: { bytes: wav(60_000), type: 'audio/wav', filename: 'big.wav' } }]);
    assert.equal(r.statusCode, 413, r.body);
    assert.equal(await noteCount(u.id), 0);
    assert.deepEqual(storedFiles(u.id), []);
    // Just under the limit is fine.
    const ok = await upload(u, [{ name: 'file', value: { bytes: wav(UPLOAD_LIMIT - 44), type: 'audio/wav', filename: 'ok.wav' } }]);
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('not multipart → 422 naming body.file', async () => {
    const u = await signup();
    const r = await t.app.inject({ method: 'POST', url: `${P}/journals/voice-notes`, headers: bearer(u.token), payload: { file: 'UklGRg==' } });
    assert.equal(r.statusCode, 422, r.body);
    assert.deepEqual(r.json().detail[0].loc, ['body', 'file']);
    const none = await t.app.inject({ method: 'POST', url: `${P}/journals/voice-notes`, headers: bearer(u.token) });
    assert.equal(none.statusCode, 422, none.body);
    assert.equal(await noteCount(u.id), 0);
  });

  test('a malformed id → 422 naming voice_note_id on get, download and delete', async () => {
    const u = await signup();
    for (const [method, url] of [
      ['GET', `${P}/journals/voice-notes/nope`],
      ['GET', `${P}/journals/voice-notes/nope/download`],
      ['DELETE', `${P}/journals/voice-notes/nope`],
    ] as const) {
      const r = await t.app.inject({ method, url, headers: bearer(u.token) });
      assert.equal(r.statusCode, 422, `${method} ${url}: ${r.body}`);
      assert.deepEqual(r.json().detail[0].loc, ['path', 'voice_note_id']);
    }
  });
});

describe('refuses the wrong user', () => {
  test('no token → 401 on upload, list, get, download, delete', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const body = await multipart([{ name: 'file', value: { bytes: wav(), type: 'audio/wav', filename: 'note.wav' } }]);
    const cases: [string, string, object][] = [
      ['POST', `${P}/journals/voice-notes`, { headers: body.headers, payload: body.payload }],
      ['GET', `${P}/journals/voice-notes`, {}],
      ['GET', `${P}/journals/voice-notes/${id}`, {}],
      ['GET', `${P}/journals/voice-notes/${id}/download`, {}],
      ['DELETE', `${P}/journals/voice-notes/${id}`, {}],
    ];
    for (const [method, url, extra] of cases) {
      const r = await t.app.inject({ method: method as 'GET', url, ...extra });
      assert.equal(r.statusCode, 401, `${method} ${url}`);
    }
  });

  test('another user → 404 on get, download and delete; the note stays', async () => {
    const owner = await signup();
    const stranger = await signup();
    const v = await uploadWav(owner, 'shared');
    for (const url of [`${P}/journals/voice-notes/${v.id}`, v.download_url]) {
      const r = await get(stranger, url);
      assert.equal(r.statusCode, 404, url);
      assert.deepEqual(r.json(), NOT_FOUND);
    }
    const del = await t.app.inject({ method: 'DELETE', url: `${P}/journals/voice-notes/${v.id}`, headers: bearer(stranger.token) });
    assert.equal(del.statusCode, 404);
    assert.deepEqual(del.json(), NOT_FOUND);
    const list = await get(stranger, `${P}/journals/voice-notes`);
    assert.deepEqual(list.json(), []);
    assert.equal(await noteCount(owner.id), 1);
    assert.ok(storedFiles(owner.id).includes(`${v.id}.wav`));
  });

  test('the partner can read a shared note but not a private one, and can delete neither', async () => {
    const [a, b] = await couple();
    const bytes = wav(8000);
    const shared = await uploadWav(a, 'shared', bytes);
    const priv = await uploadWav(a, 'private');
    assert.equal(shared.visibility, 'shared');

    const one = await get(b, `${P}/journals/voice-notes/${shared.id}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().user_id, a.id);
    const dl = await get(b, shared.download_url);
    assert.equal(dl.statusCode, 200);
    assert.ok(Buffer.compare(dl.rawPayload, bytes) === 0);

    for (const url of [`${P}/journals/voice-notes/${priv.id}`, priv.download_url]) {
      const r = await get(b, url);
      assert.equal(r.statusCode, 404, url);
      assert.deepEqual(r.json(), NOT_FOUND);
    }
    for (const v of [shared, priv]) {
      const del = await t.app.inject({ method: 'DELETE', url: `${P}/journals/voice-notes/${v.id}`, headers: bearer(b.token) });
      assert.equal(del.statusCode, 404);
    }
    assert.equal(await noteCount(a.id), 2);
    // The partner's own list holds only the partner's notes.
    assert.deepEqual((await get(b, `${P}/journals/voice-notes`)).json(), []);
  });
});
