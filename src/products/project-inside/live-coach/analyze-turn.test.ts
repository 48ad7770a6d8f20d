// POST /v1/coach/analyze-turn: the built-in rules (local engine), the AI path against a fake OpenAI-compatible server
// with its fallbacks, bad input, no token, the per-user limit; nothing of the transcript in the log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { captureLogs, startTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../../../test/helpers/fake-openai.js';
import { piCall, piSignup, type PiUser } from '../../../../test/helpers/project-inside.js';
import { expect422 } from '../../../../test/helpers/validation.js';

let local: TestApp;
let withAi: TestApp;
let fake: FakeOpenAi;
const logs: string[] = [];

before(async () => {
  local = await startTestApp({ products: ['project-inside'], jobs: false });
  fake = await startFakeOpenAi();
  const logStream = captureLogs(logs).stream;
  withAi = await startTestApp({
    products: ['project-inside'],
    jobs: false,
    env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test', AI_MODEL: 'fake-model', AI_TIMEOUT_MS: '400', LOG_LEVEL: 'debug' },
    logStream,
  });
});
after(async () => {
  await local.close();
  await withAi.close();
  await fake.close();
});

const analyze = (t: TestApp, u: { token: string } | null, body: unknown) => piCall(t, u, 'POST', '/coach/analyze-turn', body);

/** What the Live Coach screen reads from the answer, and the extras it may ignore. */
const KEYS = ['horseman', 'latency_ms', 'level', 'nudgeText', 'segment_id', 'sentiment', 'source', 'suggestedRephrasing'];
function reading(r: { statusCode: number; body: string; json(): unknown }) {
  assert.equal(r.statusCode, 200, r.body);
  const b = r.json() as Record<string, unknown>;
  assert.ok(['Positive', 'Neutral', 'Negative', 'Hostile'].includes(b.sentiment as string), r.body);
  assert.ok(['None', 'Criticism', 'Contempt', 'Defensiveness', 'Stonewalling'].includes(b.horseman as string), r.body);
  assert.ok(Number.isInteger(b.level) && (b.level as number) >= -5 && (b.level as number) <= 5, r.body);
  assert.ok(Number.isInteger(b.latency_ms) && (b.latency_ms as number) >= 0, r.body);
  for (const k of ['nudgeText', 'suggestedRephrasing'])
    assert.ok(b[k] === null || (typeof b[k] === 'string' && (b[k] as string).length > 0), `${k}: ${r.body}`);
  return b as {
    sentiment: string;
    horseman: string;
    level: number;
    nudgeText: string | null;
    suggestedRephrasing: string | null;
    latency_ms: number;
    segment_id: string | null;
    source: 'ai' | 'rules';
    debug_prompt?: string;
  };
}

/** The body apiService.analyzeTurn builds from the screen's call (history: the last turns, speaker, segment id). */
const appBody = (transcript: string, history: { speaker: string; transcript: string }[] = [], extra: Record<string, unknown> = {}) => ({
  transcript,
  include_history: history.length > 0,
  segment_id: '17',
  ...(history.length ? { history } : {}),
  speaker: 'Alex',
  ...extra,
});

