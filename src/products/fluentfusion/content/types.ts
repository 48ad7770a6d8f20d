// The product's vocabularies (languages, levels, categories, exercise types) and the shape of a lesson's content.
export const TARGET_LANGUAGES = ['kinyarwanda', 'english', 'french'] as const;
export const USER_TYPES = ['tourist', 'tourism_worker'] as const;
export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;
export const CATEGORIES = ['greetings', 'accommodation', 'food', 'transportation', 'shopping', 'emergency'] as const;
export const EXERCISE_TYPES = ['multiple_choice', 'fill_blank', 'matching', 'translation'] as const;

export type TargetLanguage = (typeof TARGET_LANGUAGES)[number];
export type UserType = (typeof USER_TYPES)[number];
export type Difficulty = (typeof DIFFICULTIES)[number];
export type Category = (typeof CATEGORIES)[number];
export type ExerciseType = (typeof EXERCISE_TYPES)[number];

/** Points an exercise is worth, by type. */
export const POINTS: Record<ExerciseType, number> = { multiple_choice: 10, fill_blank: 15, matching: 20, translation: 20 };

export interface VocabularyItem {
  word: string;
  translation: string;
  pronunciation: string;
  example?: string;
}

export interface PhraseItem {
  phrase: string;
  translation: string;
  pronunciation: string;
  context: string;
}

export interface LessonContent {
  vocabulary: VocabularyItem[];
  phrases: PhraseItem[];
  cultural_notes: string[];
}

/** The next level up, or the same at the top. */
export function nextDifficulty(d: Difficulty): Difficulty {
  const i = DIFFICULTIES.indexOf(d);
  return DIFFICULTIES[Math.min(i + 1, DIFFICULTIES.length - 1)]!;
}
