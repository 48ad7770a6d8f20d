// GET /signup?token=: the web page an invite link opens (the app shares `<base>/signup?token=…`, and on a phone the
// base is this server). It says who invited whom into what, and how to join; the token itself stays the proof.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { lookupRateLimit } from '../shared/limits.js';
import { validateInvite } from './invites.service.js';
import { AppError } from '../../../core/http/errors.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** s***@example.com: enough for the invitee to recognise their address, not a directory for anyone else. */
export const maskEmail = (email: string) => {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#0f172a}
code{display:block;word-break:break-all;background:#f1f5f9;padding:.75rem;border:1px solid #cbd5e1}
a.button{display:inline-block;margin-top:1rem;padding:.75rem 1.25rem;background:#0f172a;color:#fff;text-decoration:none}</style>
</head><body>${body}</body></html>`;
}

export const landingRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const limited = lookupRateLimit(ctx);

  app.get(
    '/signup',
    {
      config: limited,
      schema: {
        tags: ['invites'],
        summary: 'The web page an invite link opens: who invited you into what, and how to join (HTML)',
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 128, description: 'The token from the invite link' })) }),
        produces: ['text/html'],
        response: { 200: Type.String({ description: 'HTML page' }), 404: Type.String({ description: 'HTML page' }) },
      },
    },
    async (req, reply) => {
      // The token is in this page's URL: never sent on to other sites, never cached.
      reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').type('text/html; charset=utf-8');
      const token = req.query.token?.trim() ?? '';
      const invite = token
        ? await validateInvite(ctx, token).catch((e: unknown) => (e instanceof AppError && e.status === 404 ? null : Promise.reject(e)))
        : null;
      if (!invite) {
        return reply
          .status(404)
          .send(page('Invitation not found', '<h1>This invitation link is not valid</h1><p>Ask the person who invited you to share the link again.</p>'));
      }
      if (!invite.valid) {
        return page(
          'Invitation no longer valid',
          `<h1>This invitation can no longer be used</h1><p>It expired, was replaced by a newer one, or was already accepted. Ask ${esc(invite.inviter_name)} to invite you again.</p>`,
        );
      }
      const expires = new Date(invite.expires_at).toUTCString();
      return page(
        'You are invited to Project Inside',
        `<h1>${esc(invite.inviter_name)} invited you to Project Inside</h1>` +
          `<p>Join their ${esc(invite.relationship_type.toLowerCase())} relationship: open the Project Inside app and create your account with ` +
          `<strong>${esc(maskEmail(invite.email))}</strong> (the address this invitation was sent to). The app asks for this invitation code:</p>` +
          `<code>${esc(token)}</code><p>Already have an account? Accept the invitation in the app with the same code.</p>` +
          `<p>The invitation is valid until ${esc(expires)}.</p>`,
      );
    },
  );
};
