// GET /users/me/export and DELETE /users/me for Memory Maker: my books, tasks and payments (nobody else's), then
// all of it erased, sessions ended and the e-mail free — works, bad input, wrong user.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../../../test/helpers/app.js';
import { call, generateAndWait, newUser, startMemoryMaker, P } from '../../../../test/helpers/memory-maker.js';

let t: TestApp;
before(async () => {
  t = await startMemoryMaker();
});
after(async () => {
  await t.close();
});

const count = async (table: string, userId: string) =>
  (await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM memory_maker.${table} WHERE user_id = $1`, [userId])).rows[0]!.n as number;

async function userWithEverything() {
  const u = await newUser(t);
  const done = await generateAndWait(t, u, { book_type: 'children-story', prompts: { name: 'Mia', interests: 'private-interest-marker' } });
  await call(t, u, 'POST', '/books', { title: 'Hand-made private title' });
  const intent = (await call(t, u, 'POST', '/payments/create-intent', { book_id: done.book_id, book_type: 'children-story' })).json();
  await call(t, u, 'POST', `/payments/sandbox/${intent.id}/confirm`, {});
  return { u, bookId: done.book_id, taskId: done.task_id, intentId: intent.id as string };
}

describe('works', () => {
  test('export: my account, books (with their stories), generation tasks and payments', async () => {
    const { u, bookId, taskId, intentId } = await userWithEverything();
    const r = await call(t, u, 'GET', '/users/me/export');
    assert.equal(r.statusCode, 200, r.body);
    const data = r.json();
    assert.equal(data.account.email, u.email);
    assert.ok(data.exported_at);
    assert.equal(data.books.length, 2);
    const generated = data.books.find((b: { id: string }) => b.id === bookId);
    assert.equal(generated.book_type, 'children-story');
    assert.equal(generated.status, 'purchased');
    assert.ok(JSON.stringify(generated.content).includes('private-interest-marker'));
    assert.deepEqual(
      data.generation_tasks.map((x: { task_id: string }) => x.task_id),
      [taskId],
    );
    assert.equal(data.payments.length, 1);
    assert.equal(data.payments[0].provider_payment_id, intentId);
    assert.equal(data.payments[0].status, 'succeeded');
  });

  test('erase: books, tasks, payments and the account go; sessions end; the e-mail can sign up again', async () => {
    const { u } = await userWithEverything();
    assert.equal((await call(t, u, 'GET', '/books')).json().total, 2, 'list cached before the erase');
    const r = await call(t, u, 'DELETE', '/users/me');
    assert.equal(r.statusCode, 204);
    for (const table of ['books', 'generation_tasks', 'payments']) assert.equal(await count(table, u.id), 0, table);
    assert.equal(await t.runtime.identity.findUser('memory-maker', u.id), undefined);
    assert.equal((await call(t, u, 'GET', '/books')).statusCode, 401);
    const again = await t.app.inject({ method: 'POST', url: `${P}/auth/register`, payload: { email: u.email, password: 'Password-123' } });
    assert.equal(again.statusCode, 200);
  });
});

describe('rejects bad input', () => {
  test('export and erase take no input: an unexpected body or query is ignored, a wrong method is 404', async () => {
    const u = await newUser(t);
    assert.equal((await call(t, u, 'GET', '/users/me/export?format=xml')).statusCode, 200);
    assert.equal((await call(t, u, 'POST', '/users/me/export', {})).statusCode, 404);
    assert.equal(await count('books', u.id), 0);
  });
});

describe('refuses the wrong user', () => {
  test("nobody else's data is in my export; erasing me leaves others' books alone; no token → 401", async () => {
    const [{ u: other, bookId: otherBook }, me] = [await userWithEverything(), await newUser(t)];
    const mine = await call(t, me, 'GET', '/users/me/export');
    assert.equal(mine.json().books.length, 0);
    assert.ok(!mine.body.includes(other.email));
    assert.ok(!mine.body.includes(otherBook));
    assert.equal((await call(t, me, 'DELETE', '/users/me')).statusCode, 204);
    assert.equal(await count('books', other.id), 2);
    assert.equal((await call(t, null, 'GET', '/users/me/export')).statusCode, 401);
    assert.equal((await call(t, null, 'DELETE', '/users/me')).statusCode, 401);
  });
});
