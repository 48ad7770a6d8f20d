// What a book's state allows: who sets which status, when it can be edited, printed and paid for.
import type { BookRow, StoryPage } from '../db.js';

export const BOOK_STATUSES = ['draft', 'generating', 'generated', 'failed', 'purchased', 'published', 'archived'] as const;
export type BookStatus = (typeof BOOK_STATUSES)[number];

/** The statuses a user sets; the others follow from what happened (generation, payment). */
export const USER_STATUSES = ['draft', 'published', 'archived'] as const;

const MAX_PAGES = 50;
const MAX_PAGE_CHARS = 4000;

/** The story pages of a book's content, when they are printable (1–50 pages of text); else undefined. */
export function readPages(content: unknown): StoryPage[] | undefined {
  if (!content || typeof content !== 'object' || Array.isArray(content)) return undefined;
  const pages = (content as { pages?: unknown }).pages;
  if (!Array.isArray(pages) || pages.length === 0 || pages.length > MAX_PAGES) return undefined;
  const out: StoryPage[] = [];
  for (const [i, p] of pages.entries()) {
    const text = p && typeof p === 'object' ? (p as { text?: unknown }).text : undefined;
    if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_PAGE_CHARS) return undefined;
    const prompt = (p as { image_prompt?: unknown }).image_prompt;
    out.push({ number: i + 1, text, image_prompt: typeof prompt === 'string' ? prompt : '' });
  }
  return out;
}

/** Why the book cannot be changed or deleted right now (a generation is writing it), or undefined. */
export function editRefusal(book: Pick<BookRow, 'status'>): 'book_generating' | undefined {
  return book.status === 'generating' ? 'book_generating' : undefined;
}

/** Why the book cannot be printed, or undefined: it must have been generated and still hold printable pages. */
export function printRefusal(book: Pick<BookRow, 'status' | 'generatedAt' | 'content'>): 'book_not_generated' | undefined {
  return book.status !== 'generating' && book.generatedAt && readPages(book.content) ? undefined : 'book_not_generated';
}

/** Why the book cannot be paid for, or undefined. */
export function payRefusal(book: Pick<BookRow, 'status' | 'generatedAt' | 'purchasedAt' | 'content'>): 'already_purchased' | 'book_not_generated' | undefined {
  if (book.purchasedAt) return 'already_purchased';
  return printRefusal(book);
}

/** The status a purchase leaves: `purchased`, unless the user has already published or archived the book. */
export function statusAfterPurchase(current: string): string {
  return current === 'published' || current === 'archived' ? current : 'purchased';
}
