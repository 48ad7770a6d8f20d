// Printing a book: its owner or a superuser, once it has been generated; PREVIEW-marked until it is paid for.
import { AppError } from '../../../core/http/errors.js';
import type { Ctx } from '../context.js';
import type { Actor } from '../policy.js';
import { DEFAULT_LAYOUT } from '../book-types/catalogue.js';
import { findBookTypeRow } from '../book-types/book-types.service.js';
import { findAccessibleBook } from '../books/books.service.js';
import { printRefusal, readPages } from '../books/book-rules.js';
import { renderBookPdf } from './render-book.js';

export const bookNotGenerated = () => new AppError('book_not_generated', 409, 'The book has no story yet: generate it first');

/** "Mia and the Moonlit Dinosaurs" → "mia-and-the-moonlit-dinosaurs" (ASCII, for the download's file name). */
export function fileNameOf(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${slug || 'book'}.pdf`;
}

export async function printBook(ctx: Ctx, actor: Actor, bookId: string): Promise<{ pdf: NodeJS.ReadableStream; fileName: string }> {
  const { book } = await findAccessibleBook(ctx, actor, bookId);
  if (printRefusal(book)) throw bookNotGenerated();
  await ctx.limits.consume('PDF_RENDERS_PER_USER', actor.id);
  const type = book.bookTypeId ? await findBookTypeRow(ctx, book.bookTypeId) : undefined;
  const content = book.content as { prompts?: { name?: unknown } };
  const name = typeof content.prompts?.name === 'string' ? content.prompts.name : undefined;
  const pdf = renderBookPdf({
    title: book.title,
    subtitle: book.description ?? (name ? `A story for ${name}` : ''),
    typeName: type?.name ?? 'Personalised book',
    pages: readPages(book.content)!,
    layout: type?.layout ?? DEFAULT_LAYOUT,
    preview: !book.purchasedAt,
    createdAt: book.generatedAt ?? book.createdAt,
  });
  return { pdf, fileName: fileNameOf(book.title) };
}
