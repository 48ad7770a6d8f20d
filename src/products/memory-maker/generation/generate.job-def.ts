// The typed job that writes a book's story (retried with exponential backoff; the last failure is reported).
import { Type } from '@sinclair/typebox';
import { defineJob } from '../../../core/jobs/define.js';
import type { Ctx } from '../context.js';
import { runGeneration } from './generate.service.js';

/** Retries after the first attempt. */
export const GENERATE_BOOK_RETRIES = 3;

export const generateBook = defineJob(
  'generate-book',
  Type.Object({ taskId: Type.String({ format: 'uuid' }) }),
  async (ctx: Ctx, data, job) => runGeneration(ctx, data.taskId, job),
  // 10 s, 20 s, 40 s between attempts; an attempt running past 2 minutes is presumed dead and retried.
  { retryLimit: GENERATE_BOOK_RETRIES, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
);
