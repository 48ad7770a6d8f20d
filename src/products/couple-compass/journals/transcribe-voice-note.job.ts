// The typed job that transcribes a stored voice note through the AI port (the local engine leaves it empty).
import { Type } from '@sinclair/typebox';
import { defineJob } from '../../../core/jobs/define.js';
import type { ProductContext } from '../../../core/product.js';
import * as repo from './journals.repo.js';

export async function transcribeVoiceNote(ctx: ProductContext, data: { voiceNoteId: string }): Promise<string> {
  const v = await repo.findVoiceNote(ctx.db.dz, data.voiceNoteId);
  if (!v) return 'voice note deleted';
  const obj = await ctx.storage.get(v.s3Url);
  if (!obj) {
    await repo.saveTranscript(ctx.db.dz, v.id, '', 'failed');
    return 'file missing';
  }
  const chunks: Buffer[] = [];
  for await (const c of obj.body) chunks.push(c as Buffer);
  const text = await ctx.ai.transcribe(Buffer.concat(chunks), v.contentType);
  await repo.saveTranscript(ctx.db.dz, v.id, text, 'completed');
  return 'transcribed';
}

export const transcribeVoiceNoteJob = defineJob(
  'transcribe-voice-note',
  Type.Object({ voiceNoteId: Type.String({ format: 'uuid' }) }),
  async (ctx: ProductContext, data) => transcribeVoiceNote(ctx, data),
  // The seed's Celery task: retry(countdown=60, max_retries=3).
  { retryLimit: 3, retryDelay: 60, expireInSeconds: 300 },
);
