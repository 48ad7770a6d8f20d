// Reads one Live Coach turn through the AI port, with the built-in cue rules as its offline engine and fallback.
// Nothing is stored, and the transcript never reaches a log line.
import type { ProductContext } from '../../../core/product.js';
import { readTurn, settle } from './analyze-turn.rules.js';
import { TurnReading, type AnalyzeTurnRequest, type AnalyzeTurnResponse } from './analyze-turn.schemas.js';

const INSTRUCTION = [
  'You are Kai, a warm relationship communication coach listening to a live conversation.',
  'Read the current turn in the light of the recent turns (when given) and answer one JSON object with exactly these keys:',
  '"sentiment": "Positive" | "Neutral" | "Negative" | "Hostile";',
  '"horseman": "None" | "Criticism" | "Contempt" | "Defensiveness" | "Stonewalling";',
  '"level": an integer from -5 (contempt, humiliation, threats) through 0 (neutral, factual) to 5 (strong warmth or repair);',
  '"nudgeText": one short, kind sentence for the speaker, only when level <= -3 or level >= 4, else null;',
  '"suggestedRephrasing": what the speaker could say instead, only when level <= -4, else null.',
  'Assume good intent and flag only clear patterns: one sharp line is a moment, not a pattern; when unsure, horseman is "None".',
  'Criticism attacks the person ("you are…", "you always/never…") rather than a behaviour; Contempt is mockery, insults or',
  'disgust (a very high bar); Defensiveness deflects responsibility with excuses or counter-attacks; Stonewalling is shutting',
  'down or refusing to engage.',
  'Notice and approve repair: apologies, owning a part, appreciation, curiosity, empathy, proposing a way forward.',
  'A rephrasing states what happened, how the speaker feels, what they need and one concrete request, in plain everyday words.',
  'When the speaker is OVERLAP or UNCERTAIN, people talked over each other or the speaker is unknown: attribute no blame for it.',
].join('\n');

/** Room for the recent turns in the prompt, newest first, so the current turn is never cut. */
const HISTORY_BUDGET = 6000;

/** The user message the coach reads: the recent turns that fit (oldest first), then the current turn and its speaker. */
export function turnPrompt(req: AnalyzeTurnRequest): string {
  const lines: string[] = [];
  if (req.include_history && req.history?.length) {
    let room = HISTORY_BUDGET;
    const recent: string[] = [];
    for (const turn of [...req.history].reverse()) {
      const text = turn.transcript.replace(/\s+/g, ' ').trim();
      if (!text) continue;
      const line = `- ${turn.speaker.trim() || 'Unknown'}: ${text}`;
      if (line.length > room) break;
      room -= line.length + 1;
      recent.unshift(line);
    }
    if (recent.length) lines.push('Recent turns (oldest first):', ...recent, '');
  }
  lines.push(`Current turn (speaker: ${req.speaker?.trim() || 'Unknown speaker'}):`, req.transcript.trim());
  return lines.join('\n');
}

export async function analyzeTurn(ctx: ProductContext, userId: string, req: AnalyzeTurnRequest): Promise<AnalyzeTurnResponse> {
  await ctx.limits.consume('ANALYZE_TURNS_PER_USER', userId);
  const started = performance.now();
  const input = turnPrompt(req);
  const rules = () => readTurn(req.transcript);
  let source: 'ai' | 'rules' = 'ai';
  let reading: TurnReading;
  try {
    reading = await ctx.ai.json({
      name: 'project_inside_analyze_turn',
      instruction: INSTRUCTION,
      input,
      schema: TurnReading,
      maxTokens: 300,
      temperature: 0.2,
      local: () => {
        source = 'rules';
        return rules();
      },
    });
  } catch (err) {
    // Only the error's class: its message could quote the request.
    ctx.log.warn({ task: 'project_inside_analyze_turn', error: (err as Error).name }, 'AI reading of a turn failed; using the built-in rules');
    source = 'rules';
    reading = rules();
  }
  const r = settle(reading);
  return {
    sentiment: r.sentiment,
    horseman: r.horseman,
    level: r.level,
    nudgeText: r.nudgeText ?? null,
    suggestedRephrasing: r.suggestedRephrasing ?? null,
    segment_id: req.segment_id ?? null,
    latency_ms: Math.max(0, Math.round(performance.now() - started)),
    source,
    ...(req.debug ? { debug_prompt: `${INSTRUCTION}\n\n${input}` } : {}),
  };
}
