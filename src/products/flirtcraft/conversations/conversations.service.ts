// Practice conversations: start (daily limit), a turn (user message + the partner's in-character reply), the end
// (scored feedback, progress job), and reading them back.
import { AppError, badRequest, conflict, forbidden } from '../../../core/http/errors.js';
import type { Ctx } from '../shared/context.js';
import type { ConversationRow, MessageRow, ProfileRow, ScenarioRow } from '../db.js';
import { recordEvent } from '../analytics/events.repo.js';
import { findProfile, isPremium, lockProfile } from '../users/profiles.repo.js';
import { makeContext, requireAccess, scenarioContent, scenarioOr404 } from '../scenarios/scenarios.service.js';
import { findScenario } from '../scenarios/scenarios.repo.js';
import { scenarioContent as catalogueEntry, type Difficulty } from '../scenarios/catalogue.js';
import { analyseMessage, mentionsAny } from '../partner/analysis.js';
import { contextWords } from '../partner/context.js';
import { RECEPTIVENESS, receptivenessLevel } from '../partner/reply.js';
import { liveFeedback, type LiveFeedback } from '../partner/live-feedback.js';
import { partnerReply, scoreConversation } from '../partner/partner.service.js';
import { nextUtcMidnight, startOfUtcDay } from '../shared/time.js';
import { progressUpdate } from '../progress/progress.job.js';
import {
  countStartedSince,
  findOwned,
  insertConversation,
  insertMessages,
  listOwned,
  lockOwned,
  messagesOf,
  updateConversation,
} from './conversations.repo.js';

export interface DailyUsage {
  used: number;
  limit: number;
  premium: boolean;
  resetsAt: Date;
}

export async function dailyUsage(ctx: Ctx, userId: string, profile?: ProfileRow): Promise<DailyUsage> {
  const p = profile ?? (await findProfile(ctx.db.dz, userId));
  const premium = isPremium(p, ctx.now());
  const used = await countStartedSince(ctx.db.dz, userId, startOfUtcDay(ctx.now()));
  return {
    used,
    limit: premium ? ctx.settings.PREMIUM_CONVERSATIONS_PER_DAY : ctx.settings.FREE_CONVERSATIONS_PER_DAY,
    premium,
    resetsAt: nextUtcMidnight(ctx.now()),
  };
}

function limitReached(u: Pick<DailyUsage, 'limit' | 'premium'>): AppError {
  return forbidden(
    `Daily conversation limit reached (${u.limit} conversations per day). ${u.premium ? 'Try again tomorrow.' : 'Try again tomorrow, or upgrade to premium for more.'}`,
    'daily_limit_reached',
  );
}

export async function startConversation(ctx: Ctx, userId: string, scenarioType: string, difficulty: Difficulty) {
  const profile = await findProfile(ctx.db.dz, userId);
  if (!profile?.onboardingCompleted) throw forbidden('Onboarding must be completed to access this resource', 'onboarding_required');
  const scenario = await scenarioOr404(ctx, scenarioType);
  const usage = await dailyUsage(ctx, userId, profile);
  requireAccess(scenario, usage.premium);
  // Cheap check first: no AI call for a user who is over the limit.
  if (usage.used >= usage.limit) throw limitReached(usage);
  await ctx.limits.consume('AI_REQUESTS_PER_USER', userId);
  const context = await makeContext(ctx, userId, scenario, difficulty, profile);

  return ctx.db.transaction(async (tx) => {
    // The user's profile row serialises their starts: two at once cannot both take the last one.
    const locked = await lockProfile(tx.dz, userId);
    const used = await countStartedSince(tx.dz, userId, startOfUtcDay(ctx.now()));
    const limit = isPremium(locked, ctx.now()) ? ctx.settings.PREMIUM_CONVERSATIONS_PER_DAY : ctx.settings.FREE_CONVERSATIONS_PER_DAY;
    if (used >= limit) throw limitReached({ limit, premium: isPremium(locked, ctx.now()) });
    const at = new Date(ctx.now());
    const conversation = await insertConversation(tx.dz, {
      userId,
      scenarioType: scenario.type,
      difficultyLevel: difficulty,
      aiCharacterContext: context,
      startTime: at,
      lastActivityAt: at,
    });
    await recordEvent(tx.dz, {
      userId,
      type: 'conversation_started',
      at,
      data: { conversation_id: conversation.id, scenario_type: scenario.type, difficulty_level: difficulty },
    });
    return { conversation, used: used + 1, limit };
  });
}

