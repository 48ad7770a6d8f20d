// Placeholder: replaced by the feature's routes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductContext } from '../../core/product.js';

export const invitesRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async () => undefined;
