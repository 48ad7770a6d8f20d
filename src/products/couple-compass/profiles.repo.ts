// Profile rows.
import { eq } from 'drizzle-orm';
import type { Dz } from '../../core/db/connect.js';
import { users, type UserRow } from '../../core/identity/db.js';
import { profiles, type ProfileRow } from './db.js';

export async function insertProfile(dz: Dz, p: { userId: string; name: string }): Promise<ProfileRow> {
  const rows = await dz.insert(profiles).values(p).returning();
  return rows[0]!;
}

/** The user and their profile in one round trip. */
export async function findUserWithProfile(dz: Dz, userId: string): Promise<{ user: UserRow; profile: ProfileRow | null } | undefined> {
  const rows = await dz
    .select({ user: users, profile: profiles })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.id, userId))
    .limit(1);
  return rows[0];
}
