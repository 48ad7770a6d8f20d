// SMTP delivery through nodemailer.
import nodemailer from 'nodemailer';
import type { Mailer } from './port.js';

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
