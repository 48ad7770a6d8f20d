// The web client's "courses" mapped onto what FluentFusion has: one track per target language, its lessons.
import { DIFFICULTIES, TARGET_LANGUAGES, type Difficulty, type LessonContent, type TargetLanguage } from '../content/types.js';

export interface Track {
  id: TargetLanguage;
  /**
   * The course id the web client sees: it compares ids with `Number(select.value)` (Lessons.tsx), so a course id
   * has to be a number. Paths take it or the language name.
   */
  courseId: 1 | 2 | 3;
  /** ISO 639-1 code the onboarding pages use. */
  code: 'rw' | 'en' | 'fr';
  title: string;
  language: string;
  country: string;
  flagEmoji: string;
}

export const TRACKS: readonly Track[] = [
  { id: 'kinyarwanda', courseId: 1, code: 'rw', title: 'Kinyarwanda for Tourism', language: 'Kinyarwanda', country: 'Rwanda', flagEmoji: '🇷🇼' },
  { id: 'english', courseId: 2, code: 'en', title: 'English for Tourism', language: 'English', country: 'Global', flagEmoji: '🇬🇧' },
  { id: 'french', courseId: 3, code: 'fr', title: 'French for Tourism', language: 'French', country: 'France', flagEmoji: '🇫🇷' },
];

export const COURSE_LEVEL = 'Beginner to Advanced';
export const INSTRUCTOR = 'FluentFusion';
export const INSTRUCTOR_INITIALS = 'FF';

/** A track by its language name (`kinyarwanda`) or its course number (`1`). */
export const trackById = (id: string): Track | undefined => TRACKS.find((t) => t.id === id || String(t.courseId) === id);

/** `rw`, `Kinyarwanda`, `KINYARWANDA` … → the target language; anything else → undefined. */
export function targetLanguageOf(value: string): TargetLanguage | undefined {
  const v = value.trim().toLowerCase();
  return TRACKS.find((t) => t.code === v || t.id === v)?.id;
}

/** My courses: my target language's track first, then every other track I have progress in (catalogue order). */
export function myTrackIds(target: TargetLanguage, languagesWithProgress: Iterable<string>): TargetLanguage[] {
  const touched = new Set(languagesWithProgress);
  return [target, ...TARGET_LANGUAGES.filter((l) => l !== target && touched.has(l))];
}

export const moduleTitle = (d: Difficulty): string => d[0]!.toUpperCase() + d.slice(1);
export const moduleOrder = (d: Difficulty): number => DIFFICULTIES.indexOf(d);

/** A lesson's content as readable text (the client shows `content` of a text lesson in a pre-wrapped box). */
export function lessonText(c: LessonContent): string {
  const parts: string[] = [];
  if (c.vocabulary.length > 0) {
    parts.push('Vocabulary', ...c.vocabulary.map((v) => `• ${v.word} — ${v.translation} (${v.pronunciation})${v.example ? `\n  e.g. ${v.example}` : ''}`));
  }
  if (c.phrases.length > 0) {
    if (parts.length) parts.push('');
    parts.push('Phrases', ...c.phrases.map((p) => `• ${p.phrase} — ${p.translation} (${p.pronunciation})\n  When: ${p.context}`));
  }
  if (c.cultural_notes.length > 0) {
    if (parts.length) parts.push('');
    parts.push('Cultural notes', ...c.cultural_notes.map((n) => `• ${n}`));
  }
  return parts.join('\n');
}
