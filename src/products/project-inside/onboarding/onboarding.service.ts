// Where a user is in onboarding: each step is done by its own evidence or by being marked complete.
import type { ProductContext } from '../../../core/product.js';
import { countRelationshipsWithoutConsent } from '../consent/consent.repo.js';
import { countPendingForEmail } from '../invites/invites.repo.js';
import {
  COMPLETABLE_STEPS,
  ONBOARDING_STEPS,
  type CompletableStep,
  type OnboardingStatus,
  type OnboardingStep,
  type StepCompleted,
} from './onboarding.schemas.js';
import { countForUser } from '../relationships/relationships.repo.js';
import { completeStep as saveStep, findUserWithProfile } from '../users/users.repo.js';
import { invalidField, notFound } from '../../../core/http/errors.js';

export async function status(ctx: ProductContext, userId: string): Promise<OnboardingStatus> {
  const dz = ctx.db.dz;
  const user = await findUserWithProfile(dz, ctx.slug, userId);
  if (!user) throw notFound('User not found', 'user_not_found');
  const [pending, active, withoutConsent] = await Promise.all([
    countPendingForEmail(dz, user.email, new Date(ctx.now())),
    countForUser(dz, userId),
    countRelationshipsWithoutConsent(dz, userId),
  ]);
  const completed = new Set(user.profile?.completedSteps ?? []);
  const hasProfile = Boolean(user.profile?.displayName) || completed.has('PROFILE');
  const hasVoiceprint = Boolean(user.profile?.hasVoiceprint) || completed.has('VOICEPRINT');
  const done: Record<OnboardingStep, boolean> = {
    PROFILE: hasProfile,
    VOICEPRINT: hasVoiceprint || completed.has('VOICEPRINT_SKIPPED'),
    RELATIONSHIPS: active > 0 || completed.has('RELATIONSHIPS'),
    CONSENT: withoutConsent === 0 || completed.has('CONSENT'),
    DEVICE_SETUP: completed.has('DEVICE_SETUP'),
    DONE: completed.has('DONE'),
  };
  return {
    has_profile: hasProfile,
    has_voiceprint: hasVoiceprint,
    pending_invites: pending,
    active_relationships: active,
    next_step: ONBOARDING_STEPS.find((s) => !done[s]) ?? null,
  };
}

/** The step a client named, in any case; anything else is a 422 naming the field. */
export function parseStep(raw: string): CompletableStep {
  const step = raw.trim().toUpperCase();
  if ((COMPLETABLE_STEPS as readonly string[]).includes(step)) return step as CompletableStep;
  throw invalidField(['body', 'step'], `Input should be ${COMPLETABLE_STEPS.map((s) => `'${s}'`).join(', ')}`, raw, 'enum');
}

export async function complete(ctx: ProductContext, userId: string, rawStep: string): Promise<StepCompleted> {
  const step = parseStep(rawStep);
  await saveStep(ctx.db.dz, userId, step, step === 'VOICEPRINT' ? { hasVoiceprint: true } : {}, new Date(ctx.now()));
  return { ok: true, ...(await status(ctx, userId)) };
}
