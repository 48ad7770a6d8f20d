// AI-mediated chat: sessions (alone with the AI, or with the partner), messages answered through the AI port when
// asked, partner invitations, live events on each user's socket.
import type { Static } from '@sinclair/typebox';
import { AppError, notFound } from '../../../core/http/errors.js';
import { pgErrorCode } from '../../../core/db/connect.js';
import type { ProductContext } from '../../../core/product.js';
import { Type } from '@sinclair/typebox';
import type { ChatMessage as AiMessage } from '../../../core/ai/port.js';
import { analyzeLocally, conversationSummary, mediationReply } from '../ai/local-rules.js';
import type { ChatInvitationRow, ChatMessageRow, ChatSessionRow } from '../db.js';
import * as repo from './chat.repo.js';
import { findPartner } from '../couples/couples.repo.js';
import { findProfile } from '../users/profiles.repo.js';
import type { ChatMessage, ChatSession, Invitation } from './chat.schemas.js';
import { iso } from '../../../core/iso.js';

const INVITATION_TTL_MS = 24 * 3600 * 1000;

/** Hub topic of one user's sockets. */
export const userTopic = (userId: string) => `couple-compass:user:${userId}`;

/** The client's names for the two kinds of session. */
export type SessionType = 'ai_mediation' | 'couple_chat';
const typeOf = (t: string | undefined): SessionType => (t === 'couple_chat' || t === 'couple' ? 'couple_chat' : 'ai_mediation');

export const presentSession = (s: ChatSessionRow): Static<typeof ChatSession> => ({
  id: s.id,
  title: s.title,
  session_type: typeOf(s.sessionType),
  status: 'active',
  user_id: s.ownerId,
  partner_user_id: s.partnerId,
  couple_id: s.coupleId,
  summary: s.summary,
  message_count: s.messageCount,
  last_message_at: iso(s.lastMessageAt),
  last_activity: (s.lastMessageAt ?? s.updatedAt ?? s.createdAt).toISOString(),
  created_at: s.createdAt.toISOString(),
  updated_at: (s.updatedAt ?? s.createdAt).toISOString(),
});

/** `role` is seen from the reader's side: their own messages are `user`, the other person's `partner`. */
export const roleFor = (m: Pick<ChatMessageRow, 'role' | 'senderId'>, viewerId: string) =>
  m.role === 'assistant' ? 'ai' : m.senderId === viewerId ? 'user' : 'partner';

export const presentMessage = (m: ChatMessageRow, viewerId: string): Static<typeof ChatMessage> => ({
  id: m.id,
  session_id: m.sessionId,
  user_id: m.senderId,
  role: roleFor(m, viewerId),
  content: m.content,
  message_type: 'text',
  metadata: {
    ...(m.suggestedActions ? { suggested_actions: m.suggestedActions } : {}),
    ...(m.confidenceScore !== null ? { confidence_score: m.confidenceScore } : {}),
  },
  is_edited: false,
  is_deleted: false,
  created_at: m.createdAt.toISOString(),
  updated_at: m.createdAt.toISOString(),
});

/** The live `message` event, with the client's fields at the top level. */
const messageEvent = (m: ChatMessageRow, recipientId: string) => {
  const v = presentMessage(m, recipientId);
  return {
    type: 'message',
    session_id: v.session_id,
    id: v.id,
    user_id: v.user_id,
    content: v.content,
    created_at: v.created_at,
    metadata: { role: v.role, ...v.metadata },
  };
};

const presentInvitation = (i: ChatInvitationRow, sessionTitle: string, inviterName: string | null): Static<typeof Invitation> => ({
  id: i.id,
  session_id: i.sessionId,
  session_title: sessionTitle,
  inviter_id: i.inviterId,
  inviter_name: inviterName,
  invitee_id: i.inviteeId,
  status: i.status,
  invitation_message: null,
  expires_at: i.expiresAt.toISOString(),
  responded_at: iso(i.respondedAt),
  created_at: i.createdAt.toISOString(),
  updated_at: (i.respondedAt ?? i.createdAt).toISOString(),
});

const nameOf = async (ctx: ProductContext, userId: string) => (await findProfile(ctx.db.dz, userId))?.name ?? null;

