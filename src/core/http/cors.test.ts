// originMatcher: configured browser origins, with `*` in host labels and ports, and no suffix/prefix tricks.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { originMatcher } from './cors.js';

function expectMatches(patterns: string[], yes: string[], no: string[]) {
  const m = originMatcher(patterns);
  for (const o of yes) assert.equal(m(o), true, `${patterns.join(',')} should allow ${o}`);
  for (const o of no) assert.equal(m(o), false, `${patterns.join(',')} should refuse ${o}`);
}

describe('originMatcher', () => {
  test('exact origins match only themselves', () => {
    expectMatches(
      ['https://app.example.com'],
      ['https://app.example.com'],
      [
        'http://app.example.com',
        'https://app.example.com:443',
        'https://app.example.com:8443',
        'https://app.example.com.evil.com',
        'https://evilapp.example.com',
        'https://app-example.com',
        'https://appXexample.com',
        'https://sub.app.example.com',
        'https://app.example.co',
        'https://app.example.com/',
        'https://app.example.com/path',
        ' https://app.example.com',
        '',
        'null',
      ],
    );
  });

  test('a pattern may end with a slash and still match the bare origin', () => {
    expectMatches(['https://app.example.com/'], ['https://app.example.com'], ['https://app.example.com.evil']);
  });

  test('an exact port matches that port only', () => {
    expectMatches(
      ['http://localhost:3000'],
      ['http://localhost:3000'],
      ['http://localhost', 'http://localhost:3001', 'http://localhost:30000', 'http://localhost:300'],
    );
  });

  test('`:*` matches any port and no port', () => {
    expectMatches(
      ['http://localhost:*'],
      ['http://localhost', 'http://localhost:3000', 'http://localhost:1', 'http://localhost:65535'],
      [
        'https://localhost:3000',
        'http://localhost:',
        'http://localhost:abc',
        'http://localhost:123456',
        'http://localhost.evil.com',
        'http://localhost.evil.com:3000',
        'http://localhost:3000.evil.com',
        'http://localhost:3000@evil.com',
        'http://evil-localhost:3000',
        'http://evillocalhost',
        'http://127.0.0.1:3000',
        'http://localhost:3000/',
      ],
    );
  });

  test('`*` host labels match exactly one label each', () => {
    expectMatches(
      ['http://192.168.*.*:*'],
      ['http://192.168.1.20:8080', 'http://192.168.0.1', 'http://192.168.255.255:19006'],
      [
        'http://192.168.1.20.evil.com:8080',
        'http://192.168.1.20.evil.com',
        'http://192.168.1:8080',
        'http://192.168.1.2.3:8080',
        'http://10.192.168.1.20:8080',
        'http://192.169.1.20:8080',
        'http://192x168.1.20:8080',
        'https://192.168.1.20:8080',
        'http://192.168..:8080',
        'http://192.168.a.b/x',
      ],
    );
    expectMatches(
      ['https://*.example.com'],
      ['https://app.example.com', 'https://my-app.example.com'],
      ['https://example.com', 'https://a.b.example.com', 'https://app.example.com.evil.com', 'https://evil.com/.example.com', 'https://app.example.com:8443'],
    );
  });

  test('dots and regex characters in a pattern are literal', () => {
    expectMatches(['http://a.b'], ['http://a.b'], ['http://aXb', 'http://a-b']);
  });

  test('scheme and host compare case-insensitively', () => {
    expectMatches(
      ['http://LocalHost:*', 'https://App.Example.com'],
      ['http://localhost:3000', 'HTTP://LOCALHOST:3000', 'https://app.example.com', 'https://APP.EXAMPLE.COM'],
      ['http://localhost.EVIL.com'],
    );
  });

  test('several patterns: any may match', () => {
    expectMatches(
      ['http://localhost:*', 'https://app.example.com'],
      ['http://localhost:5173', 'https://app.example.com'],
      ['https://localhost:5173', 'https://evil.example'],
    );
  });

  test('an empty list allows nothing; `*` alone allows everything and is flagged', () => {
    const none = originMatcher([]);
    assert.equal(none('http://localhost:3000'), false);
    assert.equal(none.any, false);
    const all = originMatcher(['*']);
    assert.equal(all.any, true);
    assert.equal(all('https://anything.example'), true);
    assert.equal(originMatcher(['http://localhost:*']).any, false);
  });

  test('invalid patterns throw, naming the pattern', () => {
    for (const bad of [
      'localhost:3000',
      'ftp://files.example.com',
      'http://',
      'http://host/path',
      'http://host:abc',
      'http://host:123456',
      '*.example.com',
      'http://host:*:*',
      '://host',
    ]) {
      assert.throws(
        () => originMatcher([bad]),
        (e: Error) => e.message.includes(bad),
        bad,
      );
    }
  });
});

describe('originMatcher: numbers and native shells', () => {
  test('`*` beside numeric labels is an octet, never a name', () => {
    expectMatches(
      ['http://192.168.*.*:*'],
      ['http://192.168.1.20', 'http://192.168.0.255:8100', 'http://192.168.10.1:3000'],
      ['http://192.168.evil.example', 'http://192.168.1.evil', 'http://192.168.256.1', 'http://192.168.1.1.evil.example', 'http://192.168.01x.1'],
    );
  });

  test('non-http schemes of native app shells', () => {
    expectMatches(
      ['capacitor://localhost', 'ionic://localhost', 'https://localhost'],
      ['capacitor://localhost', 'ionic://localhost', 'https://localhost'],
      ['capacitor://localhost.evil.com', 'capacitorx://localhost', 'http://localhost', 'file://localhost'],
    );
  });

  test('`listed` tells an explicitly configured origin from one allowed only by `*`', () => {
    const m = originMatcher(['*', 'https://app.example.com']);
    assert.equal(m('https://other.example'), true);
    assert.equal(m.listed('https://other.example'), false);
    assert.equal(m.listed('https://app.example.com'), true);
  });
});
