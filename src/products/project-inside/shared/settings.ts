// The seed's realtime settings (PROJECT_INSIDE_* variables), declared on the module and read once at start-up.
import { Type, type Static } from '@sinclair/typebox';
import type { ProductContext } from '../../../core/product.js';

const num = (description: string, def: number, minimum: number, maximum: number) => Type.Number({ description, default: def, minimum, maximum });

// project-inside seed: WEBSOCKET_HEARTBEAT_INTERVAL=30, WEBSOCKET_TIMEOUT=60, NUDGE_RATE_LIMIT_SECONDS=10, thresholds.
export const settings = Type.Object({
  WEBSOCKET_HEARTBEAT_INTERVAL: num('seconds between server pings on live sockets', 30, 0.05, 3600),
  WEBSOCKET_TIMEOUT: num('a socket silent this many seconds is dropped', 60, 0.1, 7200),
  NUDGE_RATE_LIMIT_SECONDS: num('at most one nudge per (session, user) in this many seconds', 10, 0, 3600),
  SPEAKING_RATE_THRESHOLD: num('speaking_rate above this gives a SLOW_DOWN nudge', 3.0, 0, 1000),
  OVERLAP_RATIO_THRESHOLD: num('overlap_ratio above this gives a PAUSE nudge', 0.3, 0, 1),
});
export type Settings = Static<typeof settings>;

export interface CoachSettings {
  heartbeatMs: number;
  timeoutMs: number;
  nudgeRateLimitMs: number;
  speakingRateThreshold: number;
  overlapRatioThreshold: number;
}

export function coachSettings(ctx: ProductContext): CoachSettings {
  const s = ctx.settings as Settings;
  return {
    heartbeatMs: s.WEBSOCKET_HEARTBEAT_INTERVAL * 1000,
    timeoutMs: s.WEBSOCKET_TIMEOUT * 1000,
    nudgeRateLimitMs: s.NUDGE_RATE_LIMIT_SECONDS * 1000,
    speakingRateThreshold: s.SPEAKING_RATE_THRESHOLD,
    overlapRatioThreshold: s.OVERLAP_RATIO_THRESHOLD,
  };
}
