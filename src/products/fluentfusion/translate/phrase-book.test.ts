// The phrase book built from the shipped lessons, and the in-memory cache of AI answers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { shippedCatalogue } from '../content/seed.js';
import { TRACKS } from '../courses/tracks.js';
import { Lru } from './lru.js';
import { buildPhraseBook, phraseKey } from './phrase-book.js';

const catalogue = shippedCatalogue();
const book = buildPhraseBook(catalogue);
const GLOSS = { kinyarwanda: 'en', french: 'en', english: 'rw' } as const;

describe('phrase book', () => {
  test('every word and phrase of every lesson is found both ways', () => {
    let items = 0;
    for (const lesson of catalogue) {
      const taught = TRACKS.find((t) => t.id === lesson.targetLanguage)!.code;
      const gloss = GLOSS[lesson.targetLanguage];
      const all = [
        ...lesson.content.vocabulary.map((v) => [v.word, v.translation] as const),
        ...lesson.content.phrases.map((p) => [p.phrase, p.translation] as const),
      ];
      for (const [word, translation] of all) {
        items++;
        assert.ok(book.lookUp(taught, gloss, word), `${lesson.id}: ${word} (${taught} → ${gloss})`);
        assert.ok(book.lookUp(gloss, taught, translation), `${lesson.id}: ${translation} (${gloss} → ${taught})`);
      }
    }
    assert.ok(items > 500, `${items} items`);
  });

  test("into a taught language: that course's words, with how to say them and when", () => {
    assert.deepEqual(book.lookUp('en', 'rw', 'Thank you'), {
      translated_text: 'Murakoze',
      romanization: 'moo-rah-KOH-zeh',
      usage_note: 'Polite, or to several people.',
    });
    // The English course teaches English to Kinyarwanda speakers: its pronunciation is of the English answer.
    assert.deepEqual(book.lookUp('rw', 'en', 'Murakaza neza mu Rwanda!'), {
      translated_text: 'Welcome to Rwanda!',
      romanization: 'WEL-kum too roo-AHN-duh',
      usage_note: 'Greeting guests when they arrive at the airport, hotel or start of a tour.',
    });
  });

  test('out of a taught language: no pronunciation (it is of the input); remarks in brackets become the note', () => {
    assert.deepEqual(book.lookUp('rw', 'en', 'Ndashaka amazi.'), {
      translated_text: "I'd like some water.",
      romanization: null,
      usage_note: "Literally: I want water. Ordering in a restaurant or café; swap in any food or drink: 'Ndashaka icyayi', 'Ndashaka ikawa'.",
    });
    assert.equal(book.lookUp('fr', 'en', 'Je ne comprends pas')?.translated_text, "I don't understand.");
  });

  test('alternatives written "a / b" are each found', () => {
    assert.equal(book.lookUp('en', 'rw', 'good evening')?.translated_text, 'Mwiriwe');
    assert.equal(book.lookUp('en', 'rw', 'Good afternoon')?.translated_text, 'Mwiriwe');
    assert.equal(book.lookUp('fr', 'en', 'chère')?.translated_text, 'expensive');
  });

  test('case, spacing, typographic quotes, final ?.!, inner commas and English contractions do not matter', () => {
    const want = book.lookUp('en', 'rw', "I'm lost.")!;
    assert.equal(want.translated_text, 'Ndazimiye.');
    for (const q of ['I am lost', '  i AM lost!!', 'I’m lost?', "I'm   lost"]) assert.deepEqual(book.lookUp('en', 'rw', q), want, q);
    assert.equal(book.lookUp('en', 'rw', 'hello how are you')?.translated_text, 'Muraho, amakuru?');
    assert.equal(book.lookUp('fr', 'en', 'bonjour, comment allez-vous?')?.translated_text, 'Hello, how are you?');
    assert.equal(book.lookUp('en', 'fr', 'I do not understand')?.translated_text, 'Je ne comprends pas.');
  });

  test('exact only: no guesses, no pivot between two lesson languages, nothing for other languages', () => {
    assert.equal(book.lookUp('en', 'rw', 'Hello, how are you doing today?'), undefined);
    assert.equal(book.lookUp('en', 'rw', 'lost'), undefined);
    assert.equal(book.lookUp('fr', 'rw', 'Bonjour'), undefined);
    assert.equal(book.lookUp('en', 'es', 'Hello'), undefined);
  });

  test('phraseKey', () => {
    assert.equal(phraseKey('  Ça va ? ', 'fr'), 'ça va');
    assert.equal(phraseKey("Don't worry, it's fine!", 'en'), 'do not worry it is fine');
    assert.equal(phraseKey("Don't", 'fr'), "don't");
    assert.equal(phraseKey('?!.', 'en'), '');
  });
});

describe('Lru', () => {
  test('keeps at most `max` entries, forgetting the least recently used', () => {
    const c = new Lru<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    assert.equal(c.get('a'), 1);
    c.set('c', 3);
    assert.equal(c.get('b'), undefined);
    assert.equal(c.get('a'), 1);
    assert.equal(c.get('c'), 3);
    c.set('a', 10);
    assert.equal(c.size, 2);
    assert.equal(c.get('a'), 10);
    assert.throws(() => new Lru(0));
  });
});
