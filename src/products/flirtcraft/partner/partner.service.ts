// The AI partner through the core AI port: the product's prompts, its local engine as the answer offline and on
// any failure, and an `ai_call` event per call (latency, and whether the local answer had to stand in).
import type { Ctx } from '../shared/context.js';
import { recordEvent } from '../analytics/events.repo.js';
import { CharacterSchema, characterInstruction, localCharacter, type Character, type CharacterInput } from './character.js';
import { CANNED_REPLY, localReply, partnerMessages, splitReply, type ReplyInput } from './reply.js';
import { AiFeedbackSchema, feedbackInstruction, localAsAi, localFeedback, mergeAiFeedback, transcript, type Feedback, type FeedbackInput } from './feedback.js';

/** Runs one AI call, noting whether the product's local answer was used in place of a real engine's. */
async function tracked<T>(
  ctx: Ctx,
  userId: string,
  task: string,
  call: (local: <L>(fn: () => L) => L) => Promise<T>,
): Promise<{ value: T; fallback: boolean }> {
  let usedLocal = false;
  const local = <L>(fn: () => L): L => {
    usedLocal = true;
    return fn();
  };
  const t0 = Date.now();
  const value = await call(local);
  const fallback = ctx.ai.kind !== 'local' && usedLocal;
  await recordEvent(ctx.db.dz, { userId, type: 'ai_call', at: new Date(ctx.now()), data: { task, ms: Date.now() - t0, engine: ctx.ai.kind, fallback } }).catch(
    (err: unknown) => ctx.log.warn({ err }, 'ai_call event not recorded'),
  );
  return { value, fallback };
}

export async function generateCharacter(ctx: Ctx, userId: string, input: CharacterInput): Promise<Character> {
  const { value } = await tracked(ctx, userId, 'character', (local) =>
    ctx.ai.json({
      name: 'flirtcraft_character',
      instruction: characterInstruction(input),
      input: {
        scenario: input.scenario.type,
        setting: input.scenario.context_templates.setting,
        difficulty: input.difficulty,
        target_gender: input.targetGender ?? 'everyone',
        age_range: [input.ageMin, input.ageMax],
      },
      schema: CharacterSchema,
      local: () => local(() => localCharacter(input)),
      maxTokens: 800,
      temperature: 0.8,
    }),
  );
  return value;
}

export interface PartnerTurn {
  content: string;
  bodyLanguage: string | null;
  fallback: boolean;
}

export async function partnerReply(ctx: Ctx, userId: string, input: ReplyInput): Promise<PartnerTurn> {
  const { value, fallback } = await tracked(ctx, userId, 'reply', (local) =>
    ctx.ai.chat({ messages: partnerMessages(input), local: () => local(() => localReply(input)), maxTokens: 300, temperature: 0.8 }),
  );
  const split = splitReply(value, input.character.name);
  if (split.content.length > 0) return { ...split, fallback };
  // A gesture alone, or nothing usable: a safe line in character.
  const canned = CANNED_REPLY[input.difficulty];
  return { content: canned.content, bodyLanguage: split.bodyLanguage ?? canned.bodyLanguage, fallback: true };
}

export async function scoreConversation(ctx: Ctx, userId: string, input: FeedbackInput): Promise<Feedback> {
  const local = localFeedback(input);
  const { value, fallback } = await tracked(ctx, userId, 'feedback', (useLocal) =>
    ctx.ai.json({
      name: 'flirtcraft_feedback',
      instruction: feedbackInstruction(input),
      input: transcript(input.turns),
      schema: AiFeedbackSchema,
      local: () => useLocal(() => localAsAi(local)),
      maxTokens: 1000,
      temperature: 0.3,
    }),
  );
  return ctx.ai.kind === 'local' || fallback ? local : mergeAiFeedback(value, local, input);
}
