// Small TypeBox helpers shared by every product's schemas.
import { Type, type TSchema, type ObjectOptions, type TProperties, type SchemaOptions, type TUnsafe, type Static } from '@sinclair/typebox';

/** A string enum written as JSON Schema `enum` (clear OpenAPI, one clear validation error). */
export const StringEnum = <T extends string[]>(values: [...T], opts: SchemaOptions = {}): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, ...opts });

/**
 * `T | null`. Written as OpenAPI's `nullable: true` rather than `anyOf [T, null]`: the response serializer then
 * needn't validate the value against every branch to pick one (a full schema check per field, per response).
 * Schemas without a `type` (unions) keep the `anyOf` form, which is what `nullable` requires.
 */
export const Nullable = <T extends TSchema>(schema: T, opts: SchemaOptions = {}): TUnsafe<Static<T> | null> =>
  'type' in schema && typeof schema.type === 'string'
    ? Type.Unsafe<Static<T> | null>({
        ...schema,
        // `enum` is checked on its own, so null must be one of its values too.
        ...(Array.isArray(schema.enum) ? { enum: [...(schema.enum as unknown[]), null] } : {}),
        nullable: true,
        ...opts,
      })
    : (Type.Union([schema, Type.Null()], opts) as unknown as TUnsafe<Static<T> | null>);

/** A request body object: unknown keys are dropped (as pydantic ignores them) and never reach a handler. */
export const Body = <T extends TProperties>(props: T, opts: ObjectOptions = {}) => Type.Object(props, { additionalProperties: false, ...opts });

export const Uuid = (opts: SchemaOptions = {}) => Type.String({ format: 'uuid', ...opts });
export const Email = (opts: SchemaOptions = {}) => Type.String({ format: 'email', maxLength: 255, ...opts });
export const DateTime = (opts: SchemaOptions = {}) => Type.String({ format: 'date-time', ...opts });

/** FastAPI's default error bodies, for OpenAPI. */
export const ErrorDetail = Type.Object({ detail: Type.String() }, { $id: undefined, description: 'Error' });
export const ValidationError = Type.Object(
  {
    detail: Type.Array(
      Type.Object({
        type: Type.String(),
        loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
        msg: Type.String(),
        input: Type.Unknown(),
        ctx: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      }),
    ),
  },
  { description: 'Validation error' },
);

/** Pagination query shared by list routes. */
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page (1–100)' }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Items to skip' }),
});
