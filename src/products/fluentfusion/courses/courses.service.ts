// My courses (language tracks), a track's lessons, and marking a lesson of a track done.
import { notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import { loadFacts, coursesFrom, xpFrom, completedRecords } from '../learner/learner.service.js';
import { percent } from '../learner/metrics.js';
import { lessonNotFound } from '../lessons/lessons.service.js';
import { findLesson } from '../lessons/lessons.repo.js';
import { progressOfUserForLesson } from '../progress/progress.repo.js';
import { recordLessonProgress } from '../progress/progress.service.js';
import * as repo from './courses.repo.js';
import { lessonText, moduleTitle, trackById, type Track } from './tracks.js';

export const courseNotFound = () => notFound('Course not found');

function requireTrack(courseId: string): Track {
  const t = trackById(courseId);
  if (!t) throw courseNotFound();
  return t;
}

export async function myCourses(ctx: ProductContext, userId: string) {
  return coursesFrom(await loadFacts(ctx, userId));
}

export async function trackLessons(ctx: ProductContext, userId: string, courseId: string) {
  const track = requireTrack(courseId);
  const [rows, facts] = [await repo.lessonsOfTrack(ctx.db.dz, track.id), await loadFacts(ctx, userId)];
  const done = new Set(completedRecords(facts).map((r) => r.lessonId));
  return rows.map((l, i) => ({
    id: l.id,
    title: l.title,
    lesson_type: 'text' as const,
    duration_min: l.duration,
    order: i + 1,
    description: l.description,
    video_url: null,
    content: lessonText(l.content),
    resource_url: null,
    is_preview: false,
    module_id: l.difficulty,
    module_title: moduleTitle(l.difficulty),
    is_completed: done.has(l.id),
  }));
}

/**
 * Marks a lesson of the track completed: the score comes from my graded answers (as the lesson page's form), the
 * time from my earlier record of it, else the lesson's nominal duration (the client sends none, and "under ten
 * minutes" must not be handed out for a click). A lesson already completed is left as it is.
 */
export async function completeTrackLesson(ctx: ProductContext, userId: string, courseId: string, lessonId: string) {
  const track = requireTrack(courseId);
  const lesson = await findLesson(ctx.db.dz, lessonId);
  if (!lesson || lesson.targetLanguage !== track.id) throw lessonNotFound();
  const before = await progressOfUserForLesson(ctx.db.dz, userId, lesson.id);
  if (!before?.completed) {
    const seconds = before && before.timeSpent > 0 ? before.timeSpent : lesson.duration * 60;
    await recordLessonProgress(ctx, userId, lesson.id, { watched_seconds: seconds, is_completed: true });
  }
  const facts = await loadFacts(ctx, userId);
  const completed = completedRecords(facts).filter((r) => r.language === track.id).length;
  return { ok: true as const, completion: percent(completed, facts.lessonCounts.get(track.id) ?? 0), xp: xpFrom(facts) };
}
