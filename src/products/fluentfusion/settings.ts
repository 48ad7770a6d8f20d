// FluentFusion's own settings (read from FLUENTFUSION_<KEY> at start-up) and the context type that carries them.
import { Type, type Static } from '@sinclair/typebox';
import type { ProductContext } from '../../core/product.js';

export const settings = Type.Object({
  // Unset (the default): POST /api/auth/google answers 501, as the web client's button is hidden without its own id.
  GOOGLE_CLIENT_ID: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      pattern: '\\S',
      description:
        'the web client\'s Google OAuth client id (`…apps.googleusercontent.com`, comma list for several): turns on "Sign in with Google" (POST /api/auth/google); tokens must name one of them as their audience',
    }),
  ),
  GOOGLE_JWKS_URL: Type.String({
    default: 'https://www.googleapis.com/oauth2/v3/certs',
    pattern: '^https?://',
    description: "where Google's ID-token signing keys are fetched (cached; fetched again for an unknown key id)",
  }),
});
export type Settings = Static<typeof settings>;
export type Ctx = ProductContext<Settings>;
