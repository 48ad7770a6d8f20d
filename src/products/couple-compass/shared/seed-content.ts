// Content shipped with Couple Compass: the quizzes and the tips catalogue (loaded idempotently at start-up).
import { RELATIONSHIP_CATEGORIES } from '../quizzes/quiz-scoring.js';

export interface SeedItem {
  key: string;
  prompt: string;
  kind: 'multiple_choice' | 'scale';
  options: { value: string; label: string; score?: number }[];
  category?: string;
}
export interface SeedQuiz {
  slug: string;
  title: string;
  description: string;
  type: 'love_language' | 'communication_style' | 'relationship_evaluation';
  orderIndex: number;
  items: SeedItem[];
}

const LL: Record<string, string> = {
  words_of_affirmation: 'words_of_affirmation',
  quality_time: 'quality_time',
  physical_touch: 'physical_touch',
  acts_of_service: 'acts_of_service',
  receiving_gifts: 'receiving_gifts',
};

const pair = (key: string, prompt: string, a: [keyof typeof LL, string], b: [keyof typeof LL, string]): SeedItem => ({
  key,
  prompt,
  kind: 'multiple_choice',
  options: [
    { value: LL[a[0]]!, label: a[1] },
    { value: LL[b[0]]!, label: b[1] },
  ],
});

const loveLanguage: SeedQuiz = {
  slug: 'love-language',
  title: 'What is your love language?',
  description: 'Fifteen quick choices to find out how you most like to give and receive love.',
  type: 'love_language',
  orderIndex: 1,
  items: [
    pair('ll_01', 'What would mean more to you after a hard day?', ['words_of_affirmation', 'Hearing "I am proud of you"'], ['physical_touch', 'A long hug']),
    pair(
      'll_02',
      'Which makes you feel most cared for?',
      ['quality_time', 'An evening together with phones away'],
      ['receiving_gifts', 'A small surprise that shows they thought of you'],
    ),
    pair(
      'll_03',
      'Which would you rather receive?',
      ['acts_of_service', 'Your partner handles a chore you dread'],
      ['words_of_affirmation', 'A handwritten note about what they love in you'],
    ),
    pair(
      'll_04',
      'On your birthday you would most enjoy…',
      ['receiving_gifts', 'A thoughtful present'],
      ['quality_time', 'A whole day planned just for the two of you'],
    ),
    pair(
      'll_05',
      'You feel closest when your partner…',
      ['physical_touch', 'Holds your hand while walking'],
      ['acts_of_service', 'Makes you breakfast without being asked'],
    ),
    pair('ll_06', 'What hurts more?', ['words_of_affirmation', 'Harsh or careless words'], ['quality_time', 'Being half-listened to']),
    pair('ll_07', 'Which gesture warms you up?', ['receiving_gifts', 'They bring back a souvenir from a trip'], ['physical_touch', 'A kiss when they walk in']),
    pair('ll_08', 'When you are stressed you want…', ['acts_of_service', 'Help getting things done'], ['quality_time', 'Them to sit with you and talk']),
    pair(
      'll_09',
      'Which compliment lands best?',
      ['words_of_affirmation', 'Being told, specifically, what you did well'],
      ['receiving_gifts', 'A gift that celebrates your success'],
    ),
    pair(
      'll_10',
      'A perfect Sunday includes…',
      ['physical_touch', 'Cuddling on the sofa'],
      ['words_of_affirmation', 'Long talks where they say what you mean to them'],
    ),
    pair('ll_11', 'You notice love most when…', ['acts_of_service', 'They fix something for you'], ['receiving_gifts', 'They remember what you wished for']),
    pair(
      'll_12',
      'What would you miss most if it stopped?',
      ['quality_time', 'Shared rituals like a weekly date'],
      ['physical_touch', 'Everyday affectionate touch'],
    ),
    pair(
      'll_13',
      'Which feels more romantic?',
      ['words_of_affirmation', 'A heartfelt message out of the blue'],
      ['acts_of_service', 'Coming home to a clean, calm home they prepared'],
    ),
    pair('ll_14', 'Which do you remember longer?', ['receiving_gifts', 'A meaningful keepsake'], ['quality_time', 'A trip you took together']),
    pair(
      'll_15',
      'To make up after a fight you prefer…',
      ['physical_touch', 'A hug that says "we are okay"'],
      ['acts_of_service', 'A kind gesture that shows they care'],
    ),
  ],
};

