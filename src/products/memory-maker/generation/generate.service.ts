// Book generation: a request makes the book (status `generating`) and a task, and queues the job in the same
// transaction; the job writes the story through the AI port; the task reports how it went.
import { AppError } from '../../../core/http/errors.js';
import type { JobContext } from '../../../core/jobs/jobs.js';
import { cacheOf, CacheGroups, type Ctx } from '../context.js';
import type { BookRow, StoryPage } from '../db.js';
import { canAccessBook, type Actor } from '../policy.js';
import { findBookTypeRow, resolveBookType } from '../book-types/book-types.service.js';
import * as books from '../books/books.repo.js';
import * as tasks from './tasks.repo.js';
import { GENERATE_BOOK_RETRIES, generateBook } from './generate.job-def.js';
import { StoryDraftSchema, type GenerateRequest, type Task } from './generate.schemas.js';
import { storyInstruction, storyRequestInput } from './prompts.js';
import { writeLocalStory, type StoryDraft } from './story-engine.js';
import { cleanName, extrasByTopic, parseAge, parseInterests, type StoryInput, type Voice } from './story-input.js';
import { presentTask } from './task.presenter.js';

/** What a generating book's content holds until the story is written. */
interface PendingContent {
  book_type: string;
  prompts: Record<string, unknown>;
  voice_type: Voice;
  requested_title: boolean;
}

const taskNotFound = () => new AppError('task_not_found', 404, 'Generation task not found');

export async function startGeneration(ctx: Ctx, userId: string, req: GenerateRequest): Promise<{ task_id: string; book_id: string; status: 'pending' }> {
  const type = await resolveBookType(ctx, req.book_type, { activeOnly: true });
  const max = ctx.settings.MAX_RUNNING_GENERATIONS;
  const tooMany = () =>
    new AppError('too_many_generations', 429, `At most ${max} books can be generated at once; wait for one to finish`, { 'retry-after': '30' });
  // A cheap early answer; the transaction below checks again under the user's lock.
  if ((await tasks.countUnfinished(ctx.db.dz, userId)) >= max) throw tooMany();
  // Each generation costs an AI call: limited per user. Checked here, counted once accepted (a request refused by
  // the cap below costs nothing).
  await ctx.limits.check('GENERATIONS_PER_USER', userId);

  const now = new Date(ctx.now());
  const name = cleanName(req.prompts.name);
  const content: PendingContent = {
    book_type: type.slug,
    prompts: { ...req.prompts, name },
    voice_type: req.voice_type ?? req.voiceType ?? 'friendly',
    requested_title: req.title !== undefined,
  };
  const out = await ctx.db.transaction(async (tx) => {
    await tasks.lockUser(tx.dz, userId);
    if ((await tasks.countUnfinished(tx.dz, userId)) >= max) throw tooMany();
    const book = await books.insert(tx.dz, {
      userId,
      bookTypeId: type.id,
      title: req.title ?? `${type.name} for ${name}`.slice(0, 255),
      content: content as unknown as Record<string, unknown>,
      status: 'generating',
      createdAt: now,
    });
    const task = await tasks.insert(tx.dz, { userId, bookId: book.id, status: 'pending', createdAt: now });
    await generateBook.enqueue(ctx, { taskId: task.id }, { tx });
    return { task_id: task.id, book_id: book.id, status: 'pending' as const };
  });
  // Past the limit already (a concurrent twin counted first): accepted all the same; the next one is refused.
  await ctx.limits.consume('GENERATIONS_PER_USER', userId).catch(() => undefined);
  await cacheOf(ctx).invalidate(CacheGroups.books(userId));
  return out;
}

/** How a task stands; one left unfinished past GENERATION_TIMEOUT_S (its worker died past every retry) is failed. */
export async function getTask(ctx: Ctx, actor: Actor, taskId: string): Promise<Task> {
  const task = await tasks.findById(ctx.db.dz, taskId);
  if (!task || !canAccessBook(actor, task)) throw taskNotFound();
  const timedOut = (task.status === 'pending' || task.status === 'running') && ctx.now() - task.createdAt.getTime() > ctx.settings.GENERATION_TIMEOUT_S * 1000;
  if (timedOut) {
    const failed = await failGeneration(ctx, task.id, 'The book took too long to write; please try again');
    if (failed) return presentTask(failed);
  }
  return presentTask(task);
}