async function ownedOr404(ctx: Ctx, userId: string, id: string): Promise<ConversationRow> {
  const c = await findOwned(ctx.db.dz, id, userId);
  if (!c) throw new AppError('conversation_not_found', 404, 'Conversation not found');
  return c;
}

/** The scenario a conversation was held in (the catalogue entry if the row has been retired since). */
async function scenarioOf(ctx: Ctx, c: ConversationRow): Promise<Pick<ScenarioRow, 'type' | 'displayName' | 'contextTemplates' | 'difficultyModifiers'>> {
  const row = await findScenario(ctx.db.dz, c.scenarioType);
  if (row) return row;
  const entry = catalogueEntry(c.scenarioType);
  if (!entry) throw new AppError('scenario_not_found', 404, `Scenario '${c.scenarioType}' not found`);
  return { type: entry.type, displayName: entry.display_name, contextTemplates: entry.context_templates, difficultyModifiers: entry.difficulty_modifiers };
}

const notActive = (c: ConversationRow) => conflict(`Conversation is ${c.status}`, 'conversation_not_active');
const full = (max: number) =>
  conflict(`Message limit reached (${max} messages per conversation); end the conversation to get feedback`, 'message_limit_reached');

export interface Turn {
  conversation: ConversationRow;
  user: MessageRow;
  ai: MessageRow;
  live: LiveFeedback;
}

export async function sendMessage(ctx: Ctx, userId: string, id: string, text: string): Promise<Turn> {
  const max = ctx.settings.MAX_MESSAGES_PER_CONVERSATION;
  const content = text.trim();
  const c = await ownedOr404(ctx, userId, id);
  if (c.status !== 'active') throw notActive(c);
  if (c.totalMessages + 2 > max) throw full(max);
  await ctx.limits.consume('AI_REQUESTS_PER_USER', userId);

  const scenario = await scenarioOf(ctx, c);
  const place = scenarioContent(scenario);
  const character = c.aiCharacterContext;
  const words = contextWords(place, character);
  const history = await messagesOf(ctx.db.dz, c.id);
  // How the earlier messages went (the partner's mood follows the last few), then this one.
  const qualities: number[] = [];
  let lastPartner: string | undefined;
  for (const m of history) {
    if (m.senderType === 'ai') lastPartner = m.content;
    else qualities.push(analyseMessage(m.content, { contextWords: words, previousPartnerMessage: lastPartner }).quality);
  }
  const features = analyseMessage(content, { contextWords: words, previousPartnerMessage: lastPartner });
  const level = receptivenessLevel(c.difficultyLevel, [...qualities, features.quality], features.redFlag);
  const reply = await partnerReply(ctx, userId, {
    character,
    scenario: place,
    difficulty: c.difficultyLevel,
    history: history.map((m) => ({ sender: m.senderType, content: m.content, bodyLanguage: m.aiBodyLanguage })),
    userMessage: content,
    features,
    level,
  });
  const hint = words.find((w) => !mentionsAny(content, [w]) && place.context_templates.context_words.includes(w));
  const live = liveFeedback(features, { contextHint: hint, firstMessage: history.length === 0 });

  return ctx.db.transaction(async (tx) => {
    const cur = await lockOwned(tx.dz, c.id, userId);
    if (!cur) throw new AppError('conversation_not_found', 404, 'Conversation not found');
    if (cur.status !== 'active') throw notActive(cur);
    if (cur.totalMessages + 2 > max) throw full(max);
    const at = new Date(ctx.now());
    const [user, ai] = await insertMessages(tx.dz, [
      {
        conversationId: cur.id,
        senderType: 'user',
        content,
        messageOrder: cur.totalMessages + 1,
        feedbackType: live.feedback_type,
        feedbackContent: live.feedback_content,
        feedbackScore: live.feedback_score,
        createdAt: at,
      },
      {
        conversationId: cur.id,
        senderType: 'ai',
        content: reply.content,
        messageOrder: cur.totalMessages + 2,
        aiBodyLanguage: reply.bodyLanguage,
        aiReceptiveness: RECEPTIVENESS[level],
        createdAt: at,
      },
    ]);
    const conversation = await updateConversation(tx.dz, cur.id, { totalMessages: cur.totalMessages + 2, lastActivityAt: at });
    await recordEvent(tx.dz, {
      userId,
      type: 'message_sent',
      at,
      data: {
        conversation_id: cur.id,
        length: content.length,
        order: cur.totalMessages + 1,
        quality: features.quality,
        receptiveness: RECEPTIVENESS[level],
        ai_fallback: reply.fallback,
      },
    });
    const byOrder = (a: MessageRow, b: MessageRow) => a.messageOrder - b.messageOrder;
    const [u, a] = [user!, ai!].sort(byOrder);
    return { conversation, user: u!, ai: a!, live };
  });
}

