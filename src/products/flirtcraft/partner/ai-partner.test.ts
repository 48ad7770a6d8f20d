// The AI partner against a fake OpenAI-compatible server: the prompts carry scenario, persona and history; server
// errors, timeouts and unusable answers fall back to the local engine (never a 5xx).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq } from 'drizzle-orm';
import type { TestApp } from '../../../../test/helpers/app.js';
import { callAs } from '../../../../test/helpers/accounts.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../../../test/helpers/fake-openai.js';
import { P, envelopeError, onboardedUser, startFlirtcraft, type FcUser } from '../../../../test/helpers/flirtcraft.js';
import { events } from '../db.js';

let t: TestApp;
let fake: FakeOpenAi;
before(async () => {
  fake = await startFakeOpenAi();
  t = await startFlirtcraft({ env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test', AI_MODEL: 'fake-model', AI_TIMEOUT_MS: '400' } });
});
after(async () => {
  await t.close();
  await fake.close();
});

const CHARACTER = {
  name: 'Aurora',
  age: 27,
  appearance: 'A 27-year-old woman with a green scarf and round glasses',
  body_language: 'Neutral posture, glancing at her phone',
  current_activity: 'browsing the poetry shelf',
  personality_traits: ['witty', 'curious'],
  conversation_interests: ['poetry', 'travel'],
  approach_style: 'Polite, warms up to curiosity',
  conversation_starters: ['What are you reading?', 'Is this section any good?', 'Do you know this poet?'],
  character_background: 'Aurora is a librarian on her day off',
};

const FEEDBACK = {
  overall_score: 91,
  strengths: ['Great use of the poetry shelf'],
  areas_for_improvement: ['Share a story about yourself'],
  specific_suggestions: [{ message: 'Hi', feedback: 'Open with an observation' }],
  conversation_flow_score: 88,
  confidence_level_score: 85,
  engagement_score: 93,
  next_practice_focus: 'Storytelling',
  encouragement: 'Lovely work!',
};

const chatBodies = () =>
  fake.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as { messages: { role: string; content: string }[]; model: string });
const lastChat = () => chatBodies().at(-1)!;
const aiEvents = async (u: FcUser) =>
  (
    await t.runtime.db.dz
      .select()
      .from(events)
      .where(and(eq(events.userId, u.id), eq(events.eventType, 'ai_call')))
      .orderBy(asc(events.createdAt))
  ).map((e) => e.data as { task: string; fallback: boolean; engine: string });

async function startBookstore(u: FcUser) {
  fake.answer(JSON.stringify(CHARACTER));
  const r = await callAs(t, u, 'POST', `${P}/conversations`, { scenario_type: 'bookstore', difficulty_level: 'yellow' });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().data as { id: string; ai_character_context: typeof CHARACTER & { environment: string } };
}

describe('works with a real engine', () => {
  test('the character comes from the AI; the prompt names the scenario, difficulty and preferences', async () => {
    const u = await onboardedUser(t);
    const c = await startBookstore(u);
    assert.equal(c.ai_character_context.name, 'Aurora');
    assert.equal(c.ai_character_context.current_activity, 'browsing the poetry shelf');
    assert.match(c.ai_character_context.environment, /bookstore/i, 'the place comes from the catalogue');
    const req = lastChat();
    assert.equal(req.model, 'fake-model');
    const prompt = req.messages.map((m) => m.content).join('\n');
    assert.match(prompt, /Bookstores & Libraries/);
    assert.match(prompt, /yellow/);
    assert.match(prompt, /Create a woman/);
    assert.match(prompt, /between 22 and 30/);
  });

  test('a turn: the prompt carries persona, scenario and the whole history; brackets become body language', async () => {
    const u = await onboardedUser(t);
    const c = await startBookstore(u);
    fake.answer('[smiles and closes the book] Oh, hi! Poetry, mostly. Do you read much?');
    const first = await callAs(t, u, 'POST', `${P}/conversations/${c.id}/messages`, { content: 'Hi! What are you reading over there?' });
    assert.equal(first.statusCode, 200, first.body);
    const ai = first.json().data.ai_response;
    assert.equal(ai.content, 'Oh, hi! Poetry, mostly. Do you read much?');
    assert.equal(ai.ai_body_language, 'smiles and closes the book');
    assert.ok(ai.ai_receptiveness);

    fake.answer('Aurora: *laughs* "Rilke is my favourite."');
    const second = await callAs(t, u, 'POST', `${P}/conversations/${c.id}/messages`, { content: 'I love Rilke, his letters got me through university.' });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().data.ai_response.content, 'Rilke is my favourite.');
    assert.equal(second.json().data.ai_response.body_language, 'laughs');

    const { messages } = lastChat();
    assert.equal(messages[0]!.role, 'system');
    const system = messages[0]!.content;
    for (const part of [
      'You are Aurora, 27',
      'Bookstores & Libraries',
      'browsing the poetry shelf',
      'witty, curious',
      'poetry, travel',
      'librarian',
      'Difficulty yellow',
      'square brackets',
    ])
      assert.ok(system.includes(part), part);
    assert.deepEqual(
      messages.slice(1).map((m) => [m.role, m.content]),
      [
        ['user', 'Hi! What are you reading over there?'],
        ['assistant', '[smiles and closes the book] Oh, hi! Poetry, mostly. Do you read much?'],
        ['user', 'I love Rilke, his letters got me through university.'],
      ],
    );

    fake.answer(JSON.stringify(FEEDBACK));
    const end = await callAs(t, u, 'POST', `${P}/conversations/${c.id}/end`);
    assert.equal(end.statusCode, 200, end.body);
    const f = end.json().data.feedback;
    assert.equal(f.overall_score, 91);
    assert.equal(f.tier, 'gold');
    assert.deepEqual(f.strengths, ['Great use of the poetry shelf']);
    assert.ok(Number.isInteger(f.storytelling_score), 'metrics the AI left out come from the local scorer');
    const feedbackPrompt = lastChat()
      .messages.map((m) => m.content)
      .join('\n');
    assert.match(feedbackPrompt, /User: I love Rilke/);
    assert.match(feedbackPrompt, /Partner: Rilke is my favourite/);
    assert.ok((await aiEvents(u)).every((e) => e.engine === 'openai' && e.fallback === false));
  });
});

