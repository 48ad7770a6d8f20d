// Which profile pictures are accepted: an http(s) URL, an image path inside the app (its bundled avatars), or a
// small inline image as a data URL whose bytes really are the declared image type. Pure.
import { PICTURE_MAX_BYTES } from './users.schemas.js';

export type PictureCheck = { ok: true } | { ok: false; reason: string };

const RELATIVE = /^\/(?:[A-Za-z0-9_][A-Za-z0-9._~-]*\/)*[A-Za-z0-9_][A-Za-z0-9._~-]*\.(?:png|jpe?g|gif|webp)$/i;
const DATA_URL = /^data:image\/(png|jpeg|jpg|gif|webp);base64,/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The first bytes each declared type must start with. */
function matchesType(type: string, head: Buffer): boolean {
  switch (type) {
    case 'png':
      return head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'jpeg':
    case 'jpg':
      return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
    case 'gif':
      return head.subarray(0, 4).toString('latin1') === 'GIF8';
    case 'webp':
      return head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP';
    default:
      return false;
  }
}

export function checkProfilePicture(value: string): PictureCheck {
  const data = DATA_URL.exec(value);
  if (data) {
    const b64 = value.slice(data[0].length);
    if (b64.length === 0 || b64.length % 4 !== 0 || !BASE64.test(b64)) return { ok: false, reason: 'the data URL is not valid base64' };
    const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
    const bytes = (b64.length / 4) * 3 - padding;
    if (bytes > PICTURE_MAX_BYTES) return { ok: false, reason: `the image is larger than ${PICTURE_MAX_BYTES / (1024 * 1024)} MB` };
    const head = Buffer.from(b64.slice(0, 16), 'base64');
    if (!matchesType(data[1]!.toLowerCase(), head)) return { ok: false, reason: `the data is not a ${data[1]!.toLowerCase()} image` };
    return { ok: true };
  }
  if (value.length > 2048) return { ok: false, reason: 'a URL or path must be at most 2048 characters' };
  if (value.startsWith('/'))
    return RELATIVE.test(value) && !value.includes('/.') ? { ok: true } : { ok: false, reason: 'an app path must look like /avatar/name.png' };
  try {
    const u = new URL(value);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !/\s/.test(value)) return { ok: true };
  } catch {
    /* not a URL */
  }
  return { ok: false, reason: 'must be an http(s) URL, an app image path such as /avatar/intj-w.png, or a data:image URL' };
}
