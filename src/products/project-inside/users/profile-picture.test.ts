// Profile picture rules: URLs, app paths, data URLs (size, base64, magic bytes) and everything else refused.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkProfilePicture } from './profile-picture.js';
import { PICTURE_MAX_BYTES } from './users.schemas.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const dataUrl = (type: string, bytes: Buffer) => `data:image/${type};base64,${bytes.toString('base64')}`;

describe('accepted', () => {
  test('http(s) URLs, app image paths, and real images as data URLs up to the limit', () => {
    for (const v of [
      'https://cdn.example.com/p/sam.png',
      'http://192.168.1.5:3000/x.jpg',
      '/avatar/intj-w.png',
      '/avatar/ENFP-m.JPG',
      '/img.webp',
      dataUrl('png', PNG),
      dataUrl('jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])),
      dataUrl('jpg', Buffer.from([0xff, 0xd8, 0xff, 0xdb])),
      dataUrl('gif', Buffer.from('GIF89a....')),
      dataUrl('webp', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')])),
      dataUrl('PNG', PNG),
      dataUrl('png', Buffer.concat([PNG, Buffer.alloc(PICTURE_MAX_BYTES - PNG.length)])),
    ]) {
      assert.deepEqual(checkProfilePicture(v), { ok: true }, v.slice(0, 60));
    }
  });
});

describe('refused', () => {
  test('other schemes, traversal, scripts, lies about the type, bad base64, too large', () => {
    const cases: [string, RegExp][] = [
      ['javascript:alert(1)', /http\(s\) URL/],
      ['ftp://example.com/a.png', /http\(s\) URL/],
      ['data:text/html;base64,PGgxPg==', /http\(s\) URL/],
      ['data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=', /http\(s\) URL/],
      ['/avatar/../secret.png', /app path/],
      ['/avatar/.hidden.png', /app path/],
      ['//evil.example/a.png', /app path/],
      ['/avatar/a.svg', /app path/],
      ['/avatar/a b.png', /app path/],
      ['avatar/a.png', /http\(s\) URL/],
      ['https://', /http\(s\) URL/],
      [dataUrl('png', Buffer.from('<script>alert(1)</script>')), /not a png image/],
      [dataUrl('gif', PNG), /not a gif image/],
      ['data:image/png;base64,', /base64/],
      ['data:image/png;base64,iVBORw0KGgo*', /base64/],
      ['data:image/png;base64,iVBORw0KGgoAA', /base64/],
      [dataUrl('png', Buffer.concat([PNG, Buffer.alloc(PICTURE_MAX_BYTES)])), /larger than 5 MB/],
      [`https://example.com/${'a'.repeat(2100)}.png`, /2048/],
    ];
    for (const [v, reason] of cases) {
      const r = checkProfilePicture(v);
      assert.equal(r.ok, false, v.slice(0, 60));
      assert.match((r as { reason: string }).reason, reason, v.slice(0, 60));
    }
  });
});
