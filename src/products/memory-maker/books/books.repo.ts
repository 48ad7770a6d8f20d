// SQL of books (with their type's slug).
import { and, count, desc, eq, ne } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { bookTypes, books, type BookRow } from '../db.js';

export interface BookWithType {
  book: BookRow;
  typeSlug: string | null;
}

const withType = (dz: Dz) => dz.select({ book: books, typeSlug: bookTypes.slug }).from(books).leftJoin(bookTypes, eq(books.bookTypeId, bookTypes.id));

export async function findById(dz: Dz, id: string): Promise<BookWithType | undefined> {
  const [row] = await withType(dz).where(eq(books.id, id));
  return row;
}

export async function listByUser(
  dz: Dz,
  userId: string,
  o: { limit: number; offset: number; status?: string | undefined },
): Promise<{ rows: BookWithType[]; total: number }> {
  const where = o.status ? and(eq(books.userId, userId), eq(books.status, o.status)) : eq(books.userId, userId);
  const rows = await withType(dz).where(where).orderBy(desc(books.createdAt), desc(books.id)).limit(o.limit).offset(o.offset);
  const [c] = await dz.select({ n: count() }).from(books).where(where);
  return { rows, total: c?.n ?? 0 };
}

export async function insert(dz: Dz, values: typeof books.$inferInsert): Promise<BookRow> {
  const [row] = await dz.insert(books).values(values).returning();
  return row!;
}

/** Changes a book unless a generation is writing it; undefined when the book is gone or generating. */
export async function updateUnlessGenerating(dz: Dz, id: string, patch: Partial<typeof books.$inferInsert>): Promise<BookRow | undefined> {
  const [row] = await dz
    .update(books)
    .set(patch)
    .where(and(eq(books.id, id), ne(books.status, 'generating')))
    .returning();
  return row;
}

export async function deleteUnlessGenerating(dz: Dz, id: string): Promise<boolean> {
  const rows = await dz
    .delete(books)
    .where(and(eq(books.id, id), ne(books.status, 'generating')))
    .returning({ id: books.id });
  return rows.length > 0;
}

export async function update(dz: Dz, id: string, patch: Partial<typeof books.$inferInsert>): Promise<BookRow | undefined> {
  const [row] = await dz.update(books).set(patch).where(eq(books.id, id)).returning();
  return row;
}

export async function listAllByUser(dz: Dz, userId: string): Promise<BookWithType[]> {
  return withType(dz).where(eq(books.userId, userId)).orderBy(books.createdAt);
}

export async function deleteByUser(dz: Dz, userId: string): Promise<void> {
  await dz.delete(books).where(eq(books.userId, userId));
}
