// What products may ask of an AI. Adapters: the deterministic local engine and any OpenAI-compatible server.
export interface TextAnalysis {
  /** 1 (very negative) … 5 (very positive). */
  sentiment: number;
  /** At most 3 short themes. */
  themes: string[];
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Feedback {
  /** Each rubric item scored 1..10. */
  scores: Record<string, number>;
  overall: number;
  summary: string;
  suggestions: string[];
}

export interface AiEngine {
  kind: 'local' | 'openai';
  analyzeText(text: string): Promise<TextAnalysis>;
  chat(messages: ChatMessage[], opts?: { maxTokens?: number }): Promise<string>;
  feedback(input: { transcript: ChatMessage[]; rubric: string[]; goal?: string }): Promise<Feedback>;
  /** May return '' when the engine can't transcribe (the local engine). */
  transcribe(audio: Buffer, mimeType: string): Promise<string>;
  /** A JSON object answering `instruction`; `fallback` when the answer isn't valid JSON. */
  json<T extends object>(instruction: string, input: unknown, fallback: T): Promise<T>;
}

export const clampSentiment = (n: unknown): number => {
  // Only numbers and numeric text: Number() throws on symbols and prototype-less objects.
  const v = typeof n === 'number' ? n : typeof n === 'string' ? Number(n) : NaN;
  if (!Number.isFinite(v)) return 3;
  return Math.min(5, Math.max(1, Math.round(v)));
};

export const cleanThemes = (t: unknown): string[] =>
  Array.isArray(t)
    ? t
        .filter((x): x is string => typeof x === 'string')
        .map((x) => x.trim().toLowerCase().slice(0, 50))
        .filter(Boolean)
        .filter((x, i, a) => a.indexOf(x) === i)
        .slice(0, 3)
    : [];
