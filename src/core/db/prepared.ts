// Prepared statements for hot queries: Drizzle builds the SQL once per database handle instead of per request
// (building a joined select costs ~0.3–0.6 ms of CPU; see bench/). On PostgreSQL they are also server-side
// prepared per connection. Transactions get their own handle, so inside one this simply builds once per transaction.
import type { Dz } from './connect.js';

const cache = new WeakMap<Dz, Map<string, unknown>>();

export function prepared<T>(dz: Dz, name: string, build: (dz: Dz) => T): T {
  let byName = cache.get(dz);
  if (!byName) {
    byName = new Map();
    cache.set(dz, byName);
  }
  let q = byName.get(name) as T | undefined;
  if (q === undefined) {
    q = build(dz);
    byName.set(name, q);
  }
  return q;
}
