// A book row as clients see it.
import type { BookRow } from '../db.js';
import { readPages, type BookStatus } from './book-rules.js';
import type { Book } from './books.schemas.js';
import { iso } from '../../../core/iso.js';

export const presentBook = (b: BookRow, typeSlug: string | null): Book => ({
  id: b.id,
  title: b.title,
  description: b.description,
  content: b.content,
  status: b.status as BookStatus,
  book_type: typeSlug,
  book_type_id: b.bookTypeId,
  user_id: b.userId,
  page_count: readPages(b.content)?.length ?? 0,
  generated_at: iso(b.generatedAt),
  purchased_at: iso(b.purchasedAt),
  price_paid: b.pricePaidCents,
  created_at: b.createdAt.toISOString(),
  updated_at: iso(b.updatedAt),
});
