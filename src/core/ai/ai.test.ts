// The product-neutral AI port: the local engine answers with the product's rules; the OpenAI-compatible adapter
// sends the product's prompt, validates JSON against the schema and falls back to the local answer on failure.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/helpers/fake-openai.js';
import { AiUnavailableError, localAi, type ChatMessage } from './port.js';
import { extractJson, fitToSchema, openAi } from './openai.js';

const Mood = Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }), label: Type.String() });
const messages: ChatMessage[] = [
  { role: 'system', content: 'You are Maya at the coffee shop.' },
  { role: 'user', content: 'Hi, is this seat free?' },
];
const localReply = (m: ChatMessage[]) => `local reply to ${m.length} messages`;
const localMood = () => ({ score: 3, label: 'neutral' });

describe('local engine', () => {
  test('answers with the product rules, the same every time', async () => {
    const ai = localAi();
    assert.equal(await ai.chat({ messages, local: localReply }), 'local reply to 2 messages');
    assert.deepEqual(await ai.json({ name: 'mood', instruction: 'x', input: 'y', schema: Mood, local: localMood }), { score: 3, label: 'neutral' });
    assert.equal(await ai.transcribe(Buffer.from('x'), 'audio/wav'), '');
  });
});

describe('OpenAI-compatible adapter against a fake server', () => {
  let fake: FakeOpenAi;
  const ai = () => openAi({ baseUrl: fake.url, apiKey: 'test-key', model: 'fake-model', timeoutMs: 500, maxRetries: 0 });
  before(async () => {
    fake = await startFakeOpenAi();
  });
  after(async () => {
    await fake.close();
  });

  test('chat: the prompt carries the product messages and model; the reply is returned trimmed', async () => {
    fake.answer('  Sure, sit down!  ');
    const n = fake.requests.length;
    assert.equal(await ai().chat({ messages, local: localReply, maxTokens: 50 }), 'Sure, sit down!');
    const req = fake.requests[n]!;
    assert.equal(req.path, '/v1/chat/completions');
    assert.equal(req.body.model, 'fake-model');
    assert.equal(req.body.max_tokens, 50);
    assert.deepEqual(req.body.messages, messages);
  });

  test('chat: a server error, a timeout or an empty reply → the local answer; strict → AiUnavailableError', async () => {
    for (const a of [{ status: 500 }, 'hang', ''] as const) {
      fake.answer(a);
      assert.equal(await ai().chat({ messages, local: localReply }), 'local reply to 2 messages', JSON.stringify(a));
    }
    fake.answer({ status: 503 });
    await assert.rejects(ai().chat({ messages, local: localReply, strict: true }), AiUnavailableError);
  });

  test('json: structured output requested with the schema; the answer is validated and converted', async () => {
    fake.answer('{"score": "4", "label": "good", "extra": 1}');
    const n = fake.requests.length;
    assert.deepEqual(await ai().json({ name: 'mood score', instruction: 'Rate the mood', input: { text: 'nice day' }, schema: Mood, local: localMood }), {
      score: 4,
      label: 'good',
    });
    const body = fake.requests[n]!.body;
    const rf = body.response_format as { type: string; json_schema: { name: string; schema: unknown } };
    assert.equal(rf.type, 'json_schema');
    assert.equal(rf.json_schema.name, 'mood_score');
    assert.deepEqual(rf.json_schema.schema, JSON.parse(JSON.stringify(Mood)));
    const msgs = body.messages as ChatMessage[];
    assert.match(msgs[0]!.content, /Rate the mood/);
    assert.equal(msgs[1]!.content, '{"text":"nice day"}');
  });

  test('json: prose around the object is fine; an answer outside the schema or garbage → local', async () => {
    fake.answer('Here you go: ```{"score": 5, "label": "great"}```');
    assert.deepEqual(await ai().json({ name: 'm', instruction: 'i', input: 'x', schema: Mood, local: localMood }), { score: 5, label: 'great' });
    for (const bad of ['{"score": 9, "label": "too high"}', 'no json at all', '{"label": 3}']) {
      fake.answer(bad);
      assert.deepEqual(await ai().json({ name: 'm', instruction: 'i', input: 'x', schema: Mood, local: localMood }), localMood(), bad);
    }
    fake.answer('nothing');
    await assert.rejects(ai().json({ name: 'm', instruction: 'i', input: 'x', schema: Mood, local: localMood, strict: true }), AiUnavailableError);
  });

  test('json: a server without structured output (400) is asked again with the schema in the prompt, once per process', async () => {
    const port = ai();
    fake.answer({ status: 400, body: { error: { message: 'response_format json_schema is not supported' } } }, '{"score": 2, "label": "meh"}');
    const n = fake.requests.length;
    assert.deepEqual(await port.json({ name: 'm', instruction: 'i', input: 'x', schema: Mood, local: localMood }), { score: 2, label: 'meh' });
    assert.ok(fake.requests[n]!.body.response_format);
    assert.equal(fake.requests[n + 1]!.body.response_format, undefined);
    fake.answer('{"score": 1, "label": "bad"}');
    await port.json({ name: 'm', instruction: 'i', input: 'x', schema: Mood, local: localMood });
    assert.equal(fake.requests[n + 2]!.body.response_format, undefined, 'remembered');
  });

  test('extractJson / fitToSchema never throw', () => {
    for (const s of ['', '{', '}{', '{"a":}', 'x'.repeat(1000)]) assert.equal(extractJson(s), undefined);
    for (const v of [null, undefined, 3, 'x', [], { score: 'x' }]) assert.equal(fitToSchema(Mood, v), undefined);
  });
});
