// /books/generate: the job writes a 5–7 page book (offline engine, or an OpenAI-compatible server), retries with
// backoff, reports failure (never a 500), limits AI cost — works, bad input, wrong user.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../../../test/helpers/app.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../../../test/helpers/fake-openai.js';
import { call, eventually, generateAndWait, newSuperuser, newUser, startMemoryMaker } from '../../../../test/helpers/memory-maker.js';

const dbBook = async (t: TestApp, id: string) => (await t.runtime.db.sql.executeSql('SELECT * FROM memory_maker.books WHERE id = $1', [id])).rows[0]!;
const dbTask = async (t: TestApp, id: string) =>
  (await t.runtime.db.sql.executeSql('SELECT * FROM memory_maker.generation_tasks WHERE id = $1', [id])).rows[0]!;

describe('with the offline engine', () => {
  let t: TestApp;
  before(async () => {
    t = await startMemoryMaker();
  });
  after(async () => {
    await t.close();
  });

  test('works: 202 with a task; the job writes a 5–7 page story with the name and interests; the book is generated', async () => {
    const u = await newUser(t);
    const r = await call(t, u, 'POST', '/books/generate', {
      book_type: 'children-story',
      prompts: { name: 'Mia', age: '6', interests: 'dinosaurs, space and baking' },
      voiceType: 'storyteller',
    });
    assert.equal(r.statusCode, 202, r.body);
    const accepted = r.json();
    assert.deepEqual(Object.keys(accepted).sort(), ['book_id', 'status', 'task_id']);
    assert.equal(accepted.status, 'pending');
    const done = await eventually(async () => {
      const s = (await call(t, u, 'GET', `/books/generate/${accepted.task_id}`)).json();
      return s.status === 'completed' ? s : undefined;
    }, 'generation');
    assert.equal(done.book_id, accepted.book_id);
    assert.equal(done.attempts, 1);
    assert.equal(done.error, null);
    assert.ok(done.started_at && done.finished_at);

    const book = (await call(t, u, 'GET', `/books/${accepted.book_id}`)).json();
    assert.equal(book.status, 'generated');
    assert.equal(book.title, 'Mia and the Moonlit Dinosaurs');
    assert.equal(book.description, 'A bedtime story for Mia, age 6, about dinosaurs, space and baking.');
    assert.ok(book.page_count >= 5 && book.page_count <= 7);
    assert.ok(book.generated_at);
    const pages = book.content.pages as { number: number; text: string }[];
    assert.deepEqual(
      pages.map((p) => p.number),
      pages.map((_, i) => i + 1),
    );
    for (const p of pages) assert.ok(p.text.includes('Mia'), p.text);
    for (const i of ['dinosaurs', 'space', 'baking'])
      assert.ok(
        pages.some((p) => p.text.includes(i)),
        i,
      );
    assert.match(pages[0]!.text, /^Once upon a time/, 'the storyteller voice');
    assert.equal(book.content.engine, 'local');
    assert.equal(book.content.voice_type, 'storyteller');
    const row = await dbBook(t, accepted.book_id);
    assert.equal(row.status, 'generated');
    assert.equal((await dbTask(t, accepted.task_id)).status, 'completed');
  });

  test('works: the title asked for is kept; each book type tells its own story from its prompts', async () => {
    const u = await newUser(t);
    const roast = await generateAndWait(t, u, {
      book_type: 'spouse-roasting',
      title: 'For Sam, With Love',
      prompts: { name: 'Sam', interests: ['golf'], 'Inside Jokes': 'the lasagne disaster' },
      voice_type: 'humorous',
    });
    assert.equal(roast.status, 'completed');
    const book = (await call(t, u, 'GET', `/books/${roast.book_id}`)).json();
    assert.equal(book.title, 'For Sam, With Love');
    assert.ok(book.content.pages.some((p: { text: string }) => p.text.includes('the lasagne disaster')));
    const petType = (await call(t, null, 'GET', '/book-types')).json().book_types.find((b: { slug: string }) => b.slug === 'pet-adventure');
    const pet = await generateAndWait(t, u, { book_type: petType.id, prompts: { name: 'Biscuit', "Pet's Species": 'beagle' } });
    const petBook = (await call(t, u, 'GET', `/books/${pet.book_id}`)).json();
    assert.equal(petBook.book_type, 'pet-adventure');
    assert.match(petBook.content.pages[0].text, /Biscuit was no ordinary beagle/);
  });

  test('works: the list shows the book as generating, then generated (the cache follows the job)', async () => {
    const u = await newUser(t);
    const r = await call(t, u, 'POST', '/books/generate', { book_type: 'family-history', prompts: { name: 'Garcia' } });
    const statuses = new Set<string>();
    await eventually(async () => {
      const s = (await call(t, u, 'GET', '/books')).json().data[0].status as string;
      statuses.add(s);
      return s === 'generated' ? s : undefined;
    }, 'the list to show the generated book');
    assert.ok(statuses.has('generated'));
    assert.equal((await call(t, u, 'GET', `/books/${r.json().book_id}`)).json().title, 'The Story of the Garcia Family');
  });

  test("wrong user: another user's task is not found; a superuser may follow it; no token → 401", async () => {
    const [owner, other, admin] = [await newUser(t), await newUser(t), await newSuperuser(t)];
    const done = await generateAndWait(t, owner, { book_type: 'children-story', prompts: { name: 'Leo' } });
    const r = await call(t, other, 'GET', `/books/generate/${done.task_id}`);
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().error_code, 'task_not_found');
    assert.equal((await call(t, admin, 'GET', `/books/generate/${done.task_id}`)).statusCode, 200);
    assert.equal((await call(t, null, 'GET', `/books/generate/${done.task_id}`)).statusCode, 401);
    assert.equal((await call(t, null, 'POST', '/books/generate', { book_type: 'children-story', prompts: { name: 'x' } })).statusCode, 401);
  });

  test('bad input: each bad field → 422 naming it; unknown or retired types → 404; nothing is created', async () => {
    const u = await newUser(t);
    const ok = { book_type: 'children-story', prompts: { name: 'Mia' } };
    const cases: [unknown, string][] = [
      [{ book_type: 'children-story' }, 'body.prompts'],
      [{ ...ok, prompts: {} }, 'body.prompts.name'],
      [{ ...ok, prompts: { name: '' } }, 'body.prompts.name'],
      [{ ...ok, prompts: { name: 'x'.repeat(81) } }, 'body.prompts.name'],
      [{ ...ok, prompts: { name: 'Mia', age: 200 } }, 'body.prompts.age'],
      [{ ...ok, prompts: { name: 'Mia', age: 'seven' } }, 'body.prompts.age'],
      [{ ...ok, prompts: { name: 'Mia', interests: 'x'.repeat(1001) } }, 'body.prompts.interests'],
      [{ ...ok, prompts: { name: 'Mia', interests: Array(11).fill('a') } }, 'body.prompts.interests'],
      [{ ...ok, prompts: { name: 'Mia', 'Inside Jokes': 'x'.repeat(501) } }, 'body.prompts.Inside Jokes'],
      [{ ...ok, prompts: { name: 'Mia', favourite: 3 } }, 'body.prompts.favourite'],
      [{ ...ok, prompts: Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`k${i}`, 'v']).concat([['name', 'Mia']])) }, 'body.prompts'],
      [{ ...ok, voice_type: 'shouty' }, 'body.voice_type'],
      [{ ...ok, title: '' }, 'body.title'],
      [{ prompts: { name: 'Mia' } }, 'body.book_type'],
    ];
    for (const [body, field] of cases) {
      const r = await call(t, u, 'POST', '/books/generate', body);
      assert.equal(r.statusCode, 422, `${field}: ${r.body.slice(0, 300)}`);
      assert.equal(r.json().detail[0].loc.join('.'), field, r.body.slice(0, 300));
    }
    for (const book_type of ['no-such-type', 0x7ffffff0]) {
      const r = await call(t, u, 'POST', '/books/generate', { ...ok, book_type });
      assert.equal(r.statusCode, 404, String(book_type));
      assert.equal(r.json().error_code, 'book_type_not_found');
    }
    const admin = await newSuperuser(t);
    const retired = (
      await call(t, admin, 'POST', '/admin/book-types', {
        slug: `retired-${randomUUID().slice(0, 8)}`,
        name: `Retired ${randomUUID()}`,
        price: 5,
        prompts: ['Name'],
      })
    ).json();
    await call(t, admin, 'DELETE', `/admin/book-types/${retired.id}`);
    assert.equal((await call(t, u, 'POST', '/books/generate', { ...ok, book_type: retired.slug })).statusCode, 404);
    assert.equal((await call(t, u, 'GET', '/books')).json().total, 0);
    assert.equal((await call(t, u, 'GET', '/books/generate/not-a-uuid')).statusCode, 422);
    assert.equal((await call(t, u, 'GET', `/books/generate/${randomUUID()}`)).statusCode, 404);
  });
});

