// What a user's message does, read by simple rules: the local partner replies from it, receptiveness moves with
// it, and the local feedback scores are counted from it.

export type Intent = 'inappropriate' | 'goodbye' | 'ask_out' | 'greeting' | 'question' | 'compliment' | 'disclosure' | 'low_effort' | 'statement';

export interface MessageFeatures {
  intent: Intent;
  words: number;
  question: boolean;
  compliment: boolean;
  disclosure: boolean;
  greeting: boolean;
  lowEffort: boolean;
  /** Crude, sexual, insulting or pushy. */
  redFlag: boolean;
  /** Mentions something of the place or the character (activity, interests, what they wear). */
  contextReference: boolean;
  /** Picks up a word from the partner's previous message. */
  respondsToPartner: boolean;
  /** -3 (harmful) … +3 (excellent), the message's quality for the conversation. */
  quality: number;
}

const STOP = new Set(
  "the a an and or but so to of in on at for with from by about as is are was were be been am i im i'm you your yours me my mine we our it its it's this that these those there here what when where why how who which do does did can could would should will just really very too also not no yes yeah ok okay oh hi hey hello like get got have has had one some any all more most much lot lots know think thing things them they he she his her him go going gonna want".split(
    ' ',
  ),
);

const RED_FLAG = [
  /\b(sexy|hot body|nudes?|boobs?|tits|ass|dick|cock|pussy|fuck|fucking|bitch|slut|whore|horny|bed with me|sleep with me|your place|my place tonight)\b/i,
  /\b(shut up|stupid|idiot|ugly|fat|loser|dumb)\b/i,
  /\b(give me your (number|address)|where do you live|what'?s your address|i know where you)\b/i,
];
const COMPLIMENT =
  /\b(love|like|nice|great|cool|beautiful|gorgeous|cute|lovely|awesome|amazing|stylish|good taste)\b.*\b(your|you)\b|\byou('re| are) (so |really )?(funny|smart|interesting|kind|lovely|great|cool|sweet|beautiful|cute)\b|\b(your|you)\b.*\b(look|looks) (great|nice|good|amazing|lovely)\b/i;
const GREETING = /^\s*(hi|hey|hello|hiya|good (morning|afternoon|evening)|excuse me|sorry to bother)\b/i;
const GOODBYE = /\b(bye|goodbye|see you|gotta go|got to go|have to go|nice (meeting|talking to) you|take care)\b/i;
const ASK_OUT =
  /\b(your number|phone number|instagram|insta|go out|grab (a )?(coffee|drink|dinner|lunch)|get (a )?(coffee|drink|dinner)|on a date|sometime\?|hang out)\b/i;
const QUESTION_START = /^\s*(what|why|how|where|when|who|which|do|does|did|are|is|have|has|can|could|would|will|any)\b/i;
const DISCLOSURE = /\b(i|i'm|im|i've|ive|my|me)\b/i;

export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}][\p{L}'’-]*/gu) ?? []).map((w) => w.replace(/[’]/g, "'")).filter((w) => w.length >= 3 && !STOP.has(w));
}

/** True when the text contains one of the words or phrases (whole words, case-insensitive). */
export function mentionsAny(text: string, phrases: readonly string[]): boolean {
  const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ')} `;
  return phrases.some((p) => p.length > 0 && lower.includes(` ${p.toLowerCase()} `));
}

export function analyseMessage(text: string, o: { contextWords: readonly string[]; previousPartnerMessage?: string }): MessageFeatures {
  const words = (text.trim().match(/\S+/g) ?? []).length;
  const redFlag = RED_FLAG.some((r) => r.test(text));
  const question = text.includes('?') || QUESTION_START.test(text);
  const compliment = COMPLIMENT.test(text);
  const greeting = GREETING.test(text);
  const goodbye = GOODBYE.test(text);
  const askOut = ASK_OUT.test(text);
  const disclosure = DISCLOSURE.test(text) && words >= 7;
  const lowEffort = words <= 2 && !greeting && !question;
  const contextReference = mentionsAny(text, o.contextWords);
  const partnerWords = new Set(o.previousPartnerMessage ? contentWords(o.previousPartnerMessage) : []);
  const respondsToPartner = contentWords(text).some((w) => partnerWords.has(w));

  const intent: Intent = redFlag
    ? 'inappropriate'
    : goodbye
      ? 'goodbye'
      : askOut
        ? 'ask_out'
        : greeting && words <= 6 && !question
          ? 'greeting'
          : question
            ? 'question'
            : compliment
              ? 'compliment'
              : disclosure
                ? 'disclosure'
                : lowEffort
                  ? 'low_effort'
                  : 'statement';

  let quality = 0;
  if (question) quality += 1;
  if (contextReference) quality += 1;
  if (respondsToPartner) quality += 1;
  if (disclosure) quality += 1;
  if (compliment) quality += 1;
  if (lowEffort) quality -= 2;
  if (words > 80) quality -= 1; // a wall of text in a first chat
  if (redFlag) quality = -3;
  quality = Math.max(-3, Math.min(3, quality));

  return { intent, words, question, compliment, disclosure, greeting, lowEffort, redFlag, contextReference, respondsToPartner, quality };
}
