// Starting a generation (what the create page collects) and following it.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';
import { BookTypeRef } from '../book-types/book-types.schemas.js';
import { VOICES } from './story-input.js';

const Voice = StringEnum([...VOICES], { description: 'How the story is narrated' });

export const Prompts = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80, description: 'Who the book is about (child, partner, family name, pet)' }),
    age: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0, maximum: 120 }), Type.String({ pattern: '^\\s*(\\d{1,2}|1[01]\\d|120)\\s*$' })], {
        description: 'Age in years (a number, or digits as a form sends them)',
      }),
    ),
    interests: Type.Optional(
      Type.Union([Type.String({ maxLength: 1000 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 10 })], {
        description: 'Free text ("dinosaurs, space and baking") or a list; the first five are used',
      }),
    ),
  },
  {
    // The book type's other prompts ("Inside Jokes", "pet_species", …) as short texts.
    additionalProperties: Type.String({ maxLength: 500 }),
    maxProperties: 12,
    description: "The answers to the book type's prompts: `name` (required), `age`, `interests`, and any others as text",
  },
);

export const GenerateRequest = Body({
  book_type: BookTypeRef,
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Default: a title written with the story' })),
  prompts: Prompts,
  voice_type: Type.Optional(Voice),
  // The create page's field name.
  voiceType: Type.Optional(Voice),
});
export type GenerateRequest = Static<typeof GenerateRequest>;

export const TASK_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;

export const GenerateAccepted = Type.Object({
  task_id: Uuid(),
  book_id: Uuid(),
  status: StringEnum([...TASK_STATUSES]),
});

export const Task = Type.Object({
  task_id: Uuid(),
  status: StringEnum([...TASK_STATUSES]),
  book_id: Nullable(Uuid({ description: 'null once the book was deleted' })),
  attempts: Type.Integer(),
  error: Nullable(Type.String()),
  created_at: DateTime(),
  started_at: Nullable(DateTime()),
  finished_at: Nullable(DateTime()),
});
export type Task = Static<typeof Task>;

export const TaskParams = Type.Object({ task_id: Uuid() });

/** What the AI must answer: a titled story of 5–7 pages. */
export const StoryDraftSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  summary: Type.String({ minLength: 1, maxLength: 500 }),
  pages: Type.Array(Type.Object({ text: Type.String({ minLength: 40, maxLength: 2000 }), image_prompt: Type.String({ maxLength: 500 }) }), {
    minItems: 5,
    maxItems: 7,
  }),
});
