// GET /books/{id}/audio — the QR code's link: recorded once through the AI voice (a fake OpenAI-compatible server),
// kept until the story changes, byte ranges for mobile players; open without a token only once purchased — works,
// bad input, wrong user, no speech engine, failures never a 500, deleted with the book and the account.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../../../test/helpers/app.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../../../test/helpers/fake-openai.js';
import { P, call, mmCtx, newSuperuser, newUser, startMemoryMaker } from '../../../../test/helpers/memory-maker.js';
import { books } from '../db.js';
import { byteRange, narrationKey } from './narration.service.js';

let t: TestApp;
let fake: FakeOpenAi;
before(async () => {
  fake = await startFakeOpenAi();
  t = await startMemoryMaker({
    jobs: false,
    env: {
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: 'sk-test',
      AI_TIMEOUT_MS: '2000',
      AI_SPEECH_VOICE: 'nova',
      RATE_LIMIT_SCALE: '1',
      MEMORY_MAKER_RATE_LIMIT_NARRATIONS_PER_CLIENT: '3/3600',
    },
  });
});
after(async () => {
  await t.close();
  await fake.close();
});

const PAGES = [
  { text: 'Mia found a tiny dinosaur under her bed.', image_prompt: 'a dinosaur' },
  { text: 'Together they flew to the moon and back before breakfast.', image_prompt: 'the moon' },
];

/** A book of `owner` with a finished story (generation itself is covered by its own tests). */
async function storyBook(owner: { token: string }, o: { purchased?: boolean; generated?: boolean } = {}): Promise<string> {
  const r = await call(t, owner, 'POST', '/books', { title: 'Mia and the Moon', content: {}, status: 'draft' });
  assert.equal(r.statusCode, 201, r.body);
  const id = (r.json() as { id: string }).id;
  const now = new Date();
  await mmCtx(t)
    .db.dz.update(books)
    .set({
      content: { pages: PAGES },
      ...(o.generated === false ? {} : { status: o.purchased ? 'purchased' : 'generated', generatedAt: now }),
      ...(o.purchased ? { purchasedAt: now } : {}),
    })
    .where(eq(books.id, id));
  return id;
}

const speechCalls = () => fake.requests.filter((r) => r.path.endsWith('/audio/speech'));
const listen = (bookId: string, o: { token?: string; range?: string; ip?: string } = {}) =>
  t.app.inject({
    method: 'GET',
    url: `${P}/books/${bookId}/audio`,
    headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.range ? { range: o.range } : {}) },
    ...(o.ip ? { remoteAddress: o.ip } : {}),
  });
const octet = () => 1 + Math.floor(Math.random() * 250);
const freshIp = () => `10.${octet()}.${octet()}.${octet()}`;

function appException(r: { statusCode: number; json(): unknown; body: string }, status: number, code: string) {
  assert.equal(r.statusCode, status, r.body);
  const b = r.json() as { status_code: number; error_code: string; message: string };
  assert.equal(b.status_code, status);
  assert.equal(b.error_code, code);
  assert.ok(b.message.length > 0);
}

describe('works', () => {
  test('the owner hears the title and every page; recorded once, then replayed from storage', async () => {
    fake.answer('ok');
    const u = await newUser(t);
    const id = await storyBook(u);
    const before = speechCalls().length;
    const r = await listen(id, { token: u.token });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['content-type'], 'audio/mpeg');
    assert.equal(r.headers['accept-ranges'], 'bytes');
    const text = r.rawPayload.toString();
    assert.match(text, /^ID3fake-mp3:nova:Mia and the Moon\./);
    for (const p of PAGES) assert.ok(text.includes(p.text), p.text);
    assert.equal(speechCalls().length, before + 1);

    const again = await listen(id, { token: u.token });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.rawPayload, r.rawPayload);
    assert.equal(speechCalls().length, before + 1, 'the second listen is not recorded again');
  });

  test('byte ranges: 206 with Content-Range; a range past the end → 416', async () => {
    const u = await newUser(t);
    const id = await storyBook(u);
    const whole = (await listen(id, { token: u.token })).rawPayload;
    const first = await listen(id, { token: u.token, range: 'bytes=0-9' });
    assert.equal(first.statusCode, 206);
    assert.equal(first.headers['content-range'], `bytes 0-9/${whole.length}`);
    assert.deepEqual(first.rawPayload, whole.subarray(0, 10));
    const tail = await listen(id, { token: u.token, range: 'bytes=-5' });
    assert.equal(tail.statusCode, 206);
    assert.deepEqual(tail.rawPayload, whole.subarray(whole.length - 5));
    const open = await listen(id, { token: u.token, range: 'bytes=10-' });
    assert.deepEqual(open.rawPayload, whole.subarray(10));
    const past = await listen(id, { token: u.token, range: `bytes=${whole.length + 10}-` });
    assert.equal(past.statusCode, 416);
    assert.equal(past.headers['content-range'], `bytes */${whole.length}`);
    assert.equal((await listen(id, { token: u.token, range: 'pages=1-2' })).statusCode, 200, 'another unit: the whole file');
  });

  test('a purchased book plays without a token (the printed QR code); a changed story is recorded again', async () => {
    const u = await newUser(t);
    const id = await storyBook(u, { purchased: true });
    const r = await listen(id, { ip: freshIp() });
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(r.rawPayload.toString().includes(PAGES[1]!.text));

    const changed = await call(t, u, 'PUT', `/books/${id}`, { content: { pages: [{ text: 'A brand new ending under the stars.' }] } });
    assert.equal(changed.statusCode, 200, changed.body);
    const before = speechCalls().length;
    const after2 = await listen(id, { ip: freshIp() });
    assert.equal(after2.statusCode, 200);
    assert.match(after2.rawPayload.toString(), /A brand new ending under the stars\./);
    assert.ok(!after2.rawPayload.toString().includes(PAGES[0]!.text));
    assert.equal(speechCalls().length, before + 1);
  });

  test('deleting the book, or erasing the account, deletes the recording', async () => {
    const u = await newUser(t);
    const a = await storyBook(u);
    const b = await storyBook(u);
    for (const id of [a, b]) assert.equal((await listen(id, { token: u.token })).statusCode, 200);
    assert.ok(await mmCtx(t).storage.get(narrationKey(a)));
    assert.equal((await call(t, u, 'DELETE', `/books/${a}`)).statusCode, 204);
    assert.equal(await mmCtx(t).storage.get(narrationKey(a)), undefined);
    const erase = await call(t, u, 'DELETE', '/users/me');
    assert.ok(erase.statusCode === 200 || erase.statusCode === 204, erase.body);
    assert.equal(await mmCtx(t).storage.get(narrationKey(b)), undefined);
  });
});

