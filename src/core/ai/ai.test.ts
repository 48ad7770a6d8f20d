// AI port: the deterministic local engine (examples + properties) and the OpenAI-compatible adapter against a fake server.
import { test, before, after, beforeEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { APIConnectionTimeoutError, APIError } from 'openai';
import { analyzeLocally, localEngine } from './local.js';
import { extractJson, openAiEngine } from './openai.js';
import { clampSentiment, cleanThemes, type ChatMessage, type TextAnalysis } from './port.js';

const ALL_THEMES = ['communication', 'conflict', 'trust', 'intimacy', 'quality_time', 'gratitude', 'stress', 'family', 'finances', 'health'];
const LEXICON = [
  'love', 'happy', 'grateful', 'calm', 'together', 'kiss', 'hug', 'talked', 'listened', 'dinner', 'trust',
  'sad', 'angry', 'fight', 'argued', 'lonely', 'stressed', 'work', 'money', 'family', 'sick', 'lied',
  'not', "don't", 'never', 'no', 'the', 'we', 'i', 'and', 'today', 'very', 'feel',
];

function assertWellFormed(a: TextAnalysis) {
  assert.ok(Number.isInteger(a.sentiment), `sentiment ${a.sentiment} is an integer`);
  assert.ok(a.sentiment >= 1 && a.sentiment <= 5, `sentiment ${a.sentiment} within 1..5`);
  assert.ok(a.themes.length <= 3, `at most 3 themes: ${a.themes.join(',')}`);
  assert.equal(new Set(a.themes).size, a.themes.length, 'themes are unique');
  for (const t of a.themes) assert.ok(ALL_THEMES.includes(t), `known theme ${t}`);
}

/** Free text: arbitrary unicode strings and sentences made of lexicon words (so sentiment and themes actually vary). */
const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.array(fc.constantFrom(...LEXICON), { maxLength: 40 }).map((w) => w.join(' ')),
  fc
    .array(fc.tuple(fc.constantFrom(...LEXICON), fc.constantFrom(' ', ', ', '. ', '!', '?\n', ' - ', "'")), { maxLength: 30 })
    .map((parts) => parts.map(([w, sep]) => (w.length % 2 ? w.toUpperCase() : w) + sep).join('')),
);

describe('local engine: analyzeText examples', () => {
  test('empty or wordless text is neutral with no themes', () => {
    assert.deepEqual(analyzeLocally(''), { sentiment: 3, themes: [] });
    assert.deepEqual(analyzeLocally('   \n\t '), { sentiment: 3, themes: [] });
    assert.deepEqual(analyzeLocally('12345 !!! ??? 😀'), { sentiment: 3, themes: [] });
  });

  test('negative text scores lower than positive text', () => {
    const neg = analyzeLocally('I feel sad, lonely and angry. We had a terrible fight and I cried.');
    const pos = analyzeLocally('I feel so happy and grateful. We had a wonderful, calm evening and I love him.');
    assert.equal(neg.sentiment, 1);
    assert.equal(pos.sentiment, 5);
    assert.ok(neg.sentiment < pos.sentiment);
  });

  test('mixed text lands in between', () => {
    const mixed = analyzeLocally('happy happy happy sad');
    assert.equal(mixed.sentiment, 4); // 3 + 2 * (3 - 1) / 4 = 4
    assert.equal(analyzeLocally('happy sad').sentiment, 3);
    assert.equal(analyzeLocally('sad sad sad happy').sentiment, 2);
  });

  test('negators flip the word that follows (within two words)', () => {
    assert.equal(analyzeLocally('I am not happy').sentiment, 1);
    assert.equal(analyzeLocally("I don't feel sad").sentiment, 5);
    assert.equal(analyzeLocally('never really happy').sentiment, 1);
    // Three words away: no longer negated.
    assert.equal(analyzeLocally('not at all very happy').sentiment, 5);
  });

  test('case and punctuation do not matter', () => {
    assert.deepEqual(analyzeLocally('LOVE, love! Love?'), analyzeLocally('love love love'));
  });

  test('themes are ranked by count, ties by name, at most 3', () => {
    const a = analyzeLocally('We talked and talked and listened over dinner together; then money and bills, then the doctor. Work too.');
    // communication 3, finances 2, quality_time 2, health 1, stress 1
    assert.deepEqual(a.themes, ['communication', 'finances', 'quality_time']);
    assert.deepEqual(analyzeLocally('a trip with the kids').themes, ['family', 'quality_time']);
    assert.deepEqual(analyzeLocally('we argued').themes, ['conflict']);
  });

  test('a sentence touching every theme still yields exactly 3', () => {
    const all = 'talk fight trust kiss dinner grateful work family money sleep';
    const a = analyzeLocally(all);
    assert.equal(a.themes.length, 3);
    assertWellFormed(a);
  });
});