describe('works: the built-in rules (no AI configured)', () => {
  let u: PiUser;
  before(async () => {
    u = await piSignup(local, { tag: 'turn' });
  });

  for (const [name, transcript, want] of [
    ['contempt', 'Honestly, you are pathetic.', { horseman: 'Contempt', sentiment: 'Hostile', level: -5, nudge: true, rephrase: true }],
    ['criticism', 'You never listen to me.', { horseman: 'Criticism', sentiment: 'Negative', level: -3, nudge: true, rephrase: false }],
    ['shouted criticism', 'YOU NEVER LISTEN TO ME!!', { horseman: 'Criticism', sentiment: 'Negative', level: -4, nudge: true, rephrase: true }],
    [
      'defensiveness',
      "That's not my fault, I was only trying to help.",
      { horseman: 'Defensiveness', sentiment: 'Negative', level: -2, nudge: false, rephrase: false },
    ],
    ['stonewalling', "I'm done, leave me alone.", { horseman: 'Stonewalling', sentiment: 'Negative', level: -3, nudge: true, rephrase: false }],
    ['repair', "I'm sorry, you're right. Can we try again together?", { horseman: 'None', sentiment: 'Positive', level: 4, nudge: true, rephrase: false }],
    ['warmth', 'Thank you for cooking tonight.', { horseman: 'None', sentiment: 'Positive', level: 2, nudge: false, rephrase: false }],
    ['neutral', 'The train leaves at six.', { horseman: 'None', sentiment: 'Neutral', level: 0, nudge: false, rephrase: false }],
  ] as const) {
    test(`${name}: ${want.horseman}, ${want.sentiment}, level ${want.level}`, async () => {
      const b = reading(await analyze(local, u, appBody(transcript)));
      assert.deepEqual(Object.keys(b).sort(), KEYS, 'no debug_prompt unless asked');
      assert.equal(b.horseman, want.horseman);
      assert.equal(b.sentiment, want.sentiment);
      assert.equal(b.level, want.level);
      assert.equal(typeof b.nudgeText, want.nudge ? 'string' : 'object', `nudge: ${b.nudgeText}`);
      assert.equal(typeof b.suggestedRephrasing, want.rephrase ? 'string' : 'object', `rephrasing: ${b.suggestedRephrasing}`);
      assert.equal(b.source, 'rules');
      assert.equal(b.segment_id, '17');
    });
  }

  test('the smallest body the app sends (transcript and include_history): segment_id null', async () => {
    const b = reading(await analyze(local, u, { transcript: 'See you at home.', include_history: false }));
    assert.equal(b.segment_id, null);
    assert.equal(b.horseman, 'None');
    const bare = reading(await analyze(local, u, { transcript: 'See you at home.' }));
    assert.equal(bare.segment_id, null, 'include_history is optional too');
  });

  test('debug: true answers the prompt, with the history when include_history is true', async () => {
    const history = [
      { speaker: 'Sam', transcript: 'You forgot the tickets again.' },
      { speaker: 'Alex', transcript: 'I had a long day.' },
    ];
    const b = reading(await analyze(local, u, appBody('Can we talk about it calmly?', history, { debug: true })));
    assert.equal(typeof b.debug_prompt, 'string');
    assert.match(
      b.debug_prompt!,
      /Sam: You forgot the tickets again\.[\s\S]*Alex: I had a long day\.[\s\S]*speaker: Alex\)[\s\S]*Can we talk about it calmly\?/,
    );
    const noHistory = reading(await analyze(local, u, { ...appBody('Can we talk?', history, { debug: true }), include_history: false }));
    assert.doesNotMatch(noHistory.debug_prompt!, /forgot the tickets/, 'history is context only with include_history');
    assert.match(noHistory.debug_prompt!, /Unknown speaker|speaker: Alex/);
  });
});

