// Project Inside: relationship coaching (relationships + consent, invites, live sessions with nudges, reports, pokes).
import type { ProductModule } from '../../core/product.js';
import { fastApiStyle } from '../../core/http/errors.js';
import { authRoutes } from './auth.routes.js';
import { usersRoutes } from './users.routes.js';
import { onboardingRoutes } from './onboarding.routes.js';
import { contactsRoutes } from './contacts.routes.js';
import { relationshipsRoutes } from './relationships.routes.js';
import { consentRoutes } from './consent.routes.js';
import { invitesRoutes } from './invites.routes.js';
import { coachRoutes } from './coach.routes.js';
import { historyRoutes } from './history.routes.js';
import { pokesRoutes } from './pokes.routes.js';
import { sessionSocketRoutes } from './session.ws.js';
import { notificationsRoutes } from './notifications.ws.js';
import { setupSessions } from './sessions.service.js';
import { Type } from '@sinclair/typebox';

const VERSION = '0.1.0';
const health = () => ({ status: 'ok', version: VERSION });
const Health = Type.Object({ status: Type.String(), version: Type.String() });

export const projectInside: ProductModule = {
  slug: 'project-inside',
  title: 'Project Inside API',
  version: VERSION,
  // OpenAPI has no WebSocket operations (and @fastify/swagger leaves them out), so the sockets are described here.
  description: [
    'Communication + relationship coaching: relationships and consent, live sessions with nudges, reports, pokes.',
    '',
    '**WebSockets** (token as `?token=<access token>`; refused at the handshake with 401/403/404/422 before any data):',
    '- `GET /v1/sessions/{sid}/ws` (also `/v1/interaction/sessions/{sid}/ws`), session participants only. Send',
    '  `{"type":"client.feature_frame","sid":"<sid>","payload":{"timestamp_ms":0,"speaking_rate":2.3,"overlap_ratio":0.1}}`',
    '  (speaking_rate 0–20, overlap_ratio 0–1). Receive `server.session_state {payload:{sid, participants, event, user_id}}`',
    '  when someone joins or leaves; `server.nudge {sid, payload:{nudge_type: SLOW_DOWN|PAUSE, intensity: 1–3, message}}`',
    '  when a frame is past a threshold, at most one per nudge window per (session, user); `server.session_ended` on',
    '  finalize (then close 1000); `server.error {sid, payload:{code, message}}` for a bad frame (the socket stays open).',
    '- `GET /v1/interaction/notifications`: `{type:"connection.established", user_id}`, text `ping` → `pong`,',
    '  `{type:"emoji_poke", payload}` and `{type:"notification.new", payload:{kind, …}}`.',
    'The server pings every heartbeat interval; a peer silent past the timeout is dropped.',
  ].join('\n'),
  errorStyle: fastApiStyle,
  health: {
    live: health,
    ready: (r) =>
      r.ready ? { status: 200, body: { status: 'ready', version: VERSION } } : { status: 503, body: { status: 'not ready', reason: r.reason ?? 'not ready' } },
  },
  setup(ctx) {
    setupSessions(ctx);
  },
  async routes(app, { ctx }) {
    app.get('/v1/health', { config: { rateLimit: false }, schema: { tags: ['health'], summary: 'Liveness', response: { 200: Health } } }, async () => health());
    await app.register(authRoutes, { prefix: '/v1/auth', ctx });
    await app.register(usersRoutes, { prefix: '/v1/users', ctx });
    await app.register(onboardingRoutes, { prefix: '/v1/onboarding', ctx });
    await app.register(contactsRoutes, { prefix: '/v1/contacts', ctx });
    await app.register(relationshipsRoutes, { prefix: '/v1/relationships', ctx });
    await app.register(consentRoutes, { prefix: '/v1/relationships', ctx });
    await app.register(invitesRoutes, { prefix: '/v1/relationships', ctx });
    // The seed's paths and the mobile app's later layout: one handler each.
    await app.register(coachRoutes, { prefix: '/v1', ctx });
    await app.register(coachRoutes, { prefix: '/v1/coach', ctx });
    await app.register(historyRoutes, { prefix: '/v1/history', ctx });
    await app.register(pokesRoutes, { prefix: '/v1', ctx });
    await app.register(pokesRoutes, { prefix: '/v1/interaction', ctx });
    await app.register(sessionSocketRoutes, { prefix: '/v1', ctx });
    await app.register(sessionSocketRoutes, { prefix: '/v1/interaction', ctx });
    await app.register(notificationsRoutes, { prefix: '/v1/interaction', ctx });
  },
};
