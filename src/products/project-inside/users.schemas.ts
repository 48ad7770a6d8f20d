// Project Inside user/profile schemas: the user as the app shows it, and the profile patch.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../core/http/schemas.js';

export const PRIVACY_TIERS = ['PUBLIC', 'STANDARD', 'PRIVATE'] as const;

const Day = (opts = {}) => Type.String({ format: 'date', description: 'YYYY-MM-DD', ...opts });

export const User = Type.Object({
  id: Uuid(),
  email: Type.String(),
  display_name: Nullable(Type.String()),
  pronouns: Nullable(Type.String()),
  communication_style: Nullable(Type.String()),
  goals: Type.Array(Type.String()),
  hobbies: Type.Array(Type.String()),
  birthday: Nullable(Day()),
  occupation: Nullable(Type.String()),
  privacy_tier: StringEnum([...PRIVACY_TIERS], { description: 'PRIVATE hides the user from contact lookup' }),
  profile_picture_url: Nullable(Type.String()),
  bio: Nullable(Type.String()),
  timezone: Nullable(Type.String()),
  has_voiceprint: Type.Boolean(),
  created_at: DateTime(),
});
export type User = Static<typeof User>;

const text = (max: number, description?: string) =>
  Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) }), { description: `${description ?? ''} null clears it`.trim() }));
const list = (what: string) =>
  Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20, description: `Up to 20 ${what} of at most 100 characters` }));

export const UserUpdate = Body({
  display_name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), { description: 'Not blank; null clears it' })),
  pronouns: text(50),
  communication_style: text(50),
  goals: list('goals'),
  hobbies: list('hobbies'),
  birthday: Type.Optional(Nullable(Day({ description: 'A past calendar day, YYYY-MM-DD (1900 or later); null clears it' }))),
  occupation: text(100),
  privacy_tier: Type.Optional(StringEnum([...PRIVACY_TIERS])),
  profile_picture_url: Type.Optional(
    Nullable(Type.String({ maxLength: 2048, pattern: '^https?://\\S+$', description: 'An http(s) URL; null clears it' })),
  ),
  bio: text(1000),
  timezone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50, description: 'An IANA time zone, e.g. Europe/Paris; null clears it' }))),
});
export type UserUpdate = Static<typeof UserUpdate>;

export const UserParams = Type.Object({ user_id: Uuid() });
