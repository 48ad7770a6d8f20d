// Storing the onboarding answers on the learner's profile.
import { eq } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { profiles } from '../db.js';

export type OnboardingPatch = Partial<Pick<typeof profiles.$inferInsert, 'nativeLanguage' | 'learningGoal' | 'startingLevel' | 'targetLanguage'>>;

/** Answers true when the profile exists. */
export async function saveOnboarding(dz: Dz, userId: string, patch: OnboardingPatch, at: Date): Promise<boolean> {
  const rows = await dz
    .update(profiles)
    .set({ ...patch, onboardedAt: at })
    .where(eq(profiles.userId, userId))
    .returning({ userId: profiles.userId });
  return rows.length > 0;
}
