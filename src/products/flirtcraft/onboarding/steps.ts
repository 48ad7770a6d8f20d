// The onboarding flow (eleven steps, as the original app shows them), its progress, and the rules of its answers.

export interface StepDef {
  id: string;
  title: string;
  component: string;
  required: boolean;
  skippable: boolean;
  estimated_duration: number;
}

export const STEPS: readonly StepDef[] = [
  { id: 'welcome', title: 'Welcome', component: 'WelcomeIntro', required: true, skippable: false, estimated_duration: 30 },
  { id: 'howItWorks1', title: 'Choose Scenario', component: 'HowItWorksStep', required: true, skippable: true, estimated_duration: 15 },
  { id: 'howItWorks2', title: 'AI Conversation', component: 'HowItWorksStep', required: true, skippable: true, estimated_duration: 15 },
  { id: 'howItWorks3', title: 'Get Feedback', component: 'HowItWorksStep', required: true, skippable: true, estimated_duration: 15 },
  { id: 'privacy', title: 'Privacy & Safety', component: 'PrivacySafety', required: true, skippable: false, estimated_duration: 30 },
  { id: 'ageVerification', title: 'Age Verification', component: 'AgeVerification', required: true, skippable: false, estimated_duration: 15 },
  { id: 'preferences', title: 'Preferences', component: 'PreferenceSetup', required: true, skippable: false, estimated_duration: 60 },
  { id: 'skillGoals', title: 'Goals', component: 'SkillGoalSelection', required: true, skippable: false, estimated_duration: 45 },
  { id: 'notifications', title: 'Notifications', component: 'NotificationPermission', required: false, skippable: true, estimated_duration: 30 },
  { id: 'analytics', title: 'Help Improve', component: 'AnalyticsConsent', required: false, skippable: true, estimated_duration: 20 },
  { id: 'complete', title: 'Ready to Start', component: 'ReadyToStart', required: true, skippable: false, estimated_duration: 15 },
];

export const STEP_IDS = STEPS.map((s) => s.id);

/** Steps whose completion is an answer stored by their own route (the progress route cannot tick them). */
export const DATA_STEPS = {
  ageVerification: 'POST /onboarding/age-verification',
  preferences: 'POST /onboarding/preferences',
  skillGoals: 'POST /onboarding/skill-goals',
} as const;

export const SKILLS = [
  'conversation_starters',
  'flow_maintenance',
  'storytelling',
  'confidence_building',
  'reading_body_language',
  'humor_and_wit',
  'deep_conversation',
  'flirtation_techniques',
] as const;
export type Skill = (typeof SKILLS)[number];

export const TARGET_GENDERS = ['male', 'female', 'everyone'] as const;
export const RELATIONSHIP_GOALS = ['dating', 'relationships', 'practice', 'confidence'] as const;
export const EXPERIENCE_LEVELS = ['beginner', 'intermediate', 'returning'] as const;
export const PRACTICE_FREQUENCIES = ['daily', 'weekly', 'occasional'] as const;
export const PRIVACY_LEVELS = ['standard', 'enhanced'] as const;
export const PERSONAS = ['anxiousAlex', 'comebackCatherine', 'confidentCarlos', 'shySarah'] as const;
export type Persona = (typeof PERSONAS)[number];

export const MIN_AGE = 18;
export const MAX_AGE = 100;

export interface FlowStep extends StepDef {
  completed: boolean;
  skipped: boolean;
}

export interface Flow {
  current_step_index: number;
  total_steps: number;
  steps: FlowStep[];
  can_go_back: boolean;
  can_skip_current: boolean;
  is_complete: boolean;
}

/** The flow as a user sees it: the current step is the first one neither completed nor skipped. */
export function buildFlow(completed: readonly string[], skipped: readonly string[], isComplete: boolean): Flow {
  const steps = STEPS.map((s) => ({ ...s, completed: completed.includes(s.id), skipped: skipped.includes(s.id) && !completed.includes(s.id) }));
  const open = steps.findIndex((s) => !s.completed && !s.skipped);
  const current = isComplete ? steps.length - 1 : open === -1 ? steps.length - 1 : open;
  return {
    current_step_index: current,
    total_steps: steps.length,
    steps,
    can_go_back: current > 0,
    can_skip_current: steps[current]!.skippable,
    is_complete: isComplete,
  };
}

/** Adds a step to a list once. */
export const withStep = (list: readonly string[], id: string): string[] => (list.includes(id) ? [...list] : [...list, id]);

/**
 * The persona the app tailors itself to (the design's four), from the skill-goal answers: coming back → Catherine;
 * beginners naming anxiety or fear → Alex, other beginners → Sarah; intermediate → Carlos.
 */
export function detectPersona(experience: (typeof EXPERIENCE_LEVELS)[number], challenges: readonly string[]): Persona {
  if (experience === 'returning') return 'comebackCatherine';
  if (experience === 'intermediate') return 'confidentCarlos';
  return challenges.some((c) => /anxi|nerv|fear|afraid|scared|panic/i.test(c)) ? 'anxiousAlex' : 'shySarah';
}

/** The missing answers that keep onboarding from completing (by their step ids), in flow order. */
export function missingForCompletion(p: { birthYear: number | null; targetGender: string | null; primarySkills: readonly string[] }): string[] {
  const missing: string[] = [];
  if (p.birthYear === null) missing.push('ageVerification');
  if (p.targetGender === null) missing.push('preferences');
  if (p.primarySkills.length === 0) missing.push('skillGoals');
  return missing;
}
