// What FluentFusion stores about a learner, for GDPR export and erase.
import type { Dz } from '../../core/db/connect.js';
import type { ProductContext } from '../../core/product.js';
import type { PrivacyHandler } from '../../core/privacy/registry.js';
import { eraseLearner } from './privacy.repo.js';
import { attemptsOfUser } from './exercises/attempts.repo.js';
import { myBadges } from './badges/badges.service.js';
import { listActivityDays, listProgress } from './progress/progress.repo.js';
import { presentProgress } from './progress/progress.service.js';
import { notificationsOfUser } from './notifications/notifications.repo.js';
import { consentsOfUser, dataRequestsOfUser } from './consent/consent.repo.js';
import { findProfile } from './users/users.repo.js';
import { enrollmentsOf } from './courses/courses.repo.js';
import { iso } from './schemas.js';

export function fluentFusionPrivacy(ctx: ProductContext): PrivacyHandler {
  return {
    async export(userId) {
      const dz = ctx.db.dz;
      const profile = await findProfile(dz, userId);
      const records = await listProgress(dz, userId, { skip: 0, limit: 1_000_000 });
      const answers = await attemptsOfUser(dz, userId);
      return {
        profile: profile
          ? {
              username: profile.username,
              user_type: profile.userType,
              target_language: profile.targetLanguage,
              profile_image: profile.profileImage,
              joined_date: profile.createdAt.toISOString(),
              last_login: iso(profile.lastLogin),
              bio: profile.bio,
              native_language: profile.nativeLanguage,
              learning_goal: profile.learningGoal,
              starting_level: profile.startingLevel,
              onboarded_at: iso(profile.onboardedAt),
              pending_email: profile.pendingEmail,
            }
          : null,
        progress: records.map(presentProgress),
        exercise_attempts: answers.map((a) => ({
          lesson_id: a.lessonId,
          exercise_id: a.exerciseId,
          answer: a.answer,
          correct: a.correct,
          points_earned: a.pointsEarned,
          submitted_at: a.createdAt.toISOString(),
        })),
        badges: await myBadges(ctx, userId),
        activity_days: await listActivityDays(dz, userId),
        enrollments: (await enrollmentsOf(dz, userId)).map((e) => ({
          target_language: e.language,
          enrolled_at: e.enrolledAt.toISOString(),
        })),
        notifications: (await notificationsOfUser(dz, userId)).map((n) => ({
          title: n.title,
          message: n.message,
          link: n.link,
          sent_at: n.createdAt.toISOString(),
          read_at: iso(n.readAt),
        })),
        consents: (await consentsOfUser(dz, userId)).map((c) => ({
          consent_type: c.consentType,
          version: c.version,
          accepted: c.accepted,
          session_id: c.sessionId,
          accepted_at: c.acceptedAt.toISOString(),
          revoked_at: iso(c.revokedAt),
        })),
        data_requests: (await dataRequestsOfUser(dz, userId)).map((d) => ({
          reference: d.reference,
          request_type: d.requestType,
          status: d.status,
          details: d.details,
          created_at: d.createdAt.toISOString(),
          resolved_at: iso(d.resolvedAt),
          resolution_notes: d.resolutionNotes,
        })),
      };
    },
    async erase(userId: string, dz: Dz) {
      await eraseLearner(dz, userId);
    },
  };
}
