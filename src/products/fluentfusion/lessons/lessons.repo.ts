// Lessons and their exercises: reads for learners, and the idempotent upsert of the seed content.
import { and, asc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Dz } from '../../../core/db/connect.js';
import type { LessonSeed } from '../content/catalogue.js';
import type { Category, Difficulty } from '../content/types.js';
import { exercises, lessons } from '../db.js';

export type LessonRow = typeof lessons.$inferSelect;
export type ExerciseRow = typeof exercises.$inferSelect;

const summary = {
  id: lessons.id,
  targetLanguage: lessons.targetLanguage,
  title: lessons.title,
  description: lessons.description,
  difficulty: lessons.difficulty,
  category: lessons.category,
  duration: lessons.duration,
  vocabularyCount: lessons.vocabularyCount,
  thumbnail: lessons.thumbnail,
  sortOrder: lessons.sortOrder,
  // Qualified by hand: inside the subquery a bare "id" would be the exercise's.
  exerciseCount: sql<number>`(SELECT count(*) FROM ${exercises} AS e WHERE e.lesson_id = ${lessons}.id)::int`.as('exercise_count'),
};
export type LessonSummaryRow = Pick<LessonRow, Exclude<keyof typeof summary, 'exerciseCount'>> & { exerciseCount: number };

export interface LessonFilter {
  targetLanguage?: string | undefined;
  difficulty?: Difficulty | undefined;
  category?: Category | undefined;
}

export async function listLessons(dz: Dz, f: LessonFilter, page: { skip: number; limit: number }): Promise<LessonSummaryRow[]> {
  const where: SQL[] = [];
  if (f.targetLanguage !== undefined) where.push(eq(lessons.targetLanguage, f.targetLanguage as LessonRow['targetLanguage']));
  if (f.difficulty) where.push(eq(lessons.difficulty, f.difficulty));
  if (f.category) where.push(eq(lessons.category, f.category));
  return dz
    .select(summary)
    .from(lessons)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(lessons.targetLanguage), asc(lessons.sortOrder), asc(lessons.id))
    .offset(page.skip)
    .limit(page.limit);
}

export async function findLesson(dz: Dz, id: string): Promise<LessonRow | undefined> {
  const [row] = await dz.select().from(lessons).where(eq(lessons.id, id));
  return row;
}

export async function countExercises(dz: Dz, lessonId: string): Promise<number> {
  const [row] = await dz
    .select({ n: sql<number>`count(*)::int` })
    .from(exercises)
    .where(eq(exercises.lessonId, lessonId));
  return row?.n ?? 0;
}

export async function findLessonsByIds(dz: Dz, ids: string[]): Promise<LessonRow[]> {
  if (ids.length === 0) return [];
  return dz
    .select()
    .from(lessons)
    .where(sql`${lessons.id} = ANY(${sql.param(ids)}::varchar[])`);
}

export async function listExercises(dz: Dz, lessonId: string): Promise<ExerciseRow[]> {
  return dz.select().from(exercises).where(eq(exercises.lessonId, lessonId)).orderBy(asc(exercises.sortOrder), asc(exercises.id));
}

export async function findExercise(dz: Dz, lessonId: string, exerciseId: string): Promise<ExerciseRow | undefined> {
  const [row] = await dz
    .select()
    .from(exercises)
    .where(and(eq(exercises.lessonId, lessonId), eq(exercises.id, exerciseId)));
  return row;
}

const fromInsert = (column: string) => sql.raw(`excluded."${column}"`);

/**
 * Inserts or updates lessons and their exercises by key, in three statements: seeding twice changes nothing but
 * `updated_at`, edits are applied, and an exercise taken out of a lesson goes (with its attempts: it can no
 * longer be shown or graded).
 */
export async function upsertCatalogue(dz: Dz, catalogue: LessonSeed[], now: Date): Promise<void> {
  if (catalogue.length === 0) return;
  await dz
    .insert(lessons)
    .values(catalogue.map(({ exercises: _items, ...lesson }) => ({ ...lesson, createdAt: now })))
    .onConflictDoUpdate({
      target: lessons.id,
      set: Object.fromEntries(
        (['targetLanguage', 'title', 'description', 'difficulty', 'category', 'duration', 'vocabularyCount', 'thumbnail', 'content', 'sortOrder'] as const).map(
          (k) => [k, fromInsert(lessons[k].name)],
        ),
      ),
    });
  const items = catalogue.flatMap((l) => l.exercises);
  await dz.delete(exercises).where(
    and(
      inArray(
        exercises.lessonId,
        catalogue.map((l) => l.id),
      ),
      items.length
        ? notInArray(
            exercises.id,
            items.map((e) => e.id),
          )
        : undefined,
    ),
  );
  if (items.length === 0) return;
  await dz
    .insert(exercises)
    .values(items.map((e) => ({ ...e, createdAt: now })))
    .onConflictDoUpdate({
      target: exercises.id,
      set: Object.fromEntries(
        (['lessonId', 'type', 'question', 'options', 'pairs', 'correctAnswer', 'acceptedAnswers', 'explanation', 'points', 'sortOrder'] as const).map((k) => [
          k,
          fromInsert(exercises[k].name),
        ]),
      ),
    });
}
