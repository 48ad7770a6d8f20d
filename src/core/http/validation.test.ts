// toValidationDetails: Ajv errors → FastAPI's 422 detail list; bodies are not coerced, query strings are.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Type, type TSchema } from '@sinclair/typebox';
import type { ErrorObject } from 'ajv';
import { toValidationDetails, validatorCompiler, type ValidationDetail } from './validation.js';
import { Body, Nullable, StringEnum } from './schemas.js';

type Part = 'body' | 'querystring' | 'params' | 'headers';
type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

function compile(schema: TSchema, httpPart: Part = 'body'): Validate {
  return validatorCompiler({ schema, httpPart, method: 'POST', url: '/test' }) as unknown as Validate;
}

/** Validates `data` (which Ajv may coerce in place) and returns the detail list, or [] when valid. */
function check(schema: TSchema, data: unknown, httpPart: Part = 'body'): ValidationDetail[] {
  const validate = compile(schema, httpPart);
  if (validate(data)) return [];
  assert.ok(validate.errors && validate.errors.length > 0, 'an invalid value has Ajv errors');
  return toValidationDetails(validate.errors, httpPart, data);
}

describe('toValidationDetails', () => {
  test('a missing required field → type missing, loc [body, field], input = the parent object', () => {
    const schema = Body({ email: Type.String(), name: Type.String() });
    const data = { name: 'Sam' };
    assert.deepEqual(check(schema, data), [{ type: 'missing', loc: ['body', 'email'], msg: 'Field required', input: { name: 'Sam' } }]);
  });

  test('several missing fields are all reported (allErrors)', () => {
    const details = check(Body({ a: Type.String(), b: Type.Integer(), c: Type.Boolean() }), {});
    assert.deepEqual(
      details.map((d) => [d.type, d.loc]),
      [
        ['missing', ['body', 'a']],
        ['missing', ['body', 'b']],
        ['missing', ['body', 'c']],
      ],
    );
    for (const d of details) assert.deepEqual(d.input, {});
  });

  test('wrong types → string_type / int_type / float_type / bool_type with the offending input', () => {
    const schema = Body({ s: Type.String(), i: Type.Integer(), n: Type.Number(), b: Type.Boolean() });
    const details = check(schema, { s: 5, i: 'x', n: 'y', b: 'true' });
    assert.deepEqual(details, [
      { type: 'string_type', loc: ['body', 's'], msg: 'Input should be a valid string', input: 5 },
      { type: 'int_type', loc: ['body', 'i'], msg: 'Input should be a valid integer', input: 'x' },
      { type: 'float_type', loc: ['body', 'n'], msg: 'Input should be a valid number', input: 'y' },
      { type: 'bool_type', loc: ['body', 'b'], msg: 'Input should be a valid boolean', input: 'true' },
    ]);
  });

  test('a non-integer number for an integer field → int_type', () => {
    const [d, ...rest] = check(Body({ i: Type.Integer() }), { i: 1.5 });
    assert.equal(rest.length, 0);
    assert.equal(d!.type, 'int_type');
    assert.equal(d!.input, 1.5);
  });

  test('a body that is not an object → model_attributes_type at loc [body]', () => {
    const details = check(Body({ a: Type.String() }), ['not', 'an', 'object']);
    assert.equal(details.length, 1);
    assert.equal(details[0]!.type, 'model_attributes_type');
    assert.deepEqual(details[0]!.loc, ['body']);
  });

  test('minLength / maxLength → string_too_short / string_too_long with ctx', () => {
    const schema = Body({ password: Type.String({ minLength: 8 }), name: Type.String({ maxLength: 3 }), one: Type.String({ minLength: 1 }) });
    const details = check(schema, { password: 'short', name: 'toolong', one: '' });
    assert.deepEqual(details, [
      { type: 'string_too_short', loc: ['body', 'password'], msg: 'String should have at least 8 characters', input: 'short', ctx: { min_length: 8 } },
      { type: 'string_too_long', loc: ['body', 'name'], msg: 'String should have at most 3 characters', input: 'toolong', ctx: { max_length: 3 } },
      { type: 'string_too_short', loc: ['body', 'one'], msg: 'String should have at least 1 character', input: '', ctx: { min_length: 1 } },
    ]);
  });

  test('minimum / maximum → greater_than_equal / less_than_equal with ctx', () => {
    const details = check(Body({ lo: Type.Integer({ minimum: 1 }), hi: Type.Integer({ maximum: 10 }) }), { lo: 0, hi: 11 });
    assert.deepEqual(details, [
      { type: 'greater_than_equal', loc: ['body', 'lo'], msg: 'Input should be greater than or equal to 1', input: 0, ctx: { ge: 1 } },
      { type: 'less_than_equal', loc: ['body', 'hi'], msg: 'Input should be less than or equal to 10', input: 11, ctx: { le: 10 } },
    ]);
  });

  test('a StringEnum → type enum listing the allowed values', () => {
    const schema = Body({ mood: StringEnum(['happy', 'sad', 'calm']) });
    const details = check(schema, { mood: 'angry' });
    assert.deepEqual(details, [
      {
        type: 'enum',
        loc: ['body', 'mood'],
        msg: "Input should be 'happy', 'sad' or 'calm'",
        input: 'angry',
        ctx: { expected: "'happy', 'sad' or 'calm'" },
      },
    ]);
    assert.deepEqual(check(schema, { mood: 'calm' }), []);
  });

  test('a StringEnum given a non-string is one enum error (as pydantic), not a type error too', () => {
    const details = check(Body({ mood: StringEnum(['happy', 'sad']) }), { mood: 3 });
    assert.deepEqual(details, [
      { type: 'enum', loc: ['body', 'mood'], msg: "Input should be 'happy' or 'sad'", input: 3, ctx: { expected: "'happy' or 'sad'" } },
    ]);
  });

  test('a Nullable StringEnum: null passes, a bad value is one enum error', () => {
    const schema = Body({ mood: Nullable(StringEnum(['happy', 'sad'])) });
    assert.deepEqual(check(schema, { mood: null }), []);
    for (const bad of ['angry', 7]) {
      const details = check(schema, { mood: bad });
      assert.deepEqual(
        details.map((d) => [d.type, d.loc, d.input]),
        [['enum', ['body', 'mood'], bad]],
        JSON.stringify(details),
      );
    }
  });

  test('a Nullable field with the wrong type is reported once, by the non-null branch', () => {
    const schema = Body({ bio: Nullable(Type.String({ maxLength: 5 })), age: Nullable(Type.Integer()) });
    assert.deepEqual(check(schema, { bio: null, age: null }), []);
    const details = check(schema, { bio: 42, age: 'old' });
    assert.deepEqual(details, [
      { type: 'string_type', loc: ['body', 'bio'], msg: 'Input should be a valid string', input: 42 },
      { type: 'int_type', loc: ['body', 'age'], msg: 'Input should be a valid integer', input: 'old' },
    ]);
    const tooLong = check(schema, { bio: 'much too long', age: 3 });
    assert.deepEqual(
      tooLong.map((d) => [d.type, d.loc]),
      [['string_too_long', ['body', 'bio']]],
    );
  });

  test('nested objects and array indices become loc entries (indices as numbers)', () => {
    const schema = Body({
      answers: Type.Array(Body({ question_id: Type.Integer(), choice: Type.String({ minLength: 1 }) })),
      meta: Body({ source: Body({ app: Type.String() }) }),
    });
    const data = { answers: [{ question_id: 1, choice: 'a' }, { question_id: 'two', choice: '' }, { choice: 'c' }], meta: { source: { app: 7 } } };
    const details = check(schema, data);
    const byLoc = new Map(details.map((d) => [JSON.stringify(d.loc), d]));
    assert.deepEqual(
      [...byLoc.keys()].sort(),
      [
        JSON.stringify(['body', 'answers', 1, 'question_id']),
        JSON.stringify(['body', 'answers', 1, 'choice']),
        JSON.stringify(['body', 'answers', 2, 'question_id']),
        JSON.stringify(['body', 'meta', 'source', 'app']),
      ].sort(),
    );
    const wrongId = byLoc.get(JSON.stringify(['body', 'answers', 1, 'question_id']))!;
    assert.equal(wrongId.type, 'int_type');
    assert.equal(wrongId.input, 'two');
    assert.equal(typeof wrongId.loc[2], 'number');
    const missing = byLoc.get(JSON.stringify(['body', 'answers', 2, 'question_id']))!;
    assert.equal(missing.type, 'missing');
    assert.deepEqual(missing.input, { choice: 'c' });
    assert.equal(byLoc.get(JSON.stringify(['body', 'meta', 'source', 'app']))!.type, 'string_type');
  });

  test('a key containing "/" or "~" keeps its name in loc', () => {
    const details = check(Type.Object({ 'a/b': Type.Integer(), 'c~d': Type.Integer() }), { 'a/b': 'x', 'c~d': 'y' });
    assert.deepEqual(
      details.map((d) => d.loc),
      [
        ['body', 'a/b'],
        ['body', 'c~d'],
      ],
    );
  });

  test('query strings are coerced ("5" → 5) but bodies are not', () => {
    const schema = Type.Object({ n: Type.Integer({ minimum: 1 }), flag: Type.Optional(Type.Boolean()) });
    const query: Record<string, unknown> = { n: '5', flag: 'true' };
    assert.deepEqual(check(schema, query, 'querystring'), []);
    assert.deepEqual(query, { n: 5, flag: true }, 'the query object was coerced in place');

    const body = { n: '5' };
    assert.deepEqual(check(schema, body, 'body'), [{ type: 'int_type', loc: ['body', 'n'], msg: 'Input should be a valid integer', input: '5' }]);
    assert.deepEqual(body, { n: '5' }, 'the body was left alone');
  });

  test('query, path and header errors use loc query / path / header', () => {
    const schema = Type.Object({ n: Type.Integer() });
    assert.deepEqual(check(schema, { n: 'abc' }, 'querystring'), [
      { type: 'int_type', loc: ['query', 'n'], msg: 'Input should be a valid integer', input: 'abc' },
    ]);
    assert.deepEqual(check(schema, {}, 'querystring'), [{ type: 'missing', loc: ['query', 'n'], msg: 'Field required', input: {} }]);
    assert.deepEqual(check(schema, { n: 'x' }, 'params')[0]!.loc, ['path', 'n']);
    assert.deepEqual(check(schema, { n: 'x' }, 'headers')[0]!.loc, ['header', 'n']);
  });

  test('query defaults are applied and unknown body keys are dropped, not errors', () => {
    const q: Record<string, unknown> = {};
    assert.deepEqual(check(Type.Object({ limit: Type.Integer({ default: 20 }) }), q, 'querystring'), []);
    assert.deepEqual(q, { limit: 20 });
    const b: Record<string, unknown> = { a: 'x', is_superuser: true };
    assert.deepEqual(check(Body({ a: Type.String() }), b), []);
    assert.deepEqual(b, { a: 'x' });
  });

  test('very long inputs are truncated in `input`', () => {
    const long = 'x'.repeat(10_000);
    const [d] = check(Body({ s: Type.String({ maxLength: 5 }) }), { s: long });
    assert.equal(d!.type, 'string_too_long');
    assert.equal(typeof d!.input, 'string');
    const shown = d!.input as string;
    assert.ok(shown.length <= 201, `input echoed with ${shown.length} chars`);
    assert.ok(shown.startsWith('xxxxx'));
    assert.ok(shown.endsWith('…'));

    const big = { filler: 'y'.repeat(5000) };
    const [m] = check(Type.Object({ required_field: Type.String(), filler: Type.String() }), big);
    assert.equal(m!.type, 'missing');
    assert.notDeepEqual(m!.input, big);
    assert.ok(JSON.stringify(m!.input).length < 200, 'a large parent object is not echoed');

    const [short] = check(Body({ s: Type.String({ maxLength: 5 }) }), { s: 'abcdefg' });
    assert.equal(short!.input, 'abcdefg', 'short inputs are echoed whole');
  });

  test('the same error from two sources is listed once', () => {
    const errors: ErrorObject[] = [
      { keyword: 'type', instancePath: '/a', schemaPath: '#/properties/a/type', params: { type: 'string' }, message: 'must be string' },
      { keyword: 'type', instancePath: '/a', schemaPath: '#/properties/a/type', params: { type: 'string' }, message: 'must be string' },
    ];
    assert.deepEqual(toValidationDetails(errors, 'body', { a: 1 }), [
      { type: 'string_type', loc: ['body', 'a'], msg: 'Input should be a valid string', input: 1 },
    ]);
  });
});
