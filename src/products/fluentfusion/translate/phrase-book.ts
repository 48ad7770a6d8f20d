// The phrase book: every vocabulary word and phrase of the shipped lessons as an exact translation, both ways,
// between the language a lesson teaches and the language its translations are written in.
import type { LessonSeed } from '../content/catalogue.js';
import type { TargetLanguage } from '../content/types.js';
import { TRACKS } from '../courses/tracks.js';
import { normalizeAnswer } from '../exercises/grading.js';

export interface PhraseBookEntry {
  translated_text: string;
  /** How to say `translated_text`: known only when a lesson teaches the language translated into. */
  romanization: string | null;
  usage_note: string | null;
}

/**
 * The language each course's translations are written in: the Kinyarwanda and French courses explain in English,
 * the English course (for Rwandan tourism workers) in Kinyarwanda.
 */
const GLOSS_LANGUAGE: Record<TargetLanguage, string> = { kinyarwanda: 'en', french: 'en', english: 'rw' };

const codeOf = (l: TargetLanguage): string => TRACKS.find((t) => t.id === l)!.code;

// Both sides are compared in their long forms, so "I don't understand" finds "I do not understand".
const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan't\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bwon't\b/g, 'will not'],
  [/\blet's\b/g, 'let us'],
  [/n't\b/g, ' not'],
  [/'m\b/g, ' am'],
  [/'re\b/g, ' are'],
  [/'ll\b/g, ' will'],
  [/'ve\b/g, ' have'],
  [/'d\b/g, ' would'],
  [/\b(it|that|what|where|there|here|who|how|he|she)'s\b/g, '$1 is'],
];

/**
 * The form a text is looked up in: the exercises' answer form (case, spacing, typographic quotes, final ?.! don't
 * count), inner commas and colons dropped, English contractions spelled out.
 */
export function phraseKey(text: string, lang: string): string {
  let k = normalizeAnswer(text);
  if (lang === 'en') for (const [re, long] of CONTRACTIONS) k = k.replace(re, long);
  return k
    .replace(/[,;:¿¡]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A side of a content item without its trailing "(…)" remarks, which become notes: "Thank you (polite)". */
function splitRemarks(raw: string): { text: string; remarks: string[] } {
  let text = raw.trim();
  const remarks: string[] = [];
  for (;;) {
    const m = /^(.*?)\s*\(([^()]*)\)\s*([.!?]*)$/su.exec(text);
    if (!m || !m[1]) break;
    remarks.unshift(m[2]!.trim());
    text = `${m[1]}${m[3]}`;
  }
  return { text, remarks };
}

/** Every way a side may be asked for: as written (remarks or not), and each of its "a / b" or "a; b" alternatives. */
function lookupForms(raw: string, lang: string): string[] {
  const plain = raw.replace(/\([^()]*\)/g, ' ');
  const forms = [raw, plain, ...plain.split(/\s+\/\s+|\s*;\s*/)].map((f) => phraseKey(f, lang)).filter((f) => f.length > 0);
  return [...new Set(forms)];
}

const sentence = (s: string) => {
  const t = s.trim();
  if (!t) return '';
  const first = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?…]$/u.test(first) ? first : `${first}.`;
};
const note = (parts: (string | undefined)[]): string | null => {
  const all = [...new Set(parts.map((p) => sentence(p ?? '')).filter((p) => p.length > 0))];
  return all.length > 0 ? all.join(' ') : null;
};

interface Item {
  /** In the language the lesson teaches. */
  taught: string;
  /** In the lesson's gloss language. */
  gloss: string;
  /** Of `taught`. */
  pronunciation: string;
  context?: string;
}

export interface PhraseBook {
  /** The lessons' translation of `text` from `source` to `target` (language codes), or undefined. */
  lookUp(source: string, target: string, text: string): PhraseBookEntry | undefined;
  readonly size: number;
}

export function buildPhraseBook(catalogue: readonly LessonSeed[]): PhraseBook {
  const entries = new Map<string, PhraseBookEntry>();
  const keyOf = (source: string, target: string, form: string) => `${source}>${target}>${form}`;
  const add = (source: string, target: string, forms: string[], entry: PhraseBookEntry) => {
    for (const f of forms) if (!entries.has(keyOf(source, target, f))) entries.set(keyOf(source, target, f), entry);
  };
  const items = catalogue.map((lesson) => ({
    taughtLang: codeOf(lesson.targetLanguage),
    glossLang: GLOSS_LANGUAGE[lesson.targetLanguage],
    items: [
      ...lesson.content.vocabulary.map((v): Item => ({ taught: v.word, gloss: v.translation, pronunciation: v.pronunciation })),
      ...lesson.content.phrases.map((p): Item => ({ taught: p.phrase, gloss: p.translation, pronunciation: p.pronunciation, context: p.context })),
    ],
  }));
  // Into the taught language first: that lesson's authors wrote the output and its pronunciation. So "thank you"
  // → rw comes from the Kinyarwanda course (Murakoze, with how to say it), not from the English course's gloss.
  for (const { taughtLang, glossLang, items: list } of items) {
    for (const it of list) {
      const taught = splitRemarks(it.taught);
      const gloss = splitRemarks(it.gloss);
      add(glossLang, taughtLang, lookupForms(it.gloss, glossLang), {
        translated_text: taught.text,
        romanization: it.pronunciation.trim() || null,
        usage_note: note([...taught.remarks, ...gloss.remarks, it.context]),
      });
    }
  }
  for (const { taughtLang, glossLang, items: list } of items) {
    for (const it of list) {
      const taught = splitRemarks(it.taught);
      const gloss = splitRemarks(it.gloss);
      // The pronunciation is of the taught side, the input here: it says nothing about how to say the output.
      add(taughtLang, glossLang, lookupForms(it.taught, taughtLang), {
        translated_text: gloss.text,
        romanization: null,
        usage_note: note([...gloss.remarks, ...taught.remarks, it.context]),
      });
    }
  }
  return {
    lookUp: (source, target, text) => entries.get(keyOf(source, target, phraseKey(text, source))),
    size: entries.size,
  };
}
