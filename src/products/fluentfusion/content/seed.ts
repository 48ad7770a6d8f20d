// Seeds the shipped lesson content (three languages), keyed by each lesson's and exercise's `key`.
import type { ProductContext } from '../../../core/product.js';
import { upsertCatalogue } from '../lessons/lessons.repo.js';
import { buildCatalogue, type LessonSeed } from './catalogue.js';
import english from './english.json' with { type: 'json' };
import french from './french.json' with { type: 'json' };
import kinyarwanda from './kinyarwanda.json' with { type: 'json' };

/** The shipped content, checked (complete courses only); throws listing every problem. */
export const shippedCatalogue = (): LessonSeed[] => buildCatalogue([kinyarwanda, english, french], { complete: true });

/** Idempotent: re-seeding updates lessons in place and never duplicates them. */
export async function seedLessons(ctx: ProductContext, catalogue: LessonSeed[] = shippedCatalogue()): Promise<number> {
  const now = new Date(ctx.now());
  await ctx.db.transaction((tx) => upsertCatalogue(tx.dz, catalogue, now));
  ctx.log.info({ product: ctx.slug, lessons: catalogue.length }, 'lesson content seeded');
  return catalogue.length;
}
