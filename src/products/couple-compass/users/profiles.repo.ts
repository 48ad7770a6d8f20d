// Profile rows.
import { eq, sql } from 'drizzle-orm';
import { prepared } from '../../../core/db/prepared.js';
import type { Dz } from '../../../core/db/connect.js';
import { users, type UserRow } from '../../../core/identity/db.js';
import { profiles, type ProfileRow } from '../db.js';

export async function insertProfile(dz: Dz, p: { userId: string; name: string }): Promise<ProfileRow> {
  const rows = await dz.insert(profiles).values(p).returning();
  return rows[0]!;
}

/** The user and their profile in one round trip. */
export async function findUserWithProfile(dz: Dz, userId: string): Promise<{ user: UserRow; profile: ProfileRow | null } | undefined> {
  const q = prepared(dz, 'cc_user_with_profile', (d) =>
    d
      .select({ user: users, profile: profiles })
      .from(users)
      .leftJoin(profiles, eq(profiles.userId, users.id))
      .where(eq(users.id, sql.placeholder('id')))
      .limit(1)
      .prepare('cc_user_with_profile'),
  );
  return (await q.execute({ id: userId }))[0];
}

export async function findProfile(dz: Dz, userId: string): Promise<ProfileRow | undefined> {
  const q = prepared(dz, 'cc_profile', (d) =>
    d
      .select()
      .from(profiles)
      .where(eq(profiles.userId, sql.placeholder('id')))
      .limit(1)
      .prepare('cc_profile'),
  );
  return (await q.execute({ id: userId }))[0];
}

export type ProfilePatch = Partial<
  Pick<
    ProfileRow,
    'name' | 'avatarUrl' | 'pronouns' | 'birthdate' | 'timezone' | 'relationshipStatus' | 'partnerName' | 'anniversaryDate' | 'onboardingCompleted'
  >
>;

/** Updates the profile, creating it if an older account has none; an empty patch changes nothing (not even updated_at). */
export async function upsertProfile(dz: Dz, userId: string, patch: ProfilePatch, fallbackName: string): Promise<ProfileRow> {
  const insert = dz.insert(profiles).values({ userId, name: patch.name ?? fallbackName, ...patch });
  if (Object.values(patch).every((v) => v === undefined)) {
    await insert.onConflictDoNothing();
    return (await findProfile(dz, userId))!;
  }
  // updated_at is set by the column's $onUpdate.
  const rows = await insert.onConflictDoUpdate({ target: profiles.userId, set: patch }).returning();
  return rows[0]!;
}

export async function deleteProfile(dz: Dz, userId: string): Promise<void> {
  await dz.delete(profiles).where(eq(profiles.userId, userId));
}
