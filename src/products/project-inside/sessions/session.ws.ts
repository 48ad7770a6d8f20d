// The live coaching socket /v1/sessions/{sid}/ws?token= (and /v1/interaction/...): feature frames in, nudges and
// session state out. Refused at the handshake, before any data, as an HTTP answer: missing/invalid/expired/refresh
// token 401; malformed sid 422; unknown session 404; not a participant (or no longer a member) 403; finalized 403.
// The participant check is done once here, never per frame. Bad frames are answered with
// {type:"server.error", sid, payload:{code, message}} and the socket stays open; finalize sends
// {type:"server.session_ended", sid, payload:{sid, status, finalized_at}} and closes with 1000.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { ProductContext } from '../../../core/product.js';
import { currentUser } from '../../../core/identity/authenticate.js';
import { invalidField } from '../../../core/http/errors.js';
import { keepAlive, messageLimiter, parseFrame } from '../../../core/realtime/socket.js';
import { checkClientMessage, evaluateFrame } from './coach-engine.js';
import { SocketParams, SocketQuery } from './coach.schemas.js';
import { sessionLive, type LiveConnection } from './session-live.js';
import { socketAccess } from './sessions.service.js';
import { participantTopic, sessionTopic } from '../shared/topics.js';
import { LIVE_SCOPE } from '../consent/consent.schemas.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 5 frames/s is a normal client; twice that sustained with a burst of 40 is still fine, beyond is refused. */
const FRAMES_PER_SECOND = 20;
const FRAME_BURST = 40;

declare module 'fastify' {
  interface FastifyRequest {
    coachSession?: { sid: string; participants: string[]; relationshipId: string; live: boolean };
  }
}

export const sessionSocketRoutes: FastifyPluginAsyncTypebox<{ ctx: ProductContext }> = async (app, { ctx }) => {
  const live = sessionLive(ctx);
  const { settings, recorder, limiter } = live;
  const thresholds = { speakingRate: settings.speakingRateThreshold, overlapRatio: settings.overlapRatioThreshold };
  // At shutdown the app closes the sockets (1001); what they recorded is written before the database closes.
  app.addHook('onClose', async () => live.close());

  app.get(
    '/sessions/:sid/ws',
    {
      websocket: true,
      schema: {
        tags: ['interaction'],
        security: [{ bearerAuth: [] }],
        summary:
          'Live session coaching (WebSocket, ?token=<access token>). client.feature_frame in; server.nudge, server.session_state, server.session_ended, server.error out',
        params: SocketParams,
        querystring: SocketQuery,
      },
      preValidation: async (req: FastifyRequest) => {
        const user = await ctx.auth.verify((req.query as { token?: string }).token);
        const sid = (req.params as { sid?: string }).sid ?? '';
        if (!UUID.test(sid)) throw invalidField(['path', 'sid'], 'Input should be a valid UUID', sid, 'uuid_parsing');
        const access = await socketAccess(ctx, user.id, sid);
        req.user = user;
        req.coachSession = { sid: sid.toLowerCase(), participants: access.participants, relationshipId: access.relationshipId, live: access.live };
      },
    },
    (socket: WebSocket, req) => {
      const user = currentUser(req);
      const userId = user.id;
      // Caps per user and IP; closed (1008) when this login session ends (logout, password reset, erase, stolen refresh).
      if (!ctx.sockets.admit(socket, { product: ctx.slug, userId, sessionId: user.sessionId, ip: req.ip })) return;
      const { sid, participants, relationshipId, live: granted } = req.coachSession!;
      const conn: LiveConnection = { socket, sessionId: sid, relationshipId, userId, ended: false, live: granted };
      live.add(conn);
      ctx.hub.join(sessionTopic(sid), socket);
      ctx.hub.join(participantTopic(sid, userId), socket);
      keepAlive(socket, settings.heartbeatMs, settings.timeoutMs);
      const allow = messageLimiter(FRAMES_PER_SECOND, FRAME_BURST);
      const error = (code: string, message: string) => {
        if (socket.readyState === 1) socket.send(JSON.stringify({ type: 'server.error', sid, payload: { code, message } }));
      };
      const state = (event: 'joined' | 'left') =>
        ctx.hub.publish(sessionTopic(sid), { type: 'server.session_state', payload: { sid, participants, event, user_id: userId } });

      socket.on('message', (data, isBinary) => {
        if (!allow()) return error('rate_limited', 'Too many frames; slow down');
        if (conn.ended) return error('session_ended', 'This session has been finalized');
        const parsed = parseFrame(data, isBinary);
        if (!parsed.ok) return error(parsed.error === 'invalid JSON' ? 'invalid_json' : 'bad_frame', parsed.error);
        const checked = checkClientMessage(parsed.value, sid);
        if (!checked.ok) return error(checked.code, checked.message);
        // Without consent to live features nothing of this member is recorded or analysed (it may change mid-session).
        if (!conn.live)
          return error('consent_required', `Your consent in this relationship does not include ${LIVE_SCOPE}: frames are not recorded and no nudges are sent`);
        const frame = checked.frame;
        const now = ctx.now();
        recorder.frame(sid, userId, frame, new Date(now));
        const nudge = evaluateFrame(frame, thresholds);
        if (!nudge) return;
        limiter.take(sid, userId, now).then(
          (granted) => {
            if (!granted) return;
            recorder.nudge(sid, userId, nudge, frame, new Date(now));
            // To the speaker's sockets only, on every instance.
            ctx.hub.publish(participantTopic(sid, userId), { type: 'server.nudge', sid, payload: nudge });
          },
          () => undefined,
        );
      });
      socket.once('close', () => {
        live.remove(conn);
        state('left');
        recorder.flush(sid).catch(() => undefined);
      });
      state('joined');
    },
  );
};
