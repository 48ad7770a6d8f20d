// Project Inside profiles (display name, style, goals, onboarding progress).
import { and, eq, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { prepared } from '../../../core/db/prepared.js';
import { users } from '../../../core/identity/db.js';
import { profiles, type ProfileRow } from '../db.js';

export async function insertProfile(dz: Dz, p: { userId: string; displayName: string | null; createdAt: Date }): Promise<void> {
  await dz.insert(profiles).values(p).onConflictDoNothing();
}

export interface UserWithProfile {
  id: string;
  email: string;
  createdAt: Date;
  profile: ProfileRow | null;
}

/** A user of this product with their profile (prepared: every /users/me); users of other products are unknown here. */
export async function findUserWithProfile(dz: Dz, product: string, userId: string): Promise<UserWithProfile | undefined> {
  const q = prepared(dz, 'pi_user_profile', (d) =>
    d
      .select({ id: users.id, email: users.email, createdAt: users.createdAt, profile: profiles })
      .from(users)
      .leftJoin(profiles, eq(profiles.userId, users.id))
      .where(and(eq(users.id, sql.placeholder('id')), eq(users.product, sql.placeholder('product'))))
      .limit(1)
      .prepare('pi_user_profile'),
  );
  return (await q.execute({ id: userId, product }))[0];
}

export type ProfilePatch = Partial<
  Pick<
    ProfileRow,
    | 'displayName'
    | 'pronouns'
    | 'communicationStyle'
    | 'goals'
    | 'hobbies'
    | 'birthday'
    | 'occupation'
    | 'privacyTier'
    | 'profilePictureUrl'
    | 'bio'
    | 'timezone'
    | 'hasVoiceprint'
    | 'personalityType'
    | 'personalDescription'
  >
>;

/** Applies a patch (creating the profile row if a user somehow has none) and answers the row. */
export async function updateProfile(dz: Dz, userId: string, patch: ProfilePatch, at: Date): Promise<ProfileRow> {
  const rows = await dz
    .insert(profiles)
    .values({ userId, ...patch, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: profiles.userId, set: { ...patch, updatedAt: at } })
    .returning();
  return rows[0]!;
}

/** Adds an onboarding step to the completed list once (one statement, so concurrent completions keep both). */
export async function completeStep(dz: Dz, userId: string, step: string, extra: ProfilePatch, at: Date): Promise<void> {
  await dz
    .insert(profiles)
    .values({ userId, ...extra, completedSteps: [step], createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: profiles.userId,
      set: {
        ...extra,
        completedSteps: sql`CASE WHEN ${profiles.completedSteps} @> ${JSON.stringify([step])}::jsonb THEN ${profiles.completedSteps} ELSE ${profiles.completedSteps} || ${JSON.stringify([step])}::jsonb END`,
        updatedAt: at,
      },
    });
}

export interface ContactMatch {
  id: string;
  displayName: string | null;
  profilePictureUrl: string | null;
  privacyTier: string | null;
}

/** The product's user with this e-mail (case-insensitive), with what a lookup may show. */
export async function findContactByEmail(dz: Dz, product: string, email: string): Promise<ContactMatch | undefined> {
  const rows = await dz
    .select({ id: users.id, displayName: profiles.displayName, profilePictureUrl: profiles.profilePictureUrl, privacyTier: profiles.privacyTier })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(and(eq(users.product, product), sql`lower(${users.email}) = lower(${email})`))
    .limit(1);
  return rows[0];
}

/** The name a user signs hearts, pokes and requests with (their display name; null when they have none). */
export async function displayNameOf(dz: Dz, userId: string): Promise<string | null> {
  const rows = await dz.select({ name: profiles.displayName }).from(profiles).where(eq(profiles.userId, userId)).limit(1);
  return rows[0]?.name ?? null;
}
