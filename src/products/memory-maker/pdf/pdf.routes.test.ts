// GET /books/{id}/pdf: streamed, read back with pdf.js (pages and text); only the owner or a superuser, only once
// generated; PREVIEW until paid — works, bad input, wrong user.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../../../test/helpers/app.js';
import { call, generateAndWait, newSuperuser, newUser, readPdf, startMemoryMaker } from '../../../../test/helpers/memory-maker.js';
import { fileNameOf } from './pdf.service.js';

let t: TestApp;
before(async () => {
  t = await startMemoryMaker({ env: { RATE_LIMIT_SCALE: '1', MEMORY_MAKER_RATE_LIMIT_PDF_RENDERS_PER_USER: '8/3600' } });
});
after(async () => {
  await t.close();
});

const pdfOf = (user: { token: string } | null, bookId: string) => call(t, user, 'GET', `/books/${bookId}/pdf`);

describe('works', () => {
  test('the owner gets the book: a title page and one page per story page, with their text; PREVIEW before payment', async () => {
    const u = await newUser(t);
    const done = await generateAndWait(t, u, { book_type: 'children-story', prompts: { name: 'Mia', age: 6, interests: 'dinosaurs and space' } });
    const book = (await call(t, u, 'GET', `/books/${done.book_id}`)).json();
    const r = await pdfOf(u, done.book_id);
    assert.equal(r.statusCode, 200, r.body.slice(0, 200));
    assert.equal(r.headers['content-type'], 'application/pdf');
    assert.equal(r.headers['content-disposition'], 'attachment; filename="mia-and-the-moonlit-dinosaurs.pdf"');
    assert.match(String(r.headers['x-process-time']), /^\d+\.\d+$/);
    const { pages, title } = await readPdf(r.rawPayload);
    assert.equal(pages.length, 1 + book.page_count);
    assert.equal(title, 'Mia and the Moonlit Dinosaurs');
    assert.match(pages[0]!, /Mia and the Moonlit Dinosaurs/);
    assert.match(pages[0]!, /Children's Bedtime Story/);
    book.content.pages.forEach((p: { text: string }, i: number) => {
      // pdf.js returns the text line by line: compare the words.
      const words = p.text.split(/\s+/).slice(0, 8).join(' ');
      assert.ok(pages[i + 1]!.includes(words), `page ${i + 1}: ${words}`);
    });
    assert.ok(
      pages.every((p) => p.includes('PREVIEW')),
      'not paid: every page is marked',
    );
  });

  test("a paid book prints clean; a superuser may print anyone's", async () => {
    const [u, admin] = [await newUser(t), await newSuperuser(t)];
    const done = await generateAndWait(t, u, { book_type: 'spouse-roasting', prompts: { name: 'Sam', interests: 'golf' } });
    await t.runtime.db.sql.executeSql(`UPDATE memory_maker.books SET purchased_at = now(), status = 'purchased' WHERE id = $1`, [done.book_id]);
    const r = await pdfOf(admin, done.book_id);
    assert.equal(r.statusCode, 200);
    const { pages } = await readPdf(r.rawPayload);
    assert.ok(pages.length >= 6);
    assert.ok(!pages.join(' ').includes('PREVIEW'));
    assert.ok(pages.slice(1).every((p) => p.includes('Sam')));
  });

  test('an edited (still printable) story prints as edited', async () => {
    const u = await newUser(t);
    const done = await generateAndWait(t, u, { book_type: 'pet-adventure', prompts: { name: 'Rex' } });
    const put = await call(t, u, 'PUT', `/books/${done.book_id}`, {
      title: 'Rex Rules',
      content: { pages: [{ text: 'Rex ate the homework.' }, { text: 'Rex regrets nothing.' }] },
    });
    assert.equal(put.statusCode, 200);
    const { pages } = await readPdf((await pdfOf(u, done.book_id)).rawPayload);
    assert.equal(pages.length, 3);
    assert.match(pages[1]!, /Rex ate the homework\./);
    assert.match(pages[2]!, /Rex regrets nothing\./);
  });

  test('file names are plain ASCII', () => {
    assert.equal(fileNameOf('Zoë & the Dragon!'), 'zoe-the-dragon.pdf');
    assert.equal(fileNameOf('李'), 'book.pdf');
    assert.equal(fileNameOf('"quoted"; filename=evil.exe'), 'quoted-filename-evil-exe.pdf');
  });
});

describe('rejects bad input', () => {
  test('a book without a generated story → 409 (draft, generating, failed, or edited into no pages)', async () => {
    const u = await newUser(t);
    const draft = (await call(t, u, 'POST', '/books', { title: 'Draft', content: { pages: [{ text: 'Hand written.' }] } })).json();
    const r = await pdfOf(u, draft.id);
    assert.equal(r.statusCode, 409);
    assert.deepEqual(r.json(), {
      status_code: 409,
      message: 'The book has no story yet: generate it first',
      error_code: 'book_not_generated',
      detail: 'The book has no story yet: generate it first',
    });
    const done = await generateAndWait(t, u, { book_type: 'children-story', prompts: { name: 'Ivy' } });
    await call(t, u, 'PUT', `/books/${done.book_id}`, { content: { pages: [] } });
    assert.equal((await pdfOf(u, done.book_id)).statusCode, 409);
  });

  test('a malformed id → 422; an unknown one → 404', async () => {
    const u = await newUser(t);
    assert.equal((await call(t, u, 'GET', '/books/nope/pdf')).statusCode, 422);
    assert.equal((await pdfOf(u, '00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });
});

describe('refuses the wrong user', () => {
  test("another user's book → 404; no token → 401", async () => {
    const [owner, other] = [await newUser(t), await newUser(t)];
    const done = await generateAndWait(t, owner, { book_type: 'children-story', prompts: { name: 'Otto' } });
    const r = await pdfOf(other, done.book_id);
    assert.equal(r.statusCode, 404);
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal((await pdfOf(null, done.book_id)).statusCode, 401);
  });

  test('renders per user are limited (429)', async () => {
    const u = await newUser(t);
    const done = await generateAndWait(t, u, { book_type: 'children-story', prompts: { name: 'Pia' } });
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await pdfOf(u, done.book_id)).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 429]);
  });
});