describe('limits (AI cost)', () => {
  let t: TestApp;
  before(async () => {
    // Workers off: generations stay queued, so the cap on unfinished ones is reached.
    t = await startMemoryMaker({ jobs: false, env: { RATE_LIMIT_SCALE: '1', MEMORY_MAKER_RATE_LIMIT_GENERATIONS_PER_USER: '4/3600' } });
  });
  after(async () => {
    await t.close();
  });

  test('at most MAX_RUNNING_GENERATIONS unfinished per user (429), then the per-user hourly limit (429 + Retry-After)', async () => {
    const u = await newUser(t);
    const body = { book_type: 'children-story', prompts: { name: 'Mia' } };
    const statuses = await Promise.all([1, 2, 3, 4].map(async () => (await call(t, u, 'POST', '/books/generate', body)).statusCode));
    assert.deepEqual(statuses.sort(), [202, 202, 202, 429], 'three at once, even when sent together');
    const capped = await call(t, u, 'POST', '/books/generate', body);
    assert.equal(capped.statusCode, 429);
    assert.equal(capped.json().error_code, 'too_many_generations');
    assert.equal((await t.runtime.db.sql.executeSql(`SELECT count(*)::int AS n FROM memory_maker.generation_tasks WHERE user_id = $1`, [u.id])).rows[0]!.n, 3);
    // Finish them (as if the job had run), then the hourly limit (4 per hour here) answers.
    await t.runtime.db.sql.executeSql(`UPDATE memory_maker.generation_tasks SET status = 'completed' WHERE user_id = $1`, [u.id]);
    assert.equal((await call(t, u, 'POST', '/books/generate', body)).statusCode, 202);
    const limited = await call(t, u, 'POST', '/books/generate', body);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error_code, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    // Another user is not affected.
    assert.equal((await call(t, await newUser(t), 'POST', '/books/generate', body)).statusCode, 202);
  });

  test('a task unfinished past GENERATION_TIMEOUT_S is reported failed, and so is its book', async () => {
    const u = await newUser(t);
    const r = (await call(t, u, 'POST', '/books/generate', { book_type: 'children-story', prompts: { name: 'Mia' } })).json();
    await t.runtime.db.sql.executeSql(`UPDATE memory_maker.generation_tasks SET created_at = now() - interval '2 hours' WHERE id = $1`, [r.task_id]);
    const s = await call(t, u, 'GET', `/books/generate/${r.task_id}`);
    assert.equal(s.statusCode, 200);
    assert.equal(s.json().status, 'failed');
    assert.match(s.json().error, /too long/);
    assert.equal((await dbBook(t, r.book_id)).status, 'failed');
    // A failed book can be deleted (it is not generating any more).
    assert.equal((await call(t, u, 'DELETE', `/books/${r.book_id}`)).statusCode, 204);
    assert.equal((await call(t, u, 'GET', `/books/generate/${r.task_id}`)).json().book_id, null);
  });
});

