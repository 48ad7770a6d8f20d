// The current user and their profile.
import { notFound } from '../../core/http/errors.js';
import type { ProductContext } from '../../core/product.js';
import type { UserRow } from '../../core/identity/db.js';
import type { ProfileRow } from './db.js';
import { findUserWithProfile } from './profiles.repo.js';
import type { UserMe } from './users.schemas.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentProfile(p: ProfileRow) {
  return {
    id: p.id,
    user_id: p.userId,
    name: p.name,
    pronouns: p.pronouns,
    timezone: p.timezone,
    avatar_url: p.avatarUrl,
    birthdate: iso(p.birthdate),
    onboarding_completed: p.onboardingCompleted,
    created_at: p.createdAt.toISOString(),
    updated_at: iso(p.updatedAt),
  };
}

export function presentUser(u: UserRow, p: ProfileRow | null): UserMe {
  return {
    id: u.id,
    email: u.email,
    is_active: u.isActive,
    is_verified: u.isVerified,
    auth_provider: u.authProvider,
    created_at: u.createdAt.toISOString(),
    updated_at: iso(u.updatedAt),
    profile: p ? presentProfile(p) : null,
  };
}

export async function getMe(ctx: ProductContext, userId: string): Promise<UserMe> {
  const found = await findUserWithProfile(ctx.db.dz, userId);
  if (!found) throw notFound('User not found');
  return presentUser(found.user, found.profile);
}
