// A book-type row as clients see it: prices in dollars (two decimals) and in cents.
import type { BookTypeRow } from '../db.js';
import { toDollars } from './pricing.js';
import type { BookType } from './book-types.schemas.js';

export const presentBookType = (r: BookTypeRow, currency: string): BookType => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  price: toDollars(r.priceCents),
  preview_price: toDollars(r.previewPriceCents),
  price_cents: r.priceCents,
  currency,
  prompts: r.prompts,
  layout: r.layout,
  is_active: r.isActive,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt ? r.updatedAt.toISOString() : null,
});
