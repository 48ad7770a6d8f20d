// Onboarding progress: PROFILE → VOICEPRINT → RELATIONSHIPS → CONSENT → DEVICE_SETUP → DONE.
import { Type, type Static } from '@sinclair/typebox';
import { Body, StringEnum } from '../../core/http/schemas.js';

export const ONBOARDING_STEPS = ['PROFILE', 'VOICEPRINT', 'RELATIONSHIPS', 'CONSENT', 'DEVICE_SETUP'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export const OnboardingStatus = Type.Object({
  has_profile: Type.Boolean({ description: 'A display name is set, or the PROFILE step was completed' }),
  has_voiceprint: Type.Boolean(),
  pending_invites: Type.Integer({ description: 'Pending, unexpired invites addressed to my e-mail' }),
  active_relationships: Type.Integer(),
  next_step: StringEnum([...ONBOARDING_STEPS, 'DONE'], {
    description:
      'The first step not done: PROFILE (display name or completed), VOICEPRINT (has_voiceprint or completed), RELATIONSHIPS (an active relationship or completed), ' +
      'CONSENT (my answer in every active relationship — none to answer counts — or completed), DEVICE_SETUP (completed)',
  }),
});
export type OnboardingStatus = Static<typeof OnboardingStatus>;

export const CompleteStep = Body({ step: StringEnum([...ONBOARDING_STEPS], { description: 'VOICEPRINT also records that I have a voiceprint' }) });