/**
 * Ends a conversation with feedback. `POST /end` refuses a second end (409); the client's `PUT /complete` answers
 * the ended conversation again (PUT is idempotent).
 */
export async function endConversation(
  ctx: Ctx,
  userId: string,
  id: string,
  mode: 'end' | 'complete',
): Promise<{ conversation: ConversationRow; already: boolean }> {
  const c = await ownedOr404(ctx, userId, id);
  if (c.status === 'completed') {
    if (mode === 'complete') return { conversation: c, already: true };
    throw conflict('Conversation is already completed', 'conversation_already_ended');
  }
  if (c.status !== 'active') throw notActive(c);
  const history = await messagesOf(ctx.db.dz, c.id);
  if (history.length < 2) throw badRequest('Conversation must have at least one exchange before ending', 'conversation_too_short');
  await ctx.limits.consume('AI_REQUESTS_PER_USER', userId);

  const scenario = await scenarioOf(ctx, c);
  const profile = await findProfile(ctx.db.dz, userId);
  const feedback = await scoreConversation(ctx, userId, {
    difficulty: c.difficultyLevel,
    scenarioName: scenario.displayName,
    goals: profile?.primarySkills ?? [],
    turns: history.map((m) => ({ sender: m.senderType, content: m.content })),
    contextWords: contextWords(scenarioContent(scenario), c.aiCharacterContext),
  });

  return ctx.db.transaction(async (tx) => {
    const cur = await lockOwned(tx.dz, c.id, userId);
    if (!cur) throw new AppError('conversation_not_found', 404, 'Conversation not found');
    if (cur.status === 'completed') {
      if (mode === 'complete') return { conversation: cur, already: true };
      throw conflict('Conversation is already completed', 'conversation_already_ended');
    }
    if (cur.status !== 'active') throw notActive(cur);
    const at = new Date(ctx.now());
    const conversation = await updateConversation(tx.dz, cur.id, {
      status: 'completed',
      endTime: at,
      lastActivityAt: at,
      sessionScore: feedback.overall_score,
      outcomeLevel: feedback.tier,
      feedback,
    });
    await progressUpdate.enqueue(ctx, { conversation_id: cur.id }, { tx, singletonKey: cur.id });
    await recordEvent(tx.dz, {
      userId,
      type: 'conversation_completed',
      at,
      data: {
        conversation_id: cur.id,
        scenario_type: cur.scenarioType,
        difficulty_level: cur.difficultyLevel,
        score: feedback.overall_score,
        outcome: feedback.tier,
        messages: cur.totalMessages,
        duration_seconds: Math.round((at.getTime() - cur.startTime.getTime()) / 1000),
        feedback_source: feedback.source,
      },
    });
    return { conversation, already: false };
  });
}

export async function getConversation(ctx: Ctx, userId: string, id: string): Promise<{ conversation: ConversationRow; messages: MessageRow[] }> {
  const conversation = await ownedOr404(ctx, userId, id);
  return { conversation, messages: await messagesOf(ctx.db.dz, conversation.id) };
}

export async function getFeedback(ctx: Ctx, userId: string, id: string): Promise<ConversationRow> {
  const c = await ownedOr404(ctx, userId, id);
  if (!c.feedback) throw new AppError('feedback_not_ready', 404, 'Feedback is available once the conversation has ended');
  return c;
}

export const listConversations = (ctx: Ctx, userId: string, q: { status?: string | undefined; limit: number; offset: number }) =>
  listOwned(ctx.db.dz, userId, q);