/** Marks a task (and its book, if still generating) failed; undefined when the task had already finished. */
async function failGeneration(ctx: Ctx, taskId: string, message: string): Promise<Awaited<ReturnType<typeof tasks.transition>>> {
  const now = new Date(ctx.now());
  const out = await ctx.db.transaction(async (tx) => {
    const task = await tasks.transition(tx.dz, taskId, ['pending', 'running'], { status: 'failed', error: message, finishedAt: now, updatedAt: now });
    if (task?.bookId) {
      const book = await books.findById(tx.dz, task.bookId);
      if (book?.book.status === 'generating') await books.update(tx.dz, task.bookId, { status: 'failed', updatedAt: now });
    }
    return task;
  });
  if (out) await cacheOf(ctx).invalidate(CacheGroups.books(out.userId));
  return out;
}

function storyInputOf(book: BookRow, type: { slug: string; name: string }): StoryInput {
  const c = book.content as Partial<PendingContent>;
  const prompts = c.prompts ?? {};
  return {
    bookType: type.slug,
    bookTypeName: type.name,
    title: c.requested_title ? book.title : undefined,
    name: cleanName(String(prompts.name ?? '')),
    age: parseAge(prompts.age),
    interests: parseInterests(prompts.interests as string | string[] | undefined),
    extras: extrasByTopic(prompts),
    voice: c.voice_type ?? 'friendly',
  };
}

/** Writes the story through the AI port: the offline engine's own, or a remote model's (which must use the name). */
export async function writeStory(ctx: Ctx, input: StoryInput): Promise<{ draft: StoryDraft; engine: string }> {
  const draft = await ctx.ai.json({
    name: 'memory_maker_story',
    instruction: storyInstruction(input),
    input: storyRequestInput(input),
    schema: StoryDraftSchema,
    local: () => writeLocalStory(input),
    maxTokens: 3000,
    temperature: 0.8,
    // A job retries later rather than printing a story the model did not write.
    strict: true,
  });
  const named = draft.pages.filter((p) => p.text.toLowerCase().includes(input.name.toLowerCase())).length;
  if (named === 0) throw new Error('the story does not use the name it was given');
  return { draft: input.title ? { ...draft, title: input.title } : draft, engine: ctx.ai.kind };
}

/** The job: idempotent (a finished task is left alone), retried with backoff, failure reported on the last try. */
export async function runGeneration(ctx: Ctx, taskId: string, job: JobContext): Promise<unknown> {
  const task = await tasks.findById(ctx.db.dz, taskId);
  if (!task || (task.status !== 'pending' && task.status !== 'running')) return { skipped: task?.status ?? 'missing' };
  const found = task.bookId ? await books.findById(ctx.db.dz, task.bookId) : undefined;
  if (!found || found.book.status !== 'generating') {
    await failGeneration(ctx, taskId, 'The book was deleted before its story was written');
    return { failed: 'book gone' };
  }
  const now = () => new Date(ctx.now());
  await tasks.transition(ctx.db.dz, taskId, ['pending', 'running'], {
    status: 'running',
    attempts: job.retryCount + 1,
    startedAt: task.startedAt ?? now(),
    updatedAt: now(),
  });
  const type = found.book.bookTypeId ? await findBookTypeRow(ctx, found.book.bookTypeId) : undefined;

  let result: { draft: StoryDraft; engine: string };
  try {
    if (!type) throw new Error('the book type is gone');
    result = await writeStory(ctx, storyInputOf(found.book, type));
  } catch (e) {
    job.log.warn({ err: (e as Error).message, attempt: job.retryCount + 1 }, 'story generation failed');
    if (job.retryCount >= GENERATE_BOOK_RETRIES) {
      await failGeneration(ctx, taskId, 'The story could not be written right now; please try again later');
      return { failed: 'gave up' };
    }
    throw e;
  }

  const pages: StoryPage[] = result.draft.pages.map((p, i) => ({ number: i + 1, text: p.text.trim(), image_prompt: p.image_prompt.trim() }));
  const content = found.book.content as unknown as PendingContent;
  const done = await ctx.db.transaction(async (tx) => {
    const book = await books.findById(tx.dz, found.book.id);
    // Deleted, or finished by another attempt, while the story was being written.
    if (!book || book.book.status !== 'generating') return undefined;
    const at = now();
    await books.update(tx.dz, found.book.id, {
      title: content.requested_title ? book.book.title : result.draft.title.slice(0, 255),
      description: result.draft.summary,
      content: { ...content, summary: result.draft.summary, engine: result.engine, pages } as unknown as Record<string, unknown>,
      status: 'generated',
      generatedAt: at,
      updatedAt: at,
    });
    return tasks.transition(tx.dz, taskId, ['pending', 'running'], { status: 'completed', error: null, finishedAt: at, updatedAt: at });
  });
  if (!done) {
    await failGeneration(ctx, taskId, 'The book was deleted before its story was written');
    return { failed: 'book gone' };
  }
  await cacheOf(ctx).invalidate(CacheGroups.books(task.userId));
  return { completed: found.book.id, pages: pages.length };
}
