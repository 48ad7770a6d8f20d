// FlirtCraft's settings (read from FLIRTCRAFT_<KEY>) and the context type every feature receives.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { ProductContext } from '../../../core/product.js';
import type { ClientInfo } from '../../../core/identity/identity.service.js';

export const settings = Type.Object({
  FREE_CONVERSATIONS_PER_DAY: Type.Integer({ default: 3, minimum: 0, description: 'conversations a free user may start per UTC day' }),
  PREMIUM_CONVERSATIONS_PER_DAY: Type.Integer({ default: 50, minimum: 0, description: 'conversations a premium user may start per UTC day' }),
  MAX_MESSAGES_PER_CONVERSATION: Type.Integer({
    default: 20,
    minimum: 2,
    maximum: 200,
    description: 'messages (user and partner together) in one conversation',
  }),
  EMAIL_VERIFICATION_REQUIRED: Type.Boolean({ default: true, description: 'sign-in needs a verified e-mail address (sign-up answers without tokens)' }),
  CLIENT_XP_DAILY_CAP: Type.Integer({ default: 100, minimum: 0, description: 'XP the app may award through POST /users/xp per user per UTC day' }),
  ABANDON_AFTER_HOURS: Type.Integer({ default: 24, minimum: 1, description: 'an active conversation without a message for this long is marked abandoned' }),
  // The app signs users in with Supabase Auth and sends its access token. Unset (the default): only our own tokens.
  SUPABASE_JWT_SECRET: Type.Optional(
    Type.String({ minLength: 32, description: "the Supabase project's JWT secret: accept its HS256 access tokens as Bearer tokens (needs SUPABASE_ISSUER)" }),
  ),
  SUPABASE_JWKS_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        "the Supabase project's JWKS (`https://<project>.supabase.co/auth/v1/.well-known/jwks.json`): accept its ES256/RS256 access tokens (needs SUPABASE_ISSUER)",
    }),
  ),
  SUPABASE_ISSUER: Type.Optional(Type.String({ minLength: 1, description: 'the `iss` Supabase tokens must carry: `https://<project>.supabase.co/auth/v1`' })),
  SUPABASE_AUDIENCE: Type.String({ default: 'authenticated', minLength: 1, description: 'the `aud` Supabase tokens must carry' }),
  SUPABASE_LINK_BY_EMAIL: Type.Boolean({
    default: false,
    description:
      "a Supabase user's first call may take over the local account with the same e-mail, when the token's top-level `email_verified` claim is true (otherwise: 409)",
  }),
});
export type Settings = Static<typeof settings>;
export type Ctx = ProductContext<Settings>;

export const clientOf = (req: FastifyRequest): ClientInfo => ({ userAgent: req.headers['user-agent'], ip: req.ip });

export const API = '/api/v1';
export const bearer = [{ bearerAuth: [] }];
