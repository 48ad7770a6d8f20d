// Shapes of the web client's account pages: e-mail verification by code, the settings page (profile, e-mail, password).
import { Type, type Static } from '@sinclair/typebox';
import { Body, Email, Nullable } from '../../../core/http/schemas.js';
import { UserTypeSchema } from '../schemas.js';

const Password = (description: string) => Type.String({ minLength: 1, maxLength: 128, description });
const CurrentPassword = Password('The current password');

export const VerifyEmailBody = Body({
  email: Email(),
  code: Type.String({ pattern: '^[0-9]{6}$', minLength: 6, maxLength: 6, description: 'The six digits from the mail' }),
});
export type VerifyEmailBody = Static<typeof VerifyEmailBody>;

export const Verified = Type.Object({ message: Type.String(), role: UserTypeSchema });

export const ResendVerificationBody = Body({ email: Email() });

export const ProfileUpdateBody = Body(
  {
    current_password: CurrentPassword,
    name: Type.Optional(Type.String({ maxLength: 50, description: 'Display name (the username), unique case-insensitively' })),
    bio: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'About me, at most 500 characters; empty or null clears it' }))),
  },
  { description: 'Absent fields stay as they are' },
);
export type ProfileUpdateBody = Static<typeof ProfileUpdateBody>;

export const ProfileUpdated = Type.Object({
  ok: Type.Literal(true),
  name: Type.String(),
  avatar_initials: Type.String(),
  bio: Nullable(Type.String()),
});

export const EmailChangeBody = Body({ current_password: CurrentPassword, new_email: Email({ description: 'The new address; a link is mailed to it' }) });
export type EmailChangeBody = Static<typeof EmailChangeBody>;

export const ConfirmEmailChangeQuery = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 512, description: 'The token from the mailed link' }),
});

export const EmailChanged = Type.Object({ message: Type.String(), email: Type.String() });

export const PasswordChangeBody = Body({
  current_password: CurrentPassword,
  new_password: Password('At least 8 characters'),
});
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

export const Ok = Type.Object({ ok: Type.Literal(true) });
