// The context every Memory Maker handler, service and job gets, and the product's cache (one per process).
import type { ProductContext } from '../../core/product.js';
import { createCache, type Cache } from '../../core/cache/cache.js';
import type { MemoryMakerSettings } from './settings.js';

export type Ctx = ProductContext<MemoryMakerSettings>;

const caches = new WeakMap<object, Cache>();

/** The hot-read cache of this product: Redis when configured, memory otherwise. */
export function cacheOf(ctx: Pick<Ctx, 'redis' | 'slug' | 'now'>): Cache {
  let c = caches.get(ctx);
  if (!c) {
    c = createCache({ redis: ctx.redis, namespace: ctx.slug, now: ctx.now });
    caches.set(ctx, c);
  }
  return c;
}

/** Cache groups: everything in a group is dropped together on a write. */
export const CacheGroups = {
  bookTypes: 'book-types',
  books: (userId: string) => `books:${userId}`,
} as const;
