// Calendar days per zone (formatters are cached per zone: the cache must never mix zones up) and zone checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidTimeZone, localDay } from './time-zone.js';

test('the same instant is a different calendar day on either side of the date line, whatever the call order', () => {
  const at = new Date('2026-03-01T10:30:00Z');
  for (let i = 0; i < 3; i++) {
    assert.equal(localDay('Pacific/Kiritimati', at), '2026-03-02'); // UTC+14
    assert.equal(localDay('Pacific/Pago_Pago', at), '2026-02-28'); // UTC-11
    assert.equal(localDay('UTC', at), '2026-03-01');
    assert.equal(localDay('Europe/Berlin', new Date('2026-03-01T23:30:00Z')), '2026-03-02');
  }
});

test('an unknown zone falls back to the UTC day and is not valid; known zones are', () => {
  const at = new Date('2026-03-01T23:30:00Z');
  assert.equal(localDay('Mars/Olympus_Mons', at), '2026-03-01');
  assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
  assert.equal(isValidTimeZone(''), false);
  assert.equal(isValidTimeZone('America/Sao_Paulo'), true);
  assert.equal(isValidTimeZone('UTC'), true);
});

test('more distinct zone names than the cache holds (1000) still give correct days', () => {
  // Zone names are case-insensitive, so each zone in three spellings gives well over 1000 distinct keys.
  const zones = Intl.supportedValuesOf('timeZone').flatMap((z) => [z, z.toLowerCase(), z.toUpperCase()]);
  assert.ok(new Set(zones).size > 1000, `${new Set(zones).size} distinct names`);
  const at = new Date('2026-06-15T12:00:00Z');
  for (let round = 0; round < 2; round++) {
    for (const tz of zones) {
      const expected = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
      assert.equal(localDay(tz, at), expected, tz);
    }
  }
});