/** Only the owner and the joined partner may see or touch a session; anyone else gets a 404. */
export async function sessionFor(ctx: ProductContext, userId: string, id: string): Promise<ChatSessionRow> {
  const s = await repo.findSessionFor(ctx.db.dz, userId, id);
  if (!s) throw notFound('Chat session not found');
  // A joined partner keeps access only while still the owner's partner: after a break-up the session is private again.
  if (s.ownerId !== userId && (await findPartner(ctx.db.dz, s.ownerId))?.userId !== userId) throw notFound('Chat session not found');
  return s;
}

const others = (s: ChatSessionRow, userId: string) => [s.ownerId, s.partnerId].filter((x): x is string => Boolean(x) && x !== userId);

export async function createSession(ctx: ProductContext, userId: string, body: { title?: string; session_type?: string }) {
  const partner = await findPartner(ctx.db.dz, userId);
  const sessionType = typeOf(body.session_type);
  if (sessionType === 'couple_chat' && !partner) throw new AppError('no_partner', 400, 'A couple chat needs a linked partner');
  const s = await repo.insertSession(ctx.db.dz, {
    ownerId: userId,
    coupleId: partner?.coupleId ?? null,
    title: body.title ?? 'New Conversation',
    sessionType,
  });
  return presentSession(s);
}

export async function listSessions(ctx: ProductContext, userId: string, limit: number, offset: number) {
  return (await repo.listSessionsFor(ctx.db.dz, userId, limit, offset)).map(presentSession);
}

export async function getSession(ctx: ProductContext, userId: string, id: string) {
  const s = await sessionFor(ctx, userId, id);
  const messages = await repo.lastMessages(ctx.db.dz, s.id, 50);
  return { ...presentSession(s), messages: messages.map((m) => presentMessage(m, userId)) };
}

/** The owner deletes the session; the partner leaves it (the owner is told live). */
export async function deleteOrLeave(ctx: ProductContext, userId: string, id: string): Promise<'deleted' | 'left'> {
  const s = await sessionFor(ctx, userId, id);
  if (s.ownerId === userId) {
    await repo.deleteSession(ctx.db.dz, s.id);
    if (s.partnerId) ctx.hub.publish(userTopic(s.partnerId), { type: 'session_deleted', session_id: s.id });
    return 'deleted';
  }
  await repo.updateSession(ctx.db.dz, s.id, { partnerId: null, sessionType: 'ai_mediation' });
  const name = await nameOf(ctx, userId);
  ctx.hub.publish(userTopic(s.ownerId), {
    type: 'partner_left',
    session_id: s.id,
    partner_id: userId,
    partner_name: name,
    message: `${name ?? 'Your partner'} left the chat`,
  });
  return 'left';
}

/**
 * Whether a message asks the AI to answer: it names the AI ("AI", "@ai", "advisor"), as the client tells its users.
 * Partners' small talk in a couple chat stays between them.
 */
export function mentionsAi(text: string): boolean {
  return /(^|[^\p{L}\p{N}_])@?(ai|advisor|adviser)(?![\p{L}\p{N}_])/iu.test(text);
}

const ACTIONS: Record<string, string> = {
  communication: 'Try a 10-minute check-in where each of you speaks without interruption',
  conflict: 'Agree on a short pause and revisit the topic calmly',
  trust: 'Name one small promise you will keep this week',
  intimacy: 'Plan a moment of closeness without expectations',
  quality_time: 'Schedule a phone-free evening together',
  gratitude: 'Share one specific thing you appreciate about each other',
  stress: 'Ask what kind of support would help most right now',
  family: 'Agree on one boundary that protects your time together',
  finances: 'Set a calm, scheduled conversation about money',
  health: 'Support each other with sleep, food and movement',
};

const SummaryAnswer = Type.Object({ summary: Type.String() });

const SYSTEM =
  'You are a warm, neutral relationship mediator in the Couple Compass app. Reflect feelings, stay balanced between partners, never take sides, keep answers under 120 words, and suggest one concrete next step.';

/**
 * Stores the user's message and tells the other person live. The AI answers (asked outside any transaction) when
 * the user is alone with it, or when a couple chat message mentions it.
 */