describe('falls back, never a 5xx', () => {
  test('500s, a timeout, garbage and off-schema JSON → the local engine answers', async () => {
    const u = await onboardedUser(t);
    fake.answer({ status: 500 });
    const s = await callAs(t, u, 'POST', `${P}/conversations`, { scenario_type: 'park', difficulty_level: 'green' });
    assert.equal(s.statusCode, 200, s.body);
    const c = s.json().data;
    assert.ok(c.ai_character_context.name.length > 0, 'a local character');

    fake.answer({ status: 503, body: { error: { message: 'overloaded' } } });
    const m1 = await callAs(t, u, 'POST', `${P}/conversations/${c.id}/messages`, { content: 'Your dog is adorable! What breed is it?' });
    assert.equal(m1.statusCode, 200, m1.body);
    assert.ok(m1.json().data.ai_response.content.length > 0);
    assert.ok(m1.json().data.ai_response.ai_body_language);

    fake.answer('hang');
    const t0 = Date.now();
    const m2 = await callAs(t, u, 'POST', `${P}/conversations/${c.id}/messages`, { content: 'I walk here every evening, the pond is lovely.' });
    assert.equal(m2.statusCode, 200, m2.body);
    assert.ok(Date.now() - t0 < 15_000);

    fake.answer('[shrugs]');
    const m3 = await callAs(t, u, 'POST', `${P}/conversations/${c.id}/messages`, { content: 'Do you come here often?' });
    assert.equal(m3.json().data.ai_response.content, "That's interesting! Tell me more about that.", 'a gesture alone → the canned line');
    assert.equal(m3.json().data.ai_response.ai_body_language, 'shrugs');

    fake.answer('Sure! Here is my feedback: overall pretty good, 8/10.');
    const end = await callAs(t, u, 'POST', `${P}/conversations/${c.id}/end`);
    assert.equal(end.statusCode, 200, end.body);
    const local = end.json().data.feedback;
    assert.ok(local.overall_score >= 0 && local.overall_score <= 100);
    assert.notEqual(local.strengths[0], undefined);

    const u2 = await onboardedUser(t);
    const c2 = await startBookstore(u2);
    fake.answer('Hello there.');
    await callAs(t, u2, 'POST', `${P}/conversations/${c2.id}/messages`, { content: 'Hi, is this the poetry section?' });
    fake.answer(JSON.stringify({ ...FEEDBACK, overall_score: 250, strengths: 'not a list' }));
    const end2 = await callAs(t, u2, 'PUT', `${P}/conversations/${c2.id}/complete`);
    assert.equal(end2.statusCode, 200, end2.body);
    assert.ok(end2.json().data.feedback.overall_score <= 100, 'an off-schema answer is not used');

    const ev = await aiEvents(u);
    assert.deepEqual(
      ev.map((e) => [e.task, e.fallback]),
      [
        ['character', true],
        ['reply', true],
        ['reply', true],
        ['reply', false],
        ['feedback', true],
      ],
    );
  });

  test('the AI-cost limit per user answers 429 before any AI call', async () => {
    const lt = await startFlirtcraft({
      env: {
        OPENAI_BASE_URL: fake.url,
        OPENAI_API_KEY: 'sk-test',
        RATE_LIMIT_SCALE: '1',
        FLIRTCRAFT_RATE_LIMIT_AI_REQUESTS_PER_USER: '2/3600',
        RATE_LIMIT_USER_MAX: '1000',
      },
    });
    try {
      // Real limits (scale 1) on a rate-limit store other test files share: sign up from an address of its own.
      const u = await onboardedUser(lt, { remoteAddress: `10.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7` });
      fake.answer(JSON.stringify(CHARACTER));
      for (let i = 0; i < 2; i++)
        assert.equal((await callAs(lt, u, 'POST', `${P}/scenarios/bookstore/context`, { difficulty_level: 'green' })).statusCode, 200);
      const before = fake.requests.length;
      const r = envelopeError(
        await callAs(lt, u, 'POST', `${P}/conversations/context`, { scenario_type: 'park', difficulty_level: 'green' }),
        429,
        'rate_limited',
      );
      assert.ok(r.error.message.length > 0);
      assert.equal(fake.requests.length, before);
    } finally {
      await lt.close();
    }
  });
});
