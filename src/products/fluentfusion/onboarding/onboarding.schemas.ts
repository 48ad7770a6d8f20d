// Onboarding shapes: the languages offered, and the answers of the four onboarding steps.
import { Type, type Static } from '@sinclair/typebox';
import { Body, Nullable, StringEnum } from '../../../core/http/schemas.js';
import { TargetLanguageSchema } from '../schemas.js';

export const GOALS = ['travel', 'academic', 'business', 'conversation'] as const;
export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

export const Language = Type.Object({
  code: Type.String({ description: 'ISO 639-1 code' }),
  name: Type.String(),
  country: Type.String(),
  target_language: TargetLanguageSchema,
  lesson_count: Type.Integer({ minimum: 0 }),
});
export const Languages = Type.Object({ languages: Type.Array(Language) });

const LanguageAnswer = (description: string) =>
  Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 20, pattern: '^[\\p{L}][\\p{L} _-]*$', description })));

export const OnboardingBody = Body(
  {
    native_lang: LanguageAnswer('Language spoken at home: a code such as rw or a name (letters, at most 20)'),
    learn_lang: LanguageAnswer('Language to learn: rw, en or fr (or its name) also sets my target language; another language is accepted but changes nothing'),
    goal: Type.Optional(Nullable(StringEnum([...GOALS], { description: 'Why I learn' }))),
    level: Type.Optional(Nullable(StringEnum([...LEVELS], { description: 'Where I start' }))),
  },
  { description: 'The onboarding answers (the client sends null for a skipped step): null clears that answer, an absent key leaves it as it was' },
);
export type OnboardingBody = Static<typeof OnboardingBody>;

export const Ok = Type.Object({ ok: Type.Literal(true) });
