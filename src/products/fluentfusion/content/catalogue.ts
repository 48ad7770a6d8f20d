// Reads and checks the lesson content files (one per language) and turns them into rows for seeding.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  CATEGORIES,
  DIFFICULTIES,
  EXERCISE_TYPES,
  POINTS,
  TARGET_LANGUAGES,
  type Category,
  type Difficulty,
  type ExerciseType,
  type LessonContent,
  type TargetLanguage,
} from './types.js';
import { parseMatchingAnswer } from '../exercises/grading.js';

const Text = (max = 2000) => Type.String({ minLength: 1, maxLength: max });
const Key = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 100 });

const ExerciseFile = Type.Object({
  key: Key,
  type: Type.Union(EXERCISE_TYPES.map((t) => Type.Literal(t))),
  question: Text(),
  options: Type.Optional(Type.Array(Text(300), { maxItems: 12 })),
  pairs: Type.Optional(Type.Array(Type.Tuple([Text(300), Text(300)]), { maxItems: 12 })),
  correct_answer: Text(),
  /** Other wordings graded as right (free-text exercises). */
  accepted_answers: Type.Optional(Type.Array(Text(300), { maxItems: 12 })),
  explanation: Text(),
  points: Type.Integer(),
});

const LessonFile = Type.Object({
  key: Key,
  title: Text(200),
  description: Text(),
  category: Type.Union(CATEGORIES.map((c) => Type.Literal(c))),
  difficulty: Type.Union(DIFFICULTIES.map((d) => Type.Literal(d))),
  duration_minutes: Type.Integer({ minimum: 1, maximum: 240 }),
  thumbnail: Type.Optional(Type.String({ maxLength: 500 })),
  content: Type.Object({
    vocabulary: Type.Array(Type.Object({ word: Text(200), translation: Text(300), pronunciation: Text(300), example: Type.Optional(Text(500)) })),
    phrases: Type.Array(Type.Object({ phrase: Text(300), translation: Text(300), pronunciation: Text(300), context: Text(500) })),
    cultural_notes: Type.Array(Text()),
  }),
  exercises: Type.Array(ExerciseFile),
});

export const ContentFile = Type.Object({
  language: Type.Union(TARGET_LANGUAGES.map((l) => Type.Literal(l))),
  lessons: Type.Array(LessonFile),
});
export type ContentFile = Static<typeof ContentFile>;

export interface ExerciseSeed {
  id: string;
  lessonId: string;
  type: ExerciseType;
  question: string;
  options: string[] | null;
  pairs: [string, string][] | null;
  correctAnswer: string;
  acceptedAnswers: string[];
  explanation: string;
  points: number;
  sortOrder: number;
}

export interface LessonSeed {
  id: string;
  targetLanguage: TargetLanguage;
  title: string;
  description: string;
  difficulty: Difficulty;
  category: Category;
  duration: number;
  vocabularyCount: number;
  thumbnail: string | null;
  content: LessonContent;
  sortOrder: number;
  exercises: ExerciseSeed[];
}

/** What a complete language course needs (the bar for shipped content). */
export const MINIMUMS = { lessons: 6, vocabulary: 12, phrases: 6, culturalNotes: 3, exercisesMin: 3, exercisesMax: 4 };

export class ContentError extends Error {
  override name = 'ContentError';
  constructor(public problems: string[]) {
    super(`lesson content is invalid:\n- ${problems.join('\n- ')}`);
  }
}

/** Every problem found in one file, or [] when it is usable. `complete` also checks the minimums above. */
export function checkContentFile(raw: unknown, opts: { complete: boolean }): string[] {
  if (!Value.Check(ContentFile, raw)) {
    return [...Value.Errors(ContentFile, raw)].slice(0, 20).map((e) => `${e.path || '/'}: ${e.message}`);
  }
  const file = raw;
  const problems: string[] = [];
  const at = (l: { key: string }, msg: string) => problems.push(`${file.language}/${l.key}: ${msg}`);
  const keys = new Set<string>();
  for (const lesson of file.lessons) {
    if (keys.has(lesson.key)) at(lesson, 'duplicate lesson key');
    keys.add(lesson.key);
    const words = new Set<string>();
    for (const v of lesson.content.vocabulary) {
      const w = v.word.trim().toLowerCase();
      if (words.has(w)) at(lesson, `vocabulary word "${v.word}" listed twice`);
      words.add(w);
    }
    if (opts.complete) {
      const c = lesson.content;
      if (c.vocabulary.length < MINIMUMS.vocabulary) at(lesson, `${c.vocabulary.length} vocabulary items (< ${MINIMUMS.vocabulary})`);
      if (c.phrases.length < MINIMUMS.phrases) at(lesson, `${c.phrases.length} phrases (< ${MINIMUMS.phrases})`);
      if (c.cultural_notes.length < MINIMUMS.culturalNotes) at(lesson, `${c.cultural_notes.length} cultural notes (< ${MINIMUMS.culturalNotes})`);
      if (lesson.exercises.length < MINIMUMS.exercisesMin || lesson.exercises.length > MINIMUMS.exercisesMax) {
        at(lesson, `${lesson.exercises.length} exercises (want ${MINIMUMS.exercisesMin}–${MINIMUMS.exercisesMax})`);
      }
    }
    for (const ex of lesson.exercises) {
      const where = { key: `${lesson.key}/${ex.key}` };
      if (keys.has(ex.key)) at(where, 'duplicate key');
      keys.add(ex.key);
      if (ex.points !== POINTS[ex.type]) at(where, `${ex.type} is worth ${POINTS[ex.type]} points, not ${ex.points}`);
      problems.push(...checkExercise(ex).map((p) => `${file.language}/${where.key}: ${p}`));
    }
  }
  if (opts.complete) {
    if (file.lessons.length < MINIMUMS.lessons) problems.push(`${file.language}: ${file.lessons.length} lessons (< ${MINIMUMS.lessons})`);
    for (const c of CATEGORIES) if (!file.lessons.some((l) => l.category === c)) problems.push(`${file.language}: no ${c} lesson`);
    for (const d of DIFFICULTIES) if (!file.lessons.some((l) => l.difficulty === d)) problems.push(`${file.language}: no ${d} lesson`);
  }
  return problems;
}

