// My courses (language tracks), a track's lessons, and marking a lesson of a track done.
import { notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import { cacheOf, loadFacts, coursesFrom, xpFrom, completedRecords } from '../learner/learner.service.js';
import { percent } from '../learner/metrics.js';
import { lessonNotFound } from '../lessons/lessons.service.js';
import { findLesson } from '../lessons/lessons.repo.js';
import { progressOfUserForLesson } from '../progress/progress.repo.js';
import { recordLessonProgress } from '../progress/progress.service.js';
import { DIFFICULTIES, type Difficulty } from '../content/types.js';
import * as repo from './courses.repo.js';
import { findProfile } from '../users/users.repo.js';
import { COURSE_LEVEL, INSTRUCTOR, INSTRUCTOR_INITIALS, lessonText, moduleTitle, myTrackIds, TRACKS, trackById, type Track } from './tracks.js';

export const courseNotFound = () => notFound('Course not found');

function requireTrack(courseId: string): Track {
  const t = trackById(courseId);
  if (!t) throw courseNotFound();
  return t;
}

export async function myCourses(ctx: ProductContext, userId: string) {
  return coursesFrom(await loadFacts(ctx, userId));
}

/** Which tracks are my courses, in my courses' order (the catalogue, enrolment and quizzes need no more). */
async function myTracks(ctx: ProductContext, userId: string): Promise<Track[]> {
  const dz = ctx.db.dz;
  const profile = await findProfile(dz, userId);
  if (!profile) throw notFound('User not found');
  const [touched, enrolled] = [await repo.languagesWithProgress(dz, userId), await repo.enrollmentsOf(dz, userId)];
  return myTrackIds(
    profile.targetLanguage,
    touched,
    enrolled.map((e) => e.language),
  ).map((id) => trackById(id)!);
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

const INSTRUCTOR_BIO =
  "FluentFusion's own lessons, written for Rwanda's tourism sector: every word with its pronunciation, every phrase " +
  'with when to use it, and cultural notes in every lesson.';

const LEVEL_NOTES: Record<Difficulty, string> = {
  beginner: 'Start here: the words and phrases for everyday situations',
  intermediate: 'Longer conversations once the basics are in place',
  advanced: 'Harder situations: problems, emergencies and travel further afield',
};

/**
 * Learners per track scan every profile, enrolment and record: served from the product's cache for a minute (an
 * enrolment refreshes it at once).
 */
const LEARNERS_TTL_S = 60;

export interface CatalogueFilter {
  search: string;
  language: string;
  level: string;
}

/** What the catalogue and a course page share, for every track (in catalogue order). */
async function catalogueEntries(ctx: ProductContext, userId: string) {
  const dz = ctx.db.dz;
  const [heads, learners, mine] = [
    await repo.lessonHeads(dz),
    new Map(await cacheOf(ctx).get('catalogue', 'learners', LEARNERS_TTL_S, async () => [...(await repo.learnersPerTrack(dz))])),
    await myTracks(ctx, userId),
  ];
  const minePerTrack = new Set(mine.map((t) => t.id));
  return TRACKS.map((track) => {
    const trackLessons = heads.filter((l) => l.language === track.id);
    return {
      track,
      lessons: trackLessons,
      entry: {
        id: track.courseId,
        slug: track.id,
        title: track.title,
        description: track.description,
        language: track.language,
        level: COURSE_LEVEL,
        flag_emoji: track.flagEmoji,
        thumbnail_url: null,
        price: 0,
        instructor: INSTRUCTOR,
        instructor_initials: INSTRUCTOR_INITIALS,
        lesson_count: trackLessons.length,
        student_count: learners.get(track.id) ?? 0,
        rating: 0,
        enrolled: minePerTrack.has(track.id),
      },
    };
  });
}

/** The course catalogue: the three tracks, narrowed by words, language and level (all case-insensitive). */
export async function catalogue(ctx: ProductContext, userId: string, filter: CatalogueFilter) {
  const search = filter.search.trim().toLowerCase();
  const language = filter.language.trim().toLowerCase();
  const level = filter.level.toLowerCase();
  return (await catalogueEntries(ctx, userId))
    .filter(({ track }) => !search || `${track.title}\n${track.description}\n${track.language}`.toLowerCase().includes(search))
    .filter(({ track }) => !language || track.language.toLowerCase().includes(language) || track.code === language)
    .filter(({ lessons }) => !level || level === COURSE_LEVEL.toLowerCase() || lessons.some((l) => l.difficulty === level))
    .map(({ entry }) => entry);
}

/** A track's course page: what it teaches and its lessons by level. */
export async function courseDetail(ctx: ProductContext, userId: string, courseId: string) {
  const wanted = requireTrack(courseId);
  const found = (await catalogueEntries(ctx, userId)).find((e) => e.track.id === wanted.id)!;
  const { track, lessons, entry } = found;
  return {
    ...entry,
    subtitle: track.subtitle,
    is_free: true as const,
    what_you_learn: track.whatYouLearn,
    requirements: track.requirements,
    target_audience: track.targetAudience,
    instructor_bio: INSTRUCTOR_BIO,
    curriculum: DIFFICULTIES.map((d) => ({
      title: moduleTitle(d),
      description: LEVEL_NOTES[d],
      lessons: lessons
        .filter((l) => l.difficulty === d)
        .map((l) => ({ id: l.id, title: l.title, lesson_type: 'text' as const, duration_min: l.duration, is_preview: false })),
    })).filter((s) => s.lessons.length > 0),
  };
}

/**
 * Joins a track from the catalogue. The enrolment is kept even when the track is already one of my courses (my
 * target language's, say), so it stays on my list if I change my target language later.
 */
export async function enroll(ctx: ProductContext, userId: string, courseId: string) {
  const track = requireTrack(courseId);
  const before = (await myTracks(ctx, userId)).some((t) => t.id === track.id);
  const added = await repo.enroll(ctx.db.dz, userId, track.id, new Date(ctx.now()));
  if (added) await cacheOf(ctx).invalidate('catalogue');
  return before || !added ? { ok: true as const, already_enrolled: true as const } : { ok: true as const, enrolled: true as const };
}

/** My quizzes: each lesson of my courses as the quiz of its exercises, with how I did on it. */
export async function myQuizzes(ctx: ProductContext, userId: string, page: { skip: number; limit: number }) {
  const dz = ctx.db.dz;
  const [mine, heads, questions, answers] = [
    await myTracks(ctx, userId),
    await repo.lessonHeads(dz),
    await repo.exerciseCounts(dz),
    await repo.myAnswersPerLesson(dz, userId),
  ];
  return mine
    .flatMap((track) =>
      heads
        .filter((l) => l.language === track.id && (questions.get(l.id) ?? 0) > 0)
        .map((l) => {
          const mineOn = answers.get(l.id);
          return {
            id: l.id,
            lesson_id: l.id,
            title: l.title,
            course: track.title,
            course_id: track.courseId,
            flag_emoji: track.flagEmoji,
            difficulty: l.difficulty,
            question_count: questions.get(l.id) ?? 0,
            avg_score: mineOn ? percent(mineOn.right, mineOn.answers) : 0,
            attempts: mineOn?.answers ?? 0,
          };
        }),
    )
    .slice(page.skip, page.skip + page.limit);
}
