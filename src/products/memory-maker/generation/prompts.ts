// What the AI is asked for each book type (the offline engine answers the same request with its own rules).
import type { StoryInput } from './story-input.js';

const GUIDANCE: Record<string, (i: StoryInput) => string> = {
  'children-story': (i) =>
    `a gentle, magical bedtime story${i.age !== undefined ? ` for a ${i.age}-year-old` : ''}: calm, kind, a little educational, ending with the child falling asleep`,
  'spouse-roasting': () => 'a light-hearted roast of a partner: funny and teasing, never cruel, ending with a warm toast',
  'family-history': () =>
    'a warm family history: roots, the people, the turning points, the memories and traditions, ending with a word to the next generation',
  'pet-adventure': () => 'a fun adventure with the pet as the brave hero, ending with the pet safely home',
};

export function storyInstruction(i: StoryInput): string {
  const kind = GUIDANCE[i.bookType]?.(i) ?? `a personalised "${i.bookTypeName}" story`;
  return [
    `You write personalised illustrated books. Write ${kind}.`,
    'The book has 5 to 7 pages; each page is one short paragraph (2 to 5 sentences).',
    'Use the main name on every page, and weave in every interest and detail you are given.',
    `Narrate in a ${i.voice} voice.`,
    'For each page add `image_prompt`: one sentence describing an illustration of that page.',
    'Also give the book a short `title` and a one-sentence `summary`.',
  ].join(' ');
}

export const storyRequestInput = (i: StoryInput) => ({
  book_type: i.bookTypeName,
  name: i.name,
  ...(i.age !== undefined ? { age: i.age } : {}),
  interests: i.interests,
  details: i.extras,
  voice: i.voice,
  ...(i.title ? { title: i.title } : {}),
});
