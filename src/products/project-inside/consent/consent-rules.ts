// What a stored consent grants. Pure.
import { CONSENT_GRANTED, LIVE_SCOPE, REPORT_SCOPE, type ConsentScope } from './consent.schemas.js';

export interface ConsentLike {
  status: string;
  scopes: string[];
}

/** Only an ACTIVE consent grants its scopes; a missing one grants nothing. */
export const grants = (c: ConsentLike | undefined, scope: ConsentScope): boolean =>
  !!c && c.status === CONSENT_GRANTED && Array.isArray(c.scopes) && c.scopes.includes(scope);

/** Frames recorded and nudges sent during sessions. */
export const grantsLive = (c: ConsentLike | undefined) => grants(c, LIVE_SCOPE);

/** The member's stats in reports, and their sessions in activity suggestions. */
export const grantsReport = (c: ConsentLike | undefined) => grants(c, REPORT_SCOPE);
