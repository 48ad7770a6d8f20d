// Push notifications to users' devices (FCM/APNs tokens registered by the apps): a log adapter by default, an
// in-memory outbox for tests; a real provider is one more adapter behind the same interface.
import type { Logger } from 'pino';

export interface PushDevice {
  token: string;
  /** ios | android */
  platform: string;
}

export interface PushMessage {
  title: string;
  body: string;
  /** Data payload for the app (string values only, as FCM requires), e.g. notificationId and type. */
  data: Record<string, string>;
}

export interface PushResult {
  /** Tokens the provider reported as no longer registered: the caller forgets them. */
  invalidTokens: string[];
}

export interface PushSender {
  kind: string;
  send(devices: PushDevice[], msg: PushMessage): Promise<PushResult>;
  close(): Promise<void>;
}

/** Writes one log line per push: how many devices and of which platforms, the title; never a token or the body. */
export function logPush(log: Logger): PushSender {
  return {
    kind: 'log',
    async send(devices, msg) {
      if (devices.length > 0) {
        const platforms = [...new Set(devices.map((d) => d.platform))].sort();
        log.info({ push: { devices: devices.length, platforms, title: msg.title, type: msg.data.type } }, 'push (log adapter)');
      }
      return { invalidTokens: [] };
    },
    async close() {},
  };
}

export interface SentPush {
  devices: PushDevice[];
  message: PushMessage;
}

/** Keeps every push in `sent`; tokens listed in `invalid` are reported as unregistered. */
export function memoryPush(invalid: Set<string> = new Set()): PushSender & { sent: SentPush[]; invalid: Set<string> } {
  const sent: SentPush[] = [];
  return {
    kind: 'memory',
    sent,
    invalid,
    async send(devices, message) {
      if (devices.length > 0) sent.push({ devices: devices.map((d) => ({ ...d })), message: { ...message, data: { ...message.data } } });
      return { invalidTokens: devices.filter((d) => invalid.has(d.token)).map((d) => d.token) };
    },
    async close() {},
  };
}
