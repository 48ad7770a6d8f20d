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
  /** The course page (catalogue): who it is for and what it teaches. */
  subtitle: string;
  description: string;
  /** One outcome per line (the course page splits on newlines). */
  whatYouLearn: string;
  requirements: string;
  targetAudience: string;
}

export const TRACKS: readonly Track[] = [
  {
    id: 'kinyarwanda',
    courseId: 1,
    code: 'rw',
    title: 'Kinyarwanda for Tourism',
    language: 'Kinyarwanda',
    country: 'Rwanda',
    flagEmoji: '🇷🇼',
    subtitle: 'Greet, order, bargain and find your way in Rwanda',
    description:
      'Everyday Kinyarwanda for visitors to Rwanda: greetings for each time of day, food and drink, moto-taxis and buses, ' +
      'the hotel, the market and what to say when something goes wrong. Every word comes with its pronunciation, every ' +
      'phrase with when to use it, and each lesson with notes on the customs behind the words.',
    whatYouLearn: [
      'Greet people politely at any time of day and introduce yourself',
      'Order food and drink and ask for the bill',
      'Take a moto-taxi or a bus and ask for directions',
      'Ask for a room, count and bargain at the market',
      'Ask for help and explain a health problem in an emergency',
    ].join('\n'),
    requirements: 'None: the first lessons start from zero. English is the language of instruction.',
    targetAudience: 'Tourists visiting Rwanda and anyone who wants to be understood outside the hotel.',
  },
  {
    id: 'english',
    courseId: 2,
    code: 'en',
    title: 'English for Tourism',
    language: 'English',
    country: 'Global',
    flagEmoji: '🇬🇧',
    subtitle: 'The English that guests expect from hotel, restaurant and tour staff',
    description:
      'Workplace English for tourism workers: welcoming guests, taking orders, giving directions, checking guests in, ' +
      'selling crafts and taking payment, small talk, and handling requests, complaints and emergencies calmly and clearly.',
    whatYouLearn: [
      'Welcome guests and make small talk with confidence',
      'Take restaurant orders and explain dishes',
      'Give clear directions and check guests in and out',
      'Sell crafts, give prices and take payment',
      'Handle requests, complaints and emergencies professionally',
    ].join('\n'),
    requirements: 'Basic reading in English; the beginner lessons cover the everyday words.',
    targetAudience: 'Hotel, restaurant, guide and driver staff serving international visitors.',
  },
  {
    id: 'french',
    courseId: 3,
    code: 'fr',
    title: 'French for Tourism',
    language: 'French',
    country: 'France',
    flagEmoji: '🇫🇷',
    subtitle: 'Welcome French-speaking visitors and travel in French',
    description:
      'Practical French for travel and tourism work: first greetings, the restaurant, getting around town, the hotel, ' +
      'the market, introductions, emergencies, and renting a car to travel around Rwanda.',
    whatYouLearn: [
      'Greet and introduce yourself with the right level of politeness (tu or vous)',
      'Order at a restaurant and shop at the market',
      'Ask for and understand directions, and rent a car',
      'Book and check in to a hotel room',
      'Get help for a health problem or an emergency',
    ].join('\n'),
    requirements: 'None: the first lessons start from zero. English is the language of instruction.',
    targetAudience: 'Tourism workers welcoming French-speaking guests, and travellers to French-speaking countries.',
  },
];

/** A track runs from beginner to advanced: the client's own word for that (its level filter and colours know it). */
export const COURSE_LEVEL = 'All Levels';
export const INSTRUCTOR = 'FluentFusion';
export const INSTRUCTOR_INITIALS = 'FF';

/** A track by its language name (`kinyarwanda`) or its course number (`1`). */
export const trackById = (id: string): Track | undefined => TRACKS.find((t) => t.id === id || String(t.courseId) === id);

/** `rw`, `Kinyarwanda`, `KINYARWANDA` … → the target language; anything else → undefined. */
export function targetLanguageOf(value: string): TargetLanguage | undefined {
  const v = value.trim().toLowerCase();
  return TRACKS.find((t) => t.code === v || t.id === v)?.id;
}

/**
 * My courses: my target language's track first, then every other track I enrolled in or have progress in
 * (catalogue order).
 */
export function myTrackIds(target: TargetLanguage, ...others: Iterable<string>[]): TargetLanguage[] {
  const touched = new Set(others.flatMap((o) => [...o]));
  return [target, ...TARGET_LANGUAGES.filter((l) => l !== target && touched.has(l))];
}

/** The catalogue's level filter: a track spans all three levels, so it answers to each of them. */
export const CATALOGUE_LEVELS = ['Beginner', 'Intermediate', 'Advanced', 'All Levels'] as const;

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
