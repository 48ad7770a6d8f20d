// Auth request and response schemas (flat bodies, as the original backend answered them).
import { Type } from '@sinclair/typebox';
import { Body, Email, Nullable } from '../../../core/http/schemas.js';
import { PASSWORD_MAX, PASSWORD_MIN } from './password.js';

export const RegisterBody = Body({
  email: Email(),
  password: Type.String({
    minLength: PASSWORD_MIN,
    maxLength: PASSWORD_MAX,
    description: '8–128 characters with upper case, lower case, a digit and one of !@#$%^&*()_+-=[]{}|;:,.<>?',
  }),
  confirm_password: Type.String({ maxLength: PASSWORD_MAX, description: 'Must equal password' }),
  agreed_to_terms: Type.Boolean({ description: 'Must be true' }),
  agreed_to_privacy: Type.Boolean({ description: 'Must be true' }),
  marketing_opt_in: Type.Optional(Type.Boolean({ default: false })),
});

export const LoginBody = Body({ email: Email(), password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }) });
export const TokenBody = Body({ token: Type.String({ minLength: 1, maxLength: 512 }) });
export const EmailBody = Body({ email: Email() });
export const RefreshBody = Type.Union([Body({ refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })) }), Type.Null()], {
  description: 'Optional: the token may come in the query instead',
});
export const RefreshQuery = Type.Object({
  refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'The original API read it from the query; the body is preferred' })),
});
export const PasswordBody = Body({ password: Type.String({ maxLength: PASSWORD_MAX }) });

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  email_verified: Type.Boolean(),
  onboarding_completed: Type.Boolean(),
  is_active: Type.Boolean(),
  is_premium: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
});

export const AuthResponse = Type.Object({
  success: Type.Literal(true),
  user: User,
  access_token: Nullable(Type.String()),
  refresh_token: Nullable(Type.String()),
  token_type: Type.Literal('bearer'),
  expires_in: Nullable(Type.Integer({ description: 'Access-token lifetime in seconds' })),
  email_verification_required: Type.Boolean(),
  message: Type.String(),
});

export const PasswordCheckResponse = Type.Object({
  success: Type.Literal(true),
  data: Type.Object({
    valid: Type.Boolean(),
    score: Type.Integer({ minimum: 0, maximum: 5 }),
    requirements: Type.Object({
      min_length: Type.Boolean(),
      has_uppercase: Type.Boolean(),
      has_lowercase: Type.Boolean(),
      has_digit: Type.Boolean(),
      has_special: Type.Boolean(),
    }),
    suggestions: Type.Array(Type.String()),
  }),
  message: Type.String(),
});