const cs = (key: string, prompt: string, labels: [string, string, string, string]): SeedItem => ({
  key,
  prompt,
  kind: 'multiple_choice',
  options: [
    { value: 'assertive', label: labels[0] },
    { value: 'passive', label: labels[1] },
    { value: 'aggressive', label: labels[2] },
    { value: 'passive_aggressive', label: labels[3] },
  ],
});

const communication: SeedQuiz = {
  slug: 'communication-style',
  title: 'How do you communicate?',
  description: 'Twelve everyday situations that show your communication style under pressure.',
  type: 'communication_style',
  orderIndex: 2,
  items: [
    cs('cs_01', 'Your partner forgot an important plan. You…', [
      'Tell them calmly you felt let down and ask to reschedule',
      'Say it is fine even though it is not',
      'Tell them they never care about anything',
      'Say nothing but stay cold all evening',
    ]),
    cs('cs_02', 'You disagree about where to spend the holidays. You…', [
      'Explain your preference and listen to theirs',
      'Go along with their choice',
      'Insist until they give in',
      'Agree, then complain about it during the trip',
    ]),
    cs('cs_03', 'They interrupt you while you are talking. You…', [
      'Ask to finish your thought',
      'Stop talking and let it go',
      'Raise your voice over them',
      'Roll your eyes and stop sharing',
    ]),
    cs('cs_04', 'You need more help with chores. You…', [
      'Propose a fair split',
      'Keep doing everything yourself',
      'Accuse them of being lazy',
      'Leave pointed hints and sighs',
    ]),
    cs('cs_05', 'A joke of theirs hurt you. You…', [
      'Tell them it stung and why',
      'Laugh along',
      'Make a harsher joke back',
      'Bring it up sarcastically later',
    ]),
    cs('cs_06', 'You want time alone this weekend. You…', [
      'Ask for it clearly and kindly',
      'Give up the idea to avoid upsetting them',
      'Announce you are going and that is that',
      'Stay but make it obvious you would rather not',
    ]),
    cs('cs_07', 'They spent money you had set aside. You…', [
      'Talk it through and agree on a rule',
      'Let it slide',
      'Demand they never do it again',
      'Spend some yourself to even the score',
    ]),
    cs('cs_08', 'Your partner criticises your cooking. You…', [
      'Ask what they would like differently',
      'Apologise and feel bad',
      'Tell them to cook themselves then',
      'Stop cooking without saying why',
    ]),
    cs('cs_09', 'You feel neglected lately. You…', [
      'Share how you feel and suggest time together',
      'Keep it to yourself',
      'Tell them they are selfish',
      'Post something vague on social media',
    ]),
    cs('cs_10', 'They made a decision without you. You…', [
      'Say you would like to be included next time',
      'Accept it quietly',
      'Overrule the decision',
      'Agree, then drag your feet',
    ]),
    cs('cs_11', 'An argument is getting heated. You…', [
      'Suggest a short pause and come back to it',
      'Give in to end it',
      'Keep pushing until you win',
      'Leave the room and slam the door',
    ]),
    cs('cs_12', 'They ask how you feel about the relationship. You…', [
      'Answer honestly, good and bad',
      'Say everything is great',
      'List everything they do wrong',
      'Say "whatever" and change the subject',
    ]),
  ],
};

const AGREE = [
  { value: 'strongly_agree', label: 'Strongly agree', score: 4 },
  { value: 'agree', label: 'Agree', score: 3 },
  { value: 'disagree', label: 'Disagree', score: 2 },
  { value: 'strongly_disagree', label: 'Strongly disagree', score: 1 },
];
const ev = (key: string, category: string, prompt: string): SeedItem => ({ key, prompt, kind: 'scale', options: AGREE, category });

