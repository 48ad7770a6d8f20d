// The scenario catalogue (seed content): eight places to practise, what the local engine builds characters from,
// and how each difficulty behaves. Seeded into `flirtcraft.scenarios` at start-up, idempotently by `type`.

export const DIFFICULTIES = ['green', 'yellow', 'red'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export const SCENARIO_TYPES = ['coffee_shop', 'bookstore', 'park', 'campus', 'grocery', 'gym', 'bar', 'gallery'] as const;
export type ScenarioType = (typeof SCENARIO_TYPES)[number];

export interface ContextTemplates {
  /** How the place reads inside a prompt ("a cozy coffee shop with soft background music"). */
  setting: string;
  /** The environment as the app shows it. */
  environment: string;
  time_of_day: string;
  crowd_level: string;
  atmosphere: string;
  activities: string[];
  backgrounds: string[];
  interests: string[];
  outfits: string[];
  starters: Record<Difficulty, string[]>;
  /** Words that show the user noticed the place (counted as context references in feedback). */
  context_words: string[];
}

export interface DifficultyModifier {
  label: string;
  /** Behaviour the character keeps (prompt text). */
  behaviour: string;
  body_language: string;
  receptiveness: string;
  tips: string[];
}

export interface ScenarioContent {
  type: ScenarioType;
  display_name: string;
  description: string;
  is_premium: boolean;
  sort_order: number;
  context_templates: ContextTemplates;
  difficulty_modifiers: Record<Difficulty, DifficultyModifier>;
}

const MODIFIERS: Record<Difficulty, Omit<DifficultyModifier, 'tips'> & { tips: string[] }> = {
  green: {
    label: 'Friendly & receptive',
    behaviour: 'You are open and clearly enjoy the conversation: you make eye contact, laugh easily, ask follow-up questions and share things about yourself.',
    body_language: 'Open posture, making eye contact, smiling occasionally, appears approachable',
    receptiveness: 'highly receptive',
    tips: [
      'They seem very approachable and interested in conversation',
      'Look for genuine connection points and shared interests',
      'Feel free to be yourself and let the conversation flow naturally',
    ],
  },
  yellow: {
    label: 'Realistic stranger',
    behaviour:
      'You are polite but neutral: sometimes engaged, sometimes reserved. You warm up only when the other person is genuinely interesting, curious about you and respectful.',
    body_language: 'Neutral posture, occasionally checking phone, polite but not overly engaging',
    receptiveness: 'moderately receptive',
    tips: [
      "They're polite but may need a good reason to engage longer",
      'Start with practical questions or observations about the environment',
      "Be patient and don't take neutral responses personally",
    ],
  },
  red: {
    label: 'Busy & distracted',
    behaviour:
      'You are busy with your own activity and a little guarded: short answers at first, you return to what you were doing, and you only open up to someone skilful, light and respectful of your time.',
    body_language: 'Focused on their activity, minimal eye contact, appears busy or distracted',
    receptiveness: 'low receptiveness',
    tips: [
      'They appear busy or focused on something else',
      'Keep initial interactions brief and respectful',
      'Look for genuine opportunities to be helpful or add value',
    ],
  },
};

function modifiers(place: string): Record<Difficulty, DifficultyModifier> {
  return {
    green: { ...MODIFIERS.green, tips: [...MODIFIERS.green.tips, `Mention something you both can see in the ${place}`] },
    yellow: { ...MODIFIERS.yellow, tips: [...MODIFIERS.yellow.tips, `A light remark about the ${place} is an easy opening`] },
    red: { ...MODIFIERS.red, tips: [...MODIFIERS.red.tips, 'If they keep answering in one word, wrap up kindly; that is a good outcome too'] },
  };
}

export const SCENARIOS: readonly ScenarioContent[] = [
  {
    type: 'coffee_shop',
    display_name: 'Coffee Shops & Cafes',
    description: 'Practice in relaxed cafe environments with casual conversation starters',
    is_premium: false,
    sort_order: 1,
    context_templates: {
      setting: 'a cozy coffee shop with soft jazz in the background',
      environment: 'A cozy coffee shop with soft jazz music and the aroma of freshly brewed coffee',
      time_of_day: 'mid-morning',
      crowd_level: 'moderately busy',
      atmosphere: 'relaxed and welcoming',
      activities: [
        'reading a paperback by the window',
        'working on a laptop with a half-finished latte',
        'sketching in a small notebook',
        'waiting for a flat white at the counter',
        'doing a crossword with a cappuccino',
      ],
      backgrounds: [
        'a graphic designer who works from cafes twice a week',
        'a nurse enjoying a day off',
        'a grad student writing a thesis chapter',
        'a local who has been coming here for years',
        'a product manager between meetings',
      ],
      interests: ['specialty coffee', 'indie music', 'travel', 'mystery novels', 'photography', 'cooking', 'hiking'],
      outfits: [
        'a cream knit sweater and jeans',
        'a denim jacket over a band t-shirt',
        'a navy coat with a striped scarf',
        'a linen shirt with rolled sleeves',
        'a green hoodie and white sneakers',
      ],
      starters: {
        green: [
          'This coffee smells amazing, what did you order?',
          'I love this playlist, do you come here often?',
          "Mind if I ask what you're reading? It looks interesting.",
        ],
        yellow: [
          'Excuse me, do you know if they have good WiFi here?',
          'Sorry to bother you, is this seat taken?',
          "Have you tried their pastries? I'm trying to decide what to order.",
        ],
        red: [
          'Could you watch my laptop for a second while I get a refill?',
          'Do you know what time they close?',
          'Sorry, did you hear if they called out my order?',
        ],
      },
      context_words: [
        'coffee',
        'latte',
        'cappuccino',
        'espresso',
        'cafe',
        'café',
        'playlist',
        'music',
        'jazz',
        'pastry',
        'pastries',
        'order',
        'seat',
        'window',
        'laptop',
        'book',
        'reading',
        'notebook',
        'crossword',
      ],
    },
    difficulty_modifiers: modifiers('coffee shop'),
  },
  {
    type: 'bookstore',
    display_name: 'Bookstores & Libraries',
    description: 'Quiet, intellectual spaces perfect for thoughtful conversations',
    is_premium: false,
    sort_order: 2,
    context_templates: {
      setting: 'a quiet bookstore with tall shelves and reading nooks',
      environment: 'A quiet bookstore with tall shelves, reading nooks and the smell of new paper',
      time_of_day: 'afternoon',
      crowd_level: 'peaceful with few people',
      atmosphere: 'intellectual and calm',
      activities: [
        'browsing the poetry shelf',
        'reading the back cover of a thriller',
        'kneeling by the travel guides',
        'holding two novels and trying to choose',
        'flipping through an art book',
      ],
      backgrounds: [
        'an avid reader who loves discovering new books',
        'a high-school literature teacher',
        'a software developer who reads science fiction on the train',
        'a bookseller on a day off',
        'someone planning a trip to Japan',
      ],
      interests: ['literary fiction', 'science fiction', 'poetry', 'history', 'board games', 'podcasts', 'travel writing'],
      outfits: ['a corduroy jacket and round glasses', 'a soft grey cardigan', 'a black turtleneck', 'a plaid shirt and canvas tote bag', 'a yellow raincoat'],
      starters: {
        green: [
          "I've been looking for a good book recommendation, what are you reading?",
          'This section has such great titles, are you finding anything interesting?',
          'I love this author too! Have you read their latest book?',
        ],
        yellow: [
          'Excuse me, do you know where the science fiction section is?',
          'Have you been to any of the events they host here?',
          'Sorry, did you see if they have a café area?',
        ],
        red: ["Do you know if they're open late tonight?", 'Excuse me, where are the restrooms?', 'Could you help me reach that book on the top shelf?'],
      },
      context_words: [
        'book',
        'books',
        'novel',
        'author',
        'shelf',
        'shelves',
        'poetry',
        'reading',
        'read',
        'chapter',
        'thriller',
        'guide',
        'library',
        'bookstore',
        'recommendation',
      ],
    },
    difficulty_modifiers: modifiers('bookstore'),
  },
  {
    type: 'park',
    display_name: 'Parks & Outdoor Spaces',
    description: 'Natural settings for casual encounters and relaxed conversations',
    is_premium: false,
    sort_order: 3,
    context_templates: {
      setting: 'a sunny park with walking paths and people enjoying the outdoors',
      environment: 'A sunny park with walking paths, a pond and people enjoying outdoor activities',
      time_of_day: 'late afternoon',
      crowd_level: 'active with joggers and families',
      atmosphere: 'energetic and natural',
      activities: [
        'walking a golden retriever',
        'sitting on a bench with a podcast',
        'stretching after a run',
        'feeding ducks by the pond',
        'reading on a picnic blanket',
      ],
      backgrounds: [
        'someone who values outdoor activities and uses the park to unwind',
        'a vet student',
        'a runner training for a half marathon',
        'a freelance photographer',
        'a teacher enjoying the long evenings',
      ],
      interests: ['running', 'dogs', 'gardening', 'photography', 'cycling', 'live music', 'street food'],
      outfits: [
        'running gear and a cap',
        'a light windbreaker',
        'a sundress and sandals',
        'shorts and a faded college t-shirt',
        'a flannel shirt and sunglasses',
      ],
      starters: {
        green: ["Beautiful day for a walk, isn't it?", 'I love this trail, do you come here often to exercise?', 'Your dog is adorable! What breed is it?'],
        yellow: ['Do you know how long this trail is?', 'Have you seen the new playground they built?', 'Is there a water fountain around here?'],
        red: ['Excuse me, which way is the parking lot?', 'Do you know what time the park closes?', 'Have you seen a small brown dog around here?'],
      },
      context_words: ['park', 'dog', 'trail', 'walk', 'run', 'running', 'bench', 'pond', 'ducks', 'sun', 'weather', 'day', 'picnic', 'podcast', 'outside'],
    },
    difficulty_modifiers: modifiers('park'),
  },
  {
    type: 'campus',
    display_name: 'University Campus',
    description: 'Academic settings with peer interactions and study group scenarios',
    is_premium: false,
    sort_order: 4,
    context_templates: {
      setting: 'a university campus between lectures',
      environment: 'A busy university quad between lectures, students on the lawn and a line at the food truck',
      time_of_day: 'noon',
      crowd_level: 'busy between classes',
      atmosphere: 'youthful and lively',
      activities: [
        'reviewing lecture notes on the library steps',
        'waiting in line at the food truck',
        'putting up a flyer for a club event',
        'eating lunch on the lawn',
        'looking for a free seat in the study hall',
      ],
      backgrounds: [
        'a third-year psychology student',
        'an exchange student from Spain',
        'a teaching assistant in biology',
        'an engineering student who runs the climbing club',
        'a music student with a guitar case',
      ],
      interests: ['climbing', 'film club', 'psychology', 'indie games', 'coffee', 'volunteering', 'concerts'],
      outfits: [
        'a university hoodie',
        'a backpack covered in pins',
        'a bomber jacket and jeans',
        'a beanie and oversized sweater',
        'a button-down shirt and glasses',
      ],
      starters: {
        green: [
          'Is that the notes for Professor Lee’s class? I think I’m in that one too!',
          'That club flyer looks fun, what is it about?',
          'The food truck line is huge today, is it worth the wait?',
        ],
        yellow: ['Do you know if the library is open late this week?', 'Is this the right building for the econ lecture?', 'Sorry, is anyone sitting here?'],
        red: ['Do you know where I can print something on campus?', 'Is the study hall always this full?', 'Excuse me, do you have the time?'],
      },
      context_words: [
        'class',
        'lecture',
        'professor',
        'notes',
        'campus',
        'library',
        'club',
        'flyer',
        'exam',
        'study',
        'major',
        'semester',
        'food truck',
        'lawn',
      ],
    },
    difficulty_modifiers: modifiers('campus'),
  },
  {
    type: 'grocery',
    display_name: 'Grocery Stores & Daily Life',
    description: 'Everyday situations and natural conversation opportunities',
    is_premium: false,
    sort_order: 5,
    context_templates: {
      setting: 'a neighbourhood grocery store on a weekday evening',
      environment: 'A neighbourhood grocery store with fresh produce by the entrance and a short checkout line',
      time_of_day: 'early evening',
      crowd_level: 'steady after-work shoppers',
      atmosphere: 'casual and practical',
      activities: [
        'comparing two kinds of pasta sauce',
        'picking ripe avocados',
        'reading a recipe on their phone',
        'standing in the checkout line with a basket',
        'looking at the flower stand',
      ],
      backgrounds: [
        'a chef who works the late shift',
        'someone cooking dinner for friends tonight',
        'a nurse picking up groceries after work',
        'a new neighbour who just moved in',
        'a baker who loves farmers markets',
      ],
      interests: ['cooking', 'baking', 'farmers markets', 'plants', 'wine', 'comedy podcasts', 'football'],
      outfits: ['work scrubs and a light jacket', 'a trench coat', 'a sweatshirt and leggings', 'a suit with the tie loosened', 'a denim shirt'],
      starters: {
        green: [
          'Those avocados look perfect, any tips for picking good ones?',
          'That recipe looks great, what are you making tonight?',
          'Do you know if this sauce is any good? I always buy the same one.',
        ],
        yellow: [
          'Excuse me, do you know which aisle the spices are in?',
          'Is this the line for the express checkout?',
          'Sorry, are those flowers fresh today?',
        ],
        red: ['Could you pass me one of those baskets?', 'Do you know if they have oat milk here?', 'Is this checkout open?'],
      },
      context_words: [
        'avocado',
        'avocados',
        'recipe',
        'cook',
        'cooking',
        'dinner',
        'sauce',
        'pasta',
        'checkout',
        'aisle',
        'flowers',
        'basket',
        'groceries',
        'store',
        'market',
      ],
    },
    difficulty_modifiers: modifiers('grocery store'),
  },
  {
    type: 'gym',
    display_name: 'Gyms & Fitness Centers',
    description: 'Active environments with shared interests and fitness topics',
    is_premium: true,
    sort_order: 6,
    context_templates: {
      setting: 'a fitness center with weights, treadmills and upbeat music',
      environment: 'A bright fitness center with free weights, a row of treadmills and upbeat music',
      time_of_day: 'early evening',
      crowd_level: 'busy after work',
      atmosphere: 'energetic and focused',
      activities: [
        'resting between sets at the squat rack',
        'refilling a water bottle',
        'stretching on a mat',
        'waiting for a treadmill',
        'checking a workout plan on their phone',
      ],
      backgrounds: [
        'a personal trainer on a day off',
        'someone training for their first triathlon',
        'an accountant who lifts to de-stress',
        'a yoga teacher cross-training',
        'a rock climber building strength',
      ],
      interests: ['strength training', 'yoga', 'nutrition', 'hiking', 'basketball', 'meal prep', 'triathlons'],
      outfits: [
        'a black tank top and joggers',
        'a faded marathon t-shirt',
        'leggings and a zip-up',
        'a sweat-wicking shirt and a headband',
        'a hoodie with the sleeves pushed up',
      ],
      starters: {
        green: [
          'Are you training for something? Your form looks great.',
          'Is that a good program? I need a new routine.',
          'This playlist is making the workout way easier, right?',
        ],
        yellow: ['Are you using this bench?', 'How many sets do you have left?', 'Do you know if the spin class is full today?'],
        red: ['Mind if I work in with you?', 'Is this water fountain working?', 'Do you know where they keep the clean towels?'],
      },
      context_words: [
        'gym',
        'workout',
        'training',
        'set',
        'sets',
        'weights',
        'squat',
        'treadmill',
        'routine',
        'program',
        'form',
        'class',
        'stretch',
        'water',
        'lift',
      ],
    },
    difficulty_modifiers: modifiers('gym'),
  },
  {
    type: 'bar',
    display_name: 'Bars & Social Venues',
    description: 'Lively social environments with music and group dynamics',
    is_premium: true,
    sort_order: 7,
    context_templates: {
      setting: 'a lively neighbourhood bar with music and small groups of friends',
      environment: 'A lively neighbourhood bar with warm lights, a live band warming up and small groups of friends',
      time_of_day: 'evening',
      crowd_level: 'lively but not packed',
      atmosphere: 'social and upbeat',
      activities: [
        'waiting for a drink at the bar',
        'watching the band set up',
        'looking at the cocktail menu',
        'standing near the pool table',
        'waiting for a friend who is running late',
      ],
      backgrounds: [
        'a sound engineer who knows the band',
        'an architect celebrating a finished project',
        'a nurse out with colleagues',
        'someone who just moved to the city',
        'a bartender enjoying a night off',
      ],
      interests: ['live music', 'cocktails', 'trivia nights', 'travel', 'stand-up comedy', 'vinyl records', 'football'],
      outfits: ['a leather jacket', 'a black dress and boots', 'a patterned shirt', 'a blazer over a t-shirt', 'a vintage band tee'],
      starters: {
        green: [
          'Have you seen this band before? I heard they are great.',
          'That cocktail looks amazing, what is it?',
          'Are you here for the music or the company tonight?',
        ],
        yellow: ['Is it always this busy on a Friday?', 'Do you know what time the band starts?', 'Any drink you would recommend here?'],
        red: ['Sorry, is anyone using this stool?', 'Do you know if they take cards here?', 'Can I squeeze in to order?'],
      },
      context_words: ['band', 'music', 'drink', 'cocktail', 'bar', 'menu', 'friend', 'tonight', 'song', 'stage', 'pool', 'night', 'weekend'],
    },
    difficulty_modifiers: modifiers('bar'),
  },
  {
    type: 'gallery',
    display_name: 'Art Galleries & Cultural Events',
    description: 'Sophisticated cultural environments for meaningful conversations',
    is_premium: true,
    sort_order: 8,
    context_templates: {
      setting: 'an art gallery opening with modern paintings and quiet conversation',
      environment: 'A white-walled gallery at an exhibition opening, modern paintings, soft lighting and quiet conversation',
      time_of_day: 'evening',
      crowd_level: 'a steady flow of visitors',
      atmosphere: 'sophisticated and reflective',
      activities: [
        'standing in front of a large abstract painting',
        'reading the artist’s statement on the wall',
        'holding a glass of wine near the sculptures',
        'taking notes in the exhibition booklet',
        'looking closely at a small photograph',
      ],
      backgrounds: [
        'an art history student',
        'a museum educator',
        'an architect who sketches on weekends',
        'a friend of the artist',
        'someone at their first gallery opening',
      ],
      interests: ['modern art', 'architecture', 'film', 'photography', 'design', 'jazz', 'travel'],
      outfits: [
        'a black turtleneck and wide trousers',
        'a silk scarf and long coat',
        'a tailored blazer',
        'a minimalist white shirt',
        'round tortoiseshell glasses and a grey coat',
      ],
      starters: {
        green: ['What do you think this piece is trying to say?', 'This one stopped me too, what caught your eye?', 'Do you know much about the artist?'],
        yellow: ['Is this your first time at this gallery?', 'Do you know if there is a guided tour tonight?', 'Have you seen the room upstairs yet?'],
        red: ['Excuse me, is the exhibition booklet free?', 'Do you know where the coat check is?', 'Sorry, am I blocking your view?'],
      },
      context_words: [
        'art',
        'artist',
        'painting',
        'piece',
        'gallery',
        'exhibition',
        'sculpture',
        'photograph',
        'colour',
        'color',
        'statement',
        'wine',
        'opening',
        'museum',
      ],
    },
    difficulty_modifiers: modifiers('gallery'),
  },
];

export const FREE_SCENARIOS = SCENARIOS.filter((s) => !s.is_premium).map((s) => s.type);

export function scenarioContent(type: string): ScenarioContent | undefined {
  return SCENARIOS.find((s) => s.type === type);
}

export const isDifficulty = (v: string): v is Difficulty => (DIFFICULTIES as readonly string[]).includes(v);
