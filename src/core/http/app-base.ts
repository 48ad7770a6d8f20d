// Links in mail point at the web/mobile app: `X-App-Base-URL` from the client when it is an allowed origin, else config.
import type { FastifyRequest } from 'fastify';
import type { ProductContext } from '../product.js';

export function appBaseUrl(req: FastifyRequest, ctx: Pick<ProductContext, 'isAllowedOrigin' | 'config'>): string {
  const h = req.headers['x-app-base-url'];
  if (typeof h === 'string') {
    const base = h.replace(/\/+$/, '');
    if (/^https?:\/\/[^\s/]+$/.test(base) && ctx.isAllowedOrigin(base)) return base;
  }
  return ctx.config.appBaseUrl;
}