const evaluation: SeedQuiz = {
  slug: 'relationship-evaluation',
  title: 'Relationship check-up',
  description: 'Sixteen statements across communication, trust, intimacy and partnership. Answer for how things are now.',
  type: 'relationship_evaluation',
  orderIndex: 3,
  items: [
    ev('re_comm_1', 'communication', 'I can tell my partner how I feel without fear of their reaction.'),
    ev('re_comm_2', 'communication', 'My partner listens to understand, not just to answer.'),
    ev('re_comm_3', 'communication', 'We resolve disagreements without lasting resentment.'),
    ev('re_comm_4', 'communication', 'We talk about our plans and worries regularly.'),
    ev('re_trust_1', 'trust_security', 'I trust my partner to keep their promises.'),
    ev('re_trust_2', 'trust_security', 'I feel secure about where this relationship is going.'),
    ev('re_trust_3', 'trust_security', 'My partner is honest with me, even when it is hard.'),
    ev('re_trust_4', 'trust_security', 'I do not worry about my partner being unfaithful.'),
    ev('re_int_1', 'intimacy_affection', 'I feel desired and appreciated by my partner.'),
    ev('re_int_2', 'intimacy_affection', 'We show affection to each other every day.'),
    ev('re_int_3', 'intimacy_affection', 'I am satisfied with our physical intimacy.'),
    ev('re_int_4', 'intimacy_affection', 'We still make time for romance.'),
    ev('re_sup_1', 'support_partnership', 'My partner supports my goals.'),
    ev('re_sup_2', 'support_partnership', 'We share the household and money responsibilities fairly.'),
    ev('re_sup_3', 'support_partnership', 'In a crisis I know my partner has my back.'),
    ev('re_sup_4', 'support_partnership', 'We make important decisions together.'),
  ],
};

export const SEED_QUIZZES: SeedQuiz[] = [loveLanguage, communication, evaluation];

// Sanity: every evaluation item belongs to a weighted category.
for (const i of evaluation.items) {
  if (!RELATIONSHIP_CATEGORIES.some((c) => c.key === i.category)) throw new Error(`unknown category ${i.category}`);
}

export interface SeedTip {
  key: string;
  title: string;
  content: string;
  category: string;
  tags: string[];
  priority: number;
}

const tip = (key: string, category: string, tags: string[], priority: number, title: string, content: string): SeedTip => ({
  key,
  title,
  content,
  category,
  tags,
  priority,
});

