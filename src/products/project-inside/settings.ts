// The seed's realtime settings, read once from the product's config (PROJECT_INSIDE_* variables).
import type { ProductContext } from '../../core/product.js';

export interface CoachSettings {
  heartbeatMs: number;
  timeoutMs: number;
  nudgeRateLimitMs: number;
  speakingRateThreshold: number;
  overlapRatioThreshold: number;
  lookupRateLimitMax: number;
}

export function coachSettings(ctx: ProductContext): CoachSettings {
  const s = ctx.product.settings;
  const n = (k: string, d: number) => (typeof s[k] === 'number' ? s[k] : d);
  return {
    heartbeatMs: n('WEBSOCKET_HEARTBEAT_INTERVAL', 30) * 1000,
    timeoutMs: n('WEBSOCKET_TIMEOUT', 60) * 1000,
    nudgeRateLimitMs: n('NUDGE_RATE_LIMIT_SECONDS', 10) * 1000,
    speakingRateThreshold: n('SPEAKING_RATE_THRESHOLD', 3.0),
    overlapRatioThreshold: n('OVERLAP_RATIO_THRESHOLD', 0.3),
    lookupRateLimitMax: n('LOOKUP_RATE_LIMIT_MAX', 20),
  };
}
