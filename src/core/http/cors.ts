// Browser origins from config: exact origins and `*` patterns such as `http://localhost:*` or `http://192.168.*.*:*`.
export type OriginMatcher = (origin: string) => boolean;

function patternToRegExp(pattern: string): RegExp {
  const m = /^(https?):\/\/([^/:]+)(?::(\*|\d{1,5}))?\/?$/i.exec(pattern.trim());
  if (!m) throw new Error(`Invalid CORS origin pattern "${pattern}" (expected scheme://host[:port], * allowed in host labels and port)`);
  const [, scheme, host, port] = m;
  const hostRe = host!
    .split('.')
    .map((label) => (label === '*' ? '[A-Za-z0-9-]+' : label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('\\.');
  const portRe = port === '*' ? '(?::\\d{1,5})?' : port ? `:${port}` : '';
  return new RegExp(`^${scheme}://${hostRe}${portRe}$`, 'i');
}

/** Compiles the configured list once; `*` alone allows every origin (then without credentials). */
export function originMatcher(patterns: string[]): OriginMatcher & { any: boolean } {
  const any = patterns.includes('*');
  const res = patterns.filter((p) => p !== '*').map(patternToRegExp);
  const fn = ((origin: string) => any || res.some((r) => r.test(origin))) as OriginMatcher & { any: boolean };
  fn.any = any;
  return fn;
}
