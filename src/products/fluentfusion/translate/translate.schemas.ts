// Live translation shapes: what the web client's Live Translation page sends and reads.
import { Type, type Static } from '@sinclair/typebox';
import { Body, ErrorDetail, Nullable, StringEnum } from '../../../core/http/schemas.js';
import { LANGUAGE_CODES, TEXT_MAX } from './translate.service.js';

// A plain string, not an enum: an unknown code answers the origin's 400 naming the supported ones, which the client shows.
const LanguageField = (fallback: string, what: string) =>
  Type.Optional(Type.String({ maxLength: 16, default: fallback, description: `${what}: ${LANGUAGE_CODES.join(', ')} (any case); another code → 400` }));

export const TranslateBody = Body(
  {
    text: Type.String({
      maxLength: TEXT_MAX,
      description: `What to translate: 1–${TEXT_MAX} characters once surrounding whitespace is trimmed (blank → 400 "Text cannot be empty")`,
      // The sweep's valid call and Swagger UI's "try it out": a phrase the lessons teach, so it works offline too.
      examples: ['Hello, how are you?'],
    }),
    source_lang: LanguageField('en', 'Language of the text'),
    target_lang: LanguageField('rw', 'Language to translate into'),
  },
  { description: 'Text to translate and the two languages' },
);
export type TranslateBody = Static<typeof TranslateBody>;

export const TranslationResult = Type.Object({
  translated_text: Type.String({ description: 'The translation (the text unchanged when both languages are the same)' }),
  source_lang: Type.String({ description: 'Language of the text, as a supported code' }),
  target_lang: Type.String({ description: 'Language of the translation, as a supported code' }),
  romanization: Nullable(Type.String(), { description: 'How to say the translation, e.g. moo-rah-KOH-zeh (null when unknown)' }),
  usage_note: Nullable(Type.String(), { description: 'When or how to use it: politeness, who to say it to (null when none)' }),
  provider: StringEnum(['phrase_book', 'ai', 'unchanged'], {
    description: "phrase_book: the lessons' own translation (exact); ai: the AI engine's; unchanged: both languages are the same",
  }),
});

export const TranslationUnavailable = Type.Object(ErrorDetail.properties, {
  description: 'Translation service unavailable: the text is not in the lessons and the AI engine is missing or failed',
});
