// Mail sent after the answer: a slow or failing mail server never delays or fails the request that caused it.
import type { ProductContext } from '../../../core/product.js';

/** Runs `fn` once the current request has been answered; failures are logged (never the mail's contents). */
export function afterAnswer(ctx: ProductContext, what: string, fn: () => Promise<void>): void {
  setImmediate(() => {
    fn().catch((err: unknown) => ctx.log.error({ err, product: ctx.slug }, `${what} failed`));
  });
}

/** Counts one mail to `to` (core MAIL_PER_RECIPIENT); false when that address has had its share. */
export async function mailAllowed(ctx: ProductContext, to: string): Promise<boolean> {
  try {
    await ctx.limits.consume('MAIL_PER_RECIPIENT', to);
    return true;
  } catch {
    ctx.log.warn({ product: ctx.slug }, 'mail to one recipient over its limit; not sent');
    return false;
  }
}
