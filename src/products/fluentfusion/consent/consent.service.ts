// Consents: record an answer (a repeated identical answer adds nothing), list mine, withdraw one; the shipped
// documents' versions.
import { AppError } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import * as repo from './consent.repo.js';
import type { Consent, ConsentBody } from './consent.schemas.js';
import { DOCUMENT_VERSIONS, isConsentType, type ConsentType } from './kinds.js';

const MAX_ECHO = 50;

const present = (r: repo.ConsentRow): Consent => ({
  id: r.id,
  consent_type: r.consentType,
  version: r.version,
  accepted: r.accepted,
  accepted_at: r.acceptedAt.toISOString(),
  revoked_at: r.revokedAt?.toISOString() ?? null,
});

export async function recordConsent(ctx: ProductContext, userId: string, input: ConsentBody): Promise<{ ok: true; id: string }> {
  const type = input.consent_type;
  if (!isConsentType(type)) throw new AppError('unknown_consent_type', 400, `Unknown consent_type: ${type.slice(0, MAX_ECHO)}`);
  // A session id only means something for a recording consent; for any other type it is not kept.
  const sessionId = type === 'live_session_recording' ? (input.session_id ?? null) : null;
  const same = (r: repo.ConsentRow | undefined): r is repo.ConsentRow =>
    r !== undefined && r.version === input.version && r.accepted === input.accepted && r.sessionId === sessionId;
  // The client re-sends the consents given at sign-up after each login: the same answer again is the same record.
  const current = await repo.latestConsent(ctx.db.dz, userId, type);
  if (same(current)) return { ok: true, id: current.id };
  await ctx.limits.consume('CONSENT_ANSWERS_PER_USER', userId, 'Too many consent changes; try again later');
  const now = new Date(ctx.now());
  const row = await ctx.db.transaction(async (tx) => {
    await repo.lockConsentType(tx.dz, userId, type);
    const latest = await repo.latestConsent(tx.dz, userId, type);
    if (same(latest)) return latest;
    return repo.insertConsent(tx.dz, {
      userId,
      consentType: type,
      version: input.version,
      accepted: input.accepted,
      sessionId,
      acceptedAt: now,
      revokedAt: input.accepted ? null : now,
    });
  });
  return { ok: true, id: row.id };
}

export async function listMyConsents(ctx: ProductContext, userId: string, page: { skip: number; limit: number }): Promise<Consent[]> {
  return (await repo.listConsents(ctx.db.dz, userId, page)).map(present);
}

/** Withdraws my consent of `typeIn` when my latest answer about it is an acceptance. */
export async function withdrawMyConsent(ctx: ProductContext, userId: string, typeIn: string): Promise<{ ok: true }> {
  if (!isConsentType(typeIn)) throw new AppError('unknown_consent_type', 400, 'Unknown consent_type');
  const type: ConsentType = typeIn;
  const now = new Date(ctx.now());
  const withdrawn = await ctx.db.transaction(async (tx) => {
    await repo.lockConsentType(tx.dz, userId, type);
    const latest = await repo.latestConsent(tx.dz, userId, type);
    if (!latest?.accepted) return false;
    await repo.withdrawConsent(tx.dz, userId, latest.id, now);
    return true;
  });
  if (!withdrawn) throw new AppError('not_found', 404, 'No active consent found');
  return { ok: true };
}

export function documentVersions() {
  return DOCUMENT_VERSIONS.map((d) => ({
    id: d.id,
    document_type: d.documentType,
    version_number: d.versionNumber,
    effective_date: d.effectiveDate,
    created_at: d.createdAt,
  }));
}
