// The typed job that reads a journal entry's sentiment and themes through the AI port, after the entry is written.
import { Type } from '@sinclair/typebox';
import { defineJob } from '../../../core/jobs/define.js';
import type { ProductContext } from '../../../core/product.js';
import type { JobContext } from '../../../core/jobs/jobs.js';
import { analyzeLocally, clampSentiment, cleanThemes } from '../ai/local-rules.js';
import * as repo from './journals.repo.js';

/** Retries after the first attempt (the seed's Celery task: retry(countdown=60, max_retries=3)). */
const RETRIES = 3;

const INSTRUCTION =
  'You are a relationship counseling AI. Analyze the journal entry: sentiment is an integer 1-5 (1 very negative, 5 very positive), ' +
  'themes are up to 3 short lowercase themes.';
// Loose on purpose: out-of-range or messy answers are clamped and cleaned below rather than thrown away.
const Analysis = Type.Object({ sentiment: Type.Number(), themes: Type.Array(Type.String()) });

/** Analyse outside any transaction, then store only if the text wasn't edited meanwhile. */
export async function analyzeJournal(ctx: ProductContext, data: { journalId: string; version: number }, job: Pick<JobContext, 'retryCount'>): Promise<string> {
  const j = await repo.findJournal(ctx.db.dz, data.journalId);
  if (!j) return 'journal deleted';
  if (j.contentVersion !== data.version) return 'superseded by a newer version';
  const a = await ctx.ai.json({
    name: 'journal_analysis',
    instruction: INSTRUCTION,
    input: j.content.slice(0, 8000),
    schema: Analysis,
    local: () => analyzeLocally(j.content),
    maxTokens: 200,
    // A provider failure is retried by the job runner; the last attempt takes the local answer instead.
    strict: job.retryCount < RETRIES,
  });
  const saved = await repo.saveAnalysis(ctx.db.dz, j.id, data.version, { sentiment: clampSentiment(a.sentiment), themes: cleanThemes(a.themes) });
  return saved ? 'analysed' : 'superseded by a newer version';
}

export const analyzeJournalJob = defineJob(
  'analyze-journal',
  Type.Object({ journalId: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 0 }) }),
  async (ctx: ProductContext, data, job) => analyzeJournal(ctx, data, job),
  { retryLimit: RETRIES, retryDelay: 60, expireInSeconds: 60 },
);
