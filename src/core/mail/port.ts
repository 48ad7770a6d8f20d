// Outgoing mail: console (development), SMTP (./smtp.ts, nodemailer, loaded only when SMTP_URL is set), or an in-memory outbox.
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  /** The plain-text body always carries every token and link. */
  text: string;
  html?: string;
}

export interface Mailer {
  kind: string;
  send(msg: MailMessage): Promise<void>;
  close(): Promise<void>;
}

export function consoleMailer(log: Logger, from: string): Mailer {
  return {
    kind: 'console',
    async send(msg) {
      // Deliberately printed in full: in development this is how you read the link.
      log.info({ mail: { from, to: msg.to, subject: msg.subject, body: msg.text } }, `mail to ${msg.to}: ${msg.subject}`);
    },
    async close() {},
  };
}

export function memoryMailer(): Mailer & { outbox: MailMessage[] } {
  const outbox: MailMessage[] = [];
  return {
    kind: 'memory',
    outbox,
    async send(msg) {
      outbox.push(msg);
    },
    async close() {},
  };
}
