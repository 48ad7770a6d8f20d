// Any OpenAI-compatible chat-completions server (OpenAI, OpenRouter, vLLM, Ollama) behind the AI port.
import OpenAI, { toFile } from 'openai';
import type { AiEngine, ChatMessage, Feedback } from './port.js';
import { clampSentiment, cleanThemes } from './port.js';
import { analyzeLocally, localEngine } from './local.js';

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

export function openAiEngine(o: { baseUrl: string; apiKey: string; model: string; timeoutMs: number; maxRetries?: number }): AiEngine {
  const client = new OpenAI({ baseURL: o.baseUrl, apiKey: o.apiKey, timeout: o.timeoutMs, maxRetries: o.maxRetries ?? 2 });
  const local = localEngine();

  async function complete(messages: ChatMessage[], maxTokens = 300, temperature = 0.3): Promise<string> {
    const r = await client.chat.completions.create({ model: o.model, messages, max_tokens: maxTokens, temperature });
    return r.choices[0]?.message?.content ?? '';
  }

  return {
    kind: 'openai',
    async analyzeText(text) {
      const reply = await complete([
        {
          role: 'system',
          content:
            'You are a relationship counseling AI. Analyze the journal entry and answer only with JSON: ' +
            '{"sentiment": <integer 1-5, 1 very negative, 5 very positive>, "themes": [<up to 3 short lowercase themes>]}',
        },
        { role: 'user', content: text.slice(0, 8000) },
      ], 200);
      const parsed = extractJson(reply) as { sentiment?: unknown; themes?: unknown } | undefined;
      if (!parsed || parsed.sentiment === undefined) return analyzeLocally(text);
      return { sentiment: clampSentiment(parsed.sentiment), themes: cleanThemes(parsed.themes) };
    },
    async chat(messages, opts) {
      const reply = (await complete(messages, opts?.maxTokens ?? 400, 0.7)).trim();
      return reply || local.chat(messages);
    },
    async feedback(input): Promise<Feedback> {
      const fallback = await local.feedback(input);
      const reply = await complete([
        {
          role: 'system',
          content:
            `Score the user's side of this practice conversation${input.goal ? ` (goal: ${input.goal})` : ''}. Answer only with JSON: ` +
            `{"scores": {${input.rubric.map((r) => `"${r}": <1-10>`).join(', ')}}, "summary": "<one sentence>", "suggestions": ["<tip>", ...]}`,
        },
        { role: 'user', content: input.transcript.map((m) => `${m.role}: ${m.content}`).join('\n').slice(0, 12000) },
      ], 400);
      const p = extractJson(reply) as { scores?: Record<string, unknown>; summary?: unknown; suggestions?: unknown } | undefined;
      if (!p?.scores) return fallback;
      const scores = Object.fromEntries(
        input.rubric.map((r) => {
          const v = Number(p.scores?.[r]);
          return [r, Number.isFinite(v) ? Math.min(10, Math.max(1, Math.round(v))) : fallback.scores[r]!];
        }),
      );
      const vals = Object.values(scores);
      return {
        scores,
        overall: vals.length ? Math.round((vals.reduce((s, v) => s + v, 0) / vals.length) * 10) / 10 : fallback.overall,
        summary: typeof p.summary === 'string' ? p.summary.slice(0, 500) : fallback.summary,
        suggestions: Array.isArray(p.suggestions)
          ? p.suggestions.filter((s): s is string => typeof s === 'string').slice(0, 5).map((s) => s.slice(0, 300))
          : fallback.suggestions,
      };
    },
    async transcribe(audio, mimeType) {
      // The server picks the decoder by file extension: drop parameters (`audio/webm;codecs=opus`) and `x-` prefixes.
      const ext = mimeType.split(';')[0]!.trim().toLowerCase().split('/')[1]?.replace(/^x-/, '').replace(/[^a-z0-9]/g, '') || 'webm';
      const r = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(audio, `audio.${ext}`, { type: mimeType }) });
      return r.text ?? '';
    },
    async json(instruction, input, fallback) {
      const reply = await complete([
        { role: 'system', content: `${instruction}\nAnswer only with one JSON object.` },
        { role: 'user', content: JSON.stringify(input).slice(0, 12000) },
      ], 600);
      const parsed = extractJson(reply);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as typeof fallback) : fallback;
    },
  };
}
