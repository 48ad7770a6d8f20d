// Audio uploads: which formats we accept (by their bytes, not only their declared type) and their duration when
// the container says it (WAV, MP4/M4A, MP3 frames). Other formats get a null duration. Uploads are streamed, so the
// file is known by its first bytes (`head`), its last bytes (`tail`, where MP4 often keeps its header) and its size.

export interface AudioInfo {
  format: 'wav' | 'mp3' | 'mp4' | 'ogg' | 'webm' | 'aac' | 'amr' | 'flac';
  extension: string;
  durationSeconds: number | null;
}

export function sniffAudio(b: Buffer, file: { total?: number; tail?: Buffer } = {}): AudioInfo | null {
  if (b.length < 12) return null;
  const total = Math.max(file.total ?? b.length, b.length);
  const ascii = (o: number, n: number) => b.subarray(o, o + n).toString('latin1');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WAVE') return { format: 'wav', extension: 'wav', durationSeconds: wavDuration(b, total) };
  if (ascii(4, 4) === 'ftyp') return { format: 'mp4', extension: 'm4a', durationSeconds: mp4Duration(b) ?? (file.tail ? mp4Duration(file.tail) : null) };
  if (ascii(0, 4) === 'OggS') return { format: 'ogg', extension: 'ogg', durationSeconds: null };
  if (b.readUInt32BE(0) === 0x1a45dfa3) return { format: 'webm', extension: 'webm', durationSeconds: null };
  if (ascii(0, 4) === 'fLaC') return { format: 'flac', extension: 'flac', durationSeconds: null };
  if (ascii(0, 5) === '#!AMR') return { format: 'amr', extension: 'amr', durationSeconds: null };
  if (ascii(0, 3) === 'ID3' || isMp3Frame(b, 0)) return { format: 'mp3', extension: 'mp3', durationSeconds: mp3Duration(b, total) };
  if (b[0] === 0xff && (b[1]! & 0xf6) === 0xf0) return { format: 'aac', extension: 'aac', durationSeconds: null };
  return null;
}

function wavDuration(b: Buffer, total: number): number | null {
  let off = 12;
  let byteRate = 0;
  while (off + 8 <= b.length) {
    const id = b.subarray(off, off + 4).toString('latin1');
    const size = b.readUInt32LE(off + 4);
    if (id === 'fmt ' && off + 20 <= b.length) byteRate = b.readUInt32LE(off + 8 + 8);
    if (id === 'data') return byteRate > 0 ? Math.round(Math.min(size, total - off - 8) / byteRate) : null;
    off += 8 + size + (size % 2);
  }
  return null;
}

/** Finds `mvhd` (movie header): duration / timescale. */
function mp4Duration(b: Buffer): number | null {
  const at = b.indexOf('mvhd', 0, 'latin1');
  if (at < 4 || at + 24 > b.length) return null;
  const version = b[at + 4];
  if (version === 1) {
    if (at + 36 > b.length) return null;
    const timescale = b.readUInt32BE(at + 24);
    const duration = Number(b.readBigUInt64BE(at + 28));
    return timescale ? Math.round(duration / timescale) : null;
  }
  const timescale = b.readUInt32BE(at + 16);
  const duration = b.readUInt32BE(at + 20);
  return timescale ? Math.round(duration / timescale) : null;
}

const MP3_BITRATES = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];

function isMp3Frame(b: Buffer, o: number): boolean {
  // MPEG-1 Layer III sync word, valid bitrate and sample-rate indices.
  return o + 4 <= b.length && b[o] === 0xff && (b[o + 1]! & 0xfe) === 0xfa && b[o + 2]! >> 4 !== 0xf && b[o + 2]! >> 4 !== 0 && ((b[o + 2]! >> 2) & 3) !== 3;
}

/** Constant-bitrate estimate from the first frame header. */
function mp3Duration(b: Buffer, total: number): number | null {
  let o = 0;
  if (b.subarray(0, 3).toString('latin1') === 'ID3' && b.length >= 10) {
    o = 10 + ((b[6]! & 0x7f) << 21) + ((b[7]! & 0x7f) << 14) + ((b[8]! & 0x7f) << 7) + (b[9]! & 0x7f);
  }
  for (; o < Math.min(b.length - 4, 64 * 1024); o++) {
    if (isMp3Frame(b, o)) {
      const kbps = MP3_BITRATES[b[o + 2]! >> 4]!;
      return kbps ? Math.round(((total - o) * 8) / (kbps * 1000)) : null;
    }
  }
  return null;
}