export async function sendMessage(ctx: ProductContext, userId: string, sessionId: string, content: string) {
  const s = await sessionFor(ctx, userId, sessionId);
  const userMsg = await ctx.db.transaction((tx) => repo.insertMessage(tx.dz, { sessionId: s.id, senderId: userId, role: 'user', content }));
  for (const other of others(s, userId)) ctx.hub.publish(userTopic(other), messageEvent(userMsg, other));
  if (s.partnerId && !mentionsAi(content)) {
    return { user_message: presentMessage(userMsg, userId), ai_response: null, suggested_actions: [], confidence_score: null };
  }

  const history = await repo.lastMessages(ctx.db.dz, s.id, 20);
  const names = new Map<string, string>();
  for (const id of [s.ownerId, s.partnerId].filter((x): x is string => Boolean(x))) names.set(id, (await nameOf(ctx, id)) ?? 'Partner');
  const messages: AiMessage[] = [
    { role: 'system', content: SYSTEM },
    ...history.map((m): AiMessage =>
      m.role === 'assistant'
        ? { role: 'assistant', content: m.content }
        : { role: 'user', content: s.partnerId ? `${names.get(m.senderId ?? '') ?? 'Partner'}: ${m.content}` : m.content },
    ),
  ];
  // A real engine that fails answers with the local reply; the confidence says which one answered.
  let fellBack = false;
  const reply = await ctx.ai.chat({
    messages,
    local: (m) => {
      fellBack = ctx.ai.kind !== 'local';
      return mediationReply(m);
    },
  });
  const confidence = ctx.ai.kind === 'local' ? 0.6 : fellBack ? 0.3 : 0.85;
  const themes = analyzeLocally(`${content} ${reply}`).themes;
  const actions = themes
    .map((t) => ACTIONS[t])
    .filter((a): a is string => Boolean(a))
    .slice(0, 3);
  if (actions.length === 0) actions.push('Tell your partner how you feel using an "I feel…" sentence');
  const aiMsg = await ctx.db.transaction((tx) =>
    repo.insertMessage(tx.dz, { sessionId: s.id, senderId: null, role: 'assistant', content: reply, suggestedActions: actions, confidenceScore: confidence }),
  );
  // The sender gets the answer in this response; the other person live — unless the couple ended while the AI was
  // answering (the session's partner is cleared then).
  const partnerNow = await repo.currentPartnerOf(ctx.db.dz, s.id);
  for (const other of others({ ...s, partnerId: partnerNow }, userId)) ctx.hub.publish(userTopic(other), messageEvent(aiMsg, other));
  return {
    user_message: presentMessage(userMsg, userId),
    ai_response: presentMessage(aiMsg, userId),
    suggested_actions: actions,
    confidence_score: confidence,
  };
}

export async function history(ctx: ProductContext, userId: string, sessionId: string, limit: number, offset: number) {
  const s = await sessionFor(ctx, userId, sessionId);
  return (await repo.listMessages(ctx.db.dz, s.id, limit, offset)).map((m) => presentMessage(m, userId));
}

export async function setTitle(ctx: ProductContext, userId: string, sessionId: string, title: string) {
  const s = await sessionFor(ctx, userId, sessionId);
  return presentSession(await repo.updateSession(ctx.db.dz, s.id, { title }));
}

export async function summarize(ctx: ProductContext, userId: string, sessionId: string) {
  const s = await sessionFor(ctx, userId, sessionId);
  const msgs = await repo.lastMessages(ctx.db.dz, s.id, 100);
  let summary: string;
  if (msgs.length === 0) summary = 'No messages yet.';
  else {
    const fallback = { summary: conversationSummary(msgs.filter((m) => m.role === 'user').map((m) => m.content)) };
    const out = await ctx.ai.json({
      name: 'chat_summary',
      instruction: 'Summarise this relationship conversation in two sentences for the couple.',
      input: msgs.map((m) => ({ role: m.role, content: m.content })),
      schema: SummaryAnswer,
      local: () => fallback,
    });
    summary = out.summary.trim() ? out.summary.trim().slice(0, 2000) : fallback.summary;
  }
  await repo.updateSession(ctx.db.dz, s.id, { summary });
  return { session_id: s.id, summary };
}

export async function stats(ctx: ProductContext, userId: string) {
  const r = await repo.statsFor(ctx.db.dz, userId, new Date(ctx.now() - 7 * 86_400_000));
  return {
    total_sessions: r.sessions,
    total_messages: r.messages,
    total_ai_responses: r.aiMessages,
    active_sessions: r.active,
    couple_sessions: r.couple,
    average_messages_per_session: r.sessions ? Math.round(((r.messages + r.aiMessages) / r.sessions) * 10) / 10 : 0,
  };
}

