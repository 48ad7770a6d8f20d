// Project Inside: relationship coaching (relationships + consent, invites, live sessions with nudges, reports, pokes).
import { defineProduct } from '../../core/product.js';
import { projectInsideErrors } from './shared/errors.js';
import { authRoutes } from './auth/auth.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { onboardingRoutes } from './onboarding/onboarding.routes.js';
import { contactsRoutes } from './contacts/contacts.routes.js';
import { relationshipsRoutes } from './relationships/relationships.routes.js';
import { consentRoutes } from './consent/consent.routes.js';
import { invitesRoutes } from './invites/invites.routes.js';
import { coachRoutes } from './sessions/coach.routes.js';
import { historyRoutes } from './sessions/history.routes.js';
import { liveCoachRoutes } from './live-coach/analyze-turn.routes.js';
import { pokesRoutes } from './pokes/pokes.routes.js';
import { sessionSocketRoutes } from './sessions/session.ws.js';
import { notificationsRoutes } from './notifications/notifications.ws.js';
import { landingRoutes } from './invites/landing.routes.js';
import { devicesRoutes, notificationsRoutes as inboxRoutes } from './notifications/notifications.routes.js';
import { privacyHandler } from './privacy/privacy.js';
import { privacyRoutes } from '../../core/privacy/routes.js';
import { Type } from '@sinclair/typebox';
import { settings } from './shared/settings.js';
import type { JobDefinition } from '../../core/jobs/define.js';
import { sessionReport } from './sessions/session-report.job.js';
import { notificationPush } from './notifications/notification-push.job.js';

const VERSION = '0.1.0';
const health = () => ({ status: 'ok', version: VERSION });
const Health = Type.Object({ status: Type.String(), version: Type.String() });

