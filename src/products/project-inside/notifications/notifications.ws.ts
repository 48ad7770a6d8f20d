// The notifications socket /v1/interaction/notifications?token=: a user's live events (emoji_poke, notification.new).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { Type } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';
import { bearerToken, currentUser } from '../../../core/identity/authenticate.js';
import { keepAlive, messageLimiter, parseFrame } from '../../../core/realtime/socket.js';
import { coachSettings } from '../shared/settings.js';
import { userTopic } from '../shared/topics.js';

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const settings = coachSettings(ctx);
  app.get(
    '/notifications',
    {
      websocket: true,
      schema: {
        tags: ['notifications'],
        summary: 'Live events for me (WebSocket): emoji_poke, notification.new. Requires ?token=<access token>; closed (1008) when the login session ends',
        security: [{ bearerAuth: [] }],
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096, description: 'Access token (or an Authorization: Bearer header)' })) }),
      },
      // Refused at the handshake (401) before any data: a missing, invalid, expired or refresh token.
      preValidation: async (req: FastifyRequest) => {
        const q = req.query as { token?: string };
        req.user = await ctx.auth.verify(q.token ?? bearerToken(req.headers.authorization));
      },
    },
    (socket: WebSocket, req) => {
      const user = currentUser(req);
      // Caps per user and IP; closed (1008) when this login session ends (logout, password reset, erase, stolen refresh).
      if (!ctx.sockets.admit(socket, { product: ctx.slug, userId: user.id, sessionId: user.sessionId, ip: req.ip })) return;
      ctx.hub.join(userTopic(user.id), socket);
      keepAlive(socket, settings.heartbeatMs, settings.timeoutMs);
      // Clients only ping on this socket; a burst beyond this is a misbehaving client, answered, not obeyed.
      const allow = messageLimiter(5, 20);
      const send = (m: unknown) => socket.readyState === 1 && socket.send(JSON.stringify(m));
      send({ type: 'connection.established', user_id: user.id });
      socket.on('message', (data, isBinary) => {
        if (!allow()) return send({ type: 'error', code: 'rate_limited', message: 'Too many messages; slow down' });
        if (!isBinary && String(data) === 'ping') return socket.send('pong');
        const frame = parseFrame(data, isBinary);
        if (!frame.ok) return send({ type: 'error', code: 'bad_frame', message: frame.error });
        if (frame.value.type === 'ping') return send({ type: 'pong' });
        return send({ type: 'error', code: 'unknown_type', message: `unknown message type ${JSON.stringify(frame.value.type ?? null).slice(0, 80)}` });
      });
    },
  );
};
