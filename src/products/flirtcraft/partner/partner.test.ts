// The local AI partner's rules: characters, message reading, receptiveness, replies and their clean-up, feedback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { DIFFICULTIES, SCENARIOS, type Difficulty } from '../scenarios/catalogue.js';
import { CharacterSchema, characterInstruction, localCharacter } from './character.js';
import { analyseMessage } from './analysis.js';
import { CANNED_REPLY, RECEPTIVENESS, localReply, partnerMessages, receptivenessLevel, splitReply, type ReceptivenessLevel } from './reply.js';
import { AiFeedbackSchema, localAsAi, localFeedback, mergeAiFeedback, tierFor } from './feedback.js';
import { buildContext, contextWords } from './context.js';
import { liveFeedback } from './live-feedback.js';

const scenario = fc.constantFrom(...SCENARIOS);
const difficulty = fc.constantFrom(...DIFFICULTIES);
const gender = fc.constantFrom('male' as const, 'female' as const, 'everyone' as const, null);

test('local characters fit the schema, the preferences and are stable for the same inputs', () => {
  fc.assert(
    fc.property(scenario, difficulty, gender, fc.integer({ min: 18, max: 100 }), fc.integer({ min: 0, max: 30 }), fc.string(), (s, d, g, lo, span, variant) => {
      const hi = Math.min(100, lo + span);
      const input = { scenario: s, difficulty: d, targetGender: g, ageMin: lo, ageMax: hi, variant };
      const c = localCharacter(input);
      assert.ok(Value.Check(CharacterSchema, c), JSON.stringify([...Value.Errors(CharacterSchema, c)][0]));
      assert.ok(c.age >= lo && c.age <= hi);
      if (g === 'female') assert.match(c.appearance, /woman/);
      if (g === 'male') assert.match(c.appearance, /\bman\b/);
      assert.equal(c.body_language, s.difficulty_modifiers[d].body_language);
      assert.deepEqual(localCharacter(input), c);
    }),
  );
});

test('the character instruction names the scenario, the difficulty and the wanted gender', () => {
  const s = SCENARIOS[0]!;
  const text = characterInstruction({ scenario: s, difficulty: 'red', targetGender: 'female', ageMin: 25, ageMax: 30, variant: 'x' });
  assert.match(text, /Coffee Shops/);
  assert.match(text, /red/);
  assert.match(text, /Create a woman/);
  assert.match(text, /between 25 and 30/);
});

test('message reading: intents, red flags, context and listening', () => {
  const words = ['coffee', 'book', 'jazz'];
  assert.equal(analyseMessage('Hi there!', { contextWords: words }).intent, 'greeting');
  assert.equal(analyseMessage('What are you reading?', { contextWords: words }).intent, 'question');
  const q = analyseMessage('That book looks great, what is it about?', { contextWords: words });
  assert.ok(q.question && q.contextReference && q.quality >= 2);
  assert.equal(analyseMessage('ok', { contextWords: words }).intent, 'low_effort');
  const crude = analyseMessage('send nudes', { contextWords: words });
  assert.ok(crude.redFlag);
  assert.equal(crude.quality, -3);
  assert.equal(analyseMessage('Can I get your number?', { contextWords: words }).intent, 'ask_out');
  assert.equal(analyseMessage('Nice meeting you, bye!', { contextWords: words }).intent, 'goodbye');
  const listen = analyseMessage('Hiking in Patagonia sounds incredible', {
    contextWords: [],
    previousPartnerMessage: 'I just got back from hiking in Patagonia.',
  });
  assert.ok(listen.respondsToPartner);
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      const f = analyseMessage(text, { contextWords: words });
      assert.ok(f.quality >= -3 && f.quality <= 3);
      if (f.redFlag) assert.equal(f.intent, 'inappropriate');
    }),
  );
});

test('receptiveness: difficulty base, moved by the last three messages, closed by a red flag', () => {
  assert.equal(receptivenessLevel('green', [], false), 3);
  assert.equal(receptivenessLevel('yellow', [], false), 2);
  assert.equal(receptivenessLevel('red', [], false), 0);
  assert.equal(receptivenessLevel('red', [2, 2], false), 2);
  assert.equal(receptivenessLevel('yellow', [-2, -2], false), 0);
  assert.equal(receptivenessLevel('green', [3, 3, 3], true), 0);
  assert.equal(receptivenessLevel('yellow', [-3, -3, -3, 3, 3, 3], false), 3); // only the last three count
  fc.assert(
    fc.property(difficulty, fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 10 }), fc.boolean(), (d, qs, red) => {
      const l = receptivenessLevel(d, qs, red);
      assert.ok(l >= 0 && l <= 3);
      assert.ok(RECEPTIVENESS[l]);
      // a better last message never lowers receptiveness
      if (qs.length > 0 && qs[qs.length - 1]! < 3) {
        const better = [...qs.slice(0, -1), qs[qs.length - 1]! + 1];
        assert.ok(receptivenessLevel(d, better, red) >= l);
      }
    }),
  );
});