export const SEED_TIPS: SeedTip[] = [
  // Love languages — at least four each.
  tip(
    'woa_1',
    'love_language',
    ['words_of_affirmation'],
    8,
    'Name one specific thing',
    'Tell your partner one specific thing they did today that you appreciated. Specific beats generic: "thank you for waiting for me" lands better than "you are great".',
  ),
  tip(
    'woa_2',
    'love_language',
    ['words_of_affirmation'],
    6,
    'Leave a note',
    'Hide a short handwritten note where your partner will find it tomorrow: a pocket, a mug, the car.',
  ),
  tip(
    'woa_3',
    'love_language',
    ['words_of_affirmation', 'communication'],
    5,
    'Praise in public',
    'Say something kind about your partner in front of friends or family. Being appreciated out loud doubles the effect.',
  ),
  tip(
    'woa_4',
    'love_language',
    ['words_of_affirmation'],
    4,
    'Send a mid-day message',
    'Send one message during the day that has nothing to do with logistics — just that you are thinking of them.',
  ),
  tip(
    'qt_1',
    'love_language',
    ['quality_time'],
    8,
    'Phone-free hour',
    'Pick one evening this week for a phone-free hour together. Put both phones in another room.',
  ),
  tip(
    'qt_2',
    'love_language',
    ['quality_time'],
    6,
    'Ten-minute check-in',
    'Spend ten minutes each evening asking "what was the best and the hardest part of your day?" and really listen.',
  ),
  tip(
    'qt_3',
    'love_language',
    ['quality_time'],
    5,
    'Plan a tiny adventure',
    'Try something new together this weekend: a new walk, café or recipe. Novelty builds closeness.',
  ),
  tip(
    'qt_4',
    'love_language',
    ['quality_time'],
    4,
    'Shared ritual',
    'Create a small weekly ritual that is only yours — Sunday pancakes, a Thursday walk, a series you only watch together.',
  ),
  tip(
    'pt_1',
    'love_language',
    ['physical_touch'],
    8,
    'Six-second hug',
    'Hug for at least six seconds when you greet each other. Long hugs calm the nervous system.',
  ),
  tip('pt_2', 'love_language', ['physical_touch'], 6, 'Hold hands', 'Hold hands when you walk or sit together, even for a few minutes.'),
  tip(
    'pt_3',
    'love_language',
    ['physical_touch', 'intimacy'],
    5,
    'A small massage',
    'Offer a five-minute shoulder or hand massage tonight, with no expectations attached.',
  ),
  tip('pt_4', 'love_language', ['physical_touch'], 4, 'Touch in passing', 'A hand on the back or shoulder in passing says "I see you" without words.'),
  tip(
    'aos_1',
    'love_language',
    ['acts_of_service'],
    8,
    'Take one chore off their list',
    'Ask your partner which chore they dread most this week and do it for them.',
  ),
  tip(
    'aos_2',
    'love_language',
    ['acts_of_service'],
    6,
    'Prepare the morning',
    'Get something ready for their morning: coffee, a packed lunch, a warmed-up car.',
  ),
  tip(
    'aos_3',
    'love_language',
    ['acts_of_service'],
    5,
    'Finish a pending task',
    'Fix or finish that small thing that has been waiting for weeks. It shows you listen.',
  ),
  tip('aos_4', 'love_language', ['acts_of_service'], 4, 'Ask how you can help', 'Ask "what would make your week easier?" and follow through on the answer.'),
  tip(
    'rg_1',
    'love_language',
    ['receiving_gifts'],
    8,
    'A thoughtful little thing',
    'Bring home a small thing that shows you remembered something they mentioned.',
  ),
  tip(
    'rg_2',
    'love_language',
    ['receiving_gifts'],
    6,
    'Keep a wish list',
    'Keep a private note of things your partner says they like; it makes thoughtful gifts easy.',
  ),
  tip('rg_3', 'love_language', ['receiving_gifts'], 5, 'Make, don’t buy', 'Make a gift: a playlist, a photo collage, a letter. Effort is the message.'),
  tip(
    'rg_4',
    'love_language',
    ['receiving_gifts'],
    4,
    'Mark small milestones',
    'Celebrate a small milestone with a token — the first month in a new job, a finished project.',
  ),
  // Stress management — picked when recent journals are low.
  tip(
    'stress_1',
    'stress_management',
    ['stress', 'support'],
    9,
    'Ask what support looks like',
    'When your partner is stressed, ask: "Do you want me to listen, help, or distract you?" Then do that.',
  ),
  tip(
    'stress_2',
    'stress_management',
    ['stress', 'self_care'],
    8,
    'Breathe together',
    'Try two minutes of slow breathing together: in for four, hold for four, out for six.',
  ),
  tip('stress_3', 'stress_management', ['stress'], 7, 'Walk it out', 'A twenty-minute walk side by side lowers stress and makes hard conversations easier.'),
  tip(
    'stress_4',
    'stress_management',
    ['stress', 'communication'],
    6,
    'Name the stress',
    'Say out loud what is stressing you — work, money, family — so your partner doesn’t take your mood personally.',
  ),
  tip(
    'stress_5',
    'stress_management',
    ['stress', 'self_care'],
    5,
    'Protect your sleep',
    'Agree on a wind-down time tonight: screens off, lights low, tomorrow’s worries on paper.',
  ),
  // Communication, conflict, connection.
  tip(
    'comm_1',
    'communication',
    ['communication', 'communication_style'],
    7,
    'Use "I" statements',
    'Start with how you feel ("I felt worried when…") rather than what they did ("You always…").',
  ),
  tip(
    'comm_2',
    'communication',
    ['communication'],
    6,
    'Reflect before replying',
    'Repeat back what you heard before you answer: "So you felt… because…". It prevents most misunderstandings.',
  ),
  tip(
    'comm_3',
    'conflict',
    ['conflict', 'communication'],
    7,
    'Take a timeout',
    'If an argument gets heated, agree on a 20-minute break and come back to it calmly.',
  ),
  tip(
    'comm_4',
    'conflict',
    ['conflict'],
    5,
    'One topic at a time',
    'In a disagreement, stick to one topic. Bringing up the past turns a problem into a trial.',
  ),
  tip('conn_1', 'connection', ['gratitude'], 6, 'Gratitude before sleep', 'Before sleep, each say one thing you were grateful for in the other today.'),
  tip('conn_2', 'connection', ['quality_time', 'fun'], 5, 'Recreate your first date', 'Recreate your first date, or the moment you knew you liked each other.'),
  tip('conn_3', 'connection', ['growth'], 4, 'Dream together', 'Talk about one thing you would like to do together in the next year, however small.'),
  tip(
    'trust_1',
    'trust',
    ['trust'],
    5,
    'Keep small promises',
    'Keep every small promise this week, even "I’ll call you at six". Trust is built in small deposits.',
  ),
];
