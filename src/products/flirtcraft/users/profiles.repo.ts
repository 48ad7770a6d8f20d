// The profile and progress rows of a user, and the account they belong to.
import { and, eq, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { users } from '../../../core/identity/db.js';
import { profiles, progress, type ProfileRow, type ProgressRow } from '../db.js';

export async function insertProfile(dz: Dz, userId: string, o: { marketingOptIn: boolean; consentAt: Date | null }): Promise<void> {
  await dz
    .insert(profiles)
    .values({ userId, marketingOptIn: o.marketingOptIn, termsAcceptedAt: o.consentAt, privacyAcceptedAt: o.consentAt })
    .onConflictDoNothing();
  await dz.insert(progress).values({ userId }).onConflictDoNothing();
}

export async function findProfile(dz: Dz, userId: string): Promise<ProfileRow | undefined> {
  const [p] = await dz.select().from(profiles).where(eq(profiles.userId, userId));
  return p;
}

/** The profile row, locked until the transaction ends (serialises a user's conversation starts). */
export async function lockProfile(dz: Dz, userId: string): Promise<ProfileRow | undefined> {
  const [p] = await dz.select().from(profiles).where(eq(profiles.userId, userId)).for('update');
  return p;
}

export async function updateProfile(dz: Dz, userId: string, patch: Partial<Omit<ProfileRow, 'userId' | 'createdAt'>>): Promise<ProfileRow | undefined> {
  const [p] = await dz.update(profiles).set(patch).where(eq(profiles.userId, userId)).returning();
  return p;
}

export async function findProgress(dz: Dz, userId: string): Promise<ProgressRow | undefined> {
  const [p] = await dz.select().from(progress).where(eq(progress.userId, userId));
  return p;
}

export async function lockProgress(dz: Dz, userId: string): Promise<ProgressRow | undefined> {
  const [p] = await dz.select().from(progress).where(eq(progress.userId, userId)).for('update');
  return p;
}

export async function updateProgress(dz: Dz, userId: string, patch: Partial<Omit<ProgressRow, 'userId' | 'createdAt'>>): Promise<void> {
  await dz.update(progress).set(patch).where(eq(progress.userId, userId));
}

export interface Account {
  id: string;
  email: string;
  isVerified: boolean;
  isActive: boolean;
  isSuperuser: boolean;
  createdAt: Date;
  profile: ProfileRow | null;
  progress: ProgressRow | null;
}

/** The identity record of a FlirtCraft user with its profile and progress rows. */
export async function findAccount(dz: Dz, product: string, userId: string): Promise<Account | undefined> {
  const [r] = await dz
    .select({ user: users, profile: profiles, progress })
    .from(users)
    .leftJoin(profiles, eq(profiles.userId, users.id))
    .leftJoin(progress, eq(progress.userId, users.id))
    .where(and(eq(users.id, userId), eq(users.product, product)));
  if (!r) return undefined;
  const u = r.user;
  return {
    id: u.id,
    email: u.email,
    isVerified: u.isVerified,
    isActive: u.isActive,
    isSuperuser: u.isSuperuser,
    createdAt: u.createdAt,
    profile: r.profile,
    progress: r.progress,
  };
}

export async function findUserIdByEmail(dz: Dz, product: string, email: string): Promise<string | undefined> {
  const [r] = await dz
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.product, product), sql`lower(${users.email}) = lower(${email})`));
  return r?.id;
}

/** Premium now: the flag, unless it has an expiry that has passed. */
export const isPremium = (p: Pick<ProfileRow, 'isPremium' | 'premiumExpiresAt'> | null | undefined, nowMs: number): boolean =>
  Boolean(p?.isPremium && (!p.premiumExpiresAt || p.premiumExpiresAt.getTime() > nowMs));
