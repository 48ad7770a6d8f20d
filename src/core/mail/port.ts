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

/**
 * Mail written to the log. In development the body is printed in full (that is how you read the link); with
 * `bodies: false` (production with MAIL_CONSOLE=true) only recipient and subject are, never a token.
 */
export function consoleMailer(log: Logger, from: string, o: { bodies: boolean } = { bodies: true }): Mailer {
  return {
    kind: 'console',
    async send(msg) {
      const mail = o.bodies ? { from, to: msg.to, subject: msg.subject, body: msg.text } : { from, to: msg.to, subject: msg.subject };
      log.info({ mail }, `mail to ${msg.to}: ${msg.subject}`);
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
