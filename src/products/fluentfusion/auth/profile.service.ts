// The settings page's profile form: display name (our username) and bio, behind the current password.
import { AppError, notFound } from '../../../core/http/errors.js';
import { pgErrorCode } from '../../../core/db/connect.js';
import type { ProductContext } from '../../../core/product.js';
import * as repo from '../users/users.repo.js';
import { initials, USERNAME_TAKEN } from '../users/users.service.js';
import type { ProfileUpdateBody } from './account.schemas.js';
import { confirmPassword } from './password-check.js';

const taken = () => new AppError('username_taken', 400, USERNAME_TAKEN);

export async function updateProfile(ctx: ProductContext, userId: string, input: ProfileUpdateBody) {
  await confirmPassword(ctx, userId, input.current_password);
  const patch: Parameters<typeof repo.updateProfile>[2] = {};
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (!name) throw new AppError('name_empty', 400, 'Name cannot be empty');
    if (await repo.usernameTaken(ctx.db.dz, name, userId)) throw taken();
    patch.username = name;
  }
  if (input.bio !== undefined) patch.bio = input.bio?.trim() || null;
  let p = await repo.findProfile(ctx.db.dz, userId);
  if (Object.keys(patch).length > 0) {
    try {
      p = await repo.updateProfile(ctx.db.dz, userId, patch);
    } catch (e) {
      // Two learners racing for one name: the unique index decides.
      if (pgErrorCode(e) === '23505') throw taken();
      throw e;
    }
  }
  if (!p) throw notFound('User not found');
  return { ok: true as const, name: p.username, avatar_initials: initials(p.username), bio: p.bio };
}