function replyInput(d: Difficulty, userMessage: string, level: ReceptivenessLevel) {
  const s = SCENARIOS[1]!;
  const character = localCharacter({ scenario: s, difficulty: d, targetGender: 'female', ageMin: 25, ageMax: 30, variant: 'v' });
  const features = analyseMessage(userMessage, { contextWords: contextWords(s, character) });
  return {
    character,
    scenario: s,
    difficulty: d,
    history: [
      { sender: 'user' as const, content: 'Hi!' },
      { sender: 'ai' as const, content: 'Oh, hello.', bodyLanguage: 'nods' },
    ],
    userMessage,
    features,
    level,
  };
}

test('local replies are in character: words plus body language in brackets, by receptiveness', () => {
  const warm = splitReply(localReply(replyInput('green', 'What are you reading?', 3)));
  assert.ok(warm.content.length > 0);
  assert.ok(warm.bodyLanguage && warm.bodyLanguage.length > 0);
  assert.ok(!warm.content.includes('['));
  const cold = splitReply(localReply(replyInput('red', 'ok', 0)));
  assert.ok(cold.content.length <= 20, cold.content);
  const offended = splitReply(localReply(replyInput('green', 'you are stupid', 0)));
  assert.match(offended.content, /not okay|stop you|not cool/);
  fc.assert(
    fc.property(difficulty, fc.string({ maxLength: 200 }), fc.constantFrom<ReceptivenessLevel>(0, 1, 2, 3), (d, text, level) => {
      const raw = localReply(replyInput(d, text, level));
      assert.match(raw, /^\[[^\]]+\] \S/);
      const r = splitReply(raw);
      assert.ok(r.content.length > 0 && !/[[\]{}]/.test(r.content), raw);
      assert.equal(localReply(replyInput(d, text, level)), raw);
    }),
  );
});

test('the prompt a real AI gets carries persona, scenario, difficulty and the whole history', () => {
  const input = replyInput('yellow', 'Do you come here often?', 2);
  const msgs = partnerMessages(input);
  assert.equal(msgs[0]!.role, 'system');
  assert.match(msgs[0]!.content, new RegExp(input.character.name));
  assert.match(msgs[0]!.content, /Bookstores/);
  assert.match(msgs[0]!.content, /yellow/);
  assert.match(msgs[0]!.content, /square brackets/);
  assert.deepEqual(
    msgs.slice(1).map((m) => [m.role, m.content]),
    [
      ['user', 'Hi!'],
      ['assistant', '[nods] Oh, hello.'],
      ['user', 'Do you come here often?'],
    ],
  );
});

test('splitReply: brackets and *actions* become body language; prefixes, quotes and length are cleaned', () => {
  assert.deepEqual(splitReply('[smiles] Hi there! [leans in] How are you?'), { content: 'Hi there! How are you?', bodyLanguage: 'smiles; leans in' });
  assert.deepEqual(splitReply('Maya: *laughs* "Oh stop it"', 'Maya'), { content: 'Oh stop it', bodyLanguage: 'laughs' });
  assert.deepEqual(splitReply('AI: Sure.'), { content: 'Sure.', bodyLanguage: null });
  assert.deepEqual(splitReply('[only a gesture]'), { content: '', bodyLanguage: 'only a gesture' });
  const long = splitReply(`${'This is a sentence. '.repeat(60)}`);
  assert.ok(long.content.length <= 600 && long.content.endsWith('.'));
  fc.assert(
    fc.property(fc.string({ maxLength: 2000 }), (raw) => {
      const r = splitReply(raw);
      assert.ok(r.content.length <= 600);
      assert.ok(r.bodyLanguage === null || (r.bodyLanguage.length > 0 && r.bodyLanguage.length <= 300));
      assert.equal(r.content, r.content.trim());
    }),
  );
  for (const d of DIFFICULTIES) assert.ok(CANNED_REPLY[d].content.length > 0);
});

const turns = fc.array(fc.record({ sender: fc.constantFrom('user' as const, 'ai' as const), content: fc.string({ minLength: 1, maxLength: 200 }) }), {
  minLength: 2,
  maxLength: 20,
});

test('local feedback: scores in range, tier from the overall score, flirtation only on red, stable', () => {
  fc.assert(
    fc.property(difficulty, turns, (d, t) => {
      const input = { difficulty: d, scenarioName: 'Coffee Shops & Cafes', goals: ['storytelling'], turns: t, contextWords: ['coffee'] };
      const f = localFeedback(input);
      for (const k of [
        'overall_score',
        'engagement_score',
        'responsiveness_score',
        'storytelling_score',
        'emotional_intelligence_score',
        'momentum_score',
        'conversation_flow_score',
        'confidence_level_score',
      ] as const) {
        assert.ok(Number.isInteger(f[k]) && f[k] >= 0 && f[k] <= 100, `${k} ${f[k]}`);
      }
      assert.equal(f.tier, tierFor(f.overall_score));
      assert.equal(f.flirtation_score === null, d !== 'red');
      assert.ok(f.strengths.length >= 1 && f.areas_for_improvement.length >= 1 && f.suggestions.length >= 1);
      assert.ok(Value.Check(AiFeedbackSchema, localAsAi(f)));
      assert.deepEqual(localFeedback(input), f);
    }),
  );
  assert.equal(tierFor(80), 'gold');
  assert.equal(tierFor(79), 'silver');
  assert.equal(tierFor(60), 'silver');
  assert.equal(tierFor(59), 'bronze');
});

