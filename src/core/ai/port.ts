// What products may ask of an AI, product-neutral: a chat reply, a JSON object of a given schema, a transcript, speech.
// Products bring their own prompts and their own deterministic local answer (`local`): the offline engine uses it,
// and a real engine falls back to it when the server fails or answers something that doesn't fit the schema.
import type { Static, TSchema } from '@sinclair/typebox';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

interface Common {
  maxTokens?: number;
  temperature?: number;
  /**
   * true: a failure throws `AiUnavailableError` instead of using `local` (a job that would rather retry later).
   * Default false: any failure (network, timeout, HTTP error, unusable answer) gives `local`'s answer.
   */
  strict?: boolean;
}

export interface ChatRequest extends Common {
  messages: ChatMessage[];
  /** The product's deterministic reply for these messages. */
  local(messages: ChatMessage[]): string | Promise<string>;
}

export interface JsonRequest<S extends TSchema> extends Common {
  /** Short identifier of the task (the JSON schema's name for servers that support structured output). */
  name: string;
  /** System prompt: what to produce from `input`. */
  instruction: string;
  input: unknown;
  /** The answer must validate against this schema (sent as `response_format: json_schema` where supported). */
  schema: S;
  local(input: unknown): Static<S> | Promise<Static<S>>;
}

export interface AiPort {
  kind: 'local' | 'openai';
  chat(req: ChatRequest): Promise<string>;
  json<S extends TSchema>(req: JsonRequest<S>): Promise<Static<S>>;
  /** '' when the engine can't transcribe (the local engine). */
  transcribe(audio: Buffer, mimeType: string): Promise<string>;
  /** `text` read aloud as MP3. Throws `AiUnavailableError` when the engine has no voice (the local engine) or fails. */
  speak(text: string): Promise<Buffer>;
}

export class AiUnavailableError extends Error {
  override name = 'AiUnavailableError';
}

/** The offline engine: every answer is the product's own deterministic one. */
export function localAi(): AiPort {
  return {
    kind: 'local',
    chat: async (req) => req.local(req.messages),
    json: async (req) => req.local(req.input),
    transcribe: async () => '',
    speak: () => Promise.reject(new AiUnavailableError('the local AI engine has no voice: set OPENAI_BASE_URL and OPENAI_API_KEY')),
  };
}
