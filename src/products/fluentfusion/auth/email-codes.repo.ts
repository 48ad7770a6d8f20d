// Mailed six-digit codes: the only place that reads or writes `fluentfusion.email_codes`.
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { emailCodes } from '../db.js';

export type CodePurpose = 'verify_email';

/** Stores a fresh code for (user, purpose), replacing an older one and its failed tries. */
export async function putCode(dz: Dz, row: { userId: string; purpose: CodePurpose; codeHash: string; expiresAt: Date; createdAt: Date }): Promise<void> {
  await dz
    .insert(emailCodes)
    .values({ ...row, failedAttempts: 0 })
    .onConflictDoUpdate({
      target: [emailCodes.userId, emailCodes.purpose],
      set: { codeHash: row.codeHash, expiresAt: row.expiresAt, createdAt: row.createdAt, failedAttempts: 0 },
    });
}

/**
 * Takes the code if it matches and has tries left (single use: the row is gone afterwards); answers its expiry.
 * One statement, so two requests with the right code cannot both take it.
 */
export async function takeCode(dz: Dz, userId: string, purpose: CodePurpose, codeHash: string, maxFailures: number): Promise<{ expiresAt: Date } | undefined> {
  const [row] = await dz
    .delete(emailCodes)
    .where(and(eq(emailCodes.userId, userId), eq(emailCodes.purpose, purpose), eq(emailCodes.codeHash, codeHash), lt(emailCodes.failedAttempts, maxFailures)))
    .returning({ expiresAt: emailCodes.expiresAt });
  return row;
}

/** Counts a wrong try; at `maxFailures` the code is deleted (a new one must be asked for). */
export async function recordFailure(dz: Dz, userId: string, purpose: CodePurpose, maxFailures: number): Promise<void> {
  const mine = and(eq(emailCodes.userId, userId), eq(emailCodes.purpose, purpose));
  const [row] = await dz
    .update(emailCodes)
    .set({ failedAttempts: sql`${emailCodes.failedAttempts} + 1` })
    .where(mine)
    .returning({ failedAttempts: emailCodes.failedAttempts });
  if (row && row.failedAttempts >= maxFailures) await dz.delete(emailCodes).where(and(mine, gte(emailCodes.failedAttempts, maxFailures)));
}

export async function deleteCode(dz: Dz, userId: string, purpose: CodePurpose): Promise<void> {
  await dz.delete(emailCodes).where(and(eq(emailCodes.userId, userId), eq(emailCodes.purpose, purpose)));
}
