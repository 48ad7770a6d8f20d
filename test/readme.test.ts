// The README's configuration table is generated from the config schema and the products' settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describeVars } from '../src/config.js';
import { PRODUCT_SLUGS, loadProducts } from '../src/products/index.js';

test('README lists every environment variable with its default', async () => {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const table = describeVars(await loadProducts(PRODUCT_SLUGS));
  assert.ok(readme.includes(table), 'README configuration table is out of date: run `npx tsx scripts/readme-config.ts`');
});
