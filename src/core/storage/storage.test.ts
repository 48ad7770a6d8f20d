// Storage port: local disk on a temp dir, key validation, and the S3 adapter against a small fake S3 server.
import { test, before, after, beforeEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { assertKey, localStorage, type Storage } from './port.js';
import { s3Storage } from './s3.js';

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

const BAD_KEYS = [
  '',
  '..',
  '../escape',
  'a/../../escape',
  'a/..',
  '/etc/passwd',
  '/leading',
  'a//b',
  'a/',
  './a',
  'a/./b',
  '.hidden',
  '-dash-first',
  'a\\..\\b',
  'with space',
  'nul\0byte',
  'line\nbreak',
  'ü-unicode',
  'x'.repeat(502),
];
const GOOD_KEYS = ['a', 'users/42/avatar.png', 'books/7/page-01_v2.JPG', 'a.b.c', 'x'.repeat(501)];

describe('assertKey', () => {
  for (const key of BAD_KEYS) {
    test(`refuses ${JSON.stringify(key.length > 40 ? `${key.slice(0, 10)}…(${key.length})` : key)}`, () => {
      assert.throws(() => assertKey(key), /invalid storage key/);
    });
  }
  test('accepts ordinary keys', () => {
    for (const key of GOOD_KEYS) assert.doesNotThrow(() => assertKey(key), key);
  });
});

/** Behaviour both adapters promise. */
function contract(name: string, make: () => Storage) {
  describe(`${name}: the Storage contract`, () => {
    test('put then get returns the same bytes, content type and size', async () => {
      const s = make();
      const body = randomBytes(4096);
      body[0] = 0;
      body[1] = 0xff;
      await s.put('contract/one.bin', body, 'application/octet-stream');
      const got = await s.get('contract/one.bin');
      assert.ok(got, 'object found');
      assert.equal(got.contentType, 'application/octet-stream');
      assert.equal(got.size, body.length);
      assert.deepEqual(await readAll(got.body), body);
    });

    test('an empty object round-trips', async () => {
      const s = make();
      await s.put('contract/empty.txt', Buffer.alloc(0), 'text/plain');
      const got = await s.get('contract/empty.txt');
      assert.ok(got);
      assert.equal(got.size, 0);
      assert.equal((await readAll(got.body)).length, 0);
    });

    test('put of a stream stores the same bytes and content type', async () => {
      const s = make();
      const chunks = [randomBytes(7), randomBytes(3000), randomBytes(20000)];
      await s.put('contract/stream.bin', Readable.from(chunks), 'audio/wav');
      const got = await s.get('contract/stream.bin');
      assert.ok(got);
      assert.deepEqual(await readAll(got.body), Buffer.concat(chunks));
      assert.equal(got.contentType, 'audio/wav');
    });

    test('a stream that fails part-way stores nothing and the put rejects', async () => {
      const s = make();
      async function* broken() {
        yield Buffer.from('the first part arrived');
        throw new Error('client went away');
      }
      await assert.rejects(s.put('contract/broken.bin', Readable.from(broken()), 'audio/wav'), /client went away/);
      assert.equal(await s.get('contract/broken.bin'), undefined);
    });

    test('put overwrites body and content type', async () => {
      const s = make();
      await s.put('contract/over.txt', Buffer.from('first version, longer'), 'text/plain');
      await s.put('contract/over.txt', Buffer.from('second'), 'text/markdown');
      const got = await s.get('contract/over.txt');
      assert.ok(got);
      assert.equal(got.contentType, 'text/markdown');
      assert.equal(got.size, 6);
      assert.equal((await readAll(got.body)).toString(), 'second');
    });

    test('get of a missing key is undefined', async () => {
      assert.equal(await make().get(`contract/missing-${randomBytes(4).toString('hex')}.png`), undefined);
    });

    test('delete removes the object; deleting again is fine', async () => {
      const s = make();
      await s.put('contract/gone.txt', Buffer.from('bye'), 'text/plain');
      assert.ok(await s.get('contract/gone.txt').then(async (g) => g && (await readAll(g.body)).length === 3));
      await s.delete('contract/gone.txt');
      assert.equal(await s.get('contract/gone.txt'), undefined);
      await s.delete('contract/gone.txt');
      await s.delete('contract/never-existed.txt');
    });

    test('keys are independent', async () => {
      const s = make();
      await s.put('contract/k/a', Buffer.from('A'), 'text/plain');
      await s.put('contract/k/b', Buffer.from('B'), 'text/csv');
      await s.delete('contract/k/a');
      assert.equal(await s.get('contract/k/a'), undefined);
      const b = await s.get('contract/k/b');
      assert.ok(b);
      assert.equal(b.contentType, 'text/csv');
      assert.equal((await readAll(b.body)).toString(), 'B');
    });

    test('invalid keys are refused by put, get and delete', async () => {
      const s = make();
      for (const key of ['../escape', '/abs', 'a//b', 'a/../b', '']) {
        await assert.rejects(s.put(key, Buffer.from('x'), 'text/plain'), /invalid storage key/, key);
        await assert.rejects(s.get(key), /invalid storage key/, key);
        await assert.rejects(s.delete(key), /invalid storage key/, key);
      }
    });
  });
}

describe('localStorage on a temp dir', () => {
  let dir: string;
  let root: string;
  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'quintet-storage-'));
    root = path.join(dir, 'files');
    await fsp.mkdir(root);
  });
  after(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  test('kind is local', () => {
    assert.equal(localStorage(root).kind, 'local');
  });

  contract('localStorage', () => localStorage(root));

  test('objects live under the root, nested keys create folders, and no temp files are left', async () => {
    const s = localStorage(root);
    await s.put('users/42/avatar.png', Buffer.from('png-bytes'), 'image/png');
    assert.equal(await fsp.readFile(path.join(root, 'users/42/avatar.png'), 'utf8'), 'png-bytes');
    const names = await fsp.readdir(path.join(root, 'users/42'));
    assert.deepEqual(
      names.filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  test('a refused key writes nothing outside the root', async () => {
    const s = localStorage(root);
    await assert.rejects(s.put('../escape.txt', Buffer.from('x'), 'text/plain'));
    await assert.rejects(s.put('/escape-abs.txt', Buffer.from('x'), 'text/plain'));
    assert.equal(fs.existsSync(path.join(dir, 'escape.txt')), false);
    assert.equal(fs.existsSync('/escape-abs.txt'), false);
  });

  test('a key that is only a folder of other objects is not an object', async () => {
    const s = localStorage(root);
    await s.put('folder/inner.txt', Buffer.from('inside'), 'text/plain');
    assert.equal(await s.get('folder'), undefined);
  });

  test('a second storage on the same root sees the same objects (state is on disk)', async () => {
    await localStorage(root).put('shared/x.json', Buffer.from('{"a":1}'), 'application/json');
    const got = await localStorage(root).get('shared/x.json');
    assert.ok(got);
    assert.equal(got.contentType, 'application/json');
    assert.equal((await readAll(got.body)).toString(), '{"a":1}');
  });

  test('concurrent puts of the same key both succeed and leave one complete version', async () => {
    const s = localStorage(root);
    const a = Buffer.alloc(256 * 1024, 'a');
    const b = Buffer.alloc(256 * 1024, 'b');
    await Promise.all([s.put('race/same.bin', a, 'application/octet-stream'), s.put('race/same.bin', b, 'application/octet-stream')]);
    const got = await s.get('race/same.bin');
    assert.ok(got);
    const body = await readAll(got.body);
    assert.ok(body.equals(a) || body.equals(b), 'one whole version, not a mix');
    const names = await fsp.readdir(path.join(root, 'race'));
    assert.deepEqual(
      names.filter((n) => n.endsWith('.tmp')),
      [],
    );
  });
});

// ---- S3 adapter against a fake S3 (path-style) ----

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

describe('s3Storage against a fake S3 server', () => {
  const BUCKET = 'quintet-test';
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const uploads = new Map<string, { key: string; contentType: string; parts: Map<number, Buffer> }>();
  const seen: Seen[] = [];
  let failWith: number | undefined;
  let server: http.Server;
  let endpoint: string;

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
        const url = new URL(req.url ?? '/', 'http://fake');
        const prefix = `/${BUCKET}/`;
        if (failWith) {
          res.writeHead(failWith, { 'content-type': 'application/xml' });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
          return;
        }
        if (!url.pathname.startsWith(prefix)) {
          res.writeHead(404, { 'content-type': 'application/xml' });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>');
          return;
        }
        const key = decodeURIComponent(url.pathname.slice(prefix.length));
        const uploadId = url.searchParams.get('uploadId');
        const xml = (body: string) => {
          res.writeHead(200, { 'content-type': 'application/xml' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
        };
        if (req.method === 'POST' && url.searchParams.has('uploads')) {
          const id = `up-${uploads.size + 1}-${Date.now()}`;
          uploads.set(id, { key, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'), parts: new Map() });
          xml(`<InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
          return;
        }
        if (req.method === 'PUT' && uploadId) {
          const body = Buffer.concat(chunks);
          uploads.get(uploadId)!.parts.set(Number(url.searchParams.get('partNumber')), body);
          res.writeHead(200, { etag: `"part-${url.searchParams.get('partNumber')}"` });
          res.end();
          return;
        }
        if (req.method === 'POST' && uploadId) {
          const up = uploads.get(uploadId)!;
          const ordered = [...up.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
          objects.set(up.key, { body: Buffer.concat(ordered), contentType: up.contentType });
          uploads.delete(uploadId);
          xml(`<CompleteMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>${key}</Key><ETag>"done"</ETag></CompleteMultipartUploadResult>`);
          return;
        }
        if (req.method === 'DELETE' && uploadId) {
          uploads.delete(uploadId);
          res.writeHead(204);
          res.end();
          return;
        }
        if (req.method === 'PUT') {
          const body = Buffer.concat(chunks);
          objects.set(key, { body, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream') });
          res.writeHead(200, { etag: `"${body.length.toString(16)}"` });
          res.end();
        } else if (req.method === 'GET') {
          const o = objects.get(key);
          if (!o) {
            res.writeHead(404, { 'content-type': 'application/xml' });
            res.end(
              `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key></Error>`,
            );
            return;
          }
          res.writeHead(200, { 'content-type': o.contentType, 'content-length': o.body.length, etag: '"x"' });
          res.end(o.body);
        } else if (req.method === 'DELETE') {
          objects.delete(key);
          res.writeHead(204);
          res.end();
        } else {
          res.writeHead(405);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    seen.length = 0;
    failWith = undefined;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const make = () =>
    s3Storage({ bucket: BUCKET, endpoint, region: 'us-east-1', accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret', forcePathStyle: true });

  test('kind is s3', () => {
    assert.equal(make().kind, 's3');
  });

  contract('s3Storage', make);

  test('requests are path-style, signed with the given credentials and region', async () => {
    const s = make();
    await s.put('users/42/avatar.png', Buffer.from('png-bytes'), 'image/png');
    assert.deepEqual(objects.get('users/42/avatar.png'), { body: Buffer.from('png-bytes'), contentType: 'image/png' });
    const got = await s.get('users/42/avatar.png');
    assert.ok(got);
    await readAll(got.body);
    await s.delete('users/42/avatar.png');
    assert.equal(objects.has('users/42/avatar.png'), false);
    assert.deepEqual(
      seen.map((r) => `${r.method} ${new URL(r.url, 'http://fake').pathname}`),
      ['PUT /quintet-test/users/42/avatar.png', 'GET /quintet-test/users/42/avatar.png', 'DELETE /quintet-test/users/42/avatar.png'],
    );
    for (const r of seen) {
      assert.match(String(r.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/s3\/aws4_request/);
    }
  });

  test('a stream larger than a part is uploaded in parts, one part in memory at a time; a failure aborts the upload', async () => {
    const s = s3Storage({
      bucket: BUCKET,
      endpoint,
      region: 'us-east-1',
      accessKeyId: 'AKIDTEST',
      secretAccessKey: 'test-secret',
      forcePathStyle: true,
      partSizeBytes: 1000,
    });
    const chunks = Array.from({ length: 5 }, () => randomBytes(600));
    await s.put('voice/long.wav', Readable.from(chunks), 'audio/wav');
    assert.deepEqual(objects.get('voice/long.wav'), { body: Buffer.concat(chunks), contentType: 'audio/wav' });
    const steps = seen.map((r) => {
      const u = new URL(r.url, 'http://fake');
      return `${r.method} ${u.searchParams.has('uploads') ? 'create' : u.searchParams.has('partNumber') ? `part ${u.searchParams.get('partNumber')}` : u.searchParams.has('uploadId') ? 'complete' : 'object'}`;
    });
    assert.deepEqual(steps, ['POST create', 'PUT part 1', 'PUT part 2', 'PUT part 3', 'POST complete']);
    assert.equal(uploads.size, 0);

    seen.length = 0;
    async function* broken() {
      for (let i = 0; i < 3; i++) yield randomBytes(600);
      throw new Error('client went away');
    }
    await assert.rejects(s.put('voice/broken.wav', Readable.from(broken()), 'audio/wav'), /client went away/);
    assert.equal(objects.has('voice/broken.wav'), false);
    assert.equal(uploads.size, 0, 'the multipart upload was aborted');
    assert.equal(seen.at(-1)!.method, 'DELETE');
  });

  test('invalid keys never reach the server', async () => {
    const s = make();
    await assert.rejects(s.put('../x', Buffer.from('x'), 'text/plain'), /invalid storage key/);
    await assert.rejects(s.get('/x'), /invalid storage key/);
    assert.equal(seen.length, 0);
  });

  test('errors other than a missing key are not hidden as "missing"', async () => {
    const s = make();
    failWith = 403;
    await assert.rejects(s.get('users/1/private.png'), (e: unknown) => {
      assert.equal((e as { name?: string }).name, 'AccessDenied');
      return true;
    });
    await assert.rejects(s.put('users/1/private.png', Buffer.from('x'), 'image/png'));
  });
});