describe('with an OpenAI-compatible server', () => {
  let t: TestApp;
  let ai: FakeOpenAi;
  before(async () => {
    ai = await startFakeOpenAi();
    t = await startMemoryMaker({ env: { OPENAI_BASE_URL: ai.url, OPENAI_API_KEY: 'sk-test' } });
  });
  after(async () => {
    await t.close();
    await ai.close();
  });

  const story = (name: string, pages = 5) =>
    JSON.stringify({
      title: `${name} Goes to Space`,
      summary: `A story for ${name}.`,
      pages: Array.from({ length: pages }, (_, i) => ({
        text: `Page ${i + 1}: ${name} floated past the rings of Saturn and waved at the stars.`,
        image_prompt: `${name} in space`,
      })),
    });

  test("the model's story is used; it was asked with the name, interests and voice", async () => {
    const u = await newUser(t);
    ai.answer(story('Ava', 6));
    const done = await generateAndWait(t, u, { book_type: 'children-story', prompts: { name: 'Ava', age: 5, interests: 'rockets' }, voice_type: 'friendly' });
    assert.equal(done.status, 'completed');
    const book = (await call(t, u, 'GET', `/books/${done.book_id}`)).json();
    assert.equal(book.title, 'Ava Goes to Space');
    assert.equal(book.page_count, 6);
    assert.equal(book.content.engine, 'openai');
    const sent = JSON.stringify(ai.requests.at(-1)!.body);
    for (const s of ['Ava', 'rockets', 'friendly', 'bedtime']) assert.ok(sent.includes(s), s);
  });

  test('an unusable answer (not JSON, too few pages, no name) is retried with backoff; then the good one is used', async () => {
    const u = await newUser(t);
    ai.answer(
      'I cannot do that',
      JSON.stringify({ title: 'x', summary: 'y', pages: [{ text: 'too short', image_prompt: '' }] }),
      story('Somebody Else'),
      story('Noor'),
    );
    const done = await generateAndWait(t, u, { book_type: 'children-story', prompts: { name: 'Noor' } });
    assert.equal(done.status, 'completed');
    const task = (await call(t, u, 'GET', `/books/generate/${done.task_id}`)).json();
    assert.equal(task.attempts, 4);
    assert.equal((await call(t, u, 'GET', `/books/${done.book_id}`)).json().title, 'Noor Goes to Space');
  });

  test('a server that keeps failing: after the retries the task and the book are failed, reported with 200', async () => {
    const u = await newUser(t);
    ai.answer({ status: 400, body: { error: { message: 'model overloaded', type: 'invalid_request_error' } } });
    const done = await generateAndWait(t, u, { book_type: 'children-story', prompts: { name: 'Zed' } });
    assert.equal(done.status, 'failed');
    assert.equal(done.error, 'The story could not be written right now; please try again later');
    const task = (await call(t, u, 'GET', `/books/generate/${done.task_id}`)).json();
    assert.equal(task.attempts, 4);
    const book = (await call(t, u, 'GET', `/books/${done.book_id}`)).json();
    assert.equal(book.status, 'failed');
    assert.equal(book.generated_at, null);
    assert.equal((await call(t, u, 'GET', `/books/${done.book_id}/pdf`)).statusCode, 409);
  });
});
