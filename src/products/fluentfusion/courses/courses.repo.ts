// Reads and writes for the course pages: a track's lessons in order, enrolments, and per-track numbers.
import { asc, count, countDistinct, eq, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Dz } from '../../../core/db/connect.js';
import type { TargetLanguage } from '../content/types.js';
import { enrollments, exerciseAttempts, exercises, lessons, profiles, progress } from '../db.js';

export type TrackLessonRow = typeof lessons.$inferSelect;

/** The track's lessons, beginner first (sort_order is level × 1000 + position). */
export async function lessonsOfTrack(dz: Dz, language: TargetLanguage): Promise<TrackLessonRow[]> {
  return dz.select().from(lessons).where(eq(lessons.targetLanguage, language)).orderBy(asc(lessons.sortOrder), asc(lessons.id));
}

/** Every lesson without its content, in catalogue order. */
export async function lessonHeads(dz: Dz) {
  return dz
    .select({
      id: lessons.id,
      title: lessons.title,
      language: lessons.targetLanguage,
      difficulty: lessons.difficulty,
      duration: lessons.duration,
    })
    .from(lessons)
    .orderBy(asc(lessons.sortOrder), asc(lessons.id));
}

/** The languages of the lessons I have records of. */
export async function languagesWithProgress(dz: Dz, userId: string): Promise<TargetLanguage[]> {
  const rows = await dz
    .selectDistinct({ language: lessons.targetLanguage })
    .from(progress)
    .innerJoin(lessons, eq(lessons.id, progress.lessonId))
    .where(eq(progress.userId, userId));
  return rows.map((r) => r.language);
}

export async function enrollmentsOf(dz: Dz, userId: string): Promise<{ language: TargetLanguage; enrolledAt: Date }[]> {
  return dz.select({ language: enrollments.targetLanguage, enrolledAt: enrollments.enrolledAt }).from(enrollments).where(eq(enrollments.userId, userId));
}

/** Enrols me in a track; false when I already was (the first enrolment time stays). */
export async function enroll(dz: Dz, userId: string, language: TargetLanguage, at: Date): Promise<boolean> {
  const rows = await dz
    .insert(enrollments)
    .values({ userId, targetLanguage: language, enrolledAt: at })
    .onConflictDoNothing()
    .returning({ userId: enrollments.userId });
  return rows.length > 0;
}

/** Learners per track: those whose target language it is, who enrolled in it, or who have progress in it. */
export async function learnersPerTrack(dz: Dz): Promise<Map<TargetLanguage, number>> {
  const learners = unionAll(
    dz.select({ language: profiles.targetLanguage, userId: profiles.userId }).from(profiles),
    dz.select({ language: enrollments.targetLanguage, userId: enrollments.userId }).from(enrollments),
    dz.select({ language: lessons.targetLanguage, userId: progress.userId }).from(progress).innerJoin(lessons, eq(lessons.id, progress.lessonId)),
  ).as('learners');
  const rows = await dz
    .select({ language: learners.language, n: countDistinct(learners.userId) })
    .from(learners)
    .groupBy(learners.language);
  return new Map(rows.map((r) => [r.language, r.n]));
}

/** Exercises per lesson. */
export async function exerciseCounts(dz: Dz): Promise<Map<string, number>> {
  const rows = await dz.select({ lessonId: exercises.lessonId, n: count() }).from(exercises).groupBy(exercises.lessonId);
  return new Map(rows.map((r) => [r.lessonId, r.n]));
}

/** My answers per lesson: how many, and how many were right. */
export async function myAnswersPerLesson(dz: Dz, userId: string): Promise<Map<string, { answers: number; right: number }>> {
  const rows = await dz
    .select({
      lessonId: exerciseAttempts.lessonId,
      answers: count(),
      right: sql<number>`(count(*) FILTER (WHERE ${exerciseAttempts.correct}))::int`,
    })
    .from(exerciseAttempts)
    .where(eq(exerciseAttempts.userId, userId))
    .groupBy(exerciseAttempts.lessonId);
  return new Map(rows.map((r) => [r.lessonId, { answers: r.answers, right: Number(r.right) }]));
}