export async function invitePartner(ctx: ProductContext, userId: string, sessionId: string) {
  const s = await sessionFor(ctx, userId, sessionId);
  if (s.ownerId !== userId) throw new AppError('not_owner', 403, 'Only the owner of the session can invite');
  const partner = await findPartner(ctx.db.dz, userId);
  if (!partner) throw new AppError('no_partner', 400, 'You need a linked partner to invite');
  if (s.partnerId) throw new AppError('already_joined', 400, 'Your partner has already joined this session');
  const now = new Date(ctx.now());
  try {
    const inv = await ctx.db.transaction(async (tx) => {
      await repo.expireStaleInvitations(tx.dz, s.id, now);
      return repo.insertInvitation(tx.dz, {
        sessionId: s.id,
        inviterId: userId,
        inviteeId: partner.userId,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      });
    });
    const inviterName = await nameOf(ctx, userId);
    const view = presentInvitation(inv, s.title, inviterName);
    ctx.hub.publish(userTopic(partner.userId), {
      type: 'invitation',
      invitation_id: inv.id,
      session_id: s.id,
      inviter_id: userId,
      invitee_id: partner.userId,
      status: 'pending',
      message: `${inviterName ?? 'Your partner'} invited you to join a chat session`,
    });
    return view;
  } catch (e) {
    if (pgErrorCode(e) === '23505') throw new AppError('invitation_pending', 409, 'An invitation for this session is already pending');
    throw e;
  }
}

export async function myInvitations(ctx: ProductContext, userId: string) {
  const rows = await repo.pendingFor(ctx.db.dz, userId, new Date(ctx.now()));
  return rows.map((r) => presentInvitation(r.inv, r.session.title, r.inviterName));
}

async function respond(ctx: ProductContext, userId: string, invitationId: string, accept: boolean): Promise<ChatInvitationRow> {
  const now = new Date(ctx.now());
  const out = await ctx.db.transaction(async (tx) => {
    const inv = await repo.findInvitationForInvitee(tx.dz, userId, invitationId);
    if (!inv) return { error: notFound('Invitation not found') };
    if (inv.status !== 'pending') return { error: new AppError('invitation_closed', 400, `This invitation is already ${inv.status}`) };
    if ((await findPartner(tx.dz, inv.inviterId))?.userId !== userId) {
      await repo.setInvitationStatus(tx.dz, inv.id, 'expired', now);
      return { error: new AppError('not_partners', 400, 'You are no longer linked with the person who invited you') };
    }
    if (inv.expiresAt <= now) {
      await repo.setInvitationStatus(tx.dz, inv.id, 'expired', now);
      return { error: new AppError('invitation_expired', 400, 'This invitation has expired') };
    }
    const updated = await repo.setInvitationStatus(tx.dz, inv.id, accept ? 'accepted' : 'declined', now);
    if (accept) await repo.updateSession(tx.dz, inv.sessionId, { partnerId: userId, sessionType: 'couple_chat' });
    return { inv: updated };
  });
  if ('error' in out) throw out.error;
  const { inv } = out;
  const name = await nameOf(ctx, userId);
  const who = name ?? 'Your partner';
  ctx.hub.publish(userTopic(inv.inviterId), {
    type: accept ? 'invitation_accepted' : 'invitation_declined',
    invitation_id: inv.id,
    session_id: inv.sessionId,
    inviter_id: inv.inviterId,
    invitee_id: userId,
    status: inv.status,
    message: accept ? `${who} accepted your chat invitation` : `${who} declined your chat invitation`,
  });
  if (accept)
    ctx.hub.publish(userTopic(inv.inviterId), {
      type: 'partner_joined',
      session_id: inv.sessionId,
      partner_id: userId,
      partner_name: name,
      message: `${who} joined the chat session`,
    });
  return inv;
}

/** I join the session I was invited to (the inviter is told live). */
export async function acceptInvitation(ctx: ProductContext, userId: string, invitationId: string) {
  const inv = await respond(ctx, userId, invitationId, true);
  return { message: 'Invitation accepted', session_id: inv.sessionId };
}

export async function declineInvitation(ctx: ProductContext, userId: string, invitationId: string) {
  await respond(ctx, userId, invitationId, false);
  return { message: 'Invitation declined' };
}

export async function participants(ctx: ProductContext, userId: string, sessionId: string) {
  const s = await sessionFor(ctx, userId, sessionId);
  const out = [{ user_id: s.ownerId, name: await nameOf(ctx, s.ownerId), role: 'owner' }];
  if (s.partnerId) out.push({ user_id: s.partnerId, name: await nameOf(ctx, s.partnerId), role: 'partner' });
  return { session_id: s.id, participants: out };
}
