// /api/v1/chat: sessions, messages, invitations (REST) and the live socket /api/v1/chat/ws/{userId}.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { bearerToken, currentUser } from '../../../core/identity/authenticate.js';
import { AppError } from '../../../core/http/errors.js';
import { PageQuery, Uuid } from '../../../core/http/schemas.js';
import { keepAlive, messageLimiter, parseFrame } from '../../../core/realtime/socket.js';
import {
  AcceptResponse,
  ChatHistory,
  ChatSession,
  ChatSessionDetail,
  ChatSessionList,
  ChatStats,
  InvitationList,
  Invitation,
  InvitationParams,
  MessageCreate,
  MessageExchange,
  MessageResponse,
  Participants,
  SessionCreate,
  SessionParams,
  Summary,
  TitleUpdate,
} from './chat.schemas.js';
import * as chat from './chat.service.js';
import { CoupleWatch } from './chat.sockets.js';
import { findActiveMembership } from '../couples/couples.repo.js';

const security = [{ bearerAuth: [] }];

export const chatRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const tags = ['chat'];
  const couples = new CoupleWatch(
    () => ctx.db.dz,
    (err) => ctx.log.warn({ err }, 'chat socket: couple re-check failed'),
  );
  app.addHook('onClose', async () => couples.stop());
  const auth = { preHandler: ctx.auth.preHandler };

  app.post(
    '/sessions',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'Start a chat session (the body is optional)',
        body: Type.Union([SessionCreate, Type.Null()]),
        response: { 201: ChatSession },
      },
    },
    async (req, reply) => reply.status(201).send(await chat.createSession(ctx, currentUser(req).id, req.body ?? {})),
  );
  app.get(
    '/sessions',
    { ...auth, schema: { tags, security, summary: 'Sessions I own or joined, most recent first', querystring: PageQuery, response: { 200: ChatSessionList } } },
    async (req) => chat.listSessions(ctx, currentUser(req).id, req.query.limit, req.query.offset),
  );
  app.get(
    '/sessions/:session_id',
    { ...auth, schema: { tags, security, summary: 'A session with its latest messages', params: SessionParams, response: { 200: ChatSessionDetail } } },
    async (req) => chat.getSession(ctx, currentUser(req).id, req.params.session_id),
  );
  app.delete(
    '/sessions/:session_id',
    { ...auth, schema: { tags, security, summary: 'Owner: delete the session. Partner: leave it', params: SessionParams, response: { 200: MessageResponse } } },
    async (req) => {
      const r = await chat.deleteOrLeave(ctx, currentUser(req).id, req.params.session_id);
      return { message: r === 'deleted' ? 'Session deleted' : 'You left the session' };
    },
  );
  app.post(
    '/sessions/:session_id/messages',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'Send a message. The AI answers when I am alone with it, or when a couple-chat message mentions AI or advisor; the partner sees both live',
        params: SessionParams,
        body: MessageCreate,
        response: { 200: MessageExchange },
      },
    },
    async (req) => chat.sendMessage(ctx, currentUser(req).id, req.params.session_id, req.body.content),
  );
  app.get(
    '/sessions/:session_id/history',
    {
      ...auth,
      schema: { tags, security, summary: 'Messages, oldest first (a list)', params: SessionParams, querystring: PageQuery, response: { 200: ChatHistory } },
    },
    async (req) => chat.history(ctx, currentUser(req).id, req.params.session_id, req.query.limit, req.query.offset),
  );
  app.put(
    '/sessions/:session_id/title',
    { ...auth, schema: { tags, security, summary: 'Rename a session', params: SessionParams, body: TitleUpdate, response: { 200: ChatSession } } },
    async (req) => chat.setTitle(ctx, currentUser(req).id, req.params.session_id, req.body.title),
  );
  app.post(
    '/sessions/:session_id/summary',
    { ...auth, schema: { tags, security, summary: 'Summarise the conversation (stored on the session)', params: SessionParams, response: { 200: Summary } } },
    async (req) => chat.summarize(ctx, currentUser(req).id, req.params.session_id),
  );
  app.get(
    '/sessions/:session_id/participants',
    { ...auth, schema: { tags, security, summary: 'Owner and joined partner', params: SessionParams, response: { 200: Participants } } },
    async (req) => chat.participants(ctx, currentUser(req).id, req.params.session_id),
  );
  app.post(
    '/sessions/:session_id/invite-partner',
    {
      ...auth,
      schema: {
        tags,
        security,
        summary: 'Invite my linked partner into this session (one pending invitation, 24 h)',
        params: SessionParams,
        response: { 201: Invitation },
      },
    },
    async (req, reply) => reply.status(201).send(await chat.invitePartner(ctx, currentUser(req).id, req.params.session_id)),
  );
  app.get('/stats', { ...auth, schema: { tags, security, summary: 'My chat activity', response: { 200: ChatStats } } }, async (req) =>
    chat.stats(ctx, currentUser(req).id),
  );
  app.get('/invitations', { ...auth, schema: { tags, security, summary: 'Pending invitations for me', response: { 200: InvitationList } } }, async (req) =>
    chat.myInvitations(ctx, currentUser(req).id),
  );
  app.post(
    '/invitations/:invitation_id/accept',
    { ...auth, schema: { tags, security, summary: 'Accept an invitation: I join the session', params: InvitationParams, response: { 200: AcceptResponse } } },
    async (req) => chat.acceptInvitation(ctx, currentUser(req).id, req.params.invitation_id),
  );
  app.post(
    '/invitations/:invitation_id/decline',
    { ...auth, schema: { tags, security, summary: 'Decline an invitation', params: InvitationParams, response: { 200: MessageResponse } } },
    async (req) => chat.declineInvitation(ctx, currentUser(req).id, req.params.invitation_id),
  );

  // The live socket. The token (query `token` or Authorization header) must belong to the user in the path.
  app.get(
    '/ws/:user_id',
    {
      websocket: true,
      schema: {
        tags,
        summary: 'Live chat events (WebSocket). Requires ?token=<access token>; closed (1008) when the session or the couple ends',
        params: Type.Object({ user_id: Uuid() }),
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096 })) }),
      },
      preValidation: async (req: FastifyRequest) => {
        const q = req.query as { token?: string };
        const user = await ctx.auth.verify(q.token ?? bearerToken(req.headers.authorization));
        if (user.id !== (req.params as { user_id: string }).user_id) throw new AppError('forbidden', 403, 'This socket belongs to another user');
        req.user = user;
      },
    },
    (socket: WebSocket, req) => {
      const user = currentUser(req);
      // Caps per user and IP, and closed (1008) when this login session ends.
      if (!ctx.sockets.admit(socket, { product: ctx.slug, userId: user.id, sessionId: user.sessionId, ip: req.ip })) return;
      // Joined first: the close order of a couple ending reaches the user's topic from here on.
      ctx.hub.join(chat.userTopic(user.id), socket);
      findActiveMembership(ctx.db.dz, user.id).then(
        (m) => socket.readyState === 1 && couples.add(socket, user.id, m?.coupleId ?? null),
        (err: unknown) => ctx.log.warn({ err }, 'chat socket: couple lookup failed'),
      );
      keepAlive(socket, 30_000, 60_000);
      const allow = messageLimiter(10, 30);
      const send = (m: unknown) => socket.readyState === 1 && socket.send(JSON.stringify(m));
      send({ type: 'connected', user_id: user.id });
      socket.on('message', (data, isBinary) => {
        if (!allow()) return send({ type: 'error', code: 'rate_limited', message: 'Too many messages; slow down' });
        if (!isBinary && String(data) === 'ping') return socket.send('pong');
        const frame = parseFrame(data, isBinary);
        if (!frame.ok) return send({ type: 'error', code: 'bad_frame', message: frame.error });
        const msg = frame.value;
        if (msg.type === 'ping') return send({ type: 'pong', timestamp: ctx.now() / 1000 });
        if (msg.type === 'typing') {
          const sessionId = typeof msg.session_id === 'string' ? msg.session_id : '';
          if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return send({ type: 'error', code: 'bad_frame', message: 'typing needs a session_id' });
          chat
            .sessionFor(ctx, user.id, sessionId)
            .then((s) => {
              for (const other of [s.ownerId, s.partnerId]) {
                if (other && other !== user.id)
                  ctx.hub.publish(chat.userTopic(other), { type: 'typing', session_id: s.id, user_id: user.id, is_typing: msg.is_typing !== false });
              }
            })
            .catch(() => send({ type: 'error', code: 'not_found', message: 'Chat session not found' }));
          return;
        }
        return send({ type: 'error', code: 'unknown_type', message: `unknown message type ${JSON.stringify(msg.type ?? null)}` });
      });
    },
  );
};
