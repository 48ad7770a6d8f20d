// Browser origins from config: exact origins and `*` patterns such as `http://localhost:*` or `http://192.168.*.*:*`,
// over http(s) and the native app shells' schemes (`capacitor://localhost`, `ionic://localhost`).
export type OriginMatcher = (origin: string) => boolean;

/** One IPv4 octet: what `*` stands for in a host whose other labels are numbers. */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

function patternToRegExp(pattern: string): RegExp {
  const m = /^(https?|capacitor|ionic):\/\/([^/:]+)(?::(\*|\d{1,5}))?\/?$/i.exec(pattern.trim());
  if (!m)
    throw new Error(`Invalid CORS origin pattern "${pattern}" (expected http(s)://, capacitor:// or ionic:// host[:port], * allowed in host labels and port)`);
  const [, scheme, host, port] = m;
  const labels = host!.split('.');
  // `192.168.*.*` must not match `192.168.evil.example`: beside numeric labels, `*` is a number 0–255.
  const numeric = labels.some((l) => /^\d+$/.test(l));
  const hostRe = labels.map((label) => (label === '*' ? (numeric ? OCTET : LABEL) : label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('\\.');
  const portRe = port === '*' ? '(?::\\d{1,5})?' : port ? `:${port}` : '';
  return new RegExp(`^${scheme}://${hostRe}${portRe}$`, 'i');
}

/** Compiles the configured list once; `*` alone allows every origin (then without credentials). */
export function originMatcher(patterns: string[]): OriginMatcher & { any: boolean; listed: OriginMatcher } {
  const any = patterns.includes('*');
  const res = patterns.filter((p) => p !== '*').map(patternToRegExp);
  const listed = (origin: string) => res.some((r) => r.test(origin));
  const fn = ((origin: string) => any || listed(origin)) as OriginMatcher & { any: boolean; listed: OriginMatcher };
  fn.any = any;
  fn.listed = listed;
  return fn;
}
