// Dollars ↔ cents: exact for every two-decimal price, whatever binary floating point does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hasAtMostTwoDecimals, toCents, toDollars } from './pricing.js';
import { CATALOGUE } from './catalogue.js';

test('the catalogue prices of the issue, in cents', () => {
  assert.deepEqual(
    CATALOGUE.map((c) => [c.name, toDollars(c.priceCents)]),
    [
      ["Children's Bedtime Story", 19.99],
      ['Spouse Roasting Book', 24.99],
      ['Family History Book', 29.99],
      ['Pet Adventure Story', 19.99],
    ],
  );
  assert.equal(toCents(19.99), 1999);
  assert.equal(toCents(0.29), 29);
});

test('cents → dollars → cents is the identity for every price up to 10 000 dollars', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), (cents) => toCents(toDollars(cents)) === cents && hasAtMostTwoDecimals(toDollars(cents))));
});

test('two decimals at most', () => {
  assert.equal(hasAtMostTwoDecimals(24.99), true);
  assert.equal(hasAtMostTwoDecimals(0.1 + 0.2), true);
  assert.equal(hasAtMostTwoDecimals(19.999), false);
  assert.equal(hasAtMostTwoDecimals(Number.NaN), false);
  assert.equal(hasAtMostTwoDecimals(Number.POSITIVE_INFINITY), false);
});
