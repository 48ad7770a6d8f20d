// Where a user is in onboarding: each step is done by its own evidence or by being marked complete.
import type { ProductContext } from '../../core/product.js';
import { countRelationshipsWithoutConsent } from './consent.repo.js';
import { countPendingForEmail } from './invites.repo.js';
import type { OnboardingStatus, OnboardingStep } from './onboarding.schemas.js';
import { ONBOARDING_STEPS } from './onboarding.schemas.js';
import { countForUser } from './relationships.repo.js';
import { completeStep as saveStep, findUserWithProfile } from './users.repo.js';
import { notFound } from '../../core/http/errors.js';

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
    VOICEPRINT: hasVoiceprint,
    RELATIONSHIPS: active > 0 || completed.has('RELATIONSHIPS'),
    CONSENT: withoutConsent === 0 || completed.has('CONSENT'),
    DEVICE_SETUP: completed.has('DEVICE_SETUP'),
  };
  return {
    has_profile: hasProfile,
    has_voiceprint: hasVoiceprint,
    pending_invites: pending,
    active_relationships: active,
    next_step: ONBOARDING_STEPS.find((s) => !done[s]) ?? 'DONE',
  };
}

export async function complete(ctx: ProductContext, userId: string, step: OnboardingStep): Promise<OnboardingStatus> {
  await saveStep(ctx.db.dz, userId, step, step === 'VOICEPRINT' ? { hasVoiceprint: true } : {}, new Date(ctx.now()));
  return status(ctx, userId);
}
