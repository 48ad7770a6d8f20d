// Books as the seed models them (title, JSON content, status, owner) plus what generation and payment add.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum, Uuid } from '../../../core/http/schemas.js';
import { BookTypeRef } from '../book-types/book-types.schemas.js';
import { BOOK_STATUSES, USER_STATUSES } from './book-rules.js';

const Content = Type.Record(Type.String(), Type.Unknown(), {
  description: 'The book as JSON; generated books hold `pages: [{number, text, image_prompt}]` and the prompts',
});

export const Book = Type.Object({
  id: Uuid(),
  title: Type.String(),
  description: Nullable(Type.String()),
  content: Content,
  status: StringEnum([...BOOK_STATUSES]),
  book_type: Nullable(Type.String({ description: 'Slug of the book type' })),
  book_type_id: Nullable(Type.Integer()),
  user_id: Uuid(),
  page_count: Type.Integer({ description: 'Printable story pages (0 until generated)' }),
  generated_at: Nullable(DateTime()),
  purchased_at: Nullable(DateTime()),
  price_paid: Nullable(Type.Integer({ description: 'In cents' })),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});
export type Book = Static<typeof Book>;

export const BookList = Type.Object({ data: Type.Array(Book), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export type BookList = Static<typeof BookList>;

const Title = Type.String({ minLength: 1, maxLength: 255 });
const Description = Type.String({ maxLength: 2000 });
const UserStatus = StringEnum([...USER_STATUSES], { description: 'generating, generated, failed and purchased are set by the service' });

export const CreateBook = Body({
  title: Title,
  content: Type.Optional(Content),
  status: Type.Optional(UserStatus),
  description: Type.Optional(Description),
  book_type: Type.Optional(BookTypeRef),
});
export type CreateBook = Static<typeof CreateBook>;

export const UpdateBook = Body({
  title: Type.Optional(Title),
  content: Type.Optional(Content),
  status: Type.Optional(UserStatus),
  description: Type.Optional(Nullable(Description)),
});
export type UpdateBook = Static<typeof UpdateBook>;

export const BookQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page (1–100)' }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Items to skip' }),
  status: Type.Optional(StringEnum([...BOOK_STATUSES], { description: 'Only books in this status' })),
});
export type BookQuery = Static<typeof BookQuery>;

export const BookParams = Type.Object({ book_id: Uuid() });
