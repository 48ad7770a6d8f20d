// Auth request/response schemas (the seed's SignupRequest, LoginRequest, Token).
import { Type, type Static } from '@sinclair/typebox';
import { Body, Email } from '../../../core/http/schemas.js';
import { TokenResponse } from '../../../core/identity/token-response.js';

export const SignupRequest = Body({
  email: Email(),
  password: Type.String({ minLength: 8, maxLength: 256 }),
  name: Type.String({ minLength: 1, maxLength: 255 }),
});
export type SignupRequest = Static<typeof SignupRequest>;

export const LoginRequest = Body({
  email: Email(),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});
export type LoginRequest = Static<typeof LoginRequest>;

export const RefreshQuery = Type.Object({ refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })) });
export const RefreshBody = Type.Union([Body({ refresh_token: Type.String({ minLength: 1, maxLength: 512 }) }), Type.Null()]);

/** The seed's Token (shared by every product). */
export const Token = TokenResponse;
export type Token = TokenResponse;

export const Message = Type.Object({ message: Type.String() });

export const PasswordResetRequest = Body({ email: Email() });
export const PasswordResetConfirm = Body({
  token: Type.String({ minLength: 1, maxLength: 512 }),
  new_password: Type.String({ minLength: 8, maxLength: 256 }),
});

/** The web client's sign-up. */
export const RegisterRequest = Body({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  email: Email(),
  password: Type.String({ minLength: 8, maxLength: 256 }),
});

export const RegisterResponse = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.String(),
  expires_in: Type.Integer(),
});

export const LoginUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
  onboarding_completed: Type.Boolean(),
});

/** The seed's Token, plus the user the web client reads after login. */
export const LoginResponse = Type.Composite([Token, Type.Object({ user: LoginUser })]);

export const AuthMe = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
  onboarding_completed: Type.Boolean(),
  partner_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  partner_name: Type.Union([Type.String(), Type.Null()]),
});
