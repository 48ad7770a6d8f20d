// The learner's account: read and change the profile, with usernames unique across the product.
import { AppError, notFound } from '../../../core/http/errors.js';
import { pgErrorCode } from '../../../core/db/connect.js';
import type { ProductContext } from '../../../core/product.js';
import { iso } from '../schemas.js';
import * as repo from './users.repo.js';
import type { Profile } from './users.repo.js';
import type { UpdateUser, User } from './users.schemas.js';

export const USERNAME_TAKEN = 'Username already taken';

export function presentUser(account: { id: string; email: string }, p: Profile): User {
  return {
    user_id: account.id,
    username: p.username,
    email: account.email,
    user_type: p.userType,
    target_language: p.targetLanguage,
    profile_image: p.profileImage,
    joined_date: p.createdAt.toISOString(),
    last_login: iso(p.lastLogin),
  };
}

/** Two letters for an avatar: first letters of the first and last words, or the first two letters. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length >= 2 ? [...words[0]!][0]! + [...words.at(-1)!][0]! : [...(words[0] ?? '?')].slice(0, 2).join('');
  return letters.toUpperCase();
}

async function load(ctx: ProductContext, userId: string) {
  const [account, profile] = await Promise.all([ctx.identity.findUser(ctx.slug, userId), repo.findProfile(ctx.db.dz, userId)]);
  if (!account || !profile) throw notFound('User not found');
  return { account, profile };
}

export async function getMe(ctx: ProductContext, userId: string): Promise<User> {
  const { account, profile } = await load(ctx, userId);
  return presentUser(account, profile);
}

export async function getAuthMe(ctx: ProductContext, userId: string) {
  const me = await getMe(ctx, userId);
  return { ...me, id: me.user_id, name: me.username, role: me.user_type, avatar_initials: initials(me.username) };
}

export async function updateMe(ctx: ProductContext, userId: string, input: UpdateUser): Promise<User> {
  const username = (input.username ?? input.full_name)?.trim();
  const image = input.profile_image !== undefined ? input.profile_image : input.avatar_url;
  const patch: Parameters<typeof repo.updateProfile>[2] = {};
  if (username !== undefined) patch.username = username;
  if (input.target_language !== undefined) patch.targetLanguage = input.target_language;
  if (image !== undefined) patch.profileImage = image;
  if (username !== undefined && (await repo.usernameTaken(ctx.db.dz, username, userId))) throw new AppError('username_taken', 400, USERNAME_TAKEN);
  if (Object.keys(patch).length === 0) return getMe(ctx, userId);
  try {
    const p = await repo.updateProfile(ctx.db.dz, userId, patch);
    if (!p) throw notFound('User not found');
  } catch (e) {
    // Two learners racing for one name: the unique index decides.
    if (pgErrorCode(e) === '23505') throw new AppError('username_taken', 400, USERNAME_TAKEN);
    throw e;
  }
  return getMe(ctx, userId);
}