test('good conversation practice scores above a poor one; crude messages score low', () => {
  const words = contextWords(SCENARIOS[0]!, { current_activity: 'reading a paperback', conversation_interests: ['travel'], appearance: 'denim jacket' });
  const base = { difficulty: 'yellow' as const, scenarioName: 'Coffee Shops & Cafes', goals: [], contextWords: words };
  const good = localFeedback({
    ...base,
    turns: [
      { sender: 'user', content: 'Hi! That paperback looks well loved, what are you reading?' },
      { sender: 'ai', content: 'It is a travel memoir about hiking in Patagonia.' },
      { sender: 'user', content: 'Patagonia! I went hiking in Chile last year and I still think about the glaciers. What made you pick it?' },
      { sender: 'ai', content: 'I want to go next spring, actually.' },
      { sender: 'user', content: 'That sounds amazing, I love that you plan trips from books. Where would you start?' },
    ],
  });
  const poor = localFeedback({
    ...base,
    turns: [
      { sender: 'user', content: 'hey' },
      { sender: 'ai', content: 'Hi.' },
      { sender: 'user', content: 'ok' },
      { sender: 'ai', content: 'Mm.' },
      { sender: 'user', content: 'k' },
    ],
  });
  const crude = localFeedback({
    ...base,
    turns: [
      { sender: 'user', content: 'hey sexy' },
      { sender: 'ai', content: 'Excuse me?' },
      { sender: 'user', content: 'come to my place tonight' },
    ],
  });
  assert.ok(good.overall_score > poor.overall_score, `${good.overall_score} > ${poor.overall_score}`);
  assert.ok(good.overall_score >= 60, `good ${good.overall_score}`);
  assert.ok(crude.overall_score < 50, `crude ${crude.overall_score}`);
  assert.ok(crude.specific_suggestions.some((s) => /uncomfortable/.test(s.feedback)));
});

test("a real AI's feedback is clamped and completed from the local scorer", () => {
  const local = localFeedback({
    difficulty: 'red',
    scenarioName: 'Bars',
    goals: [],
    turns: [
      { sender: 'user', content: 'Hi, is this seat free?' },
      { sender: 'ai', content: 'Sure.' },
    ],
    contextWords: [],
  });
  const merged = mergeAiFeedback(
    {
      overall_score: 85,
      strengths: ['a'],
      areas_for_improvement: ['b'],
      specific_suggestions: [],
      conversation_flow_score: 70,
      confidence_level_score: 75,
      engagement_score: 90,
      next_practice_focus: 'Flow',
      encouragement: 'Go on',
    },
    local,
    { difficulty: 'red', scenarioName: 'Bars' },
  );
  assert.equal(merged.tier, 'gold');
  assert.equal(merged.source, 'ai');
  assert.equal(merged.responsiveness_score, local.responsiveness_score);
  assert.equal(merged.flirtation_score, local.flirtation_score);
  assert.deepEqual(merged.suggestions, local.suggestions);
});

test('context and live feedback', () => {
  const s = SCENARIOS[6]!;
  const c = localCharacter({ scenario: s, difficulty: 'green', targetGender: null, ageMin: null, ageMax: null, variant: '1' });
  const ctx = buildContext(s, 'green', c, Date.UTC(2026, 0, 1));
  assert.equal(ctx.scenario_type, 'bar');
  assert.equal(typeof ctx.environment, 'string');
  assert.equal(ctx.context_tips.length, 3);
  assert.equal(ctx.generated_at, '2026-01-01T00:00:00.000Z');
  const good = liveFeedback(analyseMessage('Have you seen this band before?', { contextWords: contextWords(s, c) }), {
    firstMessage: true,
    contextHint: 'band',
  });
  assert.equal(good.feedback_type, 'positive');
  assert.ok(good.feedback_score >= 4);
  const bad = liveFeedback(analyseMessage('shut up', { contextWords: [] }), { firstMessage: false });
  assert.equal(bad.feedback_type, 'warning');
  assert.equal(bad.feedback_score, 1);
  assert.ok(bad.appropriateness < 20);
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (text, first) => {
      const l = liveFeedback(analyseMessage(text, { contextWords: ['band'] }), { firstMessage: first, contextHint: 'band' });
      for (const v of [l.confidence, l.appropriateness, l.engagement]) assert.ok(v >= 0 && v <= 100);
      assert.ok(l.feedback_score >= 1 && l.feedback_score <= 5);
    }),
  );
});
