// Quizzes, their items and results.
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import { quizItems, quizResults, quizzes, relationshipAssessments, type QuizItemRow, type QuizRow } from '../db.js';

export async function listActiveQuizzes(dz: Dz, limit: number, offset: number): Promise<QuizRow[]> {
  return dz.select().from(quizzes).where(eq(quizzes.isActive, true)).orderBy(asc(quizzes.orderIndex), asc(quizzes.slug)).limit(limit).offset(offset);
}

export async function findQuizBySlug(dz: Dz, slug: string): Promise<QuizRow | undefined> {
  return (
    await dz
      .select()
      .from(quizzes)
      .where(and(eq(quizzes.slug, slug), eq(quizzes.isActive, true)))
      .limit(1)
  )[0];
}

export async function findQuizById(dz: Dz, id: string): Promise<QuizRow | undefined> {
  return (
    await dz
      .select()
      .from(quizzes)
      .where(and(eq(quizzes.id, id), eq(quizzes.isActive, true)))
      .limit(1)
  )[0];
}

export async function findQuizByType(dz: Dz, type: string): Promise<QuizRow | undefined> {
  return (
    await dz
      .select()
      .from(quizzes)
      .where(and(eq(quizzes.type, type), eq(quizzes.isActive, true)))
      .orderBy(asc(quizzes.orderIndex))
      .limit(1)
  )[0];
}

export async function itemsOf(dz: Dz, quizIds: string[]): Promise<QuizItemRow[]> {
  if (quizIds.length === 0) return [];
  return dz
    .select()
    .from(quizItems)
    .where(sql`${quizItems.quizId} in ${quizIds}`)
    .orderBy(asc(quizItems.orderIndex));
}

/** The seed replaces a user's earlier result for the same quiz; the unique index makes it race-safe. */
export async function upsertResult(dz: Dz, r: { userId: string; quizId: string; responses: unknown; scores: unknown }) {
  const rows = await dz
    .insert(quizResults)
    .values({ userId: r.userId, quizId: r.quizId, responsesJson: r.responses, scoresJson: r.scores })
    .onConflictDoUpdate({
      target: [quizResults.userId, quizResults.quizId],
      set: { responsesJson: r.responses, scoresJson: r.scores },
    })
    .returning();
  return rows[0]!;
}

export async function findResult(dz: Dz, userId: string, quizId: string) {
  return (
    await dz
      .select()
      .from(quizResults)
      .where(and(eq(quizResults.userId, userId), eq(quizResults.quizId, quizId)))
      .limit(1)
  )[0];
}

/** The user's results with their quiz types (the tips rules read the love-language result). */
export async function resultsWithType(dz: Dz, userId: string) {
  return dz
    .select({ type: quizzes.type, scores: quizResults.scoresJson })
    .from(quizResults)
    .innerJoin(quizzes, eq(quizzes.id, quizResults.quizId))
    .where(eq(quizResults.userId, userId));
}

export async function insertAssessment(dz: Dz, a: typeof relationshipAssessments.$inferInsert) {
  return (await dz.insert(relationshipAssessments).values(a).returning())[0]!;
}

export async function findAssessment(dz: Dz, userId: string, id: string) {
  return (
    await dz
      .select()
      .from(relationshipAssessments)
      .where(and(eq(relationshipAssessments.id, id), eq(relationshipAssessments.userId, userId)))
      .limit(1)
  )[0];
}

export async function listAssessments(dz: Dz, userId: string, limit: number, offset: number) {
  return dz
    .select()
    .from(relationshipAssessments)
    .where(eq(relationshipAssessments.userId, userId))
    .orderBy(desc(relationshipAssessments.createdAt))
    .limit(limit)
    .offset(offset);
}

export async function countAssessments(dz: Dz, userId: string): Promise<number> {
  return (await dz.select({ n: count() }).from(relationshipAssessments).where(eq(relationshipAssessments.userId, userId)))[0]!.n;
}

export async function upsertQuiz(dz: Dz, q: { slug: string; title: string; description: string; type: string; orderIndex: number }): Promise<string> {
  const rows = await dz
    .insert(quizzes)
    .values(q)
    .onConflictDoUpdate({ target: quizzes.slug, set: { title: q.title, description: q.description, type: q.type, orderIndex: q.orderIndex } })
    .returning({ id: quizzes.id });
  return rows[0]!.id;
}

export async function upsertItem(dz: Dz, i: typeof quizItems.$inferInsert): Promise<void> {
  await dz
    .insert(quizItems)
    .values(i)
    .onConflictDoUpdate({
      target: [quizItems.quizId, quizItems.key],
      set: { prompt: i.prompt, kind: i.kind, optionsJson: i.optionsJson, category: i.category, orderIndex: i.orderIndex },
    });
}
