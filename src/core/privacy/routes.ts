// GET …/users/me/export and DELETE …/users/me for any product (mounted by the product under its API prefix).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import { currentUser } from '../identity/authenticate.js';
import type { ProductContext } from '../product.js';

export const PrivacyExport = Type.Object(
  {
    exported_at: Type.String({ format: 'date-time' }),
    account: Type.Object({ id: Type.String(), email: Type.String(), is_verified: Type.Boolean(), created_at: Type.String() }),
  },
  { additionalProperties: true, description: "The account and every record the product holds about the user (none of other people's)" },
);

export interface PrivacyRouteOptions {
  /** Wraps the export in the product's success envelope (e.g. `{success: true, data}`). */
  present?: (data: Record<string, unknown>) => unknown;
  /** The envelope's schema, when `present` changes the shape. */
  schema?: TSchema;
  tags?: string[];
}

export function privacyRoutes(ctx: ProductContext, o: PrivacyRouteOptions = {}): FastifyPluginAsyncTypebox {
  const tags = o.tags ?? ['users'];
  const security = [{ bearerAuth: [] }];
  const exportSchema: TSchema = o.schema ?? PrivacyExport;
  return async (app) => {
    app.get(
      '/users/me/export',
      { preHandler: ctx.auth.preHandler, schema: { tags, security, summary: 'Download all my data (GDPR export)', response: { 200: exportSchema } } },
      async (req) => {
        const data = { exported_at: new Date(ctx.now()).toISOString(), ...(await ctx.accounts.exportData(currentUser(req).id)) };
        return o.present ? o.present(data) : data;
      },
    );
    app.delete(
      '/users/me',
      {
        preHandler: ctx.auth.preHandler,
        schema: {
          tags,
          security,
          summary: 'Delete my account and all my data; every session ends and the e-mail can sign up again',
          response: { 204: Type.Null() },
        },
      },
      async (req, reply) => {
        await ctx.accounts.erase(currentUser(req).id);
        return reply.status(204).send(null);
      },
    );
  };
}
