// A user row as the API shows it (never the password hash).
import type { UserRow } from '../../../core/identity/db.js';
import type { User } from './users.schemas.js';

export const presentUser = (u: UserRow): User => ({
  id: u.id,
  email: u.email,
  is_active: u.isActive,
  is_superuser: u.isSuperuser,
  created_at: u.createdAt.toISOString(),
  updated_at: u.updatedAt ? u.updatedAt.toISOString() : null,
});