describe('local engine: properties over arbitrary text', () => {
  test('sentiment is always an integer 1..5 and there are at most 3 known, unique themes', () => {
    fc.assert(
      fc.property(text, (s) => {
        assertWellFormed(analyzeLocally(s));
      }),
      { numRuns: 500 },
    );
  });

  test('deterministic: the same input gives the same output (and does not depend on earlier calls)', async () => {
    const engine = localEngine();
    await fc.assert(
      fc.asyncProperty(text, text, async (s, other) => {
        const first = analyzeLocally(s);
        analyzeLocally(other);
        assert.deepEqual(analyzeLocally(s), first);
        assert.deepEqual(await engine.analyzeText(s), first);
        assert.deepEqual(await localEngine().analyzeText(s), first);
        const msgs: ChatMessage[] = [{ role: 'user', content: s }];
        assert.equal(await engine.chat(msgs), await localEngine().chat(msgs));
      }),
      { numRuns: 300 },
    );
  });

  test('adding a positive remark never lowers the sentiment; adding a negative one never raises it', () => {
    fc.assert(
      fc.property(text, (s) => {
        const base = analyzeLocally(s).sentiment;
        assert.ok(analyzeLocally(`${s} . i feel happy`).sentiment >= base);
        assert.ok(analyzeLocally(`${s} . i feel sad`).sentiment <= base);
      }),
      { numRuns: 300 },
    );
  });

  test('feedback scores every rubric item with an integer 1..10 and an overall within bounds', async () => {
    const engine = localEngine();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ role: fc.constantFrom('user' as const, 'assistant' as const), content: text }), { maxLength: 8 }),
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 6 }),
        async (transcript, rubric) => {
          const f = await engine.feedback({ transcript, rubric });
          assert.deepEqual(Object.keys(f.scores).sort(), [...rubric].sort());
          for (const v of Object.values(f.scores)) assert.ok(Number.isInteger(v) && v >= 1 && v <= 10, `score ${v}`);
          assert.ok(f.overall >= 1 && f.overall <= 10, `overall ${f.overall}`);
          assert.equal(f.suggestions.length, 3);
          assert.deepEqual(await engine.feedback({ transcript, rubric }), f);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('local engine: chat, feedback, transcribe, json', () => {
  test('chat answers the last user message with a tip for its main theme', async () => {
    const engine = localEngine();
    assert.equal(engine.kind, 'local');
    const reply = await engine.chat([
      { role: 'system', content: 'be kind' },
      { role: 'user', content: 'We had an awful fight about money' },
      { role: 'assistant', content: 'Tell me more.' },
      { role: 'user', content: 'We argued and yelled again' },
    ]);
    assert.match(reply, /20-minute pause/); // the conflict suggestion
    assert.ok(['That seems frustrating. Let\'s look at it together.', 'It sounds like something is weighing on you.', 'That sounds really hard. It makes sense that you feel this way.', "I'm sorry you're going through this. Your feelings are valid."].some((o) => reply.startsWith(o)), reply);
  });

  test('chat without a user message or theme asks for a next step', async () => {
    const reply = await localEngine().chat([]);
    assert.match(reply, /What would feel like a good next step for you\?$/);
  });

  test('feedback counts only the user side and reports the tone', async () => {
    const f = await localEngine().feedback({
      transcript: [
        { role: 'assistant', content: 'Hi! I hate mondays, terrible, awful.' },
        { role: 'user', content: 'Hi there, what did you enjoy most about your weekend trip?' },
        { role: 'user', content: 'That sounds wonderful, how was the food?' },
      ],
      rubric: ['curiosity', 'warmth'],
    });
    assert.equal(f.summary, 'You sent 2 messages with an overall positive tone.');
    assert.equal(f.suggestions[0], 'Good use of questions — keep following up on the answers.');
    assert.equal(f.suggestions[2], 'Your tone comes across warm.');
    assert.deepEqual(Object.keys(f.scores), ['curiosity', 'warmth']);
  });

  test('feedback with no user messages and an empty rubric', async () => {
    const f = await localEngine().feedback({ transcript: [{ role: 'assistant', content: 'hello?' }], rubric: [] });
    assert.deepEqual(f.scores, {});
    assert.equal(f.summary, 'You sent 0 messages with an overall neutral tone.');
    assert.ok(Number.isInteger(f.overall) && f.overall >= 1 && f.overall <= 10);
  });

  test('transcribe returns an empty string and json returns the fallback', async () => {
    const engine = localEngine();
    assert.equal(await engine.transcribe(Buffer.from('audio'), 'audio/webm'), '');
    const fallback = { plan: ['a', 'b'] };
    assert.equal(await engine.json('make a plan', { x: 1 }, fallback), fallback);
  });
});

describe('port helpers', () => {
  test('clampSentiment rounds, clamps and defaults to neutral', () => {
    assert.equal(clampSentiment(9), 5);
    assert.equal(clampSentiment(-3), 1);
    assert.equal(clampSentiment(0), 1);
    assert.equal(clampSentiment(3.6), 4);
    assert.equal(clampSentiment('2'), 2);
    assert.equal(clampSentiment('bad'), 3);
    assert.equal(clampSentiment(Number.NaN), 3);
    assert.equal(clampSentiment(Number.POSITIVE_INFINITY), 3);
    assert.equal(clampSentiment(undefined), 3);
  });

  test('cleanThemes keeps up to 3 trimmed, lower-cased, unique, non-empty strings', () => {
    assert.deepEqual(cleanThemes([' Trust ', 'trust', '', 42, null, 'Work', 'Family', 'money']), ['trust', 'work', 'family']);
    assert.deepEqual(cleanThemes('trust'), []);
    assert.deepEqual(cleanThemes(undefined), []);
    assert.equal(cleanThemes(['x'.repeat(80)])[0]!.length, 50);
  });

  test('property: cleanThemes never returns more than 3 entries, each a non-empty string ≤ 50 chars', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const t = cleanThemes(v);
        assert.ok(t.length <= 3);
        for (const x of t) assert.ok(typeof x === 'string' && x.length > 0 && x.length <= 50);
      }),
    );
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const s = clampSentiment(v);
        assert.ok(Number.isInteger(s) && s >= 1 && s <= 5);
      }),
    );
  });
});

