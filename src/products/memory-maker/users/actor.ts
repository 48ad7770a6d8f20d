// The signed-in user as the access policy sees them (is the account a superuser?), read fresh on each request.
import type { FastifyRequest } from 'fastify';
import { currentUser } from '../../../core/identity/authenticate.js';
import { AppError } from '../../../core/http/errors.js';
import type { Actor } from '../policy.js';
import type { Ctx } from '../context.js';

export async function actorOf(ctx: Ctx, req: FastifyRequest): Promise<Actor> {
  const { id } = currentUser(req);
  const row = await ctx.identity.findUser(ctx.slug, id);
  // The session check passed a moment ago; a row gone since is an account erased in between.
  if (!row) throw new AppError('invalid_token', 401, 'Could not validate credentials', { 'www-authenticate': 'Bearer' });
  return { id, isSuperuser: row.isSuperuser };
}
