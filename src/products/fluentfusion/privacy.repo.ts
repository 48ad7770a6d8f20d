// Erasing a learner's rows from every FluentFusion table.
import { eq } from 'drizzle-orm';
import type { Dz } from '../../core/db/connect.js';
import { activityDays, consentRecords, dataRequests, enrollments, exerciseAttempts, notifications, profiles, progress, userBadges } from './db.js';

/** These rows also go with the identity row (cascade); deleting them here keeps erase complete on its own. */
export async function eraseLearner(dz: Dz, userId: string): Promise<void> {
  await dz.delete(exerciseAttempts).where(eq(exerciseAttempts.userId, userId));
  await dz.delete(progress).where(eq(progress.userId, userId));
  await dz.delete(userBadges).where(eq(userBadges.userId, userId));
  await dz.delete(activityDays).where(eq(activityDays.userId, userId));
  await dz.delete(enrollments).where(eq(enrollments.userId, userId));
  await dz.delete(notifications).where(eq(notifications.userId, userId));
  await dz.delete(consentRecords).where(eq(consentRecords.userId, userId));
  await dz.delete(dataRequests).where(eq(dataRequests.userId, userId));
  await dz.delete(profiles).where(eq(profiles.userId, userId));
}
