// What a story is made from, cleaned up: the name, an age, a short list of interests, the other prompts by topic,
// and the narrator's voice. The create page sends interests as free text ("dinosaurs, space and baking").

export const VOICES = ['friendly', 'professional', 'storyteller', 'humorous'] as const;
export type Voice = (typeof VOICES)[number];

export interface StoryInput {
  /** The book type's slug; types added later by an administrator get the general story shape. */
  bookType: string;
  bookTypeName: string;
  title?: string | undefined;
  name: string;
  age?: number | undefined;
  interests: string[];
  /** Other prompts by topic (`characters`, `jokes`, `stories`, `species`, `personality`, `members`, `events`, `memories`, `activities`). */
  extras: Record<string, string>;
  voice: Voice;
}

const MAX_INTERESTS = 5;
const MAX_INTEREST_CHARS = 60;

const collapse = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** "dinosaurs, space and baking" → ["dinosaurs", "space", "baking"]; at most five, no repeats, no blanks. */
export function parseInterests(raw: string | string[] | undefined): string[] {
  const parts = (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((s) => s.split(/[,;\n/|]+|\s+(?:and|&|plus)\s+|\s*&\s*/i));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of parts) {
    let v = collapse(p)
      .replace(/^(?:and|also)\s+/i, '')
      .replace(/[.!?]+$/, '');
    if (!v) continue;
    if (v.length > MAX_INTEREST_CHARS) v = v.slice(0, MAX_INTEREST_CHARS).replace(/\s+\S*$/, '') || v.slice(0, MAX_INTEREST_CHARS);
    const key = v.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
    if (out.length === MAX_INTERESTS) break;
  }
  return out;
}

const TOPICS: [RegExp, string][] = [
  [/charact|hero|friend/, 'characters'],
  [/joke/, 'jokes'],
  [/stor|anecdote|habit/, 'stories'],
  [/species|breed|animal|kind_of/, 'species'],
  [/personal|temper|trait/, 'personality'],
  [/member|relative|people/, 'members'],
  [/event|milestone/, 'events'],
  [/memor|moment/, 'memories'],
  [/activit|hobb|pastime/, 'activities'],
  [/place|home|town|city|where/, 'place'],
];

/** The first clause of a free-text answer, short enough to sit inside a sentence. */
export function clause(s: string, max = 80): string {
  const first = collapse(s).split(/(?<=[.!?;])\s+|\n/)[0] ?? '';
  const trimmed = first.replace(/[.!?;]+$/, '');
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max).replace(/\s+\S*$/, '')}`;
}

/** Prompt answers keyed by whatever the client calls them ("Inside Jokes", "pet_species") → topics. */
export function extrasByTopic(prompts: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(prompts)) {
    if (typeof v !== 'string' || !v.trim()) continue;
    const key = k.toLowerCase().replace(/[^a-z]+/g, '_');
    if (/^(name|age|interests?|title|voice_?type)$/.test(key) || /(^|_)name$/.test(key)) continue;
    const topic = TOPICS.find(([re]) => re.test(key))?.[1];
    if (topic && !out[topic]) out[topic] = clause(v);
  }
  return out;
}

/** `age` as the create page's number input sends it ("7") or as a number. */
export function parseAge(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : undefined;
  return n !== undefined && Number.isInteger(n) && n >= 0 && n <= 120 ? n : undefined;
}

export const cleanName = (name: string) => collapse(name);
