// The offline story writer: a coherent 5–7 page story for each book type, built from the person's name, their
// interests and the other prompts, narrated in the chosen voice. Deterministic: the same input gives the same book.
import type { StoryInput, Voice } from './story-input.js';

export interface StoryDraft {
  title: string;
  summary: string;
  pages: { text: string; image_prompt: string }[];
}

interface Scene {
  name: string;
  /** The interest this page is about. */
  interest: string;
  interests: string[];
  /** "dinosaurs, space and baking". */
  interestList: string;
  age: number | undefined;
  companion: string;
  extras: Record<string, string>;
  pick<T>(options: readonly T[]): T;
}

type Beat = (s: Scene) => string;

interface StoryShape {
  defaultInterests: string[];
  title(s: Scene): string;
  summary(s: Scene): string;
  illustration: string;
  /** Seven beats; shorter stories leave out `skippable` (the first of them for six pages, both for five). */
  beats: readonly [Beat, Beat, Beat, Beat, Beat, Beat, Beat];
  skippable: readonly [number, number];
  /** A sentence that brings in a page's interest when its beat told something else (a joke, a memory). */
  mention(s: Scene): string;
  /** The subject of the story as the text names it (a family name becomes "the Garcia family"). */
  subject?(name: string): string;
}

/** 32-bit FNV-1a: a stable seed from the input. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small deterministic generator. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function listOf(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const titleCase = (s: string) => s.replace(/(^|\s)(\p{Ll})/gu, (_m, sp: string, c: string) => sp + c.toUpperCase());
const withoutArticle = (s: string) => s.replace(/^(?:the|a|an|my|our|their)\s+/i, '') || s;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const COMPANIONS = [
  'a sleepy owl named Hoot',
  'a kind little dragon named Ember',
  'a tiny silver robot named Bolt',
  'a gentle bear named Bramble',
  'a firefly named Flicker',
];

const bedtime: StoryShape = {
  defaultInterests: ['the stars', 'friendship'],
  title: (s) => `${s.name} and the Moonlit ${titleCase(withoutArticle(s.interests[0]!))}`,
  summary: (s) => `A bedtime story for ${s.name}${s.age !== undefined ? `, age ${s.age},` : ''} about ${s.interestList}.`,
  illustration: 'A soft, dreamy bedtime-story illustration in watercolour',
  mention: (s) => `Everywhere ${s.name} looked, there was something that reminded ${s.name} of ${s.interest}.`,
  skippable: [5, 2],
  beats: [
    (s) =>
      s.age !== undefined && s.age <= 5
        ? `${s.name} loved ${s.interest}. ${s.name} loved ${s.interest} in the morning, in the bath and at bedtime too.`
        : `${s.name} loved ${s.interest} more than almost anything in the world.${s.age !== undefined ? ` At ${s.age} years old, ${s.name} already knew a great deal about ${s.interest}.` : ''} Every night, ${s.name} fell asleep thinking about ${s.interest}.`,
    (s) =>
      `One evening, just as the first stars came out, ${s.companion} tapped softly on ${s.name}'s window. "I need your help," came a soft whisper. "Only someone who knows all about ${s.interest} can help me tonight."`,
    (s) =>
      `Together they floated up over the rooftops and the sleepy gardens, following a trail of glowing lanterns. Each lantern was shaped like something from the world of ${s.interest}, and ${s.name} named every one of them.`,
    (s) =>
      `At the edge of the Moonlit Meadow, ${s.name} found the trouble: everything to do with ${s.interest} had gone missing, and without it nobody in the meadow could fall asleep. The owls yawned, the rabbits rubbed their eyes, and even the moon looked tired.`,
    (s) =>
      `${s.name} thought hard and remembered everything about ${s.interest}. "I know what to do," said ${s.name}. With a little courage and a lot of kindness, ${s.name} set everything right, one careful step at a time.`,
    (s) =>
      `The whole meadow cheered. ${capitalise(s.companion.replace(/^a /, 'the ').replace(/ named .*$/, ''))} gave ${s.name} a tiny gift: a star that would glow whenever ${s.name} thought about ${s.interest}.`,
    (s) =>
      `Then ${s.companion.replace(/^a .* named /, '')} carried ${s.name} home, tucked the blanket in tight and whispered, "Goodnight, ${s.name}. Dream of ${s.interestList}." And ${s.name} did, all night long.`,
  ],
};

const roast: StoryShape = {
  defaultInterests: ['their hobbies', 'the remote control'],
  title: (s) => `The Legend of ${s.name}: A Loving Roast`,
  summary: (s) => `A loving roast of ${s.name}, featuring ${s.interestList}.`,
  illustration: 'A playful cartoon caricature, bright colours, affectionate and funny',
  mention: (s) => `And then, of course, there is ${s.name} and ${s.interest}. We don't have time for all of that.`,
  skippable: [1, 4],
  beats: [
    (s) => `Ladies and gentlemen, friends and family: allow me to introduce ${s.name}, a person of many talents, most of them involving ${s.interest}.`,
    (s) =>
      `${s.name} will tell you they are an expert in ${s.interest}. ${s.name} will tell you this often. Usually before anyone has asked, and occasionally before anyone has said hello.`,
    (s) =>
      s.extras.jokes
        ? `Those who know ${s.name} well still laugh about ${s.extras.jokes}, usually while ${s.name} is busy with ${s.interest}. ${s.name} does not laugh. ${s.name} insists they have "moved on". They have not moved on.`
        : `Those who know ${s.name} well keep a list of stories about ${s.interest}. It is a long list. It has chapters. It has an index.`,
    (s) =>
      s.extras.stories
        ? `Consider the time ${s.extras.stories}. Witnesses disagree on the details, but everyone agrees it was classic ${s.name}, and that ${s.interest} was somehow involved.`
        : `Consider the famous ${s.interest} incident. Witnesses disagree on the details, but everyone agrees it was classic ${s.name}.`,
    (s) =>
      `When ${s.name} gets into ${s.extras.activities ?? s.interest}, time stops. Dinner goes cold. Phones ring unanswered. Small civilisations rise and fall. ${s.name} does not notice.`,
    (s) =>
      `But here is the thing about ${s.name}: underneath all the ${s.interest} and the questionable decisions is the kindest, most loyal person in the room.`,
    (s) =>
      `So raise a glass to ${s.name}: may your ${s.interest} always go to plan, and may we never run out of things to tease you about. We love you. We really do.`,
  ],
};

const familyName = (name: string) => (/\bfamily\b/i.test(name) ? (/^the\b/i.test(name) ? name : `the ${name}`) : `the ${name} family`);

const family: StoryShape = {
  defaultInterests: ['family dinners', 'old photographs'],
  subject: familyName,
  title: (s) => `The Story of the ${titleCase(s.name.replace(/^the\s+/i, ''))}`,
  summary: (s) => `The history of ${s.name}: ${s.interestList}, and the memories that hold it together.`,
  illustration: 'A warm vintage family-album illustration, sepia tones',
  mention: (s) => `And through it all, ${s.name} never stopped loving ${s.interest}.`,
  skippable: [5, 3],
  beats: [
    (s) =>
      `Every family has a beginning, and the story of ${s.name} begins with people who were brave enough to dream of something better and patient enough to build it, with a little ${s.interest} along the way.`,
    (s) =>
      s.extras.members
        ? `Over the years ${s.name} grew: ${s.extras.members}. Each of them brought something new to the table, and all of them brought opinions about ${s.interest}.`
        : `Over the years ${s.name} grew, one birthday, one wedding and one new baby at a time, and the table got longer every holiday.`,
    (s) =>
      s.extras.events
        ? `There were days that changed everything: ${s.extras.events}. Through all of it, ${s.name} stayed together.`
        : `There were moves and new jobs, hard winters and long summers, and through all of it, ${s.name} stayed together.`,
    (s) =>
      `If you ask anyone in ${s.name} what ties them together, sooner or later someone will mention ${s.interest}, and then everyone will start talking at once.`,
    (s) =>
      s.extras.memories
        ? `Some memories are told at every gathering of ${s.name}: ${s.extras.memories}. No one ever tires of hearing it, and the story grows a little every time.`
        : `Some memories are told at every gathering of ${s.name}, like the stories about ${s.interest}. No one ever tires of hearing them, and they grow a little every time.`,
    (s) => `In ${s.name}, traditions were handed down like heirlooms: recipes and songs, old jokes, and a shared love of ${s.interest}.`,
    (s) => `This book is for the next generation of ${s.name}: may you always know where you come from, and may you carry the story forward.`,
  ],
};

const pet: StoryShape = {
  defaultInterests: ['treats', 'long walks'],
  title: (s) => `${s.name}'s Great ${titleCase(withoutArticle(s.interests[0]!))} Adventure`,
  summary: (s) => `An adventure starring ${s.name}${s.extras.species ? ` the ${s.extras.species}` : ''}, who loves ${s.interestList}.`,
  illustration: 'A cheerful picture-book illustration of a pet on an adventure',
  mention: (s) => `All the while, ${s.name} kept thinking about ${s.interest}.`,
  skippable: [5, 2],
  beats: [
    (s) =>
      `${s.name} was no ordinary ${s.extras.species ?? 'pet'}. ${s.extras.personality ? `${s.name} was ${s.extras.personality}, and` : `${s.name} was curious about everything, and`} loved ${s.interest} more than anything else in the world.`,
    (s) => `One sunny morning, ${s.name} noticed something strange near ${s.extras.place ?? 'the park'}: a trail that smelled exactly like ${s.interest}.`,
    (s) =>
      `Nose down and tail up, ${s.name} followed the trail past the garden gate, under the hedge and all the way to the old oak tree at the top of the hill.`,
    (s) =>
      `There, ${s.name} met a worried little squirrel who had lost something very important. "Can you help me?" it asked. ${s.name} knew at once that this was a job for an expert in ${s.interest}.`,
    (s) =>
      `${s.name} used every trick a clever ${s.extras.species ?? 'pet'} knows — sniffing, listening and a great deal of patience — and found the lost treasure hidden beneath a pile of leaves.`,
    (s) => `The squirrel was overjoyed, and ${s.name} and the squirrel spent the whole afternoon sharing their love of ${s.interest}.`,
    (s) => `As the sun went down, ${s.name} trotted home, tired and happy, already dreaming about ${s.interestList} and tomorrow's adventure.`,
  ],
};

const general: StoryShape = {
  defaultInterests: ['adventure', 'kindness'],
  title: (s) => `A Story for ${s.name}`,
  summary: (s) => `A personalised story for ${s.name} about ${s.interestList}.`,
  illustration: 'A colourful storybook illustration',
  mention: (s) => `All the while, ${s.name} kept thinking about ${s.interest}.`,
  skippable: [5, 2],
  beats: [
    (s) => `This is a story made especially for ${s.name}, who has always loved ${s.interest}.`,
    (s) => `It all began on an ordinary day, when ${s.name} discovered something new about ${s.interest} and could not stop thinking about it.`,
    (s) => `${s.name} decided to learn everything there was to know, asking questions, reading, and trying things out with great enthusiasm.`,
    (s) => `Not everything went to plan. There were setbacks and surprises, but ${s.name} kept going, because ${s.interest} was worth it.`,
    (s) =>
      `With help from good friends and a little luck, ${s.name} finally did what nobody thought possible, and everyone who loves ${s.interest} heard about it.`,
    (s) => `Looking back, ${s.name} realised the best part had not been the end, but every step along the way.`,
    (s) => `And so the story of ${s.name} goes on, full of ${s.interestList}, with many more chapters still to be written.`,
  ],
};

const SHAPES: Record<string, StoryShape> = {
  'children-story': bedtime,
  'spouse-roasting': roast,
  'family-history': family,
  'pet-adventure': pet,
};

/** Which of the seven beats a story of `pages` pages tells. */
function beatsFor(shape: StoryShape, pages: number): number[] {
  const skip = shape.skippable.slice(0, 7 - pages);
  return [0, 1, 2, 3, 4, 5, 6].filter((b) => !skip.includes(b));
}

