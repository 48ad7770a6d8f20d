// Data-rights requests (access, correction, deletion…): recorded with a random reference and acknowledged by mail.
// Access and portability are answered at once by the self-service export; deletion points to Delete account (a
// free-text form never erases anything); the others wait for the operator.
import { randomBytes } from 'node:crypto';
import { pgErrorCode } from '../../../core/db/connect.js';
import { AppError } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import { afterAnswer, mailAllowed } from '../auth/mail-later.js';
import * as repo from './consent.repo.js';
import type { DataRequest, DataRequestBody } from './consent.schemas.js';
import { isDataRequestType, type DataRequestType } from './kinds.js';

const EXPORT_NOTE =
  'Completed: a copy of all the data FluentFusion holds about you (account, profile, progress, answers, badges, notifications, consents and requests) ' +
  'is available at any time, as JSON, from your account in the app (GET /api/users/me/export).';
const DELETION_NOTE =
  'To delete your account and all its data now, use Delete account in the app (DELETE /api/users/me); it asks you to confirm. ' +
  'This request stays open for our team, who will contact you if needed.';

/** What happens to a request when it arrives. */
function outcome(type: DataRequestType): { status: 'completed' | 'pending'; notes: string | null; mailLine: string } {
  switch (type) {
    case 'access':
    case 'portability':
      return {
        status: 'completed',
        notes: EXPORT_NOTE,
        mailLine: 'It is already complete: you can download all your data at any time from your account in the app.',
      };
    case 'deletion':
      return { status: 'pending', notes: DELETION_NOTE, mailLine: 'To delete your account right away, use Delete account in the app.' };
    default:
      return { status: 'pending', notes: null, mailLine: 'Our team will review it and reply.' };
  }
}

/** DSR- and 8 base32 characters (40 random bits). */
function newReference(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 7; i >= 0; i--) out += alphabet[Number((bits >> BigInt(i * 5)) & 31n)];
  return `DSR-${out}`;
}

const present = (r: repo.DataRequestRow): DataRequest => ({
  id: r.id,
  reference: r.reference,
  request_type: r.requestType,
  status: r.status,
  details: r.details,
  created_at: r.createdAt.toISOString(),
  resolved_at: r.resolvedAt?.toISOString() ?? null,
  resolution_notes: r.resolutionNotes,
});

export async function submitDataRequest(ctx: ProductContext, userId: string, input: DataRequestBody): Promise<{ ok: true; id: string; reference: string }> {
  const type = input.request_type;
  if (!isDataRequestType(type)) throw new AppError('unknown_request_type', 400, 'Unknown request_type');
  await ctx.limits.consume('DATA_REQUESTS_PER_USER', userId, 'Too many data requests; try again later');
  const now = new Date(ctx.now());
  const { status, notes, mailLine } = outcome(type);
  const details = input.details?.trim() || null;
  let row: repo.DataRequestRow | undefined;
  // A reference collision (one in a trillion) only costs another draw.
  for (let attempt = 0; !row; attempt++) {
    try {
      row = await repo.insertDataRequest(ctx.db.dz, {
        userId,
        reference: newReference(),
        requestType: type,
        status,
        details,
        createdAt: now,
        resolvedAt: status === 'completed' ? now : null,
        resolutionNotes: notes,
      });
    } catch (e) {
      if (pgErrorCode(e) !== '23505' || attempt >= 2) throw e;
    }
  }
  const reference = row.reference;
  afterAnswer(ctx, 'data request acknowledgement', () => acknowledge(ctx, userId, type, reference, mailLine));
  return { ok: true, id: row.id, reference };
}

/** The acknowledgement quotes the reference, never the request's text; it counts against the account's and the address's mail limits. */
async function acknowledge(ctx: ProductContext, userId: string, type: DataRequestType, reference: string, mailLine: string): Promise<void> {
  const user = await ctx.identity.findUser(ctx.slug, userId);
  if (!user) return;
  try {
    await ctx.limits.consume('MAIL_PER_ACCOUNT', userId);
  } catch {
    ctx.log.warn({ product: ctx.slug }, 'mails of one account over its limit; data request acknowledgement not sent');
    return;
  }
  if (!(await mailAllowed(ctx, user.email))) return;
  await ctx.mailer.send({
    to: user.email,
    subject: `We received your data request (${reference})`,
    text:
      `We have received your ${type} request about your FluentFusion data. Reference: ${reference}\n\n` +
      `${mailLine}\n\n` +
      `We answer every request within 30 days, as Rwanda's Law No. 058/2021 and the EU GDPR require. ` +
      `You can follow it on the Data & Privacy page of the app.\n\n` +
      `If you did not make this request, change your password now.\n`,
  });
}

export async function listMyDataRequests(ctx: ProductContext, userId: string, page: { skip: number; limit: number }): Promise<DataRequest[]> {
  return (await repo.listDataRequests(ctx.db.dz, userId, page)).map(present);
}
