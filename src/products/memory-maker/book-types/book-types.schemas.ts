// Book types: the admin client's fields (id, name, description, price, preview_price, prompts) plus a slug the
// create page sends, the price in cents, and the PDF layout.
import { Type, type Static } from '@sinclair/typebox';
import { Body, DateTime, Nullable, StringEnum } from '../../../core/http/schemas.js';

export const Layout = Type.Object(
  {
    page_size: StringEnum(['A4', 'A5', 'LETTER']),
    font: StringEnum(['Times-Roman', 'Helvetica', 'Courier']),
    accent_color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'Titles and ornaments, #rrggbb' }),
    ornament: StringEnum(['stars', 'hearts', 'leaves', 'paws', 'none']),
  },
  { description: 'How the printable PDF of this type looks' },
);

export const BookTypeId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const BookType = Type.Object({
  id: BookTypeId,
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  price: Type.Number({ description: 'In currency units (dollars), two decimals' }),
  preview_price: Type.Number(),
  price_cents: Type.Integer(),
  currency: Type.String(),
  prompts: Type.Array(Type.String(), { description: 'What the story asks for' }),
  layout: Layout,
  is_active: Type.Boolean(),
  created_at: DateTime(),
  updated_at: Nullable(DateTime()),
});
export type BookType = Static<typeof BookType>;

export const BookTypeList = Type.Object({
  book_types: Type.Array(BookType),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type BookTypeList = Static<typeof BookTypeList>;

const Price = (description: string) => Type.Number({ minimum: 0, maximum: 10_000, description: `${description} (at most two decimals)` });
const fields = {
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,59}$', description: 'What clients send as `book_type` (lower case, digits, dashes)' }),
  name: Type.String({ minLength: 1, maxLength: 120 }),
  description: Type.String({ maxLength: 2000 }),
  price: Price('Price'),
  preview_price: Price('Preview price'),
  prompts: Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { minItems: 1, maxItems: 20 }),
  layout: Layout,
  is_active: Type.Boolean(),
};

export const CreateBookType = Body({
  slug: fields.slug,
  name: fields.name,
  description: Type.Optional(fields.description),
  price: fields.price,
  preview_price: Type.Optional(fields.preview_price),
  prompts: fields.prompts,
  layout: Type.Optional(fields.layout),
  is_active: Type.Optional(fields.is_active),
});
export type CreateBookType = Static<typeof CreateBookType>;

export const UpdateBookType = Body({
  slug: Type.Optional(fields.slug),
  name: Type.Optional(fields.name),
  description: Type.Optional(fields.description),
  price: Type.Optional(fields.price),
  preview_price: Type.Optional(fields.preview_price),
  prompts: Type.Optional(fields.prompts),
  layout: Type.Optional(fields.layout),
  is_active: Type.Optional(fields.is_active),
});
export type UpdateBookType = Static<typeof UpdateBookType>;

export const BookTypeParams = Type.Object({ book_type_id: BookTypeId });

export const CatalogueQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 100, description: 'Items per page (1–100)' }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Items to skip' }),
});
export const AdminCatalogueQuery = Type.Composite([
  CatalogueQuery,
  Type.Object({ include_inactive: Type.Boolean({ default: true, description: 'Also list retired types' }) }),
]);

/** A book type as requests name it: its slug (`children-story`) or its numeric id. */
export const BookTypeRef = Type.Union([BookTypeId, Type.String({ minLength: 1, maxLength: 60 })], {
  description: 'Slug (e.g. `children-story`) or numeric id',
});
