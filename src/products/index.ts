// The product registry: slug → module, loaded only when selected.
import type { ProductSlug } from '../config.js';
import type { ProductModule } from '../core/product.js';

const loaders: Partial<Record<ProductSlug, () => Promise<ProductModule>>> = {
  'couple-compass': async () => (await import('./couple-compass/index.js')).coupleCompass,
  'project-inside': async () => (await import('./project-inside/index.js')).projectInside,
};

/** Modules of the selected products that exist so far, in the order given. */
export async function loadProducts(slugs: ProductSlug[]): Promise<ProductModule[]> {
  const out: ProductModule[] = [];
  for (const s of slugs) {
    const load = loaders[s];
    if (load) out.push(await load());
  }
  return out;
}

export const availableProducts = (): ProductSlug[] => Object.keys(loaders) as ProductSlug[];
