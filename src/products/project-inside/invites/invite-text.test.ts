// Invite text rules: links are found however they are dressed up; names in subjects stay short and plain.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanNote, containsLink, subjectName, SUBJECT_NAME_MAX } from './invite-text.js';

describe('containsLink', () => {
  test('schemes, www, bare domains, obfuscated dots and e-mails are links', () => {
    for (const t of [
      'see https://evil.example/x',
      'HTTP://EVIL.EXAMPLE',
      'go to www.evil.example',
      'evil.example',
      'claim at evil.example/prize',
      'bit.ly/abc',
      'evil . com',
      'evil[.]com now',
      'evil(.)com',
      'mail me: bob@evil.example',
      'ftp://files.example',
      'javascript://x',
      'e\u200Bvil.com',
    ]) {
      assert.equal(containsLink(t), true, t);
    }
  });

  test('ordinary notes are not', () => {
    for (const t of [
      "Hi! It's me, Sam. Let's try this app together :)",
      'See you at 7.30 tonight',
      'I love you.\nSee you soon.',
      'Version 2.0 is out',
      'ok. bye',
    ]) {
      assert.equal(containsLink(t), false, t);
    }
  });
});

describe('subjectName', () => {
  test('short plain names pass, long ones are cut, links and blanks become Someone', () => {
    assert.equal(subjectName('Sam'), 'Sam');
    assert.equal(subjectName('  Sam\n  Lee  '), 'Sam Lee');
    assert.equal(subjectName('URGENT your account is locked call now at the number below'), 'URGENT your account is locked…');
    assert.equal(subjectName('paypal.com security'), 'Someone');
    assert.equal(subjectName(''), 'Someone');
    assert.equal(subjectName(null), 'Someone');
    assert.equal(subjectName('\u202Eevil'), 'evil');
  });

  test('property: never longer than the limit, never a line break or hidden character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), (s) => {
        const n = subjectName(s);
        assert.ok(n.length <= SUBJECT_NAME_MAX, n);
        // eslint-disable-next-line no-control-regex -- the property: no control characters survive
        assert.doesNotMatch(n, new RegExp('[\\u0000-\\u001F\\u202A-\\u202E]'));
      }),
    );
  });
});

describe('cleanNote', () => {
  test('drops hidden characters and long runs of blank lines', () => {
    assert.equal(cleanNote('a\u202Eb\r\n\r\n\r\n\r\n\r\nc'), 'ab\n\n\nc');
  });
});
