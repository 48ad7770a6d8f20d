// The consents a learner can give or refuse, the data-rights requests they can make, and the legal documents shipped.
export const CONSENT_TYPES = [
  'terms_and_conditions',
  'privacy_policy',
  'pulse_automated_processing',
  'marketing_communications',
  'live_session_recording',
  'parental_consent',
  'cookie_consent',
  'data_processing_general',
] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

export const DATA_REQUEST_TYPES = ['access', 'correction', 'deletion', 'portability', 'restriction', 'objection'] as const;
export type DataRequestType = (typeof DATA_REQUEST_TYPES)[number];

export const DATA_REQUEST_STATUSES = ['pending', 'in_progress', 'completed', 'rejected'] as const;
export type DataRequestStatus = (typeof DATA_REQUEST_STATUSES)[number];

export const isConsentType = (v: string): v is ConsentType => (CONSENT_TYPES as readonly string[]).includes(v);
export const isDataRequestType = (v: string): v is DataRequestType => (DATA_REQUEST_TYPES as readonly string[]).includes(v);

export const DOCUMENT_TYPES = ['terms', 'privacy_policy', 'pulse_disclosure'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * The legal documents the web client shows (its /terms, /privacy and /pulse-disclosure pages): each is at version 1.0,
 * "Last updated: 06 February 2026". A new wording means a new entry here (and a new `version` in the consents the
 * client then records); the old entries stay, so a consent's version can always be matched to what was shown.
 */
export const DOCUMENT_VERSIONS: readonly { id: number; documentType: DocumentType; versionNumber: string; effectiveDate: string; createdAt: string }[] = [
  { id: 1, documentType: 'terms', versionNumber: '1.0', effectiveDate: '2026-02-06T00:00:00.000Z', createdAt: '2026-02-06T00:00:00.000Z' },
  { id: 2, documentType: 'privacy_policy', versionNumber: '1.0', effectiveDate: '2026-02-06T00:00:00.000Z', createdAt: '2026-02-06T00:00:00.000Z' },
  { id: 3, documentType: 'pulse_disclosure', versionNumber: '1.0', effectiveDate: '2026-02-06T00:00:00.000Z', createdAt: '2026-02-06T00:00:00.000Z' },
];
