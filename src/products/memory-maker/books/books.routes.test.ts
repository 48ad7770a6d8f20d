// /books: create, my list (paginated, cached, invalidated on writes), read, change, delete; owner or superuser —
// works, bad input, wrong user.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../../../test/helpers/app.js';
import { call, newSuperuser, newUser, startMemoryMaker } from '../../../../test/helpers/memory-maker.js';

let t: TestApp;
before(async () => {
  // No job workers: a generation stays `generating`, which the conflict tests need.
  t = await startMemoryMaker({ jobs: false });
});
after(async () => {
  await t.close();
});

const dbBook = async (id: string) => (await t.runtime.db.sql.executeSql('SELECT * FROM memory_maker.books WHERE id = $1', [id])).rows[0];

describe('works', () => {
  test('create → 201 with the seed fields; stored as sent', async () => {
    const u = await newUser(t);
    const r = await call(t, u, 'POST', '/books', {
      title: 'Our Summer',
      content: { chapters: [{ title: 'Beach' }] },
      status: 'draft',
      book_type: 'family-history',
      description: 'Holidays',
    });
    assert.equal(r.statusCode, 201, r.body);
    const b = r.json();
    assert.equal(b.title, 'Our Summer');
    assert.deepEqual(b.content, { chapters: [{ title: 'Beach' }] });
    assert.equal(b.status, 'draft');
    assert.equal(b.book_type, 'family-history');
    assert.equal(b.user_id, u.id);
    assert.equal(b.page_count, 0);
    assert.equal(b.generated_at, null);
    const row = await dbBook(b.id);
    assert.equal(row!.user_id, u.id);
    assert.deepEqual(row!.content, { chapters: [{ title: 'Beach' }] });
    // The seed's integration test: a title alone is enough.
    const minimal = await call(t, u, 'POST', '/books', { title: 'Test Book' });
    assert.equal(minimal.statusCode, 201);
    assert.deepEqual(minimal.json().content, {});
    assert.equal(minimal.json().book_type, null);
  });

  test('my list: only mine, newest first, paginated, filtered by status', async () => {
    const [u, other] = [await newUser(t), await newUser(t)];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call(t, u, 'POST', '/books', { title: `Book ${i}`, status: i % 2 ? 'published' : 'draft' })).json().id);
    await call(t, other, 'POST', '/books', { title: 'Not yours' });
    const all = (await call(t, u, 'GET', '/books')).json();
    assert.equal(all.total, 5);
    assert.deepEqual(
      all.data.map((b: { id: string }) => b.id),
      [...ids].reverse(),
    );
    const page = (await call(t, u, 'GET', '/books?limit=2&offset=1')).json();
    assert.deepEqual(
      page.data.map((b: { id: string }) => b.id),
      [ids[3], ids[2]],
    );
    assert.deepEqual([page.total, page.limit, page.offset], [5, 2, 1]);
    const published = (await call(t, u, 'GET', '/books?status=published')).json();
    assert.equal(published.total, 2);
    assert.ok(published.data.every((b: { status: string }) => b.status === 'published'));
  });

  test('the list is cached, and every write to my books clears it', async () => {
    const u = await newUser(t);
    const titles = async () => (await call(t, u, 'GET', '/books')).json().data.map((b: { title: string }) => b.title);
    assert.deepEqual(await titles(), []);
    const b = (await call(t, u, 'POST', '/books', { title: 'First' })).json();
    assert.deepEqual(await titles(), ['First'], 'create cleared the cached empty list');
    // A change made behind the service stays invisible while cached...
    await t.runtime.db.sql.executeSql(`UPDATE memory_maker.books SET title = 'Behind' WHERE id = $1`, [b.id]);
    assert.deepEqual(await titles(), ['First']);
    // ...until a write through the service.
    await call(t, u, 'PUT', `/books/${b.id}`, { status: 'published' });
    assert.deepEqual(await titles(), ['Behind']);
    await call(t, u, 'DELETE', `/books/${b.id}`);
    assert.deepEqual(await titles(), []);
  });

  test('read, change (title, content, status) and delete my book', async () => {
    const u = await newUser(t);
    const b = (await call(t, u, 'POST', '/books', { title: 'Draft' })).json();
    assert.equal((await call(t, u, 'GET', `/books/${b.id}`)).json().title, 'Draft');
    const r = await call(t, u, 'PUT', `/books/${b.id}`, { title: 'Final', content: { pages: [{ text: 'Hello.' }] }, status: 'archived', description: null });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().title, 'Final');
    assert.equal(r.json().status, 'archived');
    assert.equal(r.json().page_count, 1);
    assert.ok(r.json().updated_at);
    const row = await dbBook(b.id);
    assert.equal(row!.title, 'Final');
    assert.equal(row!.status, 'archived');
    assert.equal((await call(t, u, 'DELETE', `/books/${b.id}`)).statusCode, 204);
    assert.equal(await dbBook(b.id), undefined);
    assert.equal((await call(t, u, 'GET', `/books/${b.id}`)).statusCode, 404);
  });

  test("a superuser reads, changes and deletes anyone's book; the owner's cached list follows", async () => {
    const [u, admin] = [await newUser(t), await newSuperuser(t)];
    const b = (await call(t, u, 'POST', '/books', { title: 'Mine' })).json();
    await call(t, u, 'GET', '/books');
    assert.equal((await call(t, admin, 'GET', `/books/${b.id}`)).statusCode, 200);
    assert.equal((await call(t, admin, 'PUT', `/books/${b.id}`, { title: 'Moderated' })).json().title, 'Moderated');
    assert.equal((await call(t, u, 'GET', '/books')).json().data[0].title, 'Moderated');
    assert.equal((await call(t, admin, 'DELETE', `/books/${b.id}`)).statusCode, 204);
    assert.equal((await call(t, u, 'GET', '/books')).json().total, 0);
    // The superuser's own list is theirs only.
    assert.equal((await call(t, admin, 'GET', '/books')).json().total, 0);
  });

  test('the database has the (user_id, status) index on books', async () => {
    const { rows } = await t.runtime.db.sql.executeSql(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'memory_maker' AND tablename = 'books' AND indexname = 'books_user_status_idx'`,
    );
    assert.equal(rows.length, 1, 'books_user_status_idx exists');
    const def = (rows[0] as { indexdef: string }).indexdef;
    assert.match(def, /ON memory_maker\.books USING btree \(user_id, status\)$/);
  });
});

describe('rejects bad input', () => {
  test('create: missing, empty, too long or mistyped fields → 422 naming the field; nothing stored', async () => {
    const u = await newUser(t);
    const cases: [unknown, string][] = [
      [{}, 'body.title'],
      [{ title: '' }, 'body.title'],
      [{ title: 'x'.repeat(256) }, 'body.title'],
      [{ title: 'ok', content: 'text' }, 'body.content'],
      [{ title: 'ok', content: [1, 2] }, 'body.content'],
      [{ title: 'ok', status: 'purchased' }, 'body.status'],
      [{ title: 'ok', status: 'generated' }, 'body.status'],
      [{ title: 'ok', description: 'x'.repeat(2001) }, 'body.description'],
      [{ title: 'ok', content: { big: 'x'.repeat(210_000) } }, 'body.content'],
    ];
    for (const [body, field] of cases) {
      const r = await call(t, u, 'POST', '/books', body);
      assert.equal(r.statusCode, 422, `${field}: ${r.body.slice(0, 200)}`);
      assert.equal(r.json().detail[0].loc.join('.'), field);
    }
    assert.equal((await call(t, u, 'GET', '/books')).json().total, 0);
  });

  test('create with an unknown book type → 404; change to a system status → 422', async () => {
    const u = await newUser(t);
    const r = await call(t, u, 'POST', '/books', { title: 'x', book_type: 'no-such-type' });
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().error_code, 'book_type_not_found');
    const b = (await call(t, u, 'POST', '/books', { title: 'x' })).json();
    assert.equal((await call(t, u, 'PUT', `/books/${b.id}`, { status: 'purchased' })).statusCode, 422);
    assert.equal((await dbBook(b.id))!.status, 'draft');
  });

  test('malformed ids and query values → 422', async () => {
    const u = await newUser(t);
    for (const url of ['/books/not-a-uuid', '/books?limit=0', '/books?limit=101', '/books?offset=-1', '/books?status=lost']) {
      assert.equal((await call(t, u, 'GET', url)).statusCode, 422, url);
    }
    assert.equal((await call(t, u, 'DELETE', '/books/1234')).statusCode, 422);
  });

  test('a book being generated cannot be changed or deleted (409)', async () => {
    const u = await newUser(t);
    const g = await call(t, u, 'POST', '/books/generate', { book_type: 'pet-adventure', prompts: { name: 'Rex' } });
    assert.equal(g.statusCode, 202, g.body);
    const { book_id } = g.json();
    const put = await call(t, u, 'PUT', `/books/${book_id}`, { title: 'Hijack' });
    assert.equal(put.statusCode, 409);
    assert.equal(put.json().error_code, 'book_generating');
    assert.equal((await call(t, u, 'DELETE', `/books/${book_id}`)).statusCode, 409);
    const row = await dbBook(book_id);
    assert.equal(row!.status, 'generating');
    assert.notEqual(row!.title, 'Hijack');
  });
});

describe('refuses the wrong user', () => {
  test("another user's book is not found (404) for read, change and delete, and stays as it was", async () => {
    const [owner, other] = [await newUser(t), await newUser(t)];
    const b = (await call(t, owner, 'POST', '/books', { title: 'Private', content: { secret: 'owner-only' } })).json();
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { title: 'Mine now' }],
      ['DELETE', undefined],
    ] as const) {
      const r = await call(t, other, method, `/books/${b.id}`, body);
      assert.equal(r.statusCode, 404, method);
      assert.deepEqual(r.json(), { status_code: 404, message: 'Book not found', error_code: 'book_not_found', detail: 'Book not found' });
      assert.ok(!r.body.includes('owner-only'));
    }
    // The same answer as an id that does not exist.
    assert.deepEqual((await call(t, other, 'GET', `/books/${randomUUID()}`)).json(), (await call(t, other, 'GET', `/books/${b.id}`)).json());
    const row = await dbBook(b.id);
    assert.equal(row!.title, 'Private');
    assert.equal((await call(t, other, 'GET', '/books')).json().total, 0);
  });

  test('no token, or a token of a user who logged out → 401', async () => {
    const u = await newUser(t);
    const b = (await call(t, u, 'POST', '/books', { title: 'x' })).json();
    assert.equal((await call(t, null, 'GET', '/books')).statusCode, 401);
    assert.equal((await call(t, null, 'POST', '/books', { title: 'x' })).statusCode, 401);
    await call(t, u, 'POST', '/auth/logout');
    assert.equal((await call(t, u, 'GET', `/books/${b.id}`)).statusCode, 401);
  });
});
