// The book-type catalogue: public reads (cached), superuser writes (which clear the cache), and resolving the
// `book_type` a request names.
import { invalidField, notFound, badRequest } from '../../../core/http/errors.js';
import { pgErrorCode } from '../../../core/db/connect.js';
import { cacheOf, CacheGroups, type Ctx } from '../context.js';
import type { BookTypeRow } from '../db.js';
import { canManageCatalogue, notEnoughPrivileges, type Actor } from '../policy.js';
import { CATALOGUE, DEFAULT_LAYOUT } from './catalogue.js';
import { presentBookType } from './book-types.presenter.js';
import * as repo from './book-types.repo.js';
import type { BookType, BookTypeList, CreateBookType, UpdateBookType } from './book-types.schemas.js';
import { hasAtMostTwoDecimals, toCents } from './pricing.js';

export const bookTypeNotFound = () => notFound('Book type not found', 'book_type_not_found');

/** Reads through the product cache (TTL 0 turns it off). */
function cached<T>(ctx: Ctx, field: string, load: () => Promise<T>): Promise<T> {
  const ttl = ctx.settings.BOOK_TYPES_CACHE_TTL_S;
  return ttl > 0 ? cacheOf(ctx).get(CacheGroups.bookTypes, field, ttl, load) : load();
}

export async function seedBookTypes(ctx: Ctx): Promise<void> {
  await repo.seedCatalogue(ctx.db.dz, CATALOGUE);
  await cacheOf(ctx).invalidate(CacheGroups.bookTypes);
}

export function listBookTypes(ctx: Ctx, page: { limit: number; offset: number }): Promise<BookTypeList> {
  return cached(ctx, `list:${page.limit}:${page.offset}`, async () => {
    const { rows, total } = await repo.list(ctx.db.dz, { ...page, includeInactive: false });
    return { book_types: rows.map((r) => presentBookType(r, ctx.settings.CURRENCY)), total, ...page };
  });
}

export async function getBookType(ctx: Ctx, id: number): Promise<BookType> {
  const found = await cached(ctx, `id:${id}`, async () => {
    const row = await repo.findById(ctx.db.dz, id, { activeOnly: true });
    // null (not undefined) so that "no such type" is cached too.
    return row ? presentBookType(row, ctx.settings.CURRENCY) : null;
  });
  if (!found) throw bookTypeNotFound();
  return found;
}

/**
 * The type a request names by slug or id (`"children-story"`, `2`, `"2"`). Retired types are found only when
 * `activeOnly` is false (a book made before the type was retired still prints and pays).
 */
export async function resolveBookType(ctx: Ctx, ref: string | number, o: { activeOnly: boolean }): Promise<BookTypeRow> {
  const asId = typeof ref === 'number' ? ref : /^\d{1,10}$/.test(ref) ? Number(ref) : undefined;
  const row =
    asId !== undefined
      ? asId >= 1 && asId <= 2_147_483_647
        ? await repo.findById(ctx.db.dz, asId, o)
        : undefined
      : await repo.findBySlug(ctx.db.dz, String(ref).trim().toLowerCase(), o);
  if (!row) throw notFound(`Book type ${JSON.stringify(ref)} not found`, 'book_type_not_found');
  return row;
}

export async function findBookTypeRow(ctx: Ctx, id: number): Promise<BookTypeRow | undefined> {
  return repo.findById(ctx.db.dz, id, { activeOnly: false });
}

// ---- administration ----

export async function adminListBookTypes(ctx: Ctx, actor: Actor, q: { limit: number; offset: number; include_inactive: boolean }): Promise<BookTypeList> {
  if (!canManageCatalogue(actor)) throw notEnoughPrivileges();
  const { rows, total } = await repo.list(ctx.db.dz, { limit: q.limit, offset: q.offset, includeInactive: q.include_inactive });
  return { book_types: rows.map((r) => presentBookType(r, ctx.settings.CURRENCY)), total, limit: q.limit, offset: q.offset };
}

function checkPrice(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!hasAtMostTwoDecimals(value)) throw invalidField(['body', field], 'Price must have at most two decimals', value);
  return toCents(value);
}

const duplicate = (e: unknown) => {
  if (pgErrorCode(e) === '23505') return badRequest('A book type with this slug or name already exists', 'book_type_exists');
  return e;
};

export async function createBookType(ctx: Ctx, actor: Actor, input: CreateBookType): Promise<BookType> {
  if (!canManageCatalogue(actor)) throw notEnoughPrivileges();
  const priceCents = checkPrice(input.price, 'price')!;
  const previewPriceCents = checkPrice(input.preview_price, 'preview_price') ?? 0;
  const row = await repo
    .insert(ctx.db.dz, {
      slug: input.slug,
      name: input.name.trim(),
      description: input.description ?? '',
      priceCents,
      previewPriceCents,
      prompts: input.prompts,
      layout: input.layout ?? DEFAULT_LAYOUT,
      isActive: input.is_active ?? true,
      createdAt: new Date(ctx.now()),
    })
    .catch((e: unknown) => {
      throw duplicate(e);
    });
  await cacheOf(ctx).invalidate(CacheGroups.bookTypes);
  return presentBookType(row, ctx.settings.CURRENCY);
}

export async function updateBookType(ctx: Ctx, actor: Actor, id: number, patch: UpdateBookType): Promise<BookType> {
  if (!canManageCatalogue(actor)) throw notEnoughPrivileges();
  const priceCents = checkPrice(patch.price, 'price');
  const previewPriceCents = checkPrice(patch.preview_price, 'preview_price');
  const row = await repo
    .update(ctx.db.dz, id, {
      ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(priceCents !== undefined ? { priceCents } : {}),
      ...(previewPriceCents !== undefined ? { previewPriceCents } : {}),
      ...(patch.prompts !== undefined ? { prompts: patch.prompts } : {}),
      ...(patch.layout !== undefined ? { layout: patch.layout } : {}),
      ...(patch.is_active !== undefined ? { isActive: patch.is_active } : {}),
      updatedAt: new Date(ctx.now()),
    })
    .catch((e: unknown) => {
      throw duplicate(e);
    });
  if (!row) throw bookTypeNotFound();
  await cacheOf(ctx).invalidate(CacheGroups.bookTypes);
  return presentBookType(row, ctx.settings.CURRENCY);
}

/** Retires a type: it leaves the catalogue, books made with it keep it (they still print and can be paid). */
export async function retireBookType(ctx: Ctx, actor: Actor, id: number): Promise<void> {
  if (!canManageCatalogue(actor)) throw notEnoughPrivileges();
  const row = await repo.update(ctx.db.dz, id, { isActive: false, updatedAt: new Date(ctx.now()) });
  if (!row) throw bookTypeNotFound();
  await cacheOf(ctx).invalidate(CacheGroups.bookTypes);
}