describe('works: the AI reads the turn (fake OpenAI-compatible server)', () => {
  let u: PiUser;
  before(async () => {
    u = await piSignup(withAi, { tag: 'turn-ai' });
  });
  const chats = () =>
    fake.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as { model: string; messages: { content: string }[] });

  test("the AI's reading, source ai; the prompt carries the transcript, the speaker and the recent turns", async () => {
    fake.answer(
      JSON.stringify({
        sentiment: 'Negative',
        horseman: 'Criticism',
        level: -4,
        nudgeText: 'Name the behaviour, not the person.',
        suggestedRephrasing: 'When the dishes pile up I feel alone with them. Could we split them tonight?',
      }),
    );
    const before = chats().length;
    const history = Array.from({ length: 10 }, (_, i) => ({ speaker: i % 2 ? 'Alex' : 'Sam', transcript: `earlier turn number ${i}` }));
    const b = reading(await analyze(withAi, u, appBody('You are so lazy about the dishes.', history, { speaker: 'Sam' })));
    assert.equal(b.source, 'ai');
    assert.equal(b.horseman, 'Criticism');
    assert.equal(b.sentiment, 'Negative');
    assert.equal(b.level, -4);
    assert.equal(b.nudgeText, 'Name the behaviour, not the person.');
    assert.match(b.suggestedRephrasing!, /split them tonight/);
    assert.equal(b.segment_id, '17');
    assert.equal(b.debug_prompt, undefined);
    assert.equal(chats().length, before + 1, 'one call to the AI');
    const req = chats().at(-1)!;
    assert.equal(req.model, 'fake-model');
    const prompt = req.messages.map((m) => m.content).join('\n');
    assert.match(prompt, /You are so lazy about the dishes\./);
    assert.match(prompt, /speaker: Sam/);
    assert.match(prompt, /Sam: earlier turn number 0[\s\S]*Alex: earlier turn number 9/, 'the recent turns, oldest first');
    assert.match(prompt, /Criticism[\s\S]*Contempt[\s\S]*Defensiveness[\s\S]*Stonewalling/);
  });

  test("the product's rules apply to the AI's reading: no nudge or rephrasing for a mild turn, the built-in ones for a strong one", async () => {
    fake.answer(JSON.stringify({ sentiment: 'Negative', horseman: 'None', level: -1, nudgeText: 'Calm down!', suggestedRephrasing: 'Say it nicer.' }));
    const mild = reading(await analyze(withAi, u, appBody('Ugh, the bus is late again.')));
    assert.equal(mild.source, 'ai');
    assert.equal(mild.level, -1);
    assert.equal(mild.nudgeText, null);
    assert.equal(mild.suggestedRephrasing, null);
    fake.answer(JSON.stringify({ sentiment: 'Hostile', horseman: 'Contempt', level: -5 }));
    const strong = reading(await analyze(withAi, u, appBody('Oh please, as if you could ever understand.')));
    assert.equal(strong.source, 'ai');
    assert.equal(strong.horseman, 'Contempt');
    assert.equal(typeof strong.nudgeText, 'string');
    assert.equal(typeof strong.suggestedRephrasing, 'string');
  });

  test('debug_prompt is what the AI was asked', async () => {
    fake.answer(JSON.stringify({ sentiment: 'Positive', horseman: 'None', level: 3 }));
    const b = reading(
      await analyze(withAi, u, appBody('I hear you, that makes sense.', [{ speaker: 'Sam', transcript: 'I felt left out.' }], { debug: true })),
    );
    const prompt = chats()
      .at(-1)!
      .messages.map((m) => m.content)
      .join('\n');
    assert.ok(prompt.includes(b.debug_prompt!.split('\n\n').at(-1)!), 'the turn part of debug_prompt was sent');
    assert.match(b.debug_prompt!, /Sam: I felt left out\./);
  });

  for (const [name, answers] of [
    ['a server error', [{ status: 500 }]],
    ['a timeout', ['hang']],
    ['prose instead of JSON', ['I think this turn is fine, nothing to worry about.']],
    ['JSON of the wrong shape', [JSON.stringify({ sentiment: 'Furious', horseman: 'Sarcasm', level: 'very low' })]],
    ['a level out of range', [JSON.stringify({ sentiment: 'Hostile', horseman: 'Contempt', level: -9 })]],
  ] as const) {
    test(`${name} → the built-in rules answer (200, source rules), never a 5xx`, async () => {
      fake.answer(...answers);
      const b = reading(await analyze(withAi, u, appBody('You never listen to me.')));
      assert.equal(b.source, 'rules');
      assert.equal(b.horseman, 'Criticism');
      assert.equal(b.level, -3);
    });
  }

  test('the transcript and the history never reach the log, whatever the AI did', async () => {
    const marker = `Marker${randomBytes(6).toString('hex')}`;
    fake.answer({ status: 500 }, 'garbage', JSON.stringify({ sentiment: 'Neutral', horseman: 'None', level: 0 }));
    for (let i = 0; i < 3; i++) {
      reading(await analyze(withAi, u, appBody(`you always ${marker} turn`, [{ speaker: 'Sam', transcript: `history ${marker}` }], { debug: i === 2 })));
    }
    const bad = await analyze(withAi, u, { transcript: `${marker}`.repeat(600) });
    assert.equal(bad.statusCode, 422);
    await new Promise((r) => setImmediate(r));
    assert.match(logs.join(''), /project_inside_analyze_turn/, 'the fallback was logged (by task name)');
    assert.ok(!logs.join('').includes(marker), 'no transcript text in the log');
  });
});