export const projectInside = defineProduct({
  slug: 'project-inside',
  title: 'Project Inside API',
  version: VERSION,
  // Seed: 15-minute access tokens, 30-day refresh tokens; the mobile app's dev origins.
  defaults: {
    accessTokenMinutes: 15,
    refreshTokenDays: 30,
    // The app's dev servers, and its native shells: iOS (capacitor://localhost) and Android (https://localhost).
    corsOrigins: 'http://localhost:*,http://127.0.0.1:*,http://192.168.*.*:*,capacitor://localhost,ionic://localhost,https://localhost',
  },
  settings,
  // Strict limits where abuse pays (RATE_LIMIT_SCALE applies). Invite mails count against the core's
  // MAIL_PER_ACCOUNT and MAIL_PER_RECIPIENT, shared with reset and verification mails to the same address.
  limits: {
    POKES_PER_USER: { max: 30, windowS: 60, doc: 'pokes one user sends (both path families, every instance)' },
    SIGNALS_PER_USER: { max: 30, windowS: 60, doc: 'hearts and emotions one user sends' },
    LOOKUPS_PER_CLIENT: {
      max: 20,
      windowS: 60,
      doc: 'contact lookups, invite checks and invite pages per client and route (the user when signed in, else the IP): an e-mail oracle by design',
    },
    ANALYZE_TURNS_PER_USER: { max: 60, windowS: 60, doc: 'Live Coach turn readings (AI cost) per user' },
  },
  // OpenAPI has no WebSocket operations (and @fastify/swagger leaves them out), so the sockets are described here.
  description: [
    'Communication + relationship coaching: relationships and consent, live sessions with nudges, reports, pokes, a notification centre.',
    '',
    'A member someone else added is INVITED (invisible to the others, no sessions or pokes) until they accept',
    '(`POST /v1/relationships/{rid}/accept` or `/decline`). A blocked user cannot add, poke, signal, invite or look up the blocker.',
    'Consent binds: feature frames and nudges only for members whose ACTIVE consent has REALTIME_FEATURES_ONLY, report stats',
    "only for SUMMARY_SHARED. A 422 carries `detail` (FastAPI's list) and a readable `message`.",
    '',
    '**WebSockets** (token as `?token=<access token>`; refused at the handshake with 401/403/404/422 before any data):',
    '- `GET /v1/sessions/{sid}/ws` (also `/v1/interaction/sessions/{sid}/ws`), session participants only. Send',
    '  `{"type":"client.feature_frame","sid":"<sid>","payload":{"timestamp_ms":0,"speaking_rate":2.3,"overlap_ratio":0.1}}`',
    '  (speaking_rate 0–20, overlap_ratio 0–1). Receive `server.session_state {payload:{sid, participants, event, user_id}}`',
    '  when someone joins or leaves; `server.nudge {sid, payload:{nudge_type: SLOW_DOWN|PAUSE, intensity: 1–3, message}}`',
    '  when a frame is past a threshold, at most one per nudge window per (session, user); `server.session_ended` on',
    '  finalize (then close 1000); `server.error {sid, payload:{code, message}}` for a bad frame (the socket stays open),',
    '  code `consent_required` (nothing recorded) when my consent lacks REALTIME_FEATURES_ONLY. The end of the relationship',
    '  closes its session sockets with 1008 within 2 s on every instance.',
    '- `GET /v1/interaction/notifications`: `{type:"connection.established", user_id}`, text `ping` → `pong`,',
    '  `{type:"emoji_poke", poke_id, sender_id, sender_name, emoji, poke_type, relationship_id, created_at, payload}` and',
    '  `{type:"notification.new", payload:{id, type, title, message, read, timestamp, …data}}` (also stored in the inbox',
    '  `/v1/notifications` and pushed to registered devices).',
    'The server pings every heartbeat interval; a peer silent past the timeout is dropped.',
  ].join('\n'),
  errorStyle: projectInsideErrors,
  accounts: {
    errors: {
      email_taken: { status: 400, message: 'Email already registered' },
      invalid_credentials: { status: 401, message: 'Incorrect email or password' },
      inactive: { status: 403, message: 'Account is deactivated' },
      invalid_refresh: { status: 401, message: 'Invalid refresh token' },
    },
    // The sign-up schema takes passwords of 8 to 256 characters.
    maxPasswordLength: 256,
    mail: { appName: 'Project Inside' },
  },
  privacy: (ctx) => privacyHandler(ctx),
  health: {
    live: health,
    ready: (r) =>
      r.ready ? { status: 200, body: { status: 'ready', version: VERSION } } : { status: 503, body: { status: 'not ready', reason: r.reason ?? 'not ready' } },
  },
  // Typed by their payloads; the module's list is payload-agnostic (JobDefinition<never>).
  jobs: [sessionReport as unknown as JobDefinition<never>, notificationPush as unknown as JobDefinition<never>],
  async routes(app, { ctx }) {
    app.get('/v1/health', { config: { rateLimit: false }, schema: { tags: ['health'], summary: 'Liveness', response: { 200: Health } } }, async () => health());
    await app.register(landingRoutes, { ctx });
    await app.register(authRoutes, { prefix: '/v1/auth', ctx });
    await app.register(usersRoutes, { prefix: '/v1/users', ctx });
    // GET /v1/users/me/export and DELETE /v1/users/me (GDPR), the same shape in every product.
    await app.register(privacyRoutes(ctx), { prefix: '/v1' });
    await app.register(onboardingRoutes, { prefix: '/v1/onboarding', ctx });
    await app.register(contactsRoutes, { prefix: '/v1/contacts', ctx });
    await app.register(relationshipsRoutes, { prefix: '/v1/relationships', ctx });
    await app.register(consentRoutes, { prefix: '/v1/relationships', ctx });
    await app.register(invitesRoutes, { prefix: '/v1/relationships', ctx });
    // The seed's paths and the mobile app's later layout: one handler each.
    await app.register(coachRoutes, { prefix: '/v1', ctx });
    await app.register(coachRoutes, { prefix: '/v1/coach', ctx });
    await app.register(liveCoachRoutes, { prefix: '/v1/coach', ctx });
    await app.register(historyRoutes, { prefix: '/v1/history', ctx });
    await app.register(inboxRoutes, { prefix: '/v1/notifications', ctx });
    await app.register(devicesRoutes, { prefix: '/v1/devices', ctx });
    await app.register(pokesRoutes, { prefix: '/v1', ctx });
    await app.register(pokesRoutes, { prefix: '/v1/interaction', ctx });
    await app.register(sessionSocketRoutes, { prefix: '/v1', ctx });
    await app.register(sessionSocketRoutes, { prefix: '/v1/interaction', ctx });
    await app.register(notificationsRoutes, { prefix: '/v1/interaction', ctx });
  },
});

export default projectInside;
