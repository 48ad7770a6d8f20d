// File storage: local disk under DATA_DIR/files, or any S3-compatible bucket (./s3.ts, loaded only when configured).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

export interface StoredObject {
  body: Readable;
  contentType: string | undefined;
  size: number | undefined;
}

export interface Storage {
  kind: string;
  /**
   * Stores an object. A stream is written as it arrives (never held whole in memory); if it fails (the stream errors
   * or is destroyed) nothing is stored under the key and the promise rejects.
   */
  put(key: string, body: Buffer | Readable, contentType: string): Promise<void>;
  get(key: string): Promise<StoredObject | undefined>;
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,500}$/;

export function assertKey(key: string): void {
  // `.meta` and `.tmp` names are the local adapter's own bookkeeping files.
  if (!KEY.test(key) || /\.(meta|tmp)$/.test(key) || key.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  }
}

export function localStorage(root: string): Storage {
  const file = (key: string) => {
    assertKey(key);
    return path.join(root, key);
  };
  return {
    kind: 'local',
    async put(key, body, contentType) {
      const f = file(key);
      await fsp.mkdir(path.dirname(f), { recursive: true });
      // Unique per write: two concurrent puts of one key must not share (and steal) a temp file.
      const tmp = `${f}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      // Metadata first, then the content appears atomically, then the directory entry is made durable.
      await fsp.writeFile(`${f}.meta`, JSON.stringify({ contentType }), { flush: true });
      if (Buffer.isBuffer(body)) await fsp.writeFile(tmp, body, { flush: true });
      else {
        const fh = await fsp.open(tmp, 'w');
        try {
          for await (const chunk of body) await fh.write(chunk as Buffer);
          await fh.sync();
        } catch (e) {
          await fh.close().catch(() => undefined);
          await fsp.rm(tmp, { force: true });
          // No object came of it: no metadata either (unless the key already held one).
          if (!fs.existsSync(f)) await fsp.rm(`${f}.meta`, { force: true });
          throw e;
        }
        await fh.close();
      }
      await fsp.rename(tmp, f);
      const dir = await fsp.open(path.dirname(f), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    },
    async get(key) {
      const f = file(key);
      try {
        const st = await fsp.stat(f);
        if (!st.isFile()) return undefined; // a folder of other keys is not an object
        let contentType: string | undefined;
        try {
          contentType = (JSON.parse(await fsp.readFile(`${f}.meta`, 'utf8')) as { contentType?: string }).contentType;
        } catch {
          contentType = undefined;
        }
        return { body: fs.createReadStream(f), contentType, size: st.size };
      } catch {
        return undefined;
      }
    },
    async delete(key) {
      const f = file(key);
      await fsp.rm(f, { force: true });
      await fsp.rm(`${f}.meta`, { force: true });
    },
  };
}
