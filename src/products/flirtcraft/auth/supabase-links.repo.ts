// Which local account a Supabase Auth user acts as.
import { and, eq, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { users } from '../../../core/identity/db.js';
import { supabaseLinks } from '../db.js';

export interface LinkedUser {
  userId: string;
  active: boolean;
}

export async function findLinkedUser(dz: Dz, product: string, subject: string): Promise<LinkedUser | undefined> {
  const [r] = await dz
    .select({ userId: users.id, active: users.isActive })
    .from(supabaseLinks)
    .innerJoin(users, eq(users.id, supabaseLinks.userId))
    .where(and(eq(supabaseLinks.subject, subject), eq(users.product, product)));
  return r;
}

/** The local account with this e-mail, and whether a Supabase user already acts as it. */
export async function findByEmail(dz: Dz, product: string, email: string): Promise<(LinkedUser & { linked: boolean }) | undefined> {
  const [r] = await dz
    .select({ userId: users.id, active: users.isActive, subject: supabaseLinks.subject })
    .from(users)
    .leftJoin(supabaseLinks, eq(supabaseLinks.userId, users.id))
    .where(and(eq(users.product, product), sql`lower(${users.email}) = lower(${email})`));
  return r ? { userId: r.userId, active: r.active, linked: r.subject !== null } : undefined;
}

export async function insertLink(dz: Dz, subject: string, userId: string, at: Date): Promise<void> {
  await dz.insert(supabaseLinks).values({ subject, userId, createdAt: at });
}

export async function findLinkOf(dz: Dz, userId: string): Promise<{ subject: string; createdAt: Date } | undefined> {
  const [r] = await dz
    .select({ subject: supabaseLinks.subject, createdAt: supabaseLinks.createdAt })
    .from(supabaseLinks)
    .where(eq(supabaseLinks.userId, userId));
  return r;
}
