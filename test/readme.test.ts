// The README's configuration table is generated from the config schema; this keeps it from going stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describeVars } from '../src/config.js';

test('README lists every environment variable with its default', () => {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(describeVars()), 'README configuration table is out of date: paste the output of describeVars()');
});
