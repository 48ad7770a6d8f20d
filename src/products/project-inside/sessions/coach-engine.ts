// The live coaching rules: which feature frames are valid, and which deserve a nudge. Pure: no I/O, no clock.

export type NudgeType = 'SLOW_DOWN' | 'PAUSE';

export interface Thresholds {
  speakingRate: number;
  overlapRatio: number;
}

export interface FeatureFrame {
  timestamp_ms: number;
  speaking_rate: number;
  overlap_ratio: number;
}

export interface Nudge {
  nudge_type: NudgeType;
  intensity: 1 | 2 | 3;
  message: string;
}

export const NUDGE_MESSAGES: Record<NudgeType, string> = {
  SLOW_DOWN: 'Try slowing down.',
  PAUSE: 'Pause and let your partner finish.',
};

/** Bounds a client may send; anything outside is refused with an error frame, never recorded. */
export const LIMITS = {
  speaking_rate: { min: 0, max: 20 },
  overlap_ratio: { min: 0, max: 1 },
  /** Far beyond any real epoch-millisecond value, below 2^53 so sums stay exact. */
  timestamp_ms: { min: 0, max: 1e15 },
} as const;

const level = (x: number): 1 | 2 | 3 => (x <= 1 / 3 ? 1 : x <= 2 / 3 ? 2 : 3);

/** Speaking rate: how far past the threshold, as rate / threshold: up to 1.25× → 1, up to 1.5× → 2, beyond → 3. */
export function speakingIntensity(rate: number, threshold: number): 1 | 2 | 3 {
  if (!(threshold > 0)) return 3;
  const r = rate / threshold;
  return r <= 1.25 ? 1 : r <= 1.5 ? 2 : 3;
}

/** Overlap: the excess over the threshold as a share of the room left above it, (o − t) / (1 − t), in thirds. */
export function overlapIntensity(ratio: number, threshold: number): 1 | 2 | 3 {
  const room = 1 - threshold;
  if (!(room > 0)) return 3;
  return level((ratio - threshold) / room);
}

/** The nudge a valid frame deserves, or null. Overlap wins over pace: both over → PAUSE, at the stronger intensity. */
export function evaluateFrame(f: Pick<FeatureFrame, 'speaking_rate' | 'overlap_ratio'>, t: Thresholds): Nudge | null {
  const fast = f.speaking_rate > t.speakingRate;
  const overlap = f.overlap_ratio > t.overlapRatio;
  if (overlap) {
    const i = overlapIntensity(f.overlap_ratio, t.overlapRatio);
    const intensity = fast ? (Math.max(i, speakingIntensity(f.speaking_rate, t.speakingRate)) as 1 | 2 | 3) : i;
    return { nudge_type: 'PAUSE', intensity, message: NUDGE_MESSAGES.PAUSE };
  }
  if (fast) return { nudge_type: 'SLOW_DOWN', intensity: speakingIntensity(f.speaking_rate, t.speakingRate), message: NUDGE_MESSAGES.SLOW_DOWN };
  return null;
}

export type FrameCheck = { ok: true; frame: FeatureFrame } | { ok: false; code: string; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed client message against the seed's envelope for this socket's session. Never throws. */
export function checkClientMessage(msg: unknown, sid: string): FrameCheck {
  if (!isObject(msg)) return { ok: false, code: 'bad_frame', message: 'expected a JSON object' };
  const type = Object.hasOwn(msg, 'type') ? msg.type : undefined;
  if (type !== 'client.feature_frame') {
    const shown = typeof type === 'string' ? JSON.stringify(type.slice(0, 64)) : 'missing';
    return { ok: false, code: 'unknown_type', message: `unknown message type ${shown}; expected "client.feature_frame"` };
  }
  const msgSid = Object.hasOwn(msg, 'sid') ? msg.sid : undefined;
  if (typeof msgSid !== 'string' || msgSid.toLowerCase() !== sid.toLowerCase()) {
    return { ok: false, code: 'wrong_sid', message: "sid does not match this socket's session" };
  }
  const payload = Object.hasOwn(msg, 'payload') ? msg.payload : undefined;
  if (!isObject(payload)) return { ok: false, code: 'invalid_payload', message: 'payload must be an object' };
  const out: Partial<FeatureFrame> = {};
  for (const field of ['timestamp_ms', 'speaking_rate', 'overlap_ratio'] as const) {
    const v = Object.hasOwn(payload, field) ? payload[field] : undefined;
    const { min, max } = LIMITS[field];
    if (v === undefined) return { ok: false, code: 'invalid_payload', message: `payload.${field} is required` };
    if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, code: 'invalid_payload', message: `payload.${field} must be a finite number` };
    if (v < min || v > max) return { ok: false, code: 'invalid_payload', message: `payload.${field} must be between ${min} and ${max}` };
    out[field] = v;
  }
  return { ok: true, frame: out as FeatureFrame };
}
