// Project Inside user/profile schemas: the user as the app shows it, and the profile patch.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';

export const PRIVACY_TIERS = ['PUBLIC', 'STANDARD', 'PRIVATE'] as const;

const Day = (opts = {}) => Type.String({ format: 'date', description: 'YYYY-MM-DD', ...opts });

const Mbti = Type.Object(
  {
    ei: Type.Number({ minimum: 0, maximum: 100 }),
    sn: Type.Number({ minimum: 0, maximum: 100 }),
    tf: Type.Number({ minimum: 0, maximum: 100 }),
    jp: Type.Number({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false, description: 'Slider positions 0–100 (E/I, S/N, T/F, J/P)' },
);

export const PersonalityType = Type.Object(
  {
    type: Type.String({ maxLength: 50, description: 'e.g. INTJ, or "Prefer not to say"' }),
    values: Type.Optional(Nullable(Mbti)),
  },
  { additionalProperties: false, description: "The app's personality data" },
);

/** Decoded size limit of a `data:` profile picture (the app itself refuses files above 5 MB). */
export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
/** A data URL of PICTURE_MAX_BYTES in base64, with room for its prefix. */
const PICTURE_MAX_CHARS = Math.ceil((PICTURE_MAX_BYTES * 4) / 3) + 64;

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
  personality_type: Nullable(PersonalityType),
  personal_description: Nullable(Type.String()),
  voice_profile_id: Nullable(Type.String({ description: 'Set once voice enrollment exists (not offered by this server yet): null' })),
  voice_print_data: Nullable(Type.String({ description: 'Base64 voice sample for live identification: null until voice enrollment exists' })),
  created_at: DateTime(),
});
export type User = Static<typeof User>;

const text = (max: number, description?: string) =>
  Type.Optional(
    Nullable(Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) }), {
      description: `${description ?? ''} null clears it`.trim(),
    }),
  );
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
    Nullable(
      Type.String({
        maxLength: PICTURE_MAX_CHARS,
        description:
          'An http(s) URL, an app-relative image path such as /avatar/intj-w.png, or a data:image/(png|jpeg|gif|webp);base64 URL of at most 5 MB; null clears it',
      }),
    ),
  ),
  personality_type: Type.Optional(Nullable(PersonalityType, { description: 'null clears it' })),
  personal_description: text(2000),
  bio: text(1000),
  timezone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50, description: 'An IANA time zone, e.g. Europe/Paris; null clears it' }))),
});
export type UserUpdate = Static<typeof UserUpdate>;

export const UserParams = Type.Object({ user_id: Uuid() });

export const Block = Type.Object({ user_id: Uuid(), created_at: DateTime() });
export const Blocked = Type.Object({ ok: Type.Boolean(), blocked_user_id: Uuid() });
