// Activity suggestions for a relationship: a small catalogue picked by rules from its recent sessions. Pure.

export interface Suggestion {
  id: string;
  title: string;
  description: string;
  category: string;
  duration_minutes: number;
  reason: string;
}

/** What recent sessions showed; undefined when the members' consent doesn't allow using session data. */
export interface SessionSignals {
  sessions: number;
  frames: number;
  slowDown: number;
  pause: number;
  /** The largest talk share of one member across those sessions, 0..1. */
  maxTalkShare: number;
}

type Entry = Omit<Suggestion, 'reason'>;

const CATALOGUE: Record<string, Entry> = {
  slow_talk: {
    id: 'slow_talk',
    title: 'Slow-talk walk',
    description: 'Take a 20-minute walk and talk about your day at half your usual pace; pause at every corner.',
    category: 'communication',
    duration_minutes: 20,
  },
  talking_object: {
    id: 'talking_object',
    title: 'Talking object',
    description: 'Only the person holding the object speaks; pass it on when you are done and wait for the next one to finish.',
    category: 'listening',
    duration_minutes: 15,
  },
  mirror: {
    id: 'mirror',
    title: 'Mirror back',
    description: 'One speaks for two minutes, the other sums up what they heard before answering. Swap roles three times.',
    category: 'listening',
    duration_minutes: 15,
  },
  quiet_first: {
    id: 'quiet_first',
    title: 'Quiet partner leads',
    description: 'The one who spoke less last time picks the topic and asks three open questions.',
    category: 'balance',
    duration_minutes: 20,
  },
  questions: {
    id: 'questions',
    title: '36 questions evening',
    description: 'Take turns answering questions that get more personal as you go; nobody answers twice in a row.',
    category: 'connection',
    duration_minutes: 45,
  },
  gratitude: {
    id: 'gratitude',
    title: 'Three good things',
    description: 'Each of you shares three things you appreciated about the other this week.',
    category: 'connection',
    duration_minutes: 10,
  },
  cook: {
    id: 'cook',
    title: 'Cook together',
    description: 'Pick a recipe neither of you knows and make it together, sharing the tasks.',
    category: 'quality_time',
    duration_minutes: 60,
  },
};

const pick = (id: keyof typeof CATALOGUE, reason: string): Suggestion => ({ ...CATALOGUE[id]!, reason });

export function suggestActivities(signals: SessionSignals | undefined): Suggestion[] {
  if (!signals) {
    return [
      pick('gratitude', 'A gentle start that works for any relationship (session data is not shared for suggestions).'),
      pick('questions', 'Taking turns builds closeness and practises listening.'),
      pick('cook', 'Shared time without screens.'),
    ];
  }
  if (signals.sessions === 0 || signals.frames === 0) {
    return [
      pick('mirror', 'No coached conversations yet: practise listening before your first session.'),
      pick('gratitude', 'A gentle start that works for any relationship.'),
      pick('questions', 'Taking turns builds closeness and practises listening.'),
    ];
  }
  const out: Suggestion[] = [];
  if (signals.pause > 0)
    out.push(pick('talking_object', `Your recent sessions had ${signals.pause} pause nudge${signals.pause === 1 ? '' : 's'} for talking over each other.`));
  if (signals.slowDown > 0) out.push(pick('slow_talk', `Your recent sessions had ${signals.slowDown} slow-down nudge${signals.slowDown === 1 ? '' : 's'}.`));
  if (signals.maxTalkShare > 0.65) out.push(pick('quiet_first', `One of you did about ${Math.round(signals.maxTalkShare * 100)}% of the talking recently.`));
  if (out.length < 3) out.push(pick('mirror', 'Reflecting back what you heard keeps conversations calm.'));
  if (out.length < 3) out.push(pick('gratitude', 'Your recent sessions went smoothly: celebrate it.'));
  if (out.length < 3) out.push(pick('cook', 'Shared time without screens.'));
  return out.slice(0, 5);
}

/** Keeps only well-formed suggestions from an AI answer (the port may return anything). */
export function cleanSuggestions(v: unknown): Suggestion[] | null {
  if (!v || typeof v !== 'object' || !Array.isArray((v as { suggestions?: unknown }).suggestions)) return null;
  const str = (x: unknown, max: number) => (typeof x === 'string' && x.trim() ? x.trim().slice(0, max) : null);
  const out: Suggestion[] = [];
  for (const s of (v as { suggestions: unknown[] }).suggestions.slice(0, 10)) {
    if (!s || typeof s !== 'object') continue;
    const o = s as Record<string, unknown>;
    const title = str(o.title, 200);
    const description = str(o.description, 2000);
    const d = typeof o.duration_minutes === 'number' && Number.isFinite(o.duration_minutes) ? Math.round(o.duration_minutes) : NaN;
    if (!title || !description || !(d >= 1 && d <= 600)) continue;
    out.push({
      id: str(o.id, 64) ?? `ai_${out.length + 1}`,
      title,
      description,
      category: str(o.category, 50) ?? 'connection',
      duration_minutes: d,
      reason: str(o.reason, 500) ?? '',
    });
  }
  return out.length > 0 ? out : null;
}