describe('rejects bad input', () => {
  test('a malformed id → 422; an unknown one → 404; a book without a story yet → 409', async () => {
    const u = await newUser(t);
    assert.equal((await listen('not-a-uuid', { token: u.token })).statusCode, 422);
    appException(await listen('00000000-0000-4000-8000-000000000000', { token: u.token }), 404, 'book_not_found');
    const draft = await storyBook(u, { generated: false });
    appException(await listen(draft, { token: u.token }), 409, 'book_not_generated');
  });

  test('the speech server failing → 503 with a reason, never a 500, and nothing is stored', async () => {
    const u = await newUser(t);
    const id = await storyBook(u);
    fake.answer({ status: 500 });
    try {
      appException(await listen(id, { token: u.token }), 503, 'narration_unavailable');
      assert.equal(await mmCtx(t).storage.get(narrationKey(id)), undefined);
    } finally {
      fake.answer('ok');
    }
    assert.equal((await listen(id, { token: u.token })).statusCode, 200, 'works once the server is back');
  });

  test('recordings are limited per client (AI cost); replays are not', async () => {
    const ip = freshIp();
    const u = await newUser(t);
    const ids = [
      await storyBook(u, { purchased: true }),
      await storyBook(u, { purchased: true }),
      await storyBook(u, { purchased: true }),
      await storyBook(u, { purchased: true }),
    ];
    for (const id of ids.slice(0, 3)) assert.equal((await listen(id, { ip })).statusCode, 200);
    appException(await listen(ids[3]!, { ip }), 429, 'rate_limited');
    assert.equal((await listen(ids[0]!, { ip })).statusCode, 200, 'a recorded book still plays');
  });
});

describe('refuses the wrong user', () => {
  test('before purchase: no token → 404, another user → 404, a bad token → 401; a superuser may listen', async () => {
    const u = await newUser(t);
    const other = await newUser(t);
    const id = await storyBook(u);
    appException(await listen(id, { ip: freshIp() }), 404, 'book_not_found');
    appException(await listen(id, { token: other.token }), 404, 'book_not_found');
    assert.equal((await listen(id, { token: 'garbage' })).statusCode, 401);
    assert.equal((await listen(id, { token: (await newSuperuser(t)).token })).statusCode, 200);
  });
});

describe('offline', () => {
  test('without a speech engine → 503 naming the settings, never a stub recording', async () => {
    const off = await startMemoryMaker({ jobs: false });
    try {
      const u = await newUser(off);
      const r = await call(off, u, 'POST', '/books', { title: 'Quiet', content: {}, status: 'draft' });
      const id = (r.json() as { id: string }).id;
      await mmCtx(off)
        .db.dz.update(books)
        .set({ content: { pages: PAGES }, status: 'generated', generatedAt: new Date() })
        .where(eq(books.id, id));
      const a = await off.app.inject({ method: 'GET', url: `${P}/books/${id}/audio`, headers: { authorization: `Bearer ${u.token}` } });
      assert.equal(a.statusCode, 503, a.body);
      assert.match((a.json() as { message: string }).message, /OPENAI_API_KEY/);
    } finally {
      await off.close();
    }
  });
});

test('byteRange', () => {
  assert.equal(byteRange(undefined, 100), undefined);
  assert.deepEqual(byteRange('bytes=0-0', 100), [0, 0]);
  assert.deepEqual(byteRange('bytes=90-200', 100), [90, 99]);
  assert.deepEqual(byteRange('bytes=-200', 100), [0, 99]);
  assert.equal(byteRange('bytes=100-', 100), 'unsatisfiable');
  assert.equal(byteRange('bytes=5-2', 100), 'unsatisfiable');
  assert.equal(byteRange('bytes=-0', 100), 'unsatisfiable');
  assert.equal(byteRange('bytes=0-1,5-6', 100), undefined);
});
