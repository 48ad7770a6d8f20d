// Learner profiles: the only place that reads or writes `fluentfusion.profiles`.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { profiles } from '../db.js';

export type Profile = typeof profiles.$inferSelect;
export type NewProfile = typeof profiles.$inferInsert;

export async function findProfile(dz: Dz, userId: string): Promise<Profile | undefined> {
  const [row] = await dz.select().from(profiles).where(eq(profiles.userId, userId));
  return row;
}

/** Whether another learner already uses this username (case-insensitive). */
export async function usernameTaken(dz: Dz, username: string, exceptUserId?: string): Promise<boolean> {
  const same = sql`lower(${profiles.username}) = lower(${username})`;
  const [row] = await dz
    .select({ userId: profiles.userId })
    .from(profiles)
    .where(exceptUserId ? and(same, ne(profiles.userId, exceptUserId)) : same)
    .limit(1);
  return row !== undefined;
}

export async function insertProfile(dz: Dz, row: NewProfile): Promise<Profile> {
  const [p] = await dz.insert(profiles).values(row).returning();
  return p!;
}

export async function updateProfile(
  dz: Dz,
  userId: string,
  patch: Partial<Pick<Profile, 'username' | 'targetLanguage' | 'profileImage' | 'bio'>>,
): Promise<Profile | undefined> {
  const [p] = await dz.update(profiles).set(patch).where(eq(profiles.userId, userId)).returning();
  return p;
}

/** The address an e-mail change waits to move to (null: none). */
export async function setPendingEmail(dz: Dz, userId: string, email: string | null): Promise<void> {
  await dz.update(profiles).set({ pendingEmail: email }).where(eq(profiles.userId, userId));
}

/** Clears the pending change only if it is still `email` (a newer request keeps its own). */
export async function clearPendingEmail(dz: Dz, userId: string, email: string): Promise<void> {
  await dz
    .update(profiles)
    .set({ pendingEmail: null })
    .where(and(eq(profiles.userId, userId), eq(profiles.pendingEmail, email)));
}

/** Records a login; answers the profile as it was before (its `lastLogin` is null on the first login). */
export async function recordLogin(dz: Dz, userId: string, at: Date): Promise<Profile | undefined> {
  const before = await findProfile(dz, userId);
  if (!before) return undefined;
  await dz.update(profiles).set({ lastLogin: at }).where(eq(profiles.userId, userId));
  return before;
}
