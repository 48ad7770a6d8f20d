// Books: my list (cached), create, read, change, delete — the owner or a superuser, never while a generation runs.
import { AppError, invalidField } from '../../../core/http/errors.js';
import { cacheOf, CacheGroups, type Ctx } from '../context.js';
import { bookNotFound, canAccessBook, type Actor } from '../policy.js';
import { resolveBookType } from '../book-types/book-types.service.js';
import { editRefusal } from './book-rules.js';
import { presentBook } from './book.presenter.js';
import * as repo from './books.repo.js';
import type { Book, BookList, BookQuery, CreateBook, UpdateBook } from './books.schemas.js';
import { forgetNarration } from '../narration/narration.service.js';

const MAX_CONTENT_BYTES = 200_000;

export const bookGenerating = () => new AppError('book_generating', 409, 'The book is being generated; try again when the generation has finished');

function checkContent(content: unknown): void {
  if (content === undefined) return;
  const bytes = Buffer.byteLength(JSON.stringify(content), 'utf8');
  if (bytes > MAX_CONTENT_BYTES)
    throw invalidField(['body', 'content'], `Content must be at most ${MAX_CONTENT_BYTES} bytes of JSON (got ${bytes})`, '[too large]');
}

/** Drops every cached list of this user's books (call after any write to them). */
export const forgetBooksOf = (ctx: Ctx, userId: string) => cacheOf(ctx).invalidate(CacheGroups.books(userId));

export function listMyBooks(ctx: Ctx, userId: string, q: BookQuery): Promise<BookList> {
  const load = async (): Promise<BookList> => {
    const { rows, total } = await repo.listByUser(ctx.db.dz, userId, q);
    return { data: rows.map((r) => presentBook(r.book, r.typeSlug)), total, limit: q.limit, offset: q.offset };
  };
  const ttl = ctx.settings.BOOKS_CACHE_TTL_S;
  return ttl > 0 ? cacheOf(ctx).get(CacheGroups.books(userId), `${q.status ?? '*'}:${q.limit}:${q.offset}`, ttl, load) : load();
}

export async function createBook(ctx: Ctx, userId: string, input: CreateBook): Promise<Book> {
  checkContent(input.content);
  const type = input.book_type !== undefined ? await resolveBookType(ctx, input.book_type, { activeOnly: true }) : undefined;
  const row = await repo.insert(ctx.db.dz, {
    userId,
    bookTypeId: type?.id ?? null,
    title: input.title,
    description: input.description ?? null,
    content: input.content ?? {},
    status: input.status ?? 'draft',
    createdAt: new Date(ctx.now()),
  });
  await forgetBooksOf(ctx, userId);
  return presentBook(row, type?.slug ?? null);
}

/** The book, when the actor may see it; someone else's book is "not found". */
export async function findAccessibleBook(ctx: Ctx, actor: Actor, bookId: string): Promise<repo.BookWithType> {
  const found = await repo.findById(ctx.db.dz, bookId);
  if (!found || !canAccessBook(actor, found.book)) throw bookNotFound();
  return found;
}

export async function getBook(ctx: Ctx, actor: Actor, bookId: string): Promise<Book> {
  const { book, typeSlug } = await findAccessibleBook(ctx, actor, bookId);
  return presentBook(book, typeSlug);
}

export async function updateBook(ctx: Ctx, actor: Actor, bookId: string, patch: UpdateBook): Promise<Book> {
  const { book, typeSlug } = await findAccessibleBook(ctx, actor, bookId);
  checkContent(patch.content);
  if (editRefusal(book)) throw bookGenerating();
  const row = await repo.updateUnlessGenerating(ctx.db.dz, bookId, {
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.content !== undefined ? { content: patch.content } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    updatedAt: new Date(ctx.now()),
  });
  // Gone or started generating since the read above.
  if (!row) throw (await repo.findById(ctx.db.dz, bookId)) ? bookGenerating() : bookNotFound();
  await forgetBooksOf(ctx, book.userId);
  return presentBook(row, typeSlug);
}

export async function deleteBook(ctx: Ctx, actor: Actor, bookId: string): Promise<void> {
  const { book } = await findAccessibleBook(ctx, actor, bookId);
  if (editRefusal(book)) throw bookGenerating();
  if (!(await repo.deleteUnlessGenerating(ctx.db.dz, bookId))) {
    throw (await repo.findById(ctx.db.dz, bookId)) ? bookGenerating() : bookNotFound();
  }
  await forgetBooksOf(ctx, book.userId);
  await forgetNarration(ctx, bookId);
}
