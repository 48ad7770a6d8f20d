// The product registry: one line per product, loaded only when selected. Slugs come from here.
import type { ProductModule } from '../core/product.js';

type Loader = () => Promise<{ default: ProductModule }>;

const REGISTRY = {
  'couple-compass': () => import('./couple-compass/index.js'),
  'project-inside': () => import('./project-inside/index.js'),
  fluentfusion: () => import('./fluentfusion/index.js'),
  'memory-maker': () => import('./memory-maker/index.js'),
  flirtcraft: () => import('./flirtcraft/index.js'),
} satisfies Record<string, Loader>;

export type ProductSlug = keyof typeof REGISTRY;
export const PRODUCT_SLUGS = Object.keys(REGISTRY) as ProductSlug[];

export const isProductSlug = (s: string): s is ProductSlug => Object.hasOwn(REGISTRY, s);

/** Modules of the given products, in the order given. */
export async function loadProducts(slugs: readonly ProductSlug[]): Promise<ProductModule[]> {
  const out: ProductModule[] = [];
  for (const s of slugs) out.push((await (REGISTRY[s] as Loader)()).default);
  return out;
}
