// The service's own answers: health of each service it uses, the overview at `/`, and development info.
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../../core/runtime.js';
import { Nullable } from '../../../core/http/schemas.js';

export const VERSION = '1.0.0';

const Service = Type.Object({ status: Type.String() }, { additionalProperties: true });
export const Health = Type.Object({
  status: Type.String({ description: 'healthy, degraded (an optional service is down) or unhealthy (the database is down: 503)' }),
  timestamp: Type.String({ format: 'date-time' }),
  version: Type.String(),
  environment: Type.String(),
  services: Type.Object({ api: Type.String(), database: Type.String(), redis: Type.String(), ai: Type.String(), mail: Type.String() }),
  details: Type.Object({
    database: Type.Object({ status: Type.String(), connected: Type.Boolean(), kind: Type.String(), latency_ms: Nullable(Type.Number()) }),
    redis: Type.Object({ status: Type.String(), connected: Type.Boolean(), configured: Type.Boolean() }),
    ai: Type.Object({
      status: Type.String({ description: 'healthy (the built-in local engine) or configured (an OpenAI-compatible server, not probed)' }),
      engine: Type.String(),
      model: Nullable(Type.String()),
    }),
    mail: Type.Object({
      status: Type.String({ description: 'healthy (console or memory transport) or configured (SMTP, not probed)' }),
      transport: Type.String(),
    }),
    api: Service,
  }),
});

async function timed(p: Promise<unknown>): Promise<number | null> {
  const t0 = performance.now();
  try {
    await p;
    return Math.round((performance.now() - t0) * 10) / 10;
  } catch {
    return null;
  }
}

/** Each service's state; 503 only when the database is down (Redis is an accelerator, the AI has a local engine). */
export async function health(runtime: Runtime): Promise<{ status: number; body: unknown }> {
  const dbMs = await timed(runtime.db.ping(1500));
  const redisConfigured = Boolean(runtime.redis);
  const redisUp = runtime.redis ? (await timed(runtime.redis.ping(1000))) !== null : false;
  const db = dbMs === null ? 'unhealthy' : 'healthy';
  const redis = !redisConfigured ? 'not_configured' : redisUp ? 'healthy' : 'unhealthy';
  const status = db === 'unhealthy' ? 'unhealthy' : redis === 'unhealthy' ? 'degraded' : 'healthy';
  const ai = runtime.ai.kind;
  // Nothing external is probed here: the built-in local engine and the in-process mail transports (console, memory)
  // can't be down, while an OpenAI-compatible server or an SMTP relay is only known to be configured.
  const aiStatus = ai === 'local' ? 'healthy' : 'configured';
  const mailStatus = runtime.mailer.kind === 'console' || runtime.mailer.kind === 'memory' ? 'healthy' : 'configured';
  return {
    status: status === 'unhealthy' ? 503 : 200,
    body: {
      status,
      timestamp: new Date(runtime.now()).toISOString(),
      version: VERSION,
      environment: runtime.config.env,
      services: { api: 'healthy', database: db, redis, ai: aiStatus, mail: mailStatus },
      details: {
        api: { status: 'healthy' },
        database: { status: db, connected: dbMs !== null, kind: runtime.db.kind, latency_ms: dbMs },
        redis: { status: redis, connected: redisUp, configured: redisConfigured },
        ai: {
          status: aiStatus,
          engine: ai === 'local' ? 'local (deterministic)' : 'openai-compatible',
          model: ai === 'local' ? null : runtime.config.ai.model,
        },
        mail: { status: mailStatus, transport: runtime.mailer.kind },
      },
    },
  };
}

export const Overview = Type.Object({
  message: Type.String(),
  version: Type.String(),
  status: Type.String(),
  environment: Type.String(),
  timestamp: Type.String({ format: 'date-time' }),
  docs: Type.String(),
  endpoints: Type.Record(Type.String(), Type.String()),
});

export const DevInfo = Type.Object({
  message: Type.String(),
  settings: Type.Object({ environment: Type.String(), cors_origins: Type.Array(Type.String()), api_docs_enabled: Type.Boolean() }),
  database: Type.Object({ kind: Type.String(), url_configured: Type.Boolean() }),
  external_services: Type.Object({
    ai_engine: Type.String(),
    ai_configured: Type.Boolean(),
    redis_configured: Type.Boolean(),
    smtp_configured: Type.Boolean(),
  }),
  limits: Type.Record(Type.String(), Type.Number()),
});
