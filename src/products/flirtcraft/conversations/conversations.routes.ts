// /api/v1/conversations: start, list, read, a turn with the partner, end with feedback (and the app's own paths).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { currentUser } from '../../../core/identity/authenticate.js';
import { bearer, type Ctx } from '../shared/context.js';
import { Envelope, ListMeta, errors, ok } from '../shared/envelope.js';
import { formatDuration } from '../shared/time.js';
import { ClientContextBody, Context, ContextMeta } from '../scenarios/scenarios.schemas.js';
import { generateContext } from '../scenarios/scenarios.service.js';
import {
  CompleteBody,
  Conversation,
  CreateBody,
  CreateMeta,
  EndResult,
  Feedback,
  IdParams,
  ListQuery,
  MessageBody,
  TurnResult,
} from './conversations.schemas.js';
import { presentConversation, presentFeedback, presentMessage } from './conversations.presenters.js';
import { endConversation, getConversation, getFeedback, listConversations, sendMessage, startConversation } from './conversations.service.js';

const tags = ['conversations'];

export const conversationsRoutes: FastifyPluginAsyncTypebox<{ ctx: Ctx }> = async (app, { ctx }) => {
  const auth = { preValidation: ctx.auth.preHandler };
  const doc = <T extends object>(summary: string, extra: T) => ({ tags, security: bearer, summary, ...extra });
  const max = () => ctx.settings.MAX_MESSAGES_PER_CONVERSATION;

  app.post(
    '/',
    {
      ...auth,
      schema: doc('Start a practice conversation (onboarded users; free 3 / premium 50 per day)', {
        body: CreateBody,
        response: { 200: Envelope(Conversation, CreateMeta), ...errors(401, 403, 404, 422, 429) },
      }),
    },
    async (req) => {
      const r = await startConversation(ctx, currentUser(req).id, req.body.scenario_type, req.body.difficulty_level);
      const context = r.conversation.aiCharacterContext;
      return ok(
        {
          ...presentConversation(r.conversation, max(), { messages: [] }),
          conversation_tips: context.context_tips,
          available_starters: context.conversation_starters,
        },
        'Conversation session created successfully!',
        { daily_conversations_used: r.used, daily_limit: r.limit },
      );
    },
  );

  app.get(
    '/',
    {
      ...auth,
      schema: doc('My conversations, newest first', {
        querystring: ListQuery,
        response: { 200: Envelope(Type.Array(Conversation), ListMeta), ...errors(401, 422) },
      }),
    },
    async (req) => {
      const q = { status: req.query.status, limit: req.query.limit ?? 10, offset: req.query.offset ?? 0 };
      const { rows, total } = await listConversations(ctx, currentUser(req).id, q);
      return ok(
        rows.map((c) => presentConversation(c, max())),
        undefined,
        { total, limit: q.limit, offset: q.offset },
      );
    },
  );

  app.post(
    '/context',
    {
      ...auth,
      schema: doc('Generate the pre-conversation context (the app’s path; same as POST /scenarios/{type}/context)', {
        body: ClientContextBody,
        response: { 200: Envelope(Context, ContextMeta), ...errors(401, 403, 404, 422, 429) },
      }),
    },
    async (req) => {
      const r = await generateContext(ctx, currentUser(req).id, req.body.scenario_type, req.body.difficulty_level);
      return ok(r.context, undefined, { scenario_type: req.body.scenario_type, difficulty_level: req.body.difficulty_level, personalized: r.personalized });
    },
  );

  app.get(
    '/:id',
    {
      ...auth,
      schema: doc('A conversation with its messages (and feedback once ended)', {
        params: IdParams,
        response: { 200: Envelope(Conversation), ...errors(401, 404, 422) },
      }),
    },
    async (req) => {
      const r = await getConversation(ctx, currentUser(req).id, req.params.id);
      return ok(presentConversation(r.conversation, max(), { messages: r.messages, withFeedback: true }));
    },
  );

  app.post(
    '/:id/messages',
    {
      ...auth,
      schema: doc('Say something; the partner answers in character (body language split out, receptiveness)', {
        params: IdParams,
        body: MessageBody,
        response: { 200: Envelope(TurnResult), ...errors(401, 404, 409, 422, 429) },
      }),
    },
    async (req) => {
      const r = await sendMessage(ctx, currentUser(req).id, req.params.id, req.body.content);
      const user = presentMessage(r.user);
      const total = r.conversation.totalMessages;
      return ok(
        {
          message: user,
          user_message: user,
          ai_response: presentMessage(r.ai),
          live_feedback: {
            confidence: r.live.confidence,
            appropriateness: r.live.appropriateness,
            engagement: r.live.engagement,
            suggestion: r.live.suggestion,
          },
          conversation_status: { total_messages: total, max_messages: max(), remaining_messages: Math.max(0, max() - total), can_continue: total + 2 <= max() },
        },
        'Message sent and AI response generated',
      );
    },
  );

  app.post(
    '/:id/end',
    {
      ...auth,
      schema: doc('End the conversation and get scored feedback (at least one exchange)', {
        params: IdParams,
        response: { 200: Envelope(EndResult), ...errors(400, 401, 404, 409, 422, 429) },
      }),
    },
    async (req) => {
      const { conversation: c } = await endConversation(ctx, currentUser(req).id, req.params.id, 'end');
      const feedback = presentFeedback({ ...c, feedback: c.feedback! });
      const seconds = Math.max(0, Math.round((c.endTime!.getTime() - c.startTime.getTime()) / 1000));
      return ok(
        {
          conversation_id: c.id,
          session_score: c.sessionScore!,
          outcome_level: c.outcomeLevel!,
          tier: c.outcomeLevel!,
          feedback,
          total_messages: c.totalMessages,
          duration: formatDuration(seconds),
          duration_seconds: seconds,
        },
        `Conversation completed! You earned ${c.outcomeLevel} level performance.`,
      );
    },
  );

  app.put(
    '/:id/complete',
    {
      ...auth,
      schema: doc('End the conversation (the app’s path); answers the conversation with feedback, again on a repeat', {
        params: IdParams,
        body: CompleteBody,
        response: { 200: Envelope(Conversation), ...errors(400, 401, 404, 409, 422, 429) },
      }),
    },
    async (req) => {
      const userId = currentUser(req).id;
      const { already } = await endConversation(ctx, userId, req.params.id, 'complete');
      const r = await getConversation(ctx, userId, req.params.id);
      return ok(
        presentConversation(r.conversation, max(), { messages: r.messages, withFeedback: true }),
        already ? 'Conversation already completed' : 'Conversation completed',
      );
    },
  );

  app.get(
    '/:id/feedback',
    { ...auth, schema: doc('The feedback of an ended conversation', { params: IdParams, response: { 200: Envelope(Feedback), ...errors(401, 404, 422) } }) },
    async (req) => {
      const c = await getFeedback(ctx, currentUser(req).id, req.params.id);
      return ok(presentFeedback({ ...c, feedback: c.feedback! }));
    },
  );
};
