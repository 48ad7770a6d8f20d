// What Project Inside stores about a user, for GDPR export (their own data, nothing of other people's) and erasure.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import type { PrivacyHandler } from '../../../core/privacy/registry.js';
import type { ProductContext } from '../../../core/product.js';
import { users } from '../../../core/identity/db.js';
import {
  blocks,
  consents,
  devices,
  invites,
  notifications,
  nudges,
  pokes,
  profiles,
  relationshipMembers,
  relationships,
  reports,
  sessionParticipants,
  sessions,
  sessionStats,
} from '../db.js';
import { actionItems, fallbackSummary, type ReportStats } from '../sessions/report.js';
import { iso } from '../../../core/iso.js';

export async function exportUserData(ctx: ProductContext, userId: string): Promise<Record<string, unknown>> {
  const dz = ctx.db.dz;
  const [profile] = await dz.select().from(profiles).where(eq(profiles.userId, userId)).limit(1);
  const memberships = await dz
    .select({
      id: relationships.id,
      type: relationships.type,
      status: relationships.status,
      role: relationshipMembers.role,
      memberStatus: relationshipMembers.memberStatus,
      joinedAt: relationshipMembers.joinedAt,
    })
    .from(relationshipMembers)
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .where(eq(relationshipMembers.userId, userId));
  const myConsents = await dz.select().from(consents).where(eq(consents.userId, userId));
  const sent = await dz.select().from(invites).where(eq(invites.inviterId, userId));
  const mySessions = await dz
    .select({
      id: sessions.id,
      relationshipId: sessions.relationshipId,
      status: sessions.status,
      createdBy: sessions.createdBy,
      createdAt: sessions.createdAt,
      finalizedAt: sessions.finalizedAt,
    })
    .from(sessionParticipants)
    .innerJoin(sessions, eq(sessions.id, sessionParticipants.sessionId))
    .where(eq(sessionParticipants.userId, userId));
  const sessionIds = mySessions.map((s) => s.id);
  const myStats = await dz.select().from(sessionStats).where(eq(sessionStats.userId, userId));
  const myNudges = await dz.select().from(nudges).where(eq(nudges.userId, userId));
  const myReports = sessionIds.length ? await dz.select().from(reports).where(inArray(reports.sessionId, sessionIds)) : [];
  const myPokes = await dz
    .select()
    .from(pokes)
    .where(or(eq(pokes.senderId, userId), eq(pokes.receiverId, userId)));
  const inbox = await dz.select().from(notifications).where(eq(notifications.userId, userId));
  const myDevices = await dz.select({ platform: devices.platform, createdAt: devices.createdAt }).from(devices).where(eq(devices.userId, userId));
  const [blocked] = await dz
    .select({ n: sql<number>`count(*)::int` })
    .from(blocks)
    .where(eq(blocks.blockerId, userId));

  // The account itself (id, e-mail, dates) is added by the core's export.
  return {
    profile: profile
      ? {
          display_name: profile.displayName,
          pronouns: profile.pronouns,
          communication_style: profile.communicationStyle,
          goals: profile.goals,
          hobbies: profile.hobbies,
          birthday: profile.birthday,
          occupation: profile.occupation,
          privacy_tier: profile.privacyTier,
          profile_picture_url: profile.profilePictureUrl,
          bio: profile.bio,
          timezone: profile.timezone,
          personality_type: profile.personalityType,
          personal_description: profile.personalDescription,
          has_voiceprint: profile.hasVoiceprint,
          onboarding_steps_completed: profile.completedSteps,
        }
      : null,
    // Relationships by id and type only: who else is in them is theirs to export.
    relationships: memberships.map((m) => ({
      id: m.id,
      type: m.type,
      status: m.status,
      role: m.role,
      member_status: m.memberStatus,
      joined_at: iso(m.joinedAt),
    })),
    consents: myConsents.map((c) => ({
      relationship_id: c.relationshipId,
      scopes: c.scopes,
      status: c.status,
      version: c.version,
      updated_at: iso(c.updatedAt),
    })),
    // Invites I sent, without the address I sent them to (that address is someone else's).
    invites_sent: sent.map((i) => ({
      id: i.id,
      relationship_id: i.relationshipId,
      role: i.role,
      message: i.message,
      status: i.status,
      created_at: iso(i.createdAt),
      expires_at: iso(i.expiresAt),
    })),
    sessions: mySessions.map((s) => ({
      id: s.id,
      relationship_id: s.relationshipId,
      status: s.status,
      started_by_me: s.createdBy === userId,
      created_at: iso(s.createdAt),
      finalized_at: iso(s.finalizedAt),
    })),
    session_stats: myStats.map((s) => ({
      session_id: s.sessionId,
      frames: s.frames,
      speaking_frames: s.speakingFrames,
      speaking_rate_sum: s.speakingRateSum,
      overlap_ratio_sum: s.overlapRatioSum,
      max_speaking_rate: s.maxSpeakingRate,
      max_overlap_ratio: s.maxOverlapRatio,
      first_frame_at: iso(s.firstFrameAt),
      last_frame_at: iso(s.lastFrameAt),
    })),
    nudges: myNudges.map((n) => ({
      session_id: n.sessionId,
      nudge_type: n.nudgeType,
      intensity: n.intensity,
      speaking_rate: n.speakingRate,
      overlap_ratio: n.overlapRatio,
      created_at: iso(n.createdAt),
    })),
    // My part of each report: my stats and my moments (the summary describes everyone).
    reports: myReports.map((r) => {
      const stats = r.stats as ReportStats | null;
      return {
        session_id: r.sessionId,
        status: r.status,
        my_stats: stats?.participants.find((p) => p.user_id === userId) ?? null,
        my_moments: (r.moments as { user_id?: string }[]).filter((m) => m.user_id === userId),
      };
    }),
    pokes: myPokes.map((p) => ({
      id: p.id,
      relationship_id: p.relationshipId,
      direction: p.senderId === userId ? 'sent' : 'received',
      type: p.type,
      emoji: p.emoji,
      created_at: iso(p.createdAt),
    })),
    // Titles only: a message text names its sender.
    notifications: inbox.map((n) => ({ id: n.id, type: n.type, title: n.title, read: n.read, created_at: iso(n.createdAt) })),
    devices: myDevices.map((d) => ({ platform: d.platform, registered_at: iso(d.createdAt) })),
    blocked_users: blocked?.n ?? 0,
  };
}

