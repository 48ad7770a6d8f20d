// String formats for TypeBox's own checker (Value.Check), which knows none by default: job payloads, AI answers
// and settings use the same formats that request validation (ajv-formats) knows.
import { FormatRegistry } from '@sinclair/typebox';

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
};

for (const [name, re] of Object.entries(FORMATS)) {
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, (v) => re.test(v) && (name !== 'date' && name !== 'date-time' ? true : !Number.isNaN(Date.parse(v))));
}
