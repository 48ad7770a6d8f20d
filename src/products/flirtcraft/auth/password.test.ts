import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SPECIALS, checkPassword, passwordPolicy } from './password.js';

test('password policy: upper, lower, digit and special, at least 8', () => {
  assert.equal(passwordPolicy('SecurePass123!'), undefined);
  assert.match(passwordPolicy('Short1!')!, /at least 8/);
  for (const p of ['securepass123!', 'SECUREPASS123!', 'SecurePass!!!', 'SecurePass123'])
    assert.match(passwordPolicy(p)!, /uppercase, lowercase, number, and special/);
  const c = checkPassword('abc');
  assert.equal(c.valid, false);
  assert.equal(c.score, 1);
  assert.deepEqual(c.requirements, { min_length: false, has_uppercase: false, has_lowercase: true, has_digit: false, has_special: false });
  assert.equal(c.suggestions.length, 4);
});

test('policy and check agree on every string', () => {
  const chars = fc.constantFrom(...'aZ9 é€ßÄ'.split(''), ...SPECIALS.split(''));
  fc.assert(
    fc.property(
      fc.array(chars, { maxLength: 20 }).map((a) => a.join('')),
      (p) => {
        const ok = passwordPolicy(p) === undefined;
        assert.equal(ok, checkPassword(p).valid, p);
        assert.equal(checkPassword(p).suggestions.length, 5 - checkPassword(p).score);
      },
    ),
  );
});
