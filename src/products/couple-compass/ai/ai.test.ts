// Couple Compass's AI: its own local rules (deterministic, offline), and the same features against a fake
// OpenAI-compatible server — the server's answers used (cleaned), its failures answered by the local rules.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { callAs, signUp, type TestUser } from '../../../../test/helpers/accounts.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../../../test/helpers/fake-openai.js';
import { analyzeLocally, clampSentiment, cleanThemes, conversationSummary, mediationReply } from './local-rules.js';

const P = '/couple-compass/api/v1';

describe('local rules', () => {
  test('sentiment from the words, negation flips, themes by keyword count', () => {
    assert.deepEqual(analyzeLocally(''), { sentiment: 3, themes: [] });
    assert.ok(analyzeLocally('I feel so happy and grateful, a wonderful evening').sentiment >= 4);
    assert.ok(analyzeLocally('I feel sad, lonely and angry after the fight').sentiment <= 2);
    assert.equal(analyzeLocally('I am not happy').sentiment, 1);
    assert.deepEqual(analyzeLocally('a trip with the kids').themes, ['family', 'quality_time']);
  });

  test('the same messages give the same reply; its tip follows the main theme', () => {
    const m = [{ role: 'user' as const, content: 'We argued about money and bills again' }];
    assert.equal(mediationReply(m), mediationReply([...m]));
    assert.match(mediationReply(m), /money talk/);
    assert.match(mediationReply([]), /next step/);
  });

  test("an engine's answer is clamped and cleaned", () => {
    assert.equal(clampSentiment(9), 5);
    assert.equal(clampSentiment('2.4'), 2);
    assert.equal(clampSentiment('x'), 3);
    assert.deepEqual(cleanThemes([' Trust', 'trust', 7, '', 'money', 'a', 'b']), ['trust', 'money', 'a']);
    assert.equal(conversationSummary(['I love our walks together']), '1 messages about quality time; overall tone positive.');
  });
});

describe('against an OpenAI-compatible server', () => {
  let t: TestApp;
  let fake: FakeOpenAi;
  let u: TestUser;
  before(async () => {
    fake = await startFakeOpenAi();
    t = await startTestApp({
      products: ['couple-compass'],
      env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test', AI_MODEL: 'fake-model', AI_TIMEOUT_MS: '400' },
    });
    u = await signUp(t, { url: `${P}/auth/signup`, payload: { name: 'Kim' }, tag: 'cc-ai' });
  });
  after(async () => {
    await t.close();
    await fake.close();
  });

  const session = async () => {
    const r = await callAs(t, u, 'POST', `${P}/chat/sessions`, { title: 'Talk' });
    assert.equal(r.statusCode, 201, r.body);
    return r.json().id as string;
  };

  test("chat: the server's reply with confidence 0.85; a failing server → the local reply with 0.3", async () => {
    const id = await session();
    fake.answer('Let us slow down and listen to each other.');
    const ok = await callAs(t, u, 'POST', `${P}/chat/sessions/${id}/messages`, { content: 'We keep arguing about chores' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().ai_response.content, 'Let us slow down and listen to each other.');
    assert.equal(ok.json().confidence_score, 0.85);
    const system = (fake.requests.at(-1)!.body.messages as { role: string; content: string }[])[0]!;
    assert.equal(system.role, 'system');
    assert.match(system.content, /mediator/);

    fake.answer({ status: 400 });
    const down = await callAs(t, u, 'POST', `${P}/chat/sessions/${id}/messages`, { content: 'We argued about money and bills again' });
    assert.equal(down.statusCode, 200, down.body);
    assert.equal(down.json().confidence_score, 0.3);
    assert.match(down.json().ai_response.content, /money talk/);
  });

  test("summary: the server's JSON answer; an unusable one → the local summary", async () => {
    const id = await session();
    fake.answer({ status: 400 });
    await callAs(t, u, 'POST', `${P}/chat/sessions/${id}/messages`, { content: 'I love our walks together' });
    fake.answer('{"summary": "  You both enjoy walking together.  "}');
    const ok = await callAs(t, u, 'POST', `${P}/chat/sessions/${id}/summary`);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().summary, 'You both enjoy walking together.');
    fake.answer('no JSON here');
    const local = await callAs(t, u, 'POST', `${P}/chat/sessions/${id}/summary`);
    assert.equal(local.statusCode, 200, local.body);
    assert.equal(local.json().summary, '1 messages about quality time; overall tone positive.');
  });

  test("journal analysis: the server's answer, clamped and cleaned, is stored", async () => {
    fake.answer('{"sentiment": 9, "themes": [" Trust", "trust", "Money"]}');
    const w = await callAs(t, u, 'POST', `${P}/journals`, { content: 'A quiet day.' });
    assert.equal(w.statusCode, 201, w.body);
    let j = w.json() as { id: string; sentiment_score: number | null; themes: string[] | null };
    for (let i = 0; i < 200 && j.sentiment_score === null; i++) {
      await sleep(50);
      j = (await callAs(t, u, 'GET', `${P}/journals/${j.id}`)).json();
    }
    assert.equal(j.sentiment_score, 5);
    assert.deepEqual(j.themes, ['trust', 'money']);
  });
});
