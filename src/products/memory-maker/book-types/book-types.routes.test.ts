// /book-types and /admin/book-types: the seeded catalogue, superuser CRUD, the cache and its invalidation —
// works, bad input, wrong user.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestApp } from '../../../../test/helpers/app.js';
import { call, newSuperuser, newUser, startMemoryMaker } from '../../../../test/helpers/memory-maker.js';
import type { TestUser } from '../../../../test/helpers/accounts.js';

let t: TestApp;
let admin: TestUser;
let user: TestUser;
before(async () => {
  t = await startMemoryMaker({ jobs: false });
  admin = await newSuperuser(t);
  user = await newUser(t);
});
after(async () => {
  await t.close();
});

const slug = () => `test-type-${randomBytes(4).toString('hex')}`;
const newType = (over: Record<string, unknown> = {}) => {
  const s = slug();
  return { slug: s, name: `Test ${s}`, description: 'A test type', price: 12.5, prompts: ['Name', 'Interests'], ...over };
};
const dbRow = async (id: number) => (await t.runtime.db.sql.executeSql('SELECT * FROM memory_maker.book_types WHERE id = $1', [id])).rows[0];

describe('works', () => {
  test("the catalogue: the original app's four types with prices, prompts and layouts, in the origin's wrapper", async () => {
    const r = await call(t, null, 'GET', '/book-types');
    assert.equal(r.statusCode, 200);
    const body = r.json();
    assert.deepEqual(Object.keys(body).sort(), ['book_types', 'limit', 'offset', 'total']);
    const bySlug = new Map(body.book_types.map((b: { slug: string }) => [b.slug, b]));
    const expected: [string, string, number][] = [
      ['children-story', "Children's Bedtime Story", 19.99],
      ['spouse-roasting', 'Spouse Roasting Book', 24.99],
      ['family-history', 'Family History Book', 29.99],
      ['pet-adventure', 'Pet Adventure Story', 19.99],
    ];
    for (const [s, name, price] of expected) {
      const bt = bySlug.get(s) as Record<string, unknown>;
      assert.ok(bt, s);
      assert.equal(bt.name, name);
      assert.equal(bt.price, price);
      assert.equal(bt.price_cents, Math.round(price * 100));
      assert.equal(bt.preview_price, 0);
      assert.equal(bt.currency, 'usd');
      assert.equal((bt.prompts as string[]).length, 4);
      assert.ok(bt.layout);
      assert.equal(typeof bt.id, 'number');
    }
    const one = await call(t, null, 'GET', `/book-types/${(bySlug.get('spouse-roasting') as { id: number }).id}`);
    assert.equal(one.statusCode, 200);
    assert.deepEqual(one.json().prompts, ["Partner's Name", 'Inside Jokes', 'Funny Stories', 'Favorite Activities']);
  });

  test('a superuser adds, changes and retires a type; the public catalogue follows at once', async () => {
    const input = newType({ layout: { page_size: 'A4', font: 'Courier', accent_color: '#112233', ornament: 'paws' } });
    const created = await call(t, admin, 'POST', '/admin/book-types', input);
    assert.equal(created.statusCode, 201, created.body);
    const bt = created.json();
    assert.equal(bt.price, 12.5);
    assert.equal(bt.price_cents, 1250);
    assert.equal((await dbRow(bt.id))!.price_cents, 1250);
    const listed = async () => (await call(t, null, 'GET', '/book-types?limit=100')).json().book_types.find((b: { id: number }) => b.id === bt.id);
    assert.equal((await listed())?.name, input.name);

    const changed = await call(t, admin, 'PUT', `/admin/book-types/${bt.id}`, { price: 15.99, prompts: ['Name'] });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().price, 15.99);
    assert.equal((await listed())?.price, 15.99, 'the cached catalogue was invalidated');
    assert.equal((await call(t, null, 'GET', `/book-types/${bt.id}`)).json().price_cents, 1599);

    const retired = await call(t, admin, 'DELETE', `/admin/book-types/${bt.id}`);
    assert.equal(retired.statusCode, 204);
    assert.equal(await listed(), undefined);
    assert.equal((await call(t, null, 'GET', `/book-types/${bt.id}`)).statusCode, 404);
    assert.equal((await dbRow(bt.id))!.is_active, false, 'retired, not deleted');
    const all = (await call(t, admin, 'GET', '/admin/book-types?limit=100&include_inactive=true')).json();
    assert.ok(all.book_types.some((b: { id: number; is_active: boolean }) => b.id === bt.id && !b.is_active));
  });

  test('reads are cached: a change made behind the service is not seen until a write invalidates', async () => {
    const bt = (await call(t, admin, 'POST', '/admin/book-types', newType())).json();
    const read = async () => (await call(t, null, 'GET', `/book-types/${bt.id}`)).json().description;
    assert.equal(await read(), 'A test type');
    await t.runtime.db.sql.executeSql(`UPDATE memory_maker.book_types SET description = 'changed behind the cache' WHERE id = $1`, [bt.id]);
    assert.equal(await read(), 'A test type', 'served from the cache');
    await call(t, admin, 'PUT', `/admin/book-types/${bt.id}`, { name: `${bt.name} 2` });
    assert.equal(await read(), 'changed behind the cache');
  });

  test('pagination: limit and offset over the active types, in id order', async () => {
    const page = (await call(t, null, 'GET', '/book-types?limit=2&offset=1')).json();
    assert.equal(page.limit, 2);
    assert.equal(page.offset, 1);
    assert.ok(page.book_types.length <= 2);
    const all = (await call(t, null, 'GET', '/book-types?limit=100')).json().book_types.map((b: { id: number }) => b.id);
    assert.deepEqual(
      page.book_types.map((b: { id: number }) => b.id),
      all.slice(1, 3),
    );
  });
});

