// SQL of generation tasks.
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { generationTasks, type TaskRow } from '../db.js';

export async function insert(dz: Dz, values: typeof generationTasks.$inferInsert): Promise<TaskRow> {
  const [row] = await dz.insert(generationTasks).values(values).returning();
  return row!;
}

export async function findById(dz: Dz, id: string): Promise<TaskRow | undefined> {
  const [row] = await dz.select().from(generationTasks).where(eq(generationTasks.id, id));
  return row;
}

/** Serialises a user's generation starts (so the running cap holds under concurrency) until the transaction ends. */
export async function lockUser(dz: Dz, userId: string): Promise<void> {
  await dz.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`memory-maker:generate:${userId}`}))`);
}

export async function countUnfinished(dz: Dz, userId: string): Promise<number> {
  const [c] = await dz
    .select({ n: count() })
    .from(generationTasks)
    .where(and(eq(generationTasks.userId, userId), inArray(generationTasks.status, ['pending', 'running'])));
  return c?.n ?? 0;
}

/** Moves a task on, only from one of the given statuses (a finished task never changes again). */
export async function transition(dz: Dz, id: string, from: string[], patch: Partial<typeof generationTasks.$inferInsert>): Promise<TaskRow | undefined> {
  const [row] = await dz
    .update(generationTasks)
    .set(patch)
    .where(and(eq(generationTasks.id, id), inArray(generationTasks.status, from)))
    .returning();
  return row;
}

export async function listAllByUser(dz: Dz, userId: string): Promise<TaskRow[]> {
  return dz.select().from(generationTasks).where(eq(generationTasks.userId, userId)).orderBy(generationTasks.createdAt);
}

export async function deleteByUser(dz: Dz, userId: string): Promise<void> {
  await dz.delete(generationTasks).where(eq(generationTasks.userId, userId));
}
