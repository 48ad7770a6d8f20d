// Consent per relationship member: templates from the scope catalogue, my answer (versioned), everyone's answers.
import { forbidden } from '../../core/http/errors.js';
import type { ProductContext } from '../../core/product.js';
import { requireMember } from './access.js';
import { listConsents, upsertConsent } from './consent.repo.js';
import { CONSENT_SCOPES, type ConsentTemplate, type ConsentUpdate, type RelationshipConsent } from './consent.schemas.js';
import { listMembers } from './relationships.repo.js';

const TEMPLATES: ConsentTemplate[] = [
  {
    id: 'live_coaching',
    name: 'Live coaching only',
    description: 'Voice features are analysed during a session to give you live nudges. Nothing is kept for reports.',
    scopes: ['audio_features', 'live_nudges'],
  },
  {
    id: 'coaching_with_reports',
    name: 'Coaching with private reports',
    description: 'Live nudges, plus a report after each session and activity ideas. Your report stays yours.',
    scopes: ['audio_features', 'live_nudges', 'session_reports', 'activity_suggestions'],
  },
  {
    id: 'full_sharing',
    name: 'Full coaching, shared',
    description: 'Everything, including transcripts, with your part of each report shared with the other members.',
    scopes: [...CONSENT_SCOPES],
  },
];

export async function templates(ctx: ProductContext, userId: string, rid: string): Promise<ConsentTemplate[]> {
  await requireMember(ctx.db.dz, userId, rid);
  return TEMPLATES;
}

/** Scopes in one canonical order, so an identical answer compares equal and keeps its version. */
const canonical = (scopes: string[]) => CONSENT_SCOPES.filter((s) => scopes.includes(s));

/** PUT /consent/{uid}: only my own consent (`me` or my id); another member's → 403. */
export async function saveMine(ctx: ProductContext, userId: string, rid: string, uid: string, body: ConsentUpdate): Promise<{ ok: true; version: number }> {
  await requireMember(ctx.db.dz, userId, rid);
  if (uid !== 'me' && uid !== userId) throw forbidden('You can only change your own consent', 'not_your_consent');
  const version = await upsertConsent(ctx.db.dz, { relationshipId: rid, userId, scopes: canonical(body.scopes), status: body.status, at: new Date(ctx.now()) });
  return { ok: true, version };
}

export async function listForRelationship(ctx: ProductContext, userId: string, rid: string): Promise<RelationshipConsent> {
  await requireMember(ctx.db.dz, userId, rid);
  const [members, rows] = await Promise.all([listMembers(ctx.db.dz, [rid]), listConsents(ctx.db.dz, rid)]);
  const byUser = new Map(rows.map((r) => [r.userId, r]));
  return {
    relationship_id: rid,
    members: members.map((m) => {
      const c = byUser.get(m.userId);
      return {
        user_id: m.userId,
        display_name: m.displayName,
        status: (c?.status ?? 'PENDING') as RelationshipConsent['members'][number]['status'],
        scopes: c?.scopes ?? [],
        version: c?.version ?? 0,
        updated_at: c ? c.updatedAt.toISOString() : null,
      };
    }),
  };
}
