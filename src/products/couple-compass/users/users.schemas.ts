// User and profile schemas: the seed's User/Profile/ProfileUpdate and the web client's profile shapes.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, Uuid } from '../../../core/http/schemas.js';

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

const DateOrDateTime = Type.Union([DateTime(), Type.String({ format: 'date' })]);

export const ProfileUpdate = Body({
  name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 255 }))),
  avatar_url: Type.Optional(Nullable(Type.String({ maxLength: 2048 }))),
  pronouns: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  birthdate: Type.Optional(Nullable(DateOrDateTime)),
  timezone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50, description: 'An IANA time zone, e.g. Europe/Paris' }))),
});
export type ProfileUpdate = Static<typeof ProfileUpdate>;

/** The web client's profile (snake_case out). */
export const ClientProfile = Type.Object({
  id: Uuid(),
  email: Type.String(),
  name: Type.String(),
  pronouns: Nullable(Type.String()),
  avatar_url: Nullable(Type.String()),
  birthdate: Nullable(Type.String({ format: 'date', description: 'YYYY-MM-DD' })),
  timezone: Type.String(),
  relationship_status: Nullable(Type.String()),
  partner_name: Nullable(Type.String()),
  partner_id: Nullable(Uuid()),
  anniversary_date: Nullable(Type.String({ format: 'date' })),
  onboarding_completed: Type.Boolean(),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});
export type ClientProfile = Static<typeof ClientProfile>;

/** The web client's profile form (camelCase in; a blank string means "unset"). */
const blankable = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));
export const ClientProfileUpdate = Body({
  name: blankable(255),
  pronouns: blankable(50),
  avatarUrl: blankable(2048),
  birthdate: blankable(40),
  timezone: blankable(50),
  relationshipStatus: blankable(50),
  partnerName: blankable(255),
  anniversaryDate: blankable(40),
});
export type ClientProfileUpdate = Static<typeof ClientProfileUpdate>;

export const ClientProfileSaved = Type.Object({ message: Type.String(), user: ClientProfile });
