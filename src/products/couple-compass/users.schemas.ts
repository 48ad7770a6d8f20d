// User and profile response schemas (the seed's User and Profile).
import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Nullable, Uuid } from '../../core/http/schemas.js';

export const Profile = Type.Object({
  id: Uuid(),
  user_id: Uuid(),
  name: Type.String(),
  pronouns: Nullable(Type.String()),
  timezone: Type.String(),
  avatar_url: Nullable(Type.String()),
  birthdate: Nullable(DateTime()),
  onboarding_completed: Type.Boolean(),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});

export const UserMe = Type.Object({
  id: Uuid(),
  email: Type.String(),
  is_active: Type.Boolean(),
  is_verified: Type.Boolean(),
  auth_provider: Type.String(),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
  profile: Nullable(Profile),
});
export type UserMe = Static<typeof UserMe>;
