// Book state rules on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editRefusal, payRefusal, printRefusal, readPages, statusAfterPurchase } from './book-rules.js';

const pages = [{ text: 'Once upon a time.' }, { text: 'The end.', image_prompt: 'a moon' }];
const generated = { status: 'generated', generatedAt: new Date(), purchasedAt: null, content: { pages } };

test('readPages: numbered pages of text, or undefined when not printable', () => {
  assert.deepEqual(readPages({ pages }), [
    { number: 1, text: 'Once upon a time.', image_prompt: '' },
    { number: 2, text: 'The end.', image_prompt: 'a moon' },
  ]);
  for (const bad of [
    null,
    [],
    'text',
    {},
    { pages: [] },
    { pages: 'x' },
    { pages: [{ text: '' }] },
    { pages: [{ text: 3 }] },
    { pages: [null] },
    { pages: [{ text: 'x'.repeat(4001) }] },
    { pages: Array.from({ length: 51 }, () => ({ text: 'x' })) },
  ]) {
    assert.equal(readPages(bad), undefined, JSON.stringify(bad)?.slice(0, 60));
  }
});

test('editing waits for a running generation', () => {
  assert.equal(editRefusal({ status: 'generating' }), 'book_generating');
  for (const s of ['draft', 'generated', 'failed', 'purchased', 'published', 'archived']) assert.equal(editRefusal({ status: s }), undefined);
});

test('printing needs a generation that finished and printable pages', () => {
  assert.equal(printRefusal(generated), undefined);
  assert.equal(printRefusal({ ...generated, status: 'archived' }), undefined);
  assert.equal(printRefusal({ ...generated, generatedAt: null }), 'book_not_generated');
  assert.equal(printRefusal({ ...generated, status: 'generating' }), 'book_not_generated');
  assert.equal(printRefusal({ ...generated, content: { pages: [] } }), 'book_not_generated');
});

test('paying: once, and only for a printable book', () => {
  assert.equal(payRefusal(generated), undefined);
  assert.equal(payRefusal({ ...generated, purchasedAt: new Date() }), 'already_purchased');
  assert.equal(payRefusal({ ...generated, generatedAt: null }), 'book_not_generated');
});

test('a purchase keeps a status the user chose', () => {
  assert.equal(statusAfterPurchase('generated'), 'purchased');
  assert.equal(statusAfterPurchase('draft'), 'purchased');
  assert.equal(statusAfterPurchase('published'), 'published');
  assert.equal(statusAfterPurchase('archived'), 'archived');
});
