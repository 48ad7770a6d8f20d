// Blocks between users: the only place their SQL lives.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Dz } from '../../../core/db/connect.js';
import { blocks, notifications, relationshipMembers } from '../db.js';

export async function insertBlock(dz: Dz, blockerId: string, blockedId: string, at: Date): Promise<void> {
  await dz.insert(blocks).values({ blockerId, blockedId, createdAt: at }).onConflictDoNothing();
}

export async function deleteBlock(dz: Dz, blockerId: string, blockedId: string): Promise<boolean> {
  const rows = await dz
    .delete(blocks)
    .where(and(eq(blocks.blockerId, blockerId), eq(blocks.blockedId, blockedId)))
    .returning({ id: blocks.blockedId });
  return rows.length > 0;
}

/** Whether `blockerId` blocked `blockedId`. */
export async function isBlocked(dz: Dz, blockerId: string, blockedId: string): Promise<boolean> {
  const rows = await dz
    .select({ one: sql<number>`1` })
    .from(blocks)
    .where(and(eq(blocks.blockerId, blockerId), eq(blocks.blockedId, blockedId)))
    .limit(1);
  return rows.length > 0;
}

/** Of `targets`, those who blocked `actorId`. */
export async function blockedBy(dz: Dz, actorId: string, targets: string[]): Promise<string[]> {
  if (targets.length === 0) return [];
  const rows = await dz
    .select({ id: blocks.blockerId })
    .from(blocks)
    .where(and(eq(blocks.blockedId, actorId), inArray(blocks.blockerId, targets)));
  return rows.map((r) => r.id);
}

export async function listBlocks(dz: Dz, blockerId: string, limit: number, offset: number): Promise<{ blockedId: string; createdAt: Date }[]> {
  return dz
    .select({ blockedId: blocks.blockedId, createdAt: blocks.createdAt })
    .from(blocks)
    .where(eq(blocks.blockerId, blockerId))
    .orderBy(desc(blocks.createdAt), desc(blocks.blockedId))
    .limit(limit)
    .offset(offset);
}

/**
 * Whether `userId` has ever been connected to `otherId`: a relationship row of both (any status, ended ones too — an
 * ex may be blocked), or a notification from them. Only such users can be blocked; anyone else is "not found".
 */
export async function isConnected(dz: Dz, userId: string, otherId: string): Promise<boolean> {
  const theirs = alias(relationshipMembers, 'theirs');
  const shared = await dz
    .select({ one: sql<number>`1` })
    .from(relationshipMembers)
    .innerJoin(theirs, eq(theirs.relationshipId, relationshipMembers.relationshipId))
    .where(and(eq(relationshipMembers.userId, userId), eq(theirs.userId, otherId)))
    .limit(1);
  if (shared.length > 0) return true;
  const notified = await dz
    .select({ one: sql<number>`1` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.senderId, otherId)))
    .limit(1);
  return notified.length > 0;
}
