// Sign-up, OAuth2 password-form login and logout shapes.
import { Type, type Static } from '@sinclair/typebox';
import { Body, Email } from '../../../core/http/schemas.js';
import { TargetLanguageSchema, UserTypeSchema } from '../schemas.js';
import { AuthMe, Username } from '../users/users.schemas.js';

export const RegisterBody = Body({
  username: Type.Optional(Username),
  name: Type.Optional({ ...Username, description: 'Alias of username (the origin web client sends `name`)' }),
  email: Email(),
  password: Type.String({ minLength: 1, maxLength: 128, description: 'At least 8 characters' }),
  user_type: Type.Optional({ ...UserTypeSchema, default: 'tourist' }),
  target_language: Type.Optional({ ...TargetLanguageSchema, default: 'kinyarwanda' }),
});
export type RegisterBody = Static<typeof RegisterBody>;

export const Registered = Type.Composite([AuthMe], { description: 'The new learner (log in to get a token)' });

/** FastAPI's OAuth2PasswordRequestForm: `username` carries the e-mail. Sent form-encoded (JSON accepted too). */
export const LoginForm = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 255, description: 'The e-mail address' }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
  grant_type: Type.Optional(Type.String({ pattern: '^password$' })),
  scope: Type.Optional(Type.String({ maxLength: 1000, default: '' })),
  client_id: Type.Optional(Type.String({ maxLength: 255 })),
  client_secret: Type.Optional(Type.String({ maxLength: 255 })),
});
export type LoginForm = Static<typeof LoginForm>;

/** The origin web client's password reset (ForgotPassword / ResetPassword pages). */
export const ForgotPasswordBody = Body({ email: Email() });
export const ResetPasswordBody = Body({
  token: Type.String({ minLength: 1, maxLength: 512, description: 'The token from the reset mail' }),
  new_password: Type.String({ minLength: 1, maxLength: 128, description: 'At least 8 characters' }),
});
export type ResetPasswordBody = Static<typeof ResetPasswordBody>;

export const LoginQuery = Type.Object({
  remember: Type.Optional(Type.Boolean({ description: 'Accepted for the origin web client; the token lasts 30 minutes either way' })),
});

export const Token = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the access token expires' }),
  user_id: Type.String({ format: 'uuid' }),
  id: Type.String({ format: 'uuid', description: 'Same as user_id (origin web client)' }),
  name: Type.String({ description: 'The username (origin web client)' }),
  role: UserTypeSchema,
  is_first_login: Type.Boolean({ description: 'True on the first login of the account' }),
});

/** The web client's "Sign in with Google" (Google Identity Services): the ID token it got, and the page's role. */
export const GoogleSignInBody = Body({
  credential: Type.String({ minLength: 1, maxLength: 4096, description: 'The Google ID token (a JWT) from Google Identity Services' }),
  role: Type.Optional(
    Type.String({ maxLength: 50, description: 'Accepted for the web client (its sign-up page sends `student` or `instructor`); every account is a learner' }),
  ),
});
export type GoogleSignInBody = Static<typeof GoogleSignInBody>;