describe('extractJson', () => {
  test('a bare object', () => {
    assert.deepEqual(extractJson('{"sentiment": 4, "themes": ["trust"]}'), { sentiment: 4, themes: ['trust'] });
  });

  test('an object in a code fence', () => {
    assert.deepEqual(extractJson('```json\n{"sentiment": 2}\n```'), { sentiment: 2 });
  });

  test('an object wrapped in prose', () => {
    assert.deepEqual(extractJson('Sure! Here is the analysis: {"a": {"b": [1, 2]}, "c": "}"} Hope that helps.'), { a: { b: [1, 2] }, c: '}' });
  });

  test('nothing usable → undefined', () => {
    assert.equal(extractJson(''), undefined);
    assert.equal(extractJson('no json here'), undefined);
    assert.equal(extractJson('} backwards {'), undefined);
    assert.equal(extractJson('{not json}'), undefined);
    assert.equal(extractJson('{"unterminated": '), undefined);
    assert.equal(extractJson('[1, 2, 3]'), undefined);
  });

  test('property: any JSON object survives being wrapped in brace-free prose', () => {
    const prose = fc.string({ maxLength: 40 }).map((s) => s.replace(/[{}]/g, ''));
    fc.assert(
      fc.property(prose, fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 })), prose, (pre, obj, post) => {
        assert.deepEqual(extractJson(`${pre}${JSON.stringify(obj)}${post}`), JSON.parse(JSON.stringify(obj)));
      }),
    );
  });

  test('property: never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        extractJson(s);
      }),
    );
  });
});

