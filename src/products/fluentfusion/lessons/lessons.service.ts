// Reading the lesson catalogue.
import { notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import * as repo from './lessons.repo.js';
import type { LessonRow, LessonSummaryRow } from './lessons.repo.js';
import type { LessonDetail, LessonQuery, LessonSummary } from './lessons.schemas.js';

export const lessonNotFound = () => notFound('Lesson not found');

export function presentSummary(l: LessonSummaryRow): LessonSummary {
  return {
    lesson_id: l.id,
    title: l.title,
    description: l.description,
    difficulty: l.difficulty,
    category: l.category,
    target_language: l.targetLanguage,
    duration: l.duration,
    vocabulary_count: l.vocabularyCount,
    thumbnail: l.thumbnail,
    exercise_count: l.exerciseCount,
  };
}

export function presentDetail(l: LessonRow, exerciseCount: number): LessonDetail {
  const c = l.content;
  return {
    ...presentSummary({ ...l, exerciseCount }),
    content: {
      vocabulary: c.vocabulary.map((v) => ({
        word: v.word,
        translation: v.translation,
        pronunciation: v.pronunciation,
        ...(v.example ? { example: v.example } : {}),
      })),
      phrases: c.phrases.map((p) => ({ phrase: p.phrase, translation: p.translation, pronunciation: p.pronunciation, context: p.context })),
      cultural_notes: [...c.cultural_notes],
    },
  };
}

export async function listLessons(ctx: ProductContext, q: LessonQuery): Promise<LessonSummary[]> {
  const rows = await repo.listLessons(
    ctx.db.dz,
    { targetLanguage: q.target_language?.trim().toLowerCase(), difficulty: q.difficulty, category: q.category },
    { skip: q.skip, limit: q.limit },
  );
  return rows.map(presentSummary);
}

export async function requireLesson(ctx: ProductContext, lessonId: string): Promise<LessonRow> {
  const l = await repo.findLesson(ctx.db.dz, lessonId);
  if (!l) throw lessonNotFound();
  return l;
}

export async function getLesson(ctx: ProductContext, lessonId: string): Promise<LessonDetail> {
  const l = await requireLesson(ctx, lessonId);
  return presentDetail(l, await repo.countExercises(ctx.db.dz, l.id));
}

export async function getVocabulary(ctx: ProductContext, lessonId: string) {
  const d = await getLesson(ctx, lessonId);
  return { lesson_id: d.lesson_id, vocabulary: d.content.vocabulary };
}
