// Auth request/response schemas (the seed's signup/login/refresh).
import { Type, type Static } from '@sinclair/typebox';
import { Body, Email, Nullable } from '../../../core/http/schemas.js';

export const SignupRequest = Body({
  email: Email(),
  password: Type.String({ minLength: 8, maxLength: 256 }),
  display_name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }), { description: 'Optional; null is the same as absent' })),
  invite_token: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'Token from an invite e-mail: joins its relationship' })),
});
export type SignupRequest = Static<typeof SignupRequest>;

export const LoginRequest = Body({
  email: Email(),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});
export type LoginRequest = Static<typeof LoginRequest>;

export const RefreshRequest = Body({ refresh_token: Type.String({ minLength: 1, maxLength: 512 }) });

export { TokenResponse } from '../../../core/identity/token-response.js';
