// What coaching asks of the AI port (a report summary, activity suggestions), each with the product's own
// rule-based answer: used offline (local engine), and whenever the server fails or answers something unusable.
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { cleanSuggestions, type SessionSignals, type Suggestion } from './activities.js';

const SummarySchema = Type.Object({ summary: Type.String({ minLength: 1, maxLength: 4000 }) });

export async function aiSummary(ctx: ProductContext, stats: unknown, actionItems: string[], fallback: string): Promise<string> {
  try {
    const r = await ctx.ai.json({
      name: 'project_inside_session_summary',
      instruction:
        'Summarise this coached conversation for both partners in two or three warm, non-judgemental sentences. ' +
        'Use the talk balance, pace and nudges. Answer as JSON {"summary": string}.',
      input: { stats, action_items: actionItems },
      schema: SummarySchema,
      local: () => ({ summary: fallback }),
    });
    return r.summary.trim() ? r.summary.trim().slice(0, 2000) : fallback;
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message }, 'AI summary failed; using the rule-based one');
    return fallback;
  }
}

const SuggestionsSchema = Type.Object({
  suggestions: Type.Array(
    Type.Object({
      id: Type.Optional(Type.String()),
      title: Type.String(),
      description: Type.String(),
      category: Type.Optional(Type.String()),
      duration_minutes: Type.Number(),
      reason: Type.Optional(Type.String()),
    }),
  ),
});

/**
 * 3–5 activities: the AI's when it answers usable ones, else the rule-based picks. `source` says which ('ai' or
 * 'rules'), for the debug view.
 */
export async function aiSuggestions(
  ctx: ProductContext,
  input: { relationshipType: string; signals: SessionSignals | undefined; rules: Suggestion[] },
): Promise<{ picked: Suggestion[]; source: 'ai' | 'rules' }> {
  let usedLocal = false;
  try {
    const answer = await ctx.ai.json({
      name: 'project_inside_activity_suggestions',
      instruction:
        'Suggest 3 to 5 short activities for this relationship. Answer as JSON {"suggestions": [{"id", "title", "description", ' +
        '"category", "duration_minutes", "reason"}]}; the rule-based picks are a good default.',
      // No user ids or e-mails leave the process: only the relationship type and aggregate signals.
      input: { relationship_type: input.relationshipType, signals: input.signals ?? null, rule_based: input.rules },
      schema: SuggestionsSchema,
      local: () => {
        usedLocal = true;
        return { suggestions: input.rules };
      },
    });
    const cleaned = usedLocal ? null : cleanSuggestions(answer);
    if (cleaned && cleaned.length > 0) return { picked: cleaned, source: 'ai' };
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message }, 'AI suggestions failed; using the rule-based ones');
  }
  return { picked: input.rules, source: 'rules' };
}
