// Placeholder: replaced by the coaching socket.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../core/product.js';

export const sessionSocketRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async () => undefined;
