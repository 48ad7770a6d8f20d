// Any OpenAI-compatible chat-completions server (OpenAI, OpenRouter, vLLM, Ollama) behind the AI port.
import OpenAI, { APIError, toFile } from 'openai';
import type { Logger } from 'pino';
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import '../typebox-formats.js';
import { AiUnavailableError, type AiPort, type ChatMessage, type JsonRequest } from './port.js';

export interface OpenAiOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  /** Text-to-speech model and voice (`/audio/speech`). */
  speechModel?: string;
  voice?: string;
  maxRetries?: number;
  log?: Logger;
}

/** Splits text for the speech endpoint (4096 characters a call) at sentence, then word boundaries. */
export function speechChunks(text: string, max = 4000): string[] {
  const out: string[] = [];
  let rest = text.replace(/\s+/g, ' ').trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '));
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = max - 1;
    out.push(rest.slice(0, cut + 1).trim());
    rest = rest.slice(cut + 1).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** The first JSON object in a reply (models like to wrap it in prose or code fences). */
export function extractJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

/** A parsed answer as the schema wants it (numbers from numeric text, unknown keys dropped), or undefined. */
export function fitToSchema<S extends TSchema>(schema: S, value: unknown): Static<S> | undefined {
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  const v = Value.Clean(schema, Value.Convert(schema, Value.Clone(value)));
  return Value.Check(schema, v) ? (v as Static<S>) : undefined;
}

export function openAi(o: OpenAiOptions): AiPort {
  const client = new OpenAI({ baseURL: o.baseUrl, apiKey: o.apiKey, timeout: o.timeoutMs, maxRetries: o.maxRetries ?? 2 });
  // Servers without structured output answer 400 to `response_format: json_schema`; after one such answer this
  // process asks for plain JSON in the prompt and validates what comes back.
  let structuredOutput = true;

  async function complete(messages: ChatMessage[], maxTokens: number, temperature: number, responseFormat?: OpenAI.ResponseFormatJSONSchema): Promise<string> {
    const r = await client.chat.completions.create({
      model: o.model,
      messages,
      max_tokens: maxTokens,
      temperature,
      ...(responseFormat ? { response_format: responseFormat } : {}),
    });
    return r.choices[0]?.message?.content ?? '';
  }

  async function orLocal<T>(strict: boolean | undefined, task: string, attempt: () => Promise<T | undefined>, local: () => T | Promise<T>): Promise<T> {
    let reason: string;
    try {
      const v = await attempt();
      if (v !== undefined) return v;
      reason = 'unusable answer';
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
    if (strict) throw new AiUnavailableError(`AI ${task}: ${reason}`);
    o.log?.warn({ task, reason }, 'AI answer unavailable; using the local answer');
    return local();
  }

  async function json<S extends TSchema>(req: JsonRequest<S>): Promise<Static<S>> {
    const input = typeof req.input === 'string' ? req.input : JSON.stringify(req.input);
    const messages: ChatMessage[] = [
      { role: 'system', content: `${req.instruction}\nAnswer only with one JSON object matching this JSON schema: ${JSON.stringify(req.schema)}` },
      { role: 'user', content: input.slice(0, 12_000) },
    ];
    const max = req.maxTokens ?? 600;
    const temperature = req.temperature ?? 0.3;
    return orLocal(
      req.strict,
      req.name,
      async () => {
        let text: string;
        if (structuredOutput) {
          try {
            text = await complete(messages, max, temperature, {
              type: 'json_schema',
              json_schema: { name: req.name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64), schema: req.schema as Record<string, unknown>, strict: false },
            });
          } catch (e) {
            if (!(e instanceof APIError) || e.status !== 400) throw e;
            structuredOutput = false;
            text = await complete(messages, max, temperature);
          }
        } else text = await complete(messages, max, temperature);
        return fitToSchema(req.schema, extractJson(text));
      },
      () => req.local(req.input),
    );
  }

  return {
    kind: 'openai',
    chat: (req) =>
      orLocal(
        req.strict,
        'chat',
        async () => (await complete(req.messages, req.maxTokens ?? 400, req.temperature ?? 0.7)).trim() || undefined,
        () => req.local(req.messages),
      ),
    json,
    async transcribe(audio, mimeType) {
      // The server picks the decoder by file extension: drop parameters (`audio/webm;codecs=opus`) and `x-` prefixes.
      const ext =
        mimeType
          .split(';')[0]!
          .trim()
          .toLowerCase()
          .split('/')[1]
          ?.replace(/^x-/, '')
          .replace(/[^a-z0-9]/g, '') || 'webm';
      const r = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(audio, `audio.${ext}`, { type: mimeType }) });
      return r.text ?? '';
    },
    async speak(text) {
      // MP3 frames concatenate: one file per chunk, played back to back.
      const parts: Buffer[] = [];
      try {
        for (const input of speechChunks(text)) {
          const r = await client.audio.speech.create({ model: o.speechModel ?? 'tts-1', voice: o.voice ?? 'alloy', input, response_format: 'mp3' });
          parts.push(Buffer.from(await r.arrayBuffer()));
        }
      } catch (e) {
        throw new AiUnavailableError(`AI speech: ${e instanceof Error ? e.message : String(e)}`);
      }
      return Buffer.concat(parts);
    },
  };
}
