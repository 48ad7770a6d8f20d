// The PDF read back with pdf.js: one title page plus one page per story page, the text where it belongs, the
// PREVIEW mark only before payment, every layout, and text that cannot overflow into extra pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { renderBookPdf, type PrintableBook } from './render-book.js';
import { toWinAnsi } from './win-ansi.js';
import { readPdf } from '../../../../test/helpers/memory-maker.js';
import { CATALOGUE } from '../book-types/catalogue.js';

const pages = (n: number, text = (i: number) => `Page ${i} of the story about Mia and her dinosaurs, told slowly.`) =>
  Array.from({ length: n }, (_, i) => ({ number: i + 1, text: text(i + 1), image_prompt: '' }));

const book = (over: Partial<PrintableBook> = {}): PrintableBook => ({
  title: 'Mia and the Moonlit Dinosaurs',
  subtitle: 'A bedtime story for Mia, age 6, about dinosaurs.',
  typeName: "Children's Bedtime Story",
  pages: pages(6),
  layout: CATALOGUE[0]!.layout,
  preview: false,
  createdAt: new Date('2026-01-02T03:04:05Z'),
  ...over,
});

const render = async (b: PrintableBook) => buffer(renderBookPdf(b));

test('a title page, then one page per story page, each with its text and number', async () => {
  const pdf = await render(book());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const { pages: text, title } = await readPdf(pdf);
  assert.equal(text.length, 7);
  assert.equal(title, 'Mia and the Moonlit Dinosaurs');
  assert.match(text[0]!, /Mia and the Moonlit Dinosaurs/);
  assert.match(text[0]!, /A bedtime story for Mia, age 6, about dinosaurs\./);
  for (let i = 1; i <= 6; i++) {
    assert.match(text[i]!, new RegExp(`Page ${i} of the story about Mia`));
    assert.match(text[i]!, new RegExp(`\\b${i}$`));
  }
  assert.ok(!text.join(' ').includes('PREVIEW'));
});

test('before payment every page says PREVIEW', async () => {
  const { pages: text } = await readPdf(await render(book({ preview: true })));
  assert.equal(text.length, 7);
  for (const p of text) assert.match(p, /PREVIEW/);
});

test('every layout of the catalogue renders, at its page size', async () => {
  const sizes: Record<string, [number, number]> = { A4: [595.28, 841.89], A5: [419.53, 595.28], LETTER: [612, 792] };
  for (const entry of CATALOGUE) {
    const doc = renderBookPdf(book({ layout: entry.layout, typeName: entry.name }));
    const bytes = await buffer(doc);
    const { pages: text } = await readPdf(bytes);
    assert.equal(text.length, 7, entry.slug);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const [, , w, h] = (await pdf.getPage(1)).view;
    assert.deepEqual([Math.round(w!), Math.round(h!)], sizes[entry.layout.page_size]!.map(Math.round), entry.slug);
    await pdf.destroy();
  }
});

test('very long text shrinks to fit and never spills onto extra pages', async () => {
  const long = pages(7, (i) => `${i} ${'All the dinosaurs went to sleep under the moon. '.repeat(80)}`.slice(0, 4000));
  const { pages: text } = await readPdf(
    await render(book({ pages: long, title: 'T'.repeat(255), subtitle: 'S '.repeat(250), layout: { ...CATALOGUE[1]!.layout, page_size: 'A5' } })),
  );
  assert.equal(text.length, 8);
});

test('characters the built-in fonts lack come out as close as possible, never as garbage', async () => {
  assert.equal(toWinAnsi('Zoë – “quoted” €5'), 'Zoë – “quoted” €5');
  assert.equal(toWinAnsi('Łukasz Dvořák'), '?ukasz Dvorák');
  assert.equal(toWinAnsi('李 😀'), '? ?');
  assert.equal(toWinAnsi('a\tb\u0007c\nd'), 'a b c\nd');
  const { pages: text } = await readPdf(
    await render(book({ title: 'Dvořák and 李', pages: pages(5, () => 'Dvořák 😀 went to the moon and back again, twice.') })),
  );
  assert.equal(text.length, 6);
  assert.match(text[0]!, /Dvorák and \?/);
  assert.match(text[1]!, /Dvorák \? went to the moon/);
});
