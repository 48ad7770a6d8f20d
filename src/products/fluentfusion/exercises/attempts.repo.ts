// Learners' graded answers: the only place that touches `fluentfusion.exercise_attempts`.
import { and, asc, eq } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { exerciseAttempts } from '../db.js';

export type AttemptRow = typeof exerciseAttempts.$inferSelect;

export async function insertAttempt(dz: Dz, row: typeof exerciseAttempts.$inferInsert): Promise<AttemptRow> {
  const [a] = await dz.insert(exerciseAttempts).values(row).returning();
  return a!;
}

export async function attemptsForLesson(dz: Dz, userId: string, lessonId: string): Promise<AttemptRow[]> {
  return dz
    .select()
    .from(exerciseAttempts)
    .where(and(eq(exerciseAttempts.userId, userId), eq(exerciseAttempts.lessonId, lessonId)))
    .orderBy(asc(exerciseAttempts.createdAt));
}

export async function attemptsOfUser(dz: Dz, userId: string): Promise<AttemptRow[]> {
  return dz.select().from(exerciseAttempts).where(eq(exerciseAttempts.userId, userId)).orderBy(asc(exerciseAttempts.createdAt));
}
