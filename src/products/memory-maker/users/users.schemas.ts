// Accounts as the seed's User model shows them, and what a user may change about theirs.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Email, Nullable, Uuid } from '../../../core/http/schemas.js';

export const User = Type.Object({
  id: Uuid(),
  email: Type.String(),
  is_active: Type.Boolean(),
  is_superuser: Type.Boolean(),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});
export type User = Static<typeof User>;

export const Password = (description: string) => Type.String({ minLength: 8, maxLength: 128, description });

export const UpdateMe = Body({
  email: Type.Optional(Email({ description: 'A new e-mail address (must be free)' })),
  password: Type.Optional(Password('A new password (8–128 characters); needs `current_password`; every session ends')),
  current_password: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Required with `password`' })),
});
export type UpdateMe = Static<typeof UpdateMe>;

export const UserIdParams = Type.Object({ user_id: Uuid() });
