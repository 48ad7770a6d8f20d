// GDPR: everything FlirtCraft holds about a user (export) and its removal (erase, inside the account's deletion).
import { eq } from 'drizzle-orm';
import type { Dz } from '../../core/db/connect.js';
import type { PrivacyHandler } from '../../core/privacy/registry.js';
import type { Ctx } from './shared/context.js';
import { conversations, events, profiles, progress, supabaseLinks, userAchievements, xpEvents } from './db.js';
import { findLinkOf } from './auth/supabase-links.repo.js';
import { presentProfile } from './onboarding/onboarding.service.js';
import { presentConversation } from './conversations/conversations.presenters.js';
import { allOwned, messagesOf } from './conversations/conversations.repo.js';
import { findProfile, findProgress } from './users/profiles.repo.js';
import { listXpEvents } from './progress/progress.repo.js';
import { userEvents } from './analytics/events.repo.js';
import { achievements } from './users/users.service.js';

export function flirtcraftPrivacy(ctx: Ctx): PrivacyHandler {
  return {
    async export(userId) {
      const dz = ctx.db.dz;
      const profile = await findProfile(dz, userId);
      const prog = await findProgress(dz, userId);
      const convs = await allOwned(dz, userId);
      const link = await findLinkOf(dz, userId);
      const max = ctx.settings.MAX_MESSAGES_PER_CONVERSATION;
      return {
        profile: profile
          ? {
              ...presentProfile(profile, ctx.now()),
              terms_accepted_at: profile.termsAcceptedAt?.toISOString() ?? null,
              privacy_accepted_at: profile.privacyAcceptedAt?.toISOString() ?? null,
              is_premium: profile.isPremium,
              premium_expires_at: profile.premiumExpiresAt?.toISOString() ?? null,
            }
          : null,
        progress: prog
          ? {
              xp_points: prog.xpPoints,
              level: prog.level,
              current_streak: prog.currentStreak,
              longest_streak: prog.longestStreak,
              last_practice_day: prog.lastPracticeDay,
              total_conversations: prog.totalConversations,
              successful_conversations: prog.successfulConversations,
              total_practice_seconds: prog.totalPracticeSeconds,
            }
          : null,
        conversations: await Promise.all(convs.map(async (c) => presentConversation(c, max, { messages: await messagesOf(dz, c.id), withFeedback: true }))),
        achievements: await achievements(ctx, userId),
        xp_events: (await listXpEvents(dz, userId)).map((x) => ({
          source: x.source,
          points: x.points,
          conversation_id: x.conversationId,
          created_at: x.createdAt.toISOString(),
        })),
        supabase_link: link ? { subject: link.subject, linked_at: link.createdAt.toISOString() } : null,
        events: (await userEvents(dz, userId)).map((e) => ({ event_type: e.eventType, source: e.source, data: e.data, created_at: e.createdAt.toISOString() })),
      };
    },
    async erase(userId: string, dz: Dz) {
      // The account's deletion would cascade to these; deleting them by name keeps the list of what goes visible.
      await dz.delete(events).where(eq(events.userId, userId));
      await dz.delete(xpEvents).where(eq(xpEvents.userId, userId));
      await dz.delete(userAchievements).where(eq(userAchievements.userId, userId));
      await dz.delete(conversations).where(eq(conversations.userId, userId)); // messages cascade
      await dz.delete(progress).where(eq(progress.userId, userId));
      await dz.delete(profiles).where(eq(profiles.userId, userId));
      await dz.delete(supabaseLinks).where(eq(supabaseLinks.userId, userId));
    },
  };
}
