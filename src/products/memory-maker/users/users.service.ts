// My account, and other accounts for those allowed to see them.
import type { Ctx } from '../context.js';
import { notFound } from '../../../core/http/errors.js';
import { canViewUser, notEnoughPrivileges, type Actor } from '../policy.js';
import { presentUser } from './user.presenter.js';
import type { UpdateMe, User } from './users.schemas.js';
import { invalidField } from '../../../core/http/errors.js';
import { IdentityError } from '../../../core/identity/identity.service.js';

export async function getMe(ctx: Ctx, userId: string): Promise<User> {
  const row = await ctx.identity.findUser(ctx.slug, userId);
  if (!row) throw notFound('User not found', 'user_not_found');
  return presentUser(row);
}

/**
 * E-mail and password changes; `is_superuser` and `is_active` are not the user's to set (they never reach here).
 * Everything is checked before anything changes, so a refused request changes nothing.
 */
export async function updateMe(ctx: Ctx, userId: string, patch: UpdateMe): Promise<User> {
  if (patch.password !== undefined) {
    if (patch.current_password === undefined) throw invalidField(['body', 'current_password'], 'Field required to change the password', undefined, 'missing');
    const me = await ctx.identity.findUser(ctx.slug, userId);
    if (!me) throw notFound('User not found', 'user_not_found');
    await ctx.identity.checkCredentials(ctx.slug, me.email, patch.current_password).catch((e: unknown) => {
      throw e instanceof IdentityError ? ctx.accounts.error('wrong_password') : e;
    });
  }
  if (patch.email !== undefined) await ctx.accounts.changeEmail(userId, patch.email);
  // Ends every session, this one too: the client logs in again with the new password.
  if (patch.password !== undefined) await ctx.identity.setPassword(userId, patch.password);
  return getMe(ctx, userId);
}

export async function getUser(ctx: Ctx, actor: Actor, userId: string): Promise<User> {
  // Refused before the lookup: whether an id exists is not for others to learn.
  if (!canViewUser(actor, userId)) throw notEnoughPrivileges();
  const row = await ctx.identity.findUser(ctx.slug, userId);
  if (!row) throw notFound('User not found', 'user_not_found');
  return presentUser(row);
}
