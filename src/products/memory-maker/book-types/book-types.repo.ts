// SQL of the book-type catalogue.
import { and, asc, count, eq } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { bookTypes, type BookTypeRow } from '../db.js';
import type { CatalogueEntry } from './catalogue.js';

export async function list(dz: Dz, o: { limit: number; offset: number; includeInactive: boolean }): Promise<{ rows: BookTypeRow[]; total: number }> {
  const where = o.includeInactive ? undefined : eq(bookTypes.isActive, true);
  const rows = await dz.select().from(bookTypes).where(where).orderBy(asc(bookTypes.id)).limit(o.limit).offset(o.offset);
  const [c] = await dz.select({ n: count() }).from(bookTypes).where(where);
  return { rows, total: c?.n ?? 0 };
}

export async function findById(dz: Dz, id: number, o: { activeOnly: boolean }): Promise<BookTypeRow | undefined> {
  const [row] = await dz
    .select()
    .from(bookTypes)
    .where(o.activeOnly ? and(eq(bookTypes.id, id), eq(bookTypes.isActive, true)) : eq(bookTypes.id, id));
  return row;
}

export async function findBySlug(dz: Dz, slug: string, o: { activeOnly: boolean }): Promise<BookTypeRow | undefined> {
  const [row] = await dz
    .select()
    .from(bookTypes)
    .where(o.activeOnly ? and(eq(bookTypes.slug, slug), eq(bookTypes.isActive, true)) : eq(bookTypes.slug, slug));
  return row;
}

export async function insert(dz: Dz, values: typeof bookTypes.$inferInsert): Promise<BookTypeRow> {
  const [row] = await dz.insert(bookTypes).values(values).returning();
  return row!;
}

export async function update(dz: Dz, id: number, patch: Partial<typeof bookTypes.$inferInsert>): Promise<BookTypeRow | undefined> {
  const [row] = await dz.update(bookTypes).set(patch).where(eq(bookTypes.id, id)).returning();
  return row;
}

/** Adds the catalogue's types that are not there yet (by slug); existing ones keep their admin edits. */
export async function seedCatalogue(dz: Dz, entries: readonly CatalogueEntry[]): Promise<void> {
  await dz
    .insert(bookTypes)
    .values(
      entries.map((e) => ({
        slug: e.slug,
        name: e.name,
        description: e.description,
        priceCents: e.priceCents,
        previewPriceCents: e.previewPriceCents,
        prompts: e.prompts,
        layout: e.layout,
      })),
    )
    .onConflictDoNothing();
}
