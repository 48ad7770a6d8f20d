// Placeholder: replaced by the notifications socket.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../core/product.js';

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async () => undefined;
