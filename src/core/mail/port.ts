// Outgoing mail: console (development), SMTP (nodemailer), or an in-memory outbox (tests and tools).
import nodemailer from 'nodemailer';
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

export function smtpMailer(url: string, from: string): Mailer {
  // Fail fast rather than hold a request while an SMTP server is unreachable. The timeouts must be given at
  // creation: the SMTP transport copies its options then, so changing `transport.options` later has no effect.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000 }, { from });
  return {
    kind: 'smtp',
    async send(msg) {
      await transport.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html });
    },
    async close() {
      transport.close();
    },
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
