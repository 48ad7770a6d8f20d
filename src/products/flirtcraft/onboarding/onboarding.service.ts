// Onboarding: the 18+ check, preferences, skill goals, privacy choices, step progress and completion.
import { AppError, badRequest, forbidden, invalidField } from '../../../core/http/errors.js';
import type { Dz } from '../../../core/db/connect.js';
import type { Ctx } from '../shared/context.js';
import { ageFromBirthYear } from '../shared/time.js';
import { recordEvent } from '../analytics/events.repo.js';
import { findProfile, lockProfile, updateProfile } from '../users/profiles.repo.js';
import { awardXp, grantAchievement, listAchievements, resetGamification } from '../progress/progress.repo.js';
import { achievementDef } from '../progress/rules.js';
import type { ProfileRow } from '../db.js';
import { DATA_STEPS, MAX_AGE, MIN_AGE, STEPS, buildFlow, detectPersona, missingForCompletion, withStep, type Flow } from './steps.js';

type Experience = 'beginner' | 'intermediate' | 'returning';

async function profileOf(ctx: Ctx, userId: string, dz: Dz = ctx.db.dz): Promise<ProfileRow> {
  const p = await findProfile(dz, userId);
  // Every account gets its row at sign-up; none means the account is gone.
  if (!p) throw new AppError('not_found', 404, 'User profile not found');
  return p;
}

export const flowOf = (p: ProfileRow): Flow => buildFlow(p.stepsCompleted, p.stepsSkipped, p.onboardingCompleted);

export async function getFlow(ctx: Ctx, userId: string): Promise<Flow> {
  return flowOf(await profileOf(ctx, userId));
}

export const getProfile = (ctx: Ctx, userId: string) => profileOf(ctx, userId);

/** Updates the profile and marks steps completed, with one `onboarding_step` event per newly completed step. */
async function save(ctx: Ctx, userId: string, patch: Partial<ProfileRow>, steps: string[]): Promise<ProfileRow> {
  return ctx.db.transaction(async (tx) => {
    const p = await lockProfile(tx.dz, userId);
    if (!p) throw new AppError('not_found', 404, 'User profile not found');
    let completed = p.stepsCompleted;
    const at = new Date(ctx.now());
    for (const s of steps) {
      if (completed.includes(s)) continue;
      completed = withStep(completed, s);
      await recordEvent(tx.dz, { userId, type: 'onboarding_step', at, data: { step_id: s, action: 'completed' } });
    }
    return (await updateProfile(tx.dz, userId, { ...patch, stepsCompleted: completed }))!;
  });
}

export async function verifyAge(ctx: Ctx, userId: string, birthYear: number) {
  const age = ageFromBirthYear(birthYear, ctx.now());
  if (age < MIN_AGE) throw invalidField(['body', 'birth_year'], `Must be at least ${MIN_AGE} years old`, birthYear);
  if (age > MAX_AGE) throw invalidField(['body', 'birth_year'], 'Invalid birth year', birthYear);
  await save(ctx, userId, { birthYear, ageVerified: true }, ['ageVerification']);
  return { age_verified: true as const, birth_year: birthYear, age };
}

export async function setPreferences(
  ctx: Ctx,
  userId: string,
  b: { target_gender: string; target_age_min: number; target_age_max: number; relationship_goal: string },
) {
  if (b.target_age_max < b.target_age_min)
    throw invalidField(['body', 'target_age_max'], 'Maximum age must be greater than or equal to minimum age', b.target_age_max);
  return save(
    ctx,
    userId,
    { targetGender: b.target_gender, targetAgeMin: b.target_age_min, targetAgeMax: b.target_age_max, relationshipGoal: b.relationship_goal },
    ['preferences'],
  );
}

export async function setSkillGoals(
  ctx: Ctx,
  userId: string,
  b: { primary_skills: string[]; specific_challenges?: string[] | undefined; experience_level: Experience; practice_frequency: string },
) {
  const challenges = [...new Set((b.specific_challenges ?? []).map((c) => c.trim()).filter((c) => c.length > 0))];
  return save(
    ctx,
    userId,
    {
      primarySkills: b.primary_skills,
      specificChallenges: challenges,
      experienceLevel: b.experience_level,
      practiceFrequency: b.practice_frequency,
      detectedPersona: detectPersona(b.experience_level, challenges),
    },
    ['skillGoals'],
  );
}

export async function setPrivacy(
  ctx: Ctx,
  userId: string,
  b: { notifications_enabled: boolean; analytics_opt_in?: boolean | undefined; privacy_level?: string | undefined; marketing_opt_in?: boolean | undefined },
) {
  return save(
    ctx,
    userId,
    {
      notificationsEnabled: b.notifications_enabled,
      ...(b.analytics_opt_in !== undefined ? { analyticsOptIn: b.analytics_opt_in } : {}),
      ...(b.privacy_level !== undefined ? { privacyLevel: b.privacy_level } : {}),
      ...(b.marketing_opt_in !== undefined ? { marketingOptIn: b.marketing_opt_in } : {}),
    },
    ['notifications', 'analytics'],
  );
}

