// Project Inside profiles (display name, style, goals, onboarding progress).
import { eq, sql } from 'drizzle-orm';
import type { Dz } from '../../core/db/connect.js';
import { prepared } from '../../core/db/prepared.js';
import { users } from '../../core/identity/db.js';
import { profiles, type ProfileRow } from './db.js';

export async function insertProfile(dz: Dz, p: { userId: string; displayName: string | null }): Promise<void> {
  await dz.insert(profiles).values(p).onConflictDoNothing();
}

export interface UserWithProfile {
  id: string;
  email: string;
  createdAt: Date;
  profile: ProfileRow | null;
}

export async function findUserWithProfile(dz: Dz, userId: string): Promise<UserWithProfile | undefined> {
  const q = prepared(dz, 'pi_user_profile', (d) =>
    d
      .select({ id: users.id, email: users.email, createdAt: users.createdAt, profile: profiles })
      .from(users)
      .leftJoin(profiles, eq(profiles.userId, users.id))
      .where(eq(users.id, sql.placeholder('id')))
      .limit(1)
      .prepare('pi_user_profile'),
  );
  return (await q.execute({ id: userId }))[0];
}
