// Contact lookup by e-mail (an oracle by design, so rate-limited and privacy-aware).
import { Type, type Static } from '@sinclair/typebox';
import { Body, Email, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';

export const LookupRequest = Body({ email: Email() });

export const LookupResult = Type.Object({
  status: StringEnum(['EXISTS', 'NOT_FOUND', 'BLOCKED'], { description: 'BLOCKED: the user exists but chose the PRIVATE tier, or blocked me' }),
  user: Nullable(Type.Object({ id: Uuid(), display_name: Nullable(Type.String()), profile_picture_url: Nullable(Type.String()) })),
});
export type LookupResult = Static<typeof LookupResult>;
