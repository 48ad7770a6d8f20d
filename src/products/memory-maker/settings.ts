// Memory Maker's own settings and strict limits (read from MEMORY_MAKER_<KEY> / MEMORY_MAKER_RATE_LIMIT_<NAME>).
import { Type, type Static } from '@sinclair/typebox';
import type { LimitSpec } from '../../config.js';

export const settings = Type.Object({
  CURRENCY: Type.String({ default: 'usd', pattern: '^[a-z]{3}$', description: 'ISO currency of book prices and payments (lower case)' }),
  BOOK_TYPES_CACHE_TTL_S: Type.Integer({
    default: 300,
    minimum: 0,
    maximum: 86_400,
    description: 'seconds the book-type catalogue stays cached (writes clear it at once)',
  }),
  BOOKS_CACHE_TTL_S: Type.Integer({
    default: 60,
    minimum: 0,
    maximum: 86_400,
    description: "seconds a user's book list stays cached (writes clear it at once)",
  }),
  GENERATION_TIMEOUT_S: Type.Integer({
    default: 900,
    minimum: 60,
    maximum: 86_400,
    description: 'a generation still unfinished after this long is reported failed',
  }),
  MAX_RUNNING_GENERATIONS: Type.Integer({ default: 3, minimum: 1, maximum: 100, description: 'generations one user may have queued or running at once' }),
});
export type MemoryMakerSettings = Static<typeof settings>;

export const limits = {
  GENERATIONS_PER_USER: { max: 20, windowS: 3600, doc: 'book generations one user may start (AI cost)' },
  PAYMENT_INTENTS_PER_USER: { max: 30, windowS: 3600, doc: 'payment intents one user may create' },
  PDF_RENDERS_PER_USER: { max: 120, windowS: 3600, doc: 'book PDFs one user may render' },
  NARRATIONS_PER_CLIENT: {
    max: 20,
    windowS: 3600,
    doc: 'audio recordings of books one user (or one address, for QR-code listeners) may cause (AI cost); replays of a recording are free',
  },
} satisfies Record<string, LimitSpec & { doc: string }>;
