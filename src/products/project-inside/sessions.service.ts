// Placeholder: replaced by the coaching sessions feature.
import type { ProductContext } from '../../core/product.js';

/** Defines the session jobs (report generation). Called once from the product's setup. */
export function setupSessions(_ctx: ProductContext): void {}