/** A report without one participant: their stats, nudges and moments go; totals, shares and texts are rebuilt. */
export function withoutParticipant(
  report: { stats: ReportStats | null; moments: Record<string, unknown>[]; summary: string | null; actionItems: string[] },
  userId: string,
): { stats: ReportStats | null; moments: Record<string, unknown>[]; summary: string | null; actionItems: string[] } {
  const moments = report.moments.filter((m) => m.user_id !== userId);
  if (!report.stats) return { ...report, moments };
  const participants = report.stats.participants.filter((p) => p.user_id !== userId);
  const speaking = participants.reduce((a, p) => a + p.speaking_frames, 0);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const slow = participants.reduce((a, p) => a + p.nudges.SLOW_DOWN, 0);
  const pause = participants.reduce((a, p) => a + p.nudges.PAUSE, 0);
  const stats: ReportStats = {
    duration_seconds: report.stats.duration_seconds,
    frames: participants.reduce((a, p) => a + p.frames, 0),
    nudges: { SLOW_DOWN: slow, PAUSE: pause, total: slow + pause },
    participants: participants.map((p) => ({ ...p, talk_share: speaking > 0 ? round(p.speaking_frames / speaking) : 0 })),
  };
  // The summary may have quoted the erased member's share: it is written again from what is left.
  return { stats, moments, summary: report.summary === null ? null : fallbackSummary(stats), actionItems: actionItems(stats) };
}

/**
 * Inside the erase transaction. Rows keyed to the user (profile, memberships, consents, frames, nudges, pokes sent
 * and received, notifications received and sent, devices, blocks) cascade with the account; here: their part of
 * other people's reports, the invites they sent and the ones addressed to them, and relationships left empty.
 */
export async function eraseUserData(ctx: ProductContext, userId: string, dz: Dz): Promise<void> {
  const [account] = await dz.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
  const sessionIds = (await dz.select({ id: sessionParticipants.sessionId }).from(sessionParticipants).where(eq(sessionParticipants.userId, userId))).map(
    (r) => r.id,
  );
  if (sessionIds.length > 0) {
    for (const r of await dz.select().from(reports).where(inArray(reports.sessionId, sessionIds)).for('update')) {
      const cleaned = withoutParticipant({ stats: r.stats as ReportStats | null, moments: r.moments, summary: r.summary, actionItems: r.actionItems }, userId);
      await dz
        .update(reports)
        .set({
          stats: cleaned.stats as unknown as Record<string, unknown> | null,
          moments: cleaned.moments,
          summary: cleaned.summary,
          actionItems: cleaned.actionItems,
        })
        .where(eq(reports.sessionId, r.sessionId));
    }
  }
  await dz.delete(invites).where(eq(invites.inviterId, userId));
  if (account) await dz.delete(invites).where(sql`lower(${invites.email}) = lower(${account.email})`);
  const mine = (await dz.select({ id: relationshipMembers.relationshipId }).from(relationshipMembers).where(eq(relationshipMembers.userId, userId))).map(
    (r) => r.id,
  );
  await dz.delete(relationshipMembers).where(eq(relationshipMembers.userId, userId));
  if (mine.length > 0) {
    // A relationship nobody is left in goes entirely (its sessions and reports with it).
    const left = new Set(
      (await dz.select({ id: relationshipMembers.relationshipId }).from(relationshipMembers).where(inArray(relationshipMembers.relationshipId, mine))).map(
        (r) => r.id,
      ),
    );
    const empty = mine.filter((id) => !left.has(id));
    if (empty.length > 0) await dz.delete(relationships).where(and(inArray(relationships.id, empty)));
  }
}

export function privacyHandler(ctx: ProductContext): PrivacyHandler {
  return { export: (userId) => exportUserData(ctx, userId), erase: (userId, dz) => eraseUserData(ctx, userId, dz) };
}