export async function recordProgress(
  ctx: Ctx,
  userId: string,
  b: { step_id: string; completed?: boolean | undefined; skipped?: boolean | undefined },
): Promise<Flow> {
  const step = STEPS.find((s) => s.id === b.step_id)!;
  if (b.skipped && !step.skippable) throw invalidField(['body', 'skipped'], `Step ${step.id} cannot be skipped`, true);
  const p = await profileOf(ctx, userId);
  if (b.completed && step.id in DATA_STEPS && !p.stepsCompleted.includes(step.id)) {
    throw badRequest(`Step ${step.id} is completed by ${DATA_STEPS[step.id as keyof typeof DATA_STEPS]}`, 'step_needs_answers');
  }
  if (b.completed && step.id === 'complete') throw badRequest('Step complete is completed by POST /onboarding/complete', 'step_needs_answers');
  const updated = await ctx.db.transaction(async (tx) => {
    const cur = (await lockProfile(tx.dz, userId))!;
    const at = new Date(ctx.now());
    let { stepsCompleted, stepsSkipped } = cur;
    if (b.completed && !stepsCompleted.includes(step.id)) {
      stepsCompleted = withStep(stepsCompleted, step.id);
      await recordEvent(tx.dz, { userId, type: 'onboarding_step', at, data: { step_id: step.id, action: 'completed' } });
    }
    if (b.skipped && !stepsSkipped.includes(step.id)) {
      stepsSkipped = withStep(stepsSkipped, step.id);
      await recordEvent(tx.dz, { userId, type: 'onboarding_step', at, data: { step_id: step.id, action: 'skipped' } });
    }
    return (await updateProfile(tx.dz, userId, { stepsCompleted, stepsSkipped }))!;
  });
  return flowOf(updated);
}

/** Completes onboarding once (a repeat answers the same), unlocking `onboarding_complete`. */
export async function complete(ctx: Ctx, userId: string): Promise<{ already: boolean; achievements: string[] }> {
  return ctx.db.transaction(async (tx) => {
    const p = await lockProfile(tx.dz, userId);
    if (!p) throw new AppError('not_found', 404, 'User profile not found');
    if (p.onboardingCompleted) return { already: true, achievements: (await listAchievements(tx.dz, userId)).map((a) => a.achievementType) };
    const missing = missingForCompletion({ birthYear: p.birthYear, targetGender: p.targetGender, primarySkills: p.primarySkills });
    if (missing.length > 0) throw badRequest(`Required onboarding steps not completed: ${missing.join(', ')}`, 'onboarding_incomplete');
    const at = new Date(ctx.now());
    await updateProfile(tx.dz, userId, { onboardingCompleted: true, onboardingCompletedAt: at, stepsCompleted: withStep(p.stepsCompleted, 'complete') });
    const def = achievementDef('onboarding_complete')!;
    if (await grantAchievement(tx.dz, { userId, type: def.type, at })) {
      await awardXp(tx.dz, { userId, source: `achievement:${def.type}`, points: def.xp_reward, dedupeKey: `achievement:${def.type}`, at });
    }
    await recordEvent(tx.dz, {
      userId,
      type: 'onboarding_completed',
      at,
      data: {
        duration_seconds: Math.max(0, Math.round((at.getTime() - p.createdAt.getTime()) / 1000)),
        skipped_steps: p.stepsSkipped.length,
        experience_level: p.experienceLevel,
      },
    });
    return { already: false, achievements: (await listAchievements(tx.dz, userId)).map((a) => a.achievementType) };
  });
}

/** Development only: the answers, completion, achievements and XP go back to the start. */
export async function reset(ctx: Ctx, userId: string): Promise<void> {
  if (ctx.config.env === 'production') throw forbidden('Onboarding reset not allowed in production', 'not_allowed_in_production');
  await ctx.db.transaction(async (tx) => {
    await updateProfile(tx.dz, userId, {
      birthYear: null,
      ageVerified: false,
      targetGender: null,
      targetAgeMin: null,
      targetAgeMax: null,
      relationshipGoal: null,
      primarySkills: [],
      specificChallenges: [],
      experienceLevel: null,
      practiceFrequency: null,
      notificationsEnabled: null,
      analyticsOptIn: false,
      privacyLevel: 'standard',
      detectedPersona: null,
      stepsCompleted: [],
      stepsSkipped: [],
      onboardingCompleted: false,
      onboardingCompletedAt: null,
    });
    await resetGamification(tx.dz, userId);
    await recordEvent(tx.dz, { userId, type: 'onboarding_reset', at: new Date(ctx.now()) });
  });
}

export function presentProfile(p: ProfileRow, nowMs: number) {
  return {
    user_id: p.userId,
    age_verified: p.ageVerified,
    birth_year: p.birthYear,
    age: p.birthYear === null ? null : ageFromBirthYear(p.birthYear, nowMs),
    target_gender: p.targetGender as 'male' | 'female' | 'everyone' | null,
    target_age_min: p.targetAgeMin,
    target_age_max: p.targetAgeMax,
    relationship_goal: p.relationshipGoal as 'dating' | 'relationships' | 'practice' | 'confidence' | null,
    primary_skills: p.primarySkills,
    specific_challenges: p.specificChallenges,
    experience_level: p.experienceLevel as Experience | null,
    practice_frequency: p.practiceFrequency as 'daily' | 'weekly' | 'occasional' | null,
    notifications_enabled: p.notificationsEnabled,
    analytics_opt_in: p.analyticsOptIn,
    privacy_level: p.privacyLevel as 'standard' | 'enhanced',
    marketing_opt_in: p.marketingOptIn,
    detected_persona: p.detectedPersona as 'anxiousAlex' | 'comebackCatherine' | 'confidentCarlos' | 'shySarah' | null,
    onboarding_completed: p.onboardingCompleted,
    onboarding_steps_completed: p.stepsCompleted,
    onboarding_steps_skipped: p.stepsSkipped,
    created_at: p.createdAt.toISOString(),
    updated_at: (p.updatedAt ?? p.createdAt).toISOString(),
  };
}