describe('rejects bad input: 422 naming the field', () => {
  let u: PiUser;
  before(async () => {
    u = await piSignup(local, { tag: 'turn-bad' });
  });
  const manyTurns = (n: number) => Array.from({ length: n }, () => ({ speaker: 'Sam', transcript: 'hi' }));
  for (const [payload, loc, prefix] of [
    [{}, ['body', 'transcript']],
    [{ transcript: '' }, ['body', 'transcript']],
    [{ transcript: '   \n ' }, ['body', 'transcript']],
    [{ transcript: 'x'.repeat(4001) }, ['body', 'transcript']],
    [{ transcript: 42 }, ['body', 'transcript']],
    [{ transcript: ['hi'] }, ['body', 'transcript']],
    [{ transcript: 'hi', include_history: 'yes' }, ['body', 'include_history']],
    [{ transcript: 'hi', debug: 1 }, ['body', 'debug']],
    [{ transcript: 'hi', speaker: 7 }, ['body', 'speaker']],
    [{ transcript: 'hi', speaker: 'x'.repeat(101) }, ['body', 'speaker']],
    [{ transcript: 'hi', segment_id: 17 }, ['body', 'segment_id']],
    [{ transcript: 'hi', segment_id: 's'.repeat(129) }, ['body', 'segment_id']],
    [{ transcript: 'hi', include_history: true, history: 'Sam: hi' }, ['body', 'history']],
    [{ transcript: 'hi', include_history: true, history: manyTurns(51) }, ['body', 'history']],
    [{ transcript: 'hi', include_history: true, history: [{ speaker: 'Sam' }] }, ['body', 'history'], true],
    [{ transcript: 'hi', include_history: true, history: [{ speaker: 'Sam', transcript: 'y'.repeat(4001) }] }, ['body', 'history'], true],
  ] as const) {
    test(`${JSON.stringify(payload).slice(0, 90)} → 422 at ${loc.join('.')}`, async () => {
      expect422(await analyze(local, u, payload), [...loc], { prefix: Boolean(prefix) });
    });
  }

  test('a history of 50 turns (the most allowed) is fine', async () => {
    reading(await analyze(local, u, { transcript: 'hi', include_history: true, history: manyTurns(50) }));
  });
});

describe('refuses the wrong caller', () => {
  test('401 without a token, or with a malformed one', async () => {
    const none = await analyze(local, null, { transcript: 'hello' });
    assert.equal(none.statusCode, 401, none.body);
    assert.equal(typeof none.json().detail, 'string');
    const bad = await analyze(local, { token: 'not-a-token' }, { transcript: 'hello' });
    assert.equal(bad.statusCode, 401, bad.body);
  });
});

describe('per-user limit', () => {
  test('429 with Retry-After past PROJECT_INSIDE_RATE_LIMIT_ANALYZE_TURNS_PER_USER; another user has a bucket of their own', async () => {
    const limited = await startTestApp({
      products: ['project-inside'],
      jobs: false,
      env: { RATE_LIMIT_SCALE: '1', PROJECT_INSIDE_RATE_LIMIT_ANALYZE_TURNS_PER_USER: '3/60' },
    });
    try {
      const me = await piSignup(limited, { tag: 'turn-limit' });
      for (let i = 0; i < 3; i++) reading(await analyze(limited, me, { transcript: `turn ${i}` }));
      const over = await analyze(limited, me, { transcript: 'one more' });
      assert.equal(over.statusCode, 429, over.body);
      const retry = Number(over.headers['retry-after']);
      assert.ok(retry >= 1 && retry <= 60, `retry-after ${over.headers['retry-after']}`);
      assert.equal(typeof over.json().detail, 'string');
      const other = await piSignup(limited, { tag: 'turn-limit' });
      reading(await analyze(limited, other, { transcript: 'my first turn' }));
    } finally {
      await limited.close();
    }
  });
});
