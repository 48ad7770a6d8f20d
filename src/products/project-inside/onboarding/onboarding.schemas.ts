// Onboarding progress: PROFILE → VOICEPRINT → RELATIONSHIPS → CONSENT → DEVICE_SETUP → DONE.
import { Type, type Static } from '@sinclair/typebox';
import { Body, Nullable, StringEnum } from '../../../core/http/schemas.js';

export const ONBOARDING_STEPS = ['PROFILE', 'VOICEPRINT', 'RELATIONSHIPS', 'CONSENT', 'DEVICE_SETUP', 'DONE'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];
/** What a client may mark complete: the steps, plus skipping the voiceprint. */
export const COMPLETABLE_STEPS = [...ONBOARDING_STEPS, 'VOICEPRINT_SKIPPED'] as const;
export type CompletableStep = (typeof COMPLETABLE_STEPS)[number];

const StatusFields = {
  has_profile: Type.Boolean({ description: 'A display name is set, or the PROFILE step was completed' }),
  has_voiceprint: Type.Boolean({ description: 'The VOICEPRINT step was completed (skipping it does not count)' }),
  pending_invites: Type.Integer({ description: 'Pending, unexpired invites addressed to my e-mail' }),
  active_relationships: Type.Integer({ description: 'Active relationships I am an accepted member of' }),
  next_step: Nullable(StringEnum([...ONBOARDING_STEPS]), {
    description:
      'The first step not done, null once DONE was completed: PROFILE (display name or completed), VOICEPRINT (completed or skipped), ' +
      'RELATIONSHIPS (an active relationship or completed), CONSENT (my answer in every active relationship — none to answer counts — or completed), ' +
      'DEVICE_SETUP (completed), DONE (completed)',
  }),
};

export const OnboardingStatus = Type.Object(StatusFields);
export type OnboardingStatus = Static<typeof OnboardingStatus>;

export const CompleteStep = Body({
  step: Type.String({
    minLength: 1,
    maxLength: 40,
    description: `One of ${COMPLETABLE_STEPS.join(', ')} (any case). VOICEPRINT records that I have a voiceprint; VOICEPRINT_SKIPPED moves on without one`,
  }),
});

export const StepCompleted = Type.Object({ ok: Type.Boolean(), ...StatusFields });
export type StepCompleted = Static<typeof StepCompleted>;
