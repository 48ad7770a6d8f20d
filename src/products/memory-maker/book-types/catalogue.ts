// The book types the shop opens with (the original app's catalogue), seeded once by slug: later admin edits stay.
import type { BookLayout } from '../db.js';

export interface CatalogueEntry {
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  previewPriceCents: number;
  prompts: string[];
  layout: BookLayout;
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    slug: 'children-story',
    name: "Children's Bedtime Story",
    description: 'Create a personalized bedtime story for your child',
    priceCents: 1999,
    previewPriceCents: 0,
    prompts: ["Child's Name", 'Age', 'Interests', 'Favorite Characters'],
    layout: { page_size: 'A5', font: 'Times-Roman', accent_color: '#3b6fb6', ornament: 'stars' },
  },
  {
    slug: 'spouse-roasting',
    name: 'Spouse Roasting Book',
    description: 'Create a fun, personalized roasting book for your significant other',
    priceCents: 2499,
    previewPriceCents: 0,
    prompts: ["Partner's Name", 'Inside Jokes', 'Funny Stories', 'Favorite Activities'],
    layout: { page_size: 'LETTER', font: 'Helvetica', accent_color: '#c0392b', ornament: 'hearts' },
  },
  {
    slug: 'family-history',
    name: 'Family History Book',
    description: 'Create a personalized family history book with stories and memories',
    priceCents: 2999,
    previewPriceCents: 0,
    prompts: ['Family Name', 'Key Events', 'Family Members', 'Special Memories'],
    layout: { page_size: 'A4', font: 'Times-Roman', accent_color: '#7a5230', ornament: 'leaves' },
  },
  {
    slug: 'pet-adventure',
    name: 'Pet Adventure Story',
    description: 'Create a fun adventure story featuring your pet as the main character',
    priceCents: 1999,
    previewPriceCents: 0,
    prompts: ["Pet's Name", "Pet's Species", "Pet's Personality", 'Favorite Activities'],
    layout: { page_size: 'A5', font: 'Helvetica', accent_color: '#2e8b57', ornament: 'paws' },
  },
];

export const DEFAULT_LAYOUT: BookLayout = { page_size: 'A5', font: 'Times-Roman', accent_color: '#3b6fb6', ornament: 'none' };