function checkExercise(ex: Static<typeof ExerciseFile>): string[] {
  const problems: string[] = [];
  switch (ex.type) {
    case 'multiple_choice': {
      const opts = ex.options ?? [];
      if (opts.length < 2) problems.push('multiple_choice needs at least 2 options');
      const norm = (s: string) => s.trim().toLowerCase();
      if (!opts.some((o) => norm(o) === norm(ex.correct_answer))) problems.push('correct_answer is not one of the options');
      if (new Set(opts.map(norm)).size !== opts.length) problems.push('options repeat');
      break;
    }
    case 'matching': {
      const pairs = ex.pairs ?? [];
      if (pairs.length < 2) problems.push('matching needs at least 2 pairs');
      for (const [l, r] of pairs) {
        if (/[=;\n]/.test(l) || /[=;\n]/.test(r)) problems.push(`pair "${l}" / "${r}" contains "=", ";" or a line break`);
      }
      const lefts = new Set(pairs.map(([l]) => l.trim().toLowerCase()));
      const rights = new Set(pairs.map(([, r]) => r.trim().toLowerCase()));
      if (lefts.size !== pairs.length || rights.size !== pairs.length) problems.push('matching items repeat');
      const expected = pairs.map(([l, r]) => `${l}=${r}`).join(';');
      const parsed = parseMatchingAnswer(ex.correct_answer);
      const wanted = parseMatchingAnswer(expected);
      if (!parsed || !wanted || parsed.size !== wanted.size || [...wanted].some((p) => !parsed.has(p))) {
        problems.push(`correct_answer does not list the pairs (want "${expected}")`);
      }
      break;
    }
    case 'fill_blank':
    case 'translation':
      if (ex.pairs?.length) problems.push(`${ex.type} has pairs`);
      if (ex.type === 'fill_blank' && !/_{2,}/.test(ex.question)) problems.push('fill_blank question has no ___ blank');
      break;
  }
  if (ex.type !== 'fill_blank' && ex.type !== 'translation' && ex.accepted_answers?.length) {
    problems.push(`${ex.type} grades against its key only; accepted_answers is for free-text exercises`);
  }
  return problems;
}

/** Rows to upsert, from checked files; throws ContentError listing every problem. */
export function buildCatalogue(files: unknown[], opts: { complete: boolean }): LessonSeed[] {
  const problems = files.flatMap((f) => checkContentFile(f, opts));
  const languages = files.map((f) => (f as ContentFile).language);
  if (new Set(languages).size !== languages.length) problems.push('a language appears in two files');
  const seen = new Set<string>();
  for (const f of files as ContentFile[]) {
    for (const l of f.lessons ?? []) {
      for (const k of [l.key, ...(l.exercises ?? []).map((e) => e.key)]) {
        if (seen.has(k)) problems.push(`key ${k} is used in two files`);
        seen.add(k);
      }
    }
  }
  if (problems.length) throw new ContentError(problems);
  return (files as ContentFile[]).flatMap((file) =>
    file.lessons.map((l, i) => ({
      id: l.key,
      targetLanguage: file.language,
      title: l.title.trim(),
      description: l.description.trim(),
      difficulty: l.difficulty,
      category: l.category,
      duration: l.duration_minutes,
      vocabularyCount: l.content.vocabulary.length,
      thumbnail: l.thumbnail ?? null,
      content: {
        vocabulary: l.content.vocabulary.map((v) => ({ ...v })),
        phrases: l.content.phrases.map((p) => ({ ...p })),
        cultural_notes: [...l.content.cultural_notes],
      },
      sortOrder: DIFFICULTIES.indexOf(l.difficulty) * 1000 + i,
      exercises: l.exercises.map((e, j) => ({
        id: e.key,
        lessonId: l.key,
        type: e.type,
        question: e.question.trim(),
        options: e.type === 'multiple_choice' ? (e.options ?? []) : null,
        pairs: e.type === 'matching' ? (e.pairs ?? []) : null,
        correctAnswer: e.correct_answer.trim(),
        acceptedAnswers: (e.accepted_answers ?? []).map((a) => a.trim()),
        explanation: e.explanation.trim(),
        points: e.points,
        sortOrder: j,
      })),
    })),
  );
}