// ---- the OpenAI-compatible adapter against a fake chat-completions server ----

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

const completion = (content: string) => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'fake-model',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

const answer =
  (content: string): Handler =>
  (_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(completion(content)));
  };

describe('openAiEngine against a fake chat-completions server', () => {
  let server: http.Server;
  let baseUrl: string;
  let handler: Handler = answer('');
  const seen: Seen[] = [];
  const KEY = 'sk-test-0123456789';
  const engine = (o: { timeoutMs?: number; maxRetries?: number } = {}) =>
    openAiEngine({ baseUrl, apiKey: KEY, model: 'fake-model-7b', timeoutMs: o.timeoutMs ?? 2000, maxRetries: o.maxRetries ?? 0 });
  const chatRequests = () =>
    seen
      .filter((s) => s.url === '/v1/chat/completions')
      .map((s) => JSON.parse(s.body) as { model: string; messages: ChatMessage[]; max_tokens: number; temperature: number });

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        handler(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  beforeEach(() => {
    seen.length = 0;
    handler = answer('');
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('the request carries the model, the bearer key, a system prompt and the text', async () => {
    handler = answer('{"sentiment": 4, "themes": ["trust"]}');
    const e = engine();
    assert.equal(e.kind, 'openai');
    const r = await e.analyzeText('We talked it through and I trust him.');
    assert.deepEqual(r, { sentiment: 4, themes: ['trust'] });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.method, 'POST');
    assert.equal(seen[0]!.url, '/v1/chat/completions');
    assert.equal(seen[0]!.headers.authorization, `Bearer ${KEY}`);
    assert.match(String(seen[0]!.headers['content-type']), /application\/json/);
    const [body] = chatRequests();
    assert.equal(body!.model, 'fake-model-7b');
    assert.equal(body!.max_tokens, 200);
    assert.equal(body!.messages.length, 2);
    assert.equal(body!.messages[0]!.role, 'system');
    assert.match(body!.messages[0]!.content, /JSON/);
    assert.deepEqual(body!.messages[1], { role: 'user', content: 'We talked it through and I trust him.' });
  });

  test('a long journal entry is cut to 8000 characters before it is sent', async () => {
    handler = answer('{"sentiment": 3, "themes": []}');
    await engine().analyzeText('a'.repeat(20_000));
    assert.equal(chatRequests()[0]!.messages[1]!.content.length, 8000);
  });

  test('valid JSON is parsed and clamped: sentiment 9 → 5, themes cleaned and trimmed to 3', async () => {
    handler = answer('{"sentiment": 9, "themes": ["Trust", " trust ", "Communication", "Family", "Money", 7]}');
    assert.deepEqual(await engine().analyzeText('anything'), { sentiment: 5, themes: ['trust', 'communication', 'family'] });
    handler = answer('{"sentiment": -2, "themes": "not-a-list"}');
    assert.deepEqual(await engine().analyzeText('anything'), { sentiment: 1, themes: [] });
    handler = answer('{"sentiment": "2.4"}');
    assert.deepEqual(await engine().analyzeText('anything'), { sentiment: 2, themes: [] });
  });

  test('JSON wrapped in prose or a code fence is parsed', async () => {
    handler = answer('Here is my analysis:\n```json\n{"sentiment": 2, "themes": ["stress", "work"]}\n```\nLet me know if you need more.');
    assert.deepEqual(await engine().analyzeText('so tired of work'), { sentiment: 2, themes: ['stress', 'work'] });
  });

  test('an answer that is not JSON falls back to the local analysis, without throwing', async () => {
    const text = 'I feel so happy and grateful, we had dinner together.';
    handler = answer('I am sorry, I cannot help with that.');
    assert.deepEqual(await engine().analyzeText(text), analyzeLocally(text));
    handler = answer('{"themes": ["x"]}'); // JSON without a sentiment
    assert.deepEqual(await engine().analyzeText(text), analyzeLocally(text));
    handler = answer('');
    assert.deepEqual(await engine().analyzeText(text), analyzeLocally(text));
    assert.equal(seen.length, 3);
  });

  test('an answer with no choices also falls back', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...completion(''), choices: [] }));
    };
    assert.deepEqual(await engine().analyzeText('we argued'), analyzeLocally('we argued'));
  });

  test('a 500 is retried maxRetries times and then the call rejects', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(500, { 'content-type': 'application/json', 'retry-after-ms': '5' });
      res.end(JSON.stringify({ error: { message: 'boom', type: 'server_error' } }));
    };
    await assert.rejects(engine({ maxRetries: 2 }).analyzeText('hello'), (e: unknown) => {
      assert.ok(e instanceof APIError, String(e));
      assert.equal(e.status, 500);
      return true;
    });
    assert.equal(seen.length, 3, 'one request and two retries');
    for (const s of seen) assert.equal(s.url, '/v1/chat/completions');
  });

  test('with maxRetries 0 a 500 is not retried', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"boom"}}');
    };
    await assert.rejects(engine({ maxRetries: 0 }).chat([{ role: 'user', content: 'hi' }]), APIError);
    assert.equal(seen.length, 1);
  });

  test('a transient 500 followed by a good answer succeeds on retry', async () => {
    let n = 0;
    handler = (req, body, res) => {
      if (n++ === 0) {
        res.writeHead(500, { 'content-type': 'application/json', 'retry-after-ms': '5' });
        res.end('{"error":{"message":"flaky"}}');
      } else answer('{"sentiment": 5, "themes": ["gratitude"]}')(req, body, res);
    };
    assert.deepEqual(await engine({ maxRetries: 2 }).analyzeText('thanks'), { sentiment: 5, themes: ['gratitude'] });
    assert.equal(seen.length, 2);
  });

  test('a server that never answers makes the call reject after the timeout', async () => {
    handler = () => {
      // Never respond; the client must give up on its own.
    };
    const started = Date.now();
    await assert.rejects(engine({ timeoutMs: 300, maxRetries: 0 }).analyzeText('hello'), APIConnectionTimeoutError);
    const waited = Date.now() - started;
    assert.ok(waited >= 250, `gave up after ${waited} ms, before the timeout`);
    assert.ok(waited < 5000, `gave up after ${waited} ms`);
    assert.equal(seen.length, 1);
  });

  test('chat returns the trimmed reply with the conversation, and falls back to the local reply when empty', async () => {
    handler = answer('  Have you tried a walk together?  \n');
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are a coach.' },
      { role: 'user', content: 'We never spend time together.' },
    ];
    assert.equal(await engine().chat(messages, { maxTokens: 50 }), 'Have you tried a walk together?');
    const body = chatRequests()[0]!;
    assert.deepEqual(body.messages, messages);
    assert.equal(body.max_tokens, 50);
    assert.equal(body.temperature, 0.7);
    handler = answer('   ');
    assert.equal(await engine().chat(messages), await localEngine().chat(messages));
    assert.equal(chatRequests()[1]!.max_tokens, 400);
  });

  test('feedback with a JSON answer: scores clamped per rubric item, missing ones from the local scores', async () => {
    const input = {
      transcript: [
        { role: 'assistant' as const, content: 'Hi, how was your day?' },
        { role: 'user' as const, content: 'Great, thanks! What did you do this weekend?' },
      ],
      rubric: ['curiosity', 'warmth', 'clarity', 'humor'],
      goal: 'small talk',
    };
    const local = await localEngine().feedback(input);
    handler = answer(
      'Sure:\n```json\n' +
        JSON.stringify({
          scores: { curiosity: 14, warmth: 0, clarity: 7.6, extra: 3 },
          summary: 'x'.repeat(600),
          suggestions: ['Ask more.', 42, 'y'.repeat(400), 'c', 'd', 'e', 'f'],
        }) +
        '\n```',
    );
    const f = await engine().feedback(input);
    assert.deepEqual(f.scores, { curiosity: 10, warmth: 1, clarity: 8, humor: local.scores.humor });
    const expectedOverall = Math.round(((10 + 1 + 8 + local.scores.humor!) / 4) * 10) / 10;
    assert.equal(f.overall, expectedOverall);
    assert.equal(f.summary, 'x'.repeat(500));
    assert.deepEqual(f.suggestions, ['Ask more.', 'y'.repeat(300), 'c', 'd', 'e']);
    const body = chatRequests()[0]!;
    assert.match(body.messages[0]!.content, /goal: small talk/);
    for (const r of input.rubric) assert.ok(body.messages[0]!.content.includes(`"${r}"`), r);
    assert.equal(body.messages[1]!.content, 'assistant: Hi, how was your day?\nuser: Great, thanks! What did you do this weekend?');
  });

  test('feedback with garbage falls back to the local feedback', async () => {
    const input = { transcript: [{ role: 'user' as const, content: 'hello, how are you?' }], rubric: ['curiosity', 'warmth'] };
    handler = answer('I would rate this conversation highly!');
    assert.deepEqual(await engine().feedback(input), await localEngine().feedback(input));
    handler = answer('{"summary": "no scores here"}');
    assert.deepEqual(await engine().feedback(input), await localEngine().feedback(input));
  });

  test('json returns the parsed object, or the fallback for non-objects and garbage', async () => {
    const fallback = { steps: [] as string[] };
    handler = answer('```json\n{"steps": ["a", "b"]}\n```');
    assert.deepEqual(await engine().json('plan', { q: 1 }, fallback), { steps: ['a', 'b'] });
    const body = chatRequests()[0]!;
    assert.match(body.messages[0]!.content, /^plan\nAnswer only with one JSON object\.$/);
    assert.equal(body.messages[1]!.content, '{"q":1}');
    handler = answer('[1, 2]');
    assert.equal(await engine().json('plan', {}, fallback), fallback);
    handler = answer('nope');
    assert.equal(await engine().json('plan', {}, fallback), fallback);
  });

  test('transcribe posts the audio as multipart to /audio/transcriptions with a usable file name', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ text: 'hello world' }));
    };
    const e = engine();
    assert.equal(await e.transcribe(Buffer.from('RIFF....WAVEfmt '), 'audio/wav'), 'hello world');
    // Browsers record `audio/webm;codecs=opus`: the parameters must not end up in the extension.
    assert.equal(await e.transcribe(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), 'audio/webm;codecs=opus'), 'hello world');
    assert.equal(await e.transcribe(Buffer.from('RIFF'), 'audio/x-wav'), 'hello world');
    assert.equal(seen.length, 3);
    for (const s of seen) {
      assert.equal(s.method, 'POST');
      assert.equal(s.url, '/v1/audio/transcriptions');
      assert.equal(s.headers.authorization, `Bearer ${KEY}`);
      assert.match(String(s.headers['content-type']), /^multipart\/form-data; boundary=/);
      assert.match(s.body, /name="model"\r\n\r\nwhisper-1\r\n/);
    }
    assert.match(seen[0]!.body, /filename="audio\.wav"/);
    assert.match(seen[1]!.body, /filename="audio\.webm"/);
    assert.match(seen[2]!.body, /filename="audio\.wav"/);
  });
});
