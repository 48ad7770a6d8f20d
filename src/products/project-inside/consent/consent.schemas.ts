// Consent: the app's scope vocabulary, the templates built from it, and each member's consent per relationship.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';

/**
 * What a member may agree to in a relationship (the mobile app's vocabulary). Only an ACTIVE consent grants them.
 * - REALTIME_FEATURES_ONLY: during a session the app's voice features (speaking rate, overlap) are recorded for
 *   this member and they receive live nudges; no audio is kept
 * - SUMMARY_SHARED: the member's part of a session report (their stats) is built and shared with the participants,
 *   and their sessions may inform activity suggestions
 * - TRANSCRIPT_STORED: session transcripts may be stored (no transcription is offered yet)
 * - MEDIATION_ALLOWED: AI mediation in the relationship's conversations
 */
export const CONSENT_SCOPES = ['REALTIME_FEATURES_ONLY', 'SUMMARY_SHARED', 'TRANSCRIPT_STORED', 'MEDIATION_ALLOWED'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/** DRAFT (not answered, or saved without agreeing), ACTIVE (grants the scopes), REVOKED (withdrawn). */
export const CONSENT_STATUSES = ['DRAFT', 'ACTIVE', 'REVOKED'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
/** The one status that grants a consent's scopes. */
export const CONSENT_GRANTED: ConsentStatus = 'ACTIVE';

/** Scope needed for feature frames to be recorded and nudges sent, per member. */
export const LIVE_SCOPE: ConsentScope = 'REALTIME_FEATURES_ONLY';
/** Scope needed for a member's stats to appear in reports (and their sessions to inform suggestions). */
export const REPORT_SCOPE: ConsentScope = 'SUMMARY_SHARED';

const Scope = StringEnum([...CONSENT_SCOPES], { description: 'REALTIME_FEATURES_ONLY · SUMMARY_SHARED · TRANSCRIPT_STORED · MEDIATION_ALLOWED' });

export const ConsentTemplate = Type.Object({
  template_id: Type.String(),
  title: Type.String(),
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
  status: Type.Optional(
    StringEnum([...CONSENT_STATUSES], { default: 'ACTIVE', description: 'ACTIVE (default) grants the scopes; DRAFT and REVOKED grant none' }),
  ),
});
export type ConsentUpdate = Static<typeof ConsentUpdate>;

export const ConsentSaved = Type.Object({ ok: Type.Boolean(), version: Type.Integer({ description: '1 on the first write, +1 per change' }) });

export const MemberConsent = Type.Object({
  user_id: Uuid(),
  display_name: Nullable(Type.String({ description: 'null for a member who has not accepted yet' })),
  member_status: StringEnum(['ACCEPTED', 'INVITED'], { description: 'INVITED: added by another member, not accepted yet' }),
  consent_status: StringEnum([...CONSENT_STATUSES], { description: 'DRAFT until the member answers' }),
  scopes: Type.Array(Type.String()),
  version: Type.Integer({ description: '0 when the member has not answered yet' }),
  updated_at: Nullable(DateTime()),
});

export const RelationshipConsent = Type.Object({
  relationship_id: Uuid(),
  relationship_status: Type.String({ description: 'active (lower case, as the app reads it)' }),
  members: Type.Array(MemberConsent),
});
export type RelationshipConsent = Static<typeof RelationshipConsent>;