describe('rejects bad input', () => {
  test('create: each bad field → 422 naming it; nothing is stored', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [newType({ price: 19.999 }), 'body.price'],
      [newType({ price: -1 }), 'body.price'],
      [newType({ preview_price: 0.001 }), 'body.preview_price'],
      [newType({ slug: 'Has Spaces' }), 'body.slug'],
      [newType({ prompts: [] }), 'body.prompts'],
      [newType({ prompts: ['x'.repeat(121)] }), 'body.prompts.0'],
      [newType({ name: '' }), 'body.name'],
      [newType({ layout: { page_size: 'A3', font: 'Courier', accent_color: '#112233', ornament: 'none' } }), 'body.layout.page_size'],
      [newType({ layout: { page_size: 'A4', font: 'Courier', accent_color: 'red', ornament: 'none' } }), 'body.layout.accent_color'],
    ];
    for (const [body, field] of cases) {
      const r = await call(t, admin, 'POST', '/admin/book-types', body);
      assert.equal(r.statusCode, 422, `${field}: ${r.body}`);
      assert.equal(r.json().detail[0].loc.join('.'), field);
      const n = (await t.runtime.db.sql.executeSql('SELECT count(*)::int AS n FROM memory_maker.book_types WHERE slug = $1', [body.slug])).rows[0]!.n;
      assert.equal(n, 0);
    }
  });

  test('a slug or name already used → 400 book_type_exists', async () => {
    const first = newType();
    assert.equal((await call(t, admin, 'POST', '/admin/book-types', first)).statusCode, 201);
    for (const dup of [
      { ...newType(), slug: first.slug },
      { ...newType(), name: first.name },
    ]) {
      const r = await call(t, admin, 'POST', '/admin/book-types', dup);
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().error_code, 'book_type_exists');
    }
    const other = (await call(t, admin, 'POST', '/admin/book-types', newType())).json();
    const r = await call(t, admin, 'PUT', `/admin/book-types/${other.id}`, { slug: first.slug });
    assert.equal(r.statusCode, 400);
  });

  test('ids: not a number or out of range → 422; unknown → 404', async () => {
    assert.equal((await call(t, null, 'GET', '/book-types/abc')).statusCode, 422);
    assert.equal((await call(t, null, 'GET', '/book-types/0')).statusCode, 422);
    assert.equal((await call(t, null, 'GET', '/book-types/99999999999')).statusCode, 422);
    const missing = await call(t, null, 'GET', '/book-types/2147483000');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error_code, 'book_type_not_found');
    assert.equal((await call(t, admin, 'PUT', '/admin/book-types/2147483000', { price: 1 })).statusCode, 404);
    assert.equal((await call(t, admin, 'DELETE', '/admin/book-types/2147483000')).statusCode, 404);
    assert.equal((await call(t, null, 'GET', '/book-types?limit=0')).statusCode, 422);
    assert.equal((await call(t, null, 'GET', '/book-types?limit=101')).statusCode, 422);
  });
});

describe('refuses the wrong user', () => {
  test('a user who is not a superuser → 403 on every admin route, and nothing changes', async () => {
    const bt = (await call(t, admin, 'POST', '/admin/book-types', newType())).json();
    const attempts: [string, string, unknown][] = [
      ['GET', '/admin/book-types', undefined],
      ['POST', '/admin/book-types', newType()],
      ['PUT', `/admin/book-types/${bt.id}`, { price: 0.5 }],
      ['DELETE', `/admin/book-types/${bt.id}`, undefined],
    ];
    for (const [method, url, body] of attempts) {
      const r = await call(t, user, method as 'GET', url, body);
      assert.equal(r.statusCode, 403, `${method} ${url}`);
      assert.equal(r.json().error_code, 'not_enough_privileges');
    }
    const row = await dbRow(bt.id);
    assert.equal(row!.price_cents, 1250);
    assert.equal(row!.is_active, true);
  });

  test('no token → 401 on admin routes (before the body is looked at)', async () => {
    for (const [method, url, body] of [
      ['GET', '/admin/book-types', undefined],
      ['POST', '/admin/book-types', { slug: 'bad slug' }],
      ['DELETE', '/admin/book-types/1', undefined],
    ] as const) {
      assert.equal((await call(t, null, method, url, body)).statusCode, 401, `${method} ${url}`);
    }
  });
});
