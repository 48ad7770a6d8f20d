// The OAuth2-style token answer both products' seeds define (FastAPI's Token model), and how a session fills it.
import { Type, type Static } from '@sinclair/typebox';
import type { TokenPair } from './identity.service.js';

export const TokenResponse = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.String({ default: 'bearer', description: 'bearer' }),
  expires_in: Type.Integer({ description: 'Access-token lifetime in seconds' }),
});
export type TokenResponse = Static<typeof TokenResponse>;

export const toTokenResponse = (p: TokenPair): TokenResponse => ({
  access_token: p.accessToken,
  refresh_token: p.refreshToken,
  token_type: 'bearer',
  expires_in: p.expiresIn,
});