const OPENINGS: Record<Voice, string> = {
  storyteller: 'Once upon a time, in a place not so very far from here, there lived someone very special.',
  friendly: 'Get cosy, because this story is all about someone wonderful.',
  professional: 'What follows is a true and carefully recorded account.',
  humorous: 'Warning: the following story contains extremely high levels of awesome.',
};

const CLOSINGS: Record<Voice, string> = {
  storyteller: 'And that is how the story was told, and told again, for many years after.',
  friendly: 'What a story that was!',
  professional: 'The end.',
  humorous: 'The end. And yes, every word of it is true. Mostly.',
};

const ASIDES: Record<Voice, readonly string[]> = {
  storyteller: ['Or so the old tale goes.', 'And the wind carried the news far and wide.'],
  friendly: ["Isn't that something?", 'How exciting!'],
  professional: [],
  humorous: [
    '(Nobody was more surprised than the furniture.)',
    '(This part has been lightly exaggerated for dramatic effect.)',
    '(Snacks were involved. Snacks are always involved.)',
  ],
};

export function writeLocalStory(input: StoryInput): StoryDraft {
  const shape = SHAPES[input.bookType] ?? general;
  const rnd = random(hash(JSON.stringify([input.bookType, input.name, input.age ?? null, input.interests, input.extras, input.voice, input.title ?? null])));
  const pick = <T>(options: readonly T[]): T => options[Math.floor(rnd() * options.length)]!;
  const interests = input.interests.length > 0 ? input.interests : shape.defaultInterests;
  const name = shape.subject ? shape.subject(input.name) : input.name;
  const companion = input.extras.characters ? input.extras.characters : pick(COMPANIONS);
  const pageCount = 5 + Math.floor(rnd() * 3);
  const base: Omit<Scene, 'interest'> = { name, interests, interestList: listOf(interests), age: input.age, companion, extras: input.extras, pick };

  const pages = beatsFor(shape, pageCount).map((beat, i) => {
    const scene: Scene = { ...base, interest: interests[i % interests.length]! };
    let text = shape.beats[beat]!(scene);
    if (!text.includes(scene.interest)) text = `${text} ${shape.mention(scene)}`;
    if (i === 0) text = `${OPENINGS[input.voice]} ${text}`;
    else if (i === pageCount - 1) text = `${text} ${CLOSINGS[input.voice]}`;
    else if (ASIDES[input.voice].length > 0 && rnd() < 0.5) text = `${text} ${pick(ASIDES[input.voice])}`;
    return { text, image_prompt: `${shape.illustration}: ${input.name} and ${scene.interest}, page ${i + 1} of ${pageCount}.` };
  });
  return {
    title: input.title ?? shape.title(base as Scene),
    summary: shape.summary(base as Scene),
    pages,
  };
}
