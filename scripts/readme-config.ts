// Rewrites the configuration table of README.md from the config schema and every product's settings
// (`npx tsx scripts/readme-config.ts`).
import fs from 'node:fs';
import { describeVars } from '../src/config.js';
import { PRODUCT_SLUGS, loadProducts } from '../src/products/index.js';

const file = new URL('../README.md', import.meta.url);
const readme = fs.readFileSync(file, 'utf8');
const start = readme.indexOf('| variable | default | meaning |');
if (start < 0) throw new Error('README has no configuration table');
let end = readme.indexOf('\n\n', start);
if (end < 0) end = readme.length;
fs.writeFileSync(file, readme.slice(0, start) + describeVars(await loadProducts(PRODUCT_SLUGS)) + readme.slice(end));
