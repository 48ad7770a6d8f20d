// Sign-up, the OAuth2 password form, refresh and logout.
import { Type } from '@sinclair/typebox';
import { Body, Email } from '../../../core/http/schemas.js';
import { Password } from '../users/users.schemas.js';

export const RegisterBody = Body({
  email: Email(),
  password: Password('8–128 characters'),
  // Sent by some clients; never honoured (nobody makes themself an administrator).
  is_superuser: Type.Optional(Type.Boolean({ description: 'Ignored: administrators are created by FIRST_SUPERUSER' })),
});

/** FastAPI's OAuth2PasswordRequestForm: `username` is the e-mail address. */
export const LoginForm = Body(
  {
    username: Type.String({ minLength: 1, maxLength: 255, description: 'The e-mail address' }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    grant_type: Type.Optional(Type.String({ pattern: '^password$', description: 'When sent, must be `password`' })),
    scope: Type.Optional(Type.String({ maxLength: 1000, description: 'Accepted and ignored' })),
    client_id: Type.Optional(Type.String({ maxLength: 255, description: 'Accepted and ignored' })),
    client_secret: Type.Optional(Type.String({ maxLength: 255, description: 'Accepted and ignored' })),
  },
  { description: 'application/x-www-form-urlencoded (OAuth2 password flow); the same fields as JSON are accepted too' },
);

const RefreshToken = Type.String({ minLength: 1, maxLength: 512 });
export const RefreshQuery = Type.Object({ refresh_token: Type.Optional(RefreshToken) });
export const RefreshBody = Type.Union([Body({ refresh_token: Type.Optional(RefreshToken) }), Type.Null()]);

export const Message = Type.Object({ message: Type.String() });
