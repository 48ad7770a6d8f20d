// Project Inside's strict limits as route options; the numbers are the product's limit settings, already scaled.
import type { FastifyRequest } from 'fastify';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';

/** Route config for the e-mail oracles (contact lookup, invite checks): per client, in the product's limiter store. */
export function lookupRateLimit(ctx: ProductContext): { rateLimit: { max: number; timeWindow: number } } {
  const l = ctx.product.limits.LOOKUPS_PER_CLIENT!;
  return { rateLimit: { max: l.max, timeWindow: l.windowS * 1000 } };
}

/** A preHandler (after authentication) counting one event of limit `name` for the signed-in user. */
export const perUser =
  (ctx: ProductContext, name: 'POKES_PER_USER' | 'SIGNALS_PER_USER', message: string) =>
  async (req: FastifyRequest): Promise<void> =>
    ctx.limits.consume(name, currentUser(req).id, message);

/** "30 per minute" for a summary line. */
export function describeLimit(ctx: ProductContext, name: string): string {
  const l = ctx.product.limits[name]!;
  return l.windowS === 60 ? `${l.max} per minute` : l.windowS === 3600 ? `${l.max} per hour` : `${l.max} per ${l.windowS} s`;
}
