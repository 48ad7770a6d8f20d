// The JWT signing secret: configured, or (outside production) generated once and kept in DATA_DIR.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export function resolveSecret(configured: string | undefined, dataDir: string | undefined): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  if (!dataDir) return randomBytes(32);
  const file = path.join(dataDir, 'jwt-secret');
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return new TextEncoder().encode(s);
  } catch {
    /* first start */
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const s = randomBytes(48).toString('base64url');
  try {
    fs.writeFileSync(file, s, { mode: 0o600, flag: 'wx' });
    return new TextEncoder().encode(s);
  } catch {
    // Another process created it a moment ago: use theirs.
    return new TextEncoder().encode(fs.readFileSync(file, 'utf8').trim());
  }
}
