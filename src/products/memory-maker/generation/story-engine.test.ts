// The offline story writer: what every book it writes must be (5–7 pages, the name on every page, every interest
// somewhere, the voice heard, same input → same book), checked on generated inputs, plus examples read as a person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { listOf, writeLocalStory } from './story-engine.js';
import { VOICES, extrasByTopic, parseAge, parseInterests, type StoryInput } from './story-input.js';

const TYPES = ['children-story', 'spouse-roasting', 'family-history', 'pet-adventure', 'made-up-by-an-admin'];

const word = fc.stringMatching(/^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' -]{0,20}[A-Za-zÀ-ÿ]$/);
const inputArb: fc.Arbitrary<StoryInput> = fc.record({
  bookType: fc.constantFrom(...TYPES),
  bookTypeName: fc.constant('Some Book'),
  title: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
  name: word,
  age: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  interests: fc.uniqueArray(word, { maxLength: 5, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() }),
  extras: fc.dictionary(
    fc.constantFrom('characters', 'jokes', 'stories', 'species', 'personality', 'members', 'events', 'memories', 'activities', 'place'),
    word,
    { maxKeys: 4 },
  ),
  voice: fc.constantFrom(...VOICES),
});

test('every story: 5–7 pages of sensible length, the name on every page, every interest told', () => {
  fc.assert(
    fc.property(inputArb, (input) => {
      const story = writeLocalStory(input);
      assert.ok(story.pages.length >= 5 && story.pages.length <= 7, `${story.pages.length} pages`);
      for (const p of story.pages) {
        assert.ok(p.text.length >= 40 && p.text.length <= 2000, `page length ${p.text.length}`);
        assert.ok(p.text.includes(input.name), `name missing on: ${p.text}`);
        assert.ok(p.image_prompt.length > 0 && p.image_prompt.length <= 500);
      }
      const all = story.pages.map((p) => p.text).join('\n');
      for (const i of input.interests) assert.ok(all.includes(i), `interest ${i} missing`);
      assert.ok(story.title.length > 0 && story.title.length <= 255);
      if (input.title !== undefined) assert.equal(story.title, input.title);
      assert.ok(story.summary.includes(input.name));
    }),
    { numRuns: 300 },
  );
});

test('the same input gives the same book; another name gives another book', () => {
  fc.assert(
    fc.property(inputArb, word, (input, other) => {
      assert.deepEqual(writeLocalStory(input), writeLocalStory(structuredClone(input)));
      fc.pre(other !== input.name && !other.includes(input.name) && !input.name.includes(other));
      assert.notDeepEqual(writeLocalStory({ ...input, name: other }).pages, writeLocalStory(input).pages);
    }),
    { numRuns: 100 },
  );
});

test('the voice is heard: its opening on the first page, its closing on the last', () => {
  const base: StoryInput = {
    bookType: 'children-story',
    bookTypeName: "Children's Bedtime Story",
    name: 'Mia',
    age: 6,
    interests: ['dinosaurs'],
    extras: {},
    voice: 'storyteller',
  };
  assert.match(writeLocalStory(base).pages[0]!.text, /^Once upon a time/);
  assert.match(writeLocalStory({ ...base, voice: 'humorous' }).pages.at(-1)!.text, /Mostly\.$/);
  assert.match(writeLocalStory({ ...base, voice: 'professional' }).pages.at(-1)!.text, /The end\.$/);
});

test('a bedtime story reads as one (example)', () => {
  const story = writeLocalStory({
    bookType: 'children-story',
    bookTypeName: "Children's Bedtime Story",
    name: 'Mia',
    age: 6,
    interests: parseInterests('dinosaurs, space and baking'),
    extras: {},
    voice: 'friendly',
  });
  assert.equal(story.title, 'Mia and the Moonlit Dinosaurs');
  assert.equal(story.summary, 'A bedtime story for Mia, age 6, about dinosaurs, space and baking.');
  assert.match(story.pages[0]!.text, /Mia loved dinosaurs more than almost anything in the world\. At 6 years old/);
  assert.match(story.pages.at(-1)!.text, /Goodnight, Mia\. Dream of dinosaurs, space and baking\./);
  for (const i of ['dinosaurs', 'space', 'baking']) assert.ok(story.pages.some((p) => p.text.includes(i)));
});

test('the other prompts find their way in: jokes in a roast, the species of a pet, the family name', () => {
  const roast = writeLocalStory({
    bookType: 'spouse-roasting',
    bookTypeName: 'Spouse Roasting Book',
    name: 'Sam',
    interests: ['golf'],
    extras: extrasByTopic({ 'Inside Jokes': 'the great lasagne disaster of 2019', funny_stories: 'Sam locked the keys in the car twice in one day' }),
    voice: 'humorous',
  });
  const text = roast.pages.map((p) => p.text).join(' ');
  assert.ok(text.includes('the great lasagne disaster of 2019'));
  assert.ok(text.includes('Sam locked the keys in the car twice in one day') || roast.pages.length < 7);
  const petStory = writeLocalStory({
    bookType: 'pet-adventure',
    bookTypeName: 'Pet Adventure Story',
    name: 'Biscuit',
    interests: ['tennis balls'],
    extras: extrasByTopic({ "Pet's Species": 'beagle', "Pet's Personality": 'brave but easily distracted' }),
    voice: 'friendly',
  });
  assert.match(petStory.pages[0]!.text, /Biscuit was no ordinary beagle\. Biscuit was brave but easily distracted/);
  assert.equal(petStory.summary, 'An adventure starring Biscuit the beagle, who loves tennis balls.');
  const fam = writeLocalStory({
    bookType: 'family-history',
    bookTypeName: 'Family History Book',
    name: 'Garcia',
    interests: [],
    extras: {},
    voice: 'storyteller',
  });
  assert.equal(fam.title, 'The Story of the Garcia Family');
  assert.ok(fam.pages.every((p) => p.text.includes('the Garcia family')));
});

test('interests from free text: separators, "and", duplicates, blanks, at most five, long ones cut', () => {
  assert.deepEqual(parseInterests('dinosaurs, space and baking'), ['dinosaurs', 'space', 'baking']);
  assert.deepEqual(parseInterests('Lego;  lego\nTrains & planes / cats | dogs, owls, bees'), ['Lego', 'Trains', 'planes', 'cats', 'dogs']);
  assert.deepEqual(parseInterests(['rock and roll', ' ', 'chess.']), ['rock', 'roll', 'chess']);
  assert.deepEqual(parseInterests(undefined), []);
  assert.deepEqual(parseInterests(''), []);
  const long = parseInterests('x'.repeat(30) + ' ' + 'y'.repeat(40));
  assert.ok(long[0]!.length <= 60);
  assert.equal(listOf(['a']), 'a');
  assert.equal(listOf(['a', 'b', 'c']), 'a, b and c');
});

test('age as the number input sends it', () => {
  assert.equal(parseAge('7'), 7);
  assert.equal(parseAge(' 12 '), 12);
  assert.equal(parseAge(5), 5);
  for (const bad of ['seven', '-1', '7.5', '', 121, 2.5, null, '1000']) assert.equal(parseAge(bad), undefined, String(bad));
});
