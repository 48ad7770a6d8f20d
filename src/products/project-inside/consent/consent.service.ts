// Consent per relationship member: templates (by relationship type), my answer (versioned), everyone's answers.
// What a consent grants is enforced where the data is made: live frames and nudges (session socket), report stats
// (report job), session data in suggestions.
import { forbidden } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import { requireMember } from '../relationships/access.js';
import { listConsents, upsertConsent } from './consent.repo.js';
import { CONSENT_GRANTED, CONSENT_SCOPES, type ConsentTemplate, type ConsentUpdate, type RelationshipConsent } from './consent.schemas.js';
import { ACCEPTED, listMembers } from '../relationships/relationships.repo.js';
import { publishConsentChanged } from '../sessions/session-live.js';

const COUPLE: ConsentTemplate[] = [
  {
    template_id: 'COUPLE_DEFAULT',
    title: 'Default Couple Settings',
    description: 'Live coaching during sessions, shared session summaries, and mediation',
    scopes: ['REALTIME_FEATURES_ONLY', 'SUMMARY_SHARED', 'MEDIATION_ALLOWED'],
  },
  {
    template_id: 'PRIVATE_COUPLE',
    title: 'Private Couple',
    description: 'Live coaching only: nothing is kept for reports',
    scopes: ['REALTIME_FEATURES_ONLY'],
  },
  {
    template_id: 'ENHANCED_COUPLE',
    title: 'Enhanced Couple',
    description: 'Everything, including stored transcripts',
    scopes: ['REALTIME_FEATURES_ONLY', 'SUMMARY_SHARED', 'TRANSCRIPT_STORED', 'MEDIATION_ALLOWED'],
  },
];
const FAMILY: ConsentTemplate[] = [
  {
    template_id: 'FAMILY_DEFAULT',
    title: 'Default Family Settings',
    description: 'Live coaching and shared session summaries',
    scopes: ['REALTIME_FEATURES_ONLY', 'SUMMARY_SHARED'],
  },
];
const FRIEND: ConsentTemplate[] = [
  { template_id: 'FRIEND_DEFAULT', title: 'Default Friend Settings', description: 'Live coaching only', scopes: ['REALTIME_FEATURES_ONLY'] },
];
const OTHER: ConsentTemplate[] = [{ template_id: 'DEFAULT', title: 'Default Settings', description: 'Live coaching only', scopes: ['REALTIME_FEATURES_ONLY'] }];

/** The templates offered for a relationship type. */
export function templatesFor(type: string): ConsentTemplate[] {
  if (type === 'romantic' || type === 'couple' || type === 'date') return COUPLE;
  if (type === 'family' || type === 'parent_child' || type === 'sibling') return FAMILY;
  if (type === 'friend') return FRIEND;
  return OTHER;
}

export async function templates(ctx: ProductContext, userId: string, rid: string): Promise<ConsentTemplate[]> {
  const r = await requireMember(ctx.db.dz, userId, rid);
  return templatesFor(r.type);
}

/** Scopes in one canonical order, so an identical answer compares equal and keeps its version. */
const canonical = (scopes: string[]) => CONSENT_SCOPES.filter((s) => scopes.includes(s));

/** PUT /consent/{uid}: only my own consent (`me` or my id); another member's → 403. */
export async function saveMine(ctx: ProductContext, userId: string, rid: string, uid: string, body: ConsentUpdate): Promise<{ ok: true; version: number }> {
  await requireMember(ctx.db.dz, userId, rid);
  if (uid !== 'me' && uid.toLowerCase() !== userId) throw forbidden('You can only change your own consent', 'not_your_consent');
  const scopes = canonical(body.scopes);
  const status = body.status ?? CONSENT_GRANTED;
  const version = await upsertConsent(ctx.db.dz, { relationshipId: rid, userId, scopes, status, at: new Date(ctx.now()) });
  // Live sessions of this relationship start (or stop) recording this member at once, on every instance.
  publishConsentChanged(ctx, { relationshipId: rid, userId, scopes, status });
  return { ok: true, version };
}

/** Every member's answer; a member someone added who has not accepted shows only as INVITED. */
export async function listForRelationship(ctx: ProductContext, userId: string, rid: string): Promise<RelationshipConsent> {
  const r = await requireMember(ctx.db.dz, userId, rid);
  const [members, rows] = await Promise.all([listMembers(ctx.db.dz, [rid]), listConsents(ctx.db.dz, rid)]);
  const byUser = new Map(rows.map((c) => [c.userId, c]));
  return {
    relationship_id: rid,
    relationship_status: r.status.toLowerCase(),
    members: members.map((m) => {
      const accepted = m.memberStatus === ACCEPTED;
      const c = accepted ? byUser.get(m.userId) : undefined;
      return {
        user_id: m.userId,
        display_name: accepted ? m.displayName : null,
        member_status: m.memberStatus,
        consent_status: (c?.status ?? 'DRAFT') as RelationshipConsent['members'][number]['consent_status'],
        scopes: c?.scopes ?? [],
        version: c?.version ?? 0,
        updated_at: c ? c.updatedAt.toISOString() : null,
      };
    }),
  };
}
