// Request and response shapes of the learner's account (/api/users/me, /api/auth/me).
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable } from '../../../core/http/schemas.js';
import { TargetLanguageSchema, UserTypeSchema } from '../schemas.js';

export const Username = Type.String({ minLength: 1, maxLength: 50, pattern: '\\S', description: 'Display name, unique (case-insensitive)' });
const ImageUrl = Type.String({ maxLength: 500, pattern: '^https?://[^\\s]+$', description: 'http(s) URL of the profile picture' });

export const User = Type.Object(
  {
    user_id: Type.String({ format: 'uuid' }),
    username: Type.String(),
    email: Type.String(),
    user_type: UserTypeSchema,
    target_language: TargetLanguageSchema,
    profile_image: Nullable(Type.String()),
    joined_date: DateTime(),
    last_login: Nullable(DateTime()),
  },
  { description: 'A learner' },
);
export type User = Static<typeof User>;

/** The origin web client's `/api/auth/me` reads `id`, `name`, `role` and `avatar_initials`. */
export const AuthMe = Type.Composite([
  User,
  Type.Object({
    id: Type.String({ format: 'uuid', description: 'Same as user_id' }),
    name: Type.String({ description: 'Same as username' }),
    role: UserTypeSchema,
    avatar_initials: Type.String(),
  }),
]);

export const UpdateUser = Body(
  {
    username: Type.Optional(Username),
    target_language: Type.Optional(TargetLanguageSchema),
    profile_image: Type.Optional(Nullable(ImageUrl)),
    full_name: Type.Optional({ ...Username, description: 'Alias of username (origin web client)' }),
    avatar_url: Type.Optional(Nullable({ ...ImageUrl, description: 'Alias of profile_image (origin web client)' })),
  },
  { description: 'Fields to change; absent fields stay as they are' },
);
export type UpdateUser = Static<typeof UpdateUser>;
