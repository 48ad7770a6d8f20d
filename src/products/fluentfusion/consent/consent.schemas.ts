// Consent and data-rights shapes (the origin web client's sign-up, cookie banner and Data & Privacy page).
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum } from '../../../core/http/schemas.js';
import { Pagination } from '../schemas.js';
import { CONSENT_TYPES, DATA_REQUEST_STATUSES, DATA_REQUEST_TYPES, DOCUMENT_TYPES } from './kinds.js';

const consentTypes = CONSENT_TYPES.join(', ');

// consent_type and request_type are plain strings here: an unknown value gets the origin's 400 answer, not a 422.
export const ConsentBody = Body({
  consent_type: Type.String({ maxLength: 100, description: `One of ${consentTypes}` }),
  version: Type.String({
    minLength: 1,
    maxLength: 20,
    pattern: '^[0-9A-Za-z._-]+$',
    default: '1.0',
    description: 'Version of the document shown (see GET /consent/versions), e.g. 1.0',
  }),
  accepted: Type.Boolean({ description: 'true: consent given; false: refused or withdrawn' }),
  session_id: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'The live session a live_session_recording answer is for' }))),
});
export type ConsentBody = Static<typeof ConsentBody>;

export const Recorded = Type.Object({ ok: Type.Literal(true), id: Type.String({ format: 'uuid' }) });
export const Ok = Type.Object({ ok: Type.Literal(true) });

export const Consent = Type.Object({
  id: Type.String({ format: 'uuid' }),
  consent_type: StringEnum([...CONSENT_TYPES]),
  version: Type.String(),
  accepted: Type.Boolean({ description: 'false once refused or withdrawn' }),
  accepted_at: DateTime({ description: 'When this answer was given' }),
  revoked_at: Nullable(DateTime({ description: 'When it was refused or withdrawn' })),
});
export type Consent = Static<typeof Consent>;

export const ConsentTypeParams = Type.Object({ consent_type: Type.String({ maxLength: 100, description: `One of ${consentTypes}` }) });

export const DocumentVersion = Type.Object({
  id: Type.Integer(),
  document_type: StringEnum([...DOCUMENT_TYPES]),
  version_number: Type.String(),
  effective_date: DateTime(),
  created_at: DateTime(),
});

export const PageQuery = Type.Object(Pagination);

export const DataRequestBody = Body({
  request_type: Type.String({ maxLength: 100, description: `One of ${DATA_REQUEST_TYPES.join(', ')}` }),
  details: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'What the request is about (optional, at most 2000 characters)' }))),
});
export type DataRequestBody = Static<typeof DataRequestBody>;

export const DataRequestSubmitted = Type.Object({
  ok: Type.Literal(true),
  id: Type.String({ format: 'uuid' }),
  reference: Type.String({ description: 'Quote it in any message about the request, e.g. DSR-K3M9QX2A' }),
});

export const DataRequest = Type.Object({
  id: Type.String({ format: 'uuid' }),
  reference: Type.String(),
  request_type: StringEnum([...DATA_REQUEST_TYPES]),
  status: StringEnum([...DATA_REQUEST_STATUSES]),
  details: Nullable(Type.String()),
  created_at: DateTime(),
  resolved_at: Nullable(DateTime()),
  resolution_notes: Nullable(Type.String()),
});
export type DataRequest = Static<typeof DataRequest>;
