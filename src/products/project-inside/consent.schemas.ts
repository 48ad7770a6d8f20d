// Consent: the scope catalogue, the templates built from it, and each member's consent per relationship.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../core/http/schemas.js';

/**
 * What a member may agree to in a relationship. Only an ACCEPTED consent grants its scopes.
 * - audio_features: the app extracts speaking rate / overlap from the microphone during a session (no audio kept)
 * - live_nudges: the member receives live nudges during sessions
 * - session_reports: a report is built for the member after each session
 * - transcripts: session speech may be transcribed for the report
 * - activity_suggestions: sessions and consent may feed activity suggestions for the relationship
 * - share_reports_with_partner: the member's part of a report is visible to the other members
 */
export const CONSENT_SCOPES = ['audio_features', 'live_nudges', 'session_reports', 'transcripts', 'activity_suggestions', 'share_reports_with_partner'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const CONSENT_STATUSES = ['ACCEPTED', 'DECLINED', 'REVOKED', 'PENDING'] as const;
/** The one status that grants a consent's scopes. */
export const CONSENT_GRANTED = 'ACCEPTED';

const Scope = StringEnum([...CONSENT_SCOPES], {
  description:
    'audio_features (voice features during sessions, no audio kept) · live_nudges · session_reports · transcripts · activity_suggestions · share_reports_with_partner',
});

export const ConsentTemplate = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  scopes: Type.Array(Scope),
});
export type ConsentTemplate = Static<typeof ConsentTemplate>;

export const ConsentParams = Type.Object({ rid: Uuid() });
export const ConsentUserParams = Type.Object({
  rid: Uuid(),
  uid: Type.Union([Uuid(), Type.Literal('me')], { description: "The caller's own user id, or `me`" }),
});

export const ConsentUpdate = Body({
  scopes: Type.Array(Scope, { maxItems: CONSENT_SCOPES.length * 2, description: 'Scopes granted (duplicates are ignored)' }),
  status: StringEnum([...CONSENT_STATUSES], { description: 'ACCEPTED grants the scopes; DECLINED, REVOKED and PENDING grant none' }),
});
export type ConsentUpdate = Static<typeof ConsentUpdate>;

export const ConsentSaved = Type.Object({ ok: Type.Boolean(), version: Type.Integer({ description: '1 on the first write, +1 per change' }) });

export const MemberConsent = Type.Object({
  user_id: Uuid(),
  display_name: Nullable(Type.String()),
  status: StringEnum([...CONSENT_STATUSES]),
  scopes: Type.Array(Type.String()),
  version: Type.Integer({ description: '0 when the member has not answered yet' }),
  updated_at: Nullable(DateTime()),
});

export const RelationshipConsent = Type.Object({ relationship_id: Uuid(), members: Type.Array(MemberConsent) });
export type RelationshipConsent = Static<typeof RelationshipConsent>;
