// Partner linking: invite codes, joining, the couple and its members, ending a couple.
import { AppError, invalidField, notFound } from '../../../core/http/errors.js';
import { pgErrorCode, type Dz } from '../../../core/db/connect.js';
import type { ProductContext } from '../../../core/product.js';
import type { Static } from '@sinclair/typebox';
import * as repo from './couples.repo.js';
import type { Couple } from './couples.schemas.js';
import { generateInviteCode, normalizeInviteCode } from './invite-code.js';
import { parseStorableDate } from '../shared/dates.js';
import { unshareBetween } from '../chat/chat.repo.js';
import { userTopic } from '../chat/chat.service.js';
import { iso } from '../../../core/iso.js';

export const INVITE_TTL_MS = 24 * 3600 * 1000;

export type CoupleView = Static<typeof Couple>;

export async function presentCouple(dz: Dz, coupleId: string): Promise<CoupleView> {
  const couple = await repo.findCouple(dz, coupleId);
  if (!couple) throw notFound('Couple not found');
  const members = await repo.listMembers(dz, coupleId);
  return {
    id: couple.id,
    status: couple.status as CoupleView['status'],
    anniversary_date: iso(couple.anniversaryDate),
    created_at: couple.createdAt.toISOString(),
    updated_at: iso(couple.updatedAt),
    members: members.map((m) => ({
      id: m.id,
      user_id: m.userId,
      role: m.role,
      joined_at: m.joinedAt.toISOString(),
      name: m.name,
      email: m.email,
    })),
  };
}

/** A fresh code replacing the user's pending one. `length` 8 for the seed API, 6 for the web client. */
export async function createInviteCode(ctx: ProductContext, userId: string, length = 8): Promise<{ code: string; expires_at: string }> {
  if (await repo.findActiveMembership(ctx.db.dz, userId)) {
    throw new AppError('already_in_couple', 409, 'You are already in a couple');
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = generateInviteCode(length);
    try {
      const link = await ctx.db.transaction(async (tx) => {
        // Two invite requests at once: the second waits, then retires the first one's code.
        await repo.lockUsers(tx.dz, [userId]);
        await repo.retirePendingLinks(tx.dz, userId);
        return repo.insertLink(tx.dz, { code, createdByUserId: userId, expiresAt: new Date(ctx.now() + INVITE_TTL_MS) });
      });
      return { code: link.code, expires_at: link.expiresAt.toISOString() };
    } catch (e) {
      if (pgErrorCode(e) !== '23505') throw e; // a code collision: draw again
    }
  }
  throw new AppError('code_generation_failed', 503, 'Could not generate a unique code, please retry');
}

/** Who is linking and from where: wrong codes are counted per account and per client IP. */
export interface LinkClient {
  ip: string;
}

const WRONG_CODES = ['invalid_code', 'code_used', 'code_expired'];

/**
 * Links the user with the code's creator and returns the new couple's id. Every way the code can be wrong has its
 * own clear 4xx; wrong codes are counted (CODE_FAILURES_PER_ACCOUNT / _PER_IP) and past the limit every attempt
 * answers 429, so codes can't be guessed.
 */
async function linkByCode(ctx: ProductContext, userId: string, rawCode: string, client: LinkClient): Promise<string> {
  await ctx.limits.check('CODE_FAILURES_PER_ACCOUNT', userId);
  await ctx.limits.check('CODE_FAILURES_PER_IP', client.ip);
  try {
    return await joinWithCode(ctx, userId, rawCode);
  } catch (e) {
    if (e instanceof AppError && WRONG_CODES.includes(e.code)) {
      await ctx.limits.consume('CODE_FAILURES_PER_ACCOUNT', userId);
      await ctx.limits.consume('CODE_FAILURES_PER_IP', client.ip);
    }
    throw e;
  }
}

async function joinWithCode(ctx: ProductContext, userId: string, rawCode: string): Promise<string> {
  const code = normalizeInviteCode(rawCode);
  if (!/^[A-Z0-9]{4,8}$/.test(code)) throw new AppError('invalid_code', 400, 'Invalid invite code');
  try {
    const coupleId = await ctx.db.transaction(async (tx) => {
      // A code's creator never changes: read it, lock both people, then lock the code's row.
      const peek = await repo.findLinkByCode(tx.dz, code);
      if (!peek) throw new AppError('invalid_code', 400, 'Invalid invite code');
      await repo.lockUsers(tx.dz, [userId, peek.createdByUserId]);
      const link = await repo.findLinkByCodeForUpdate(tx.dz, code);
      if (!link) throw new AppError('invalid_code', 400, 'Invalid invite code');
      if (link.createdByUserId === userId) throw new AppError('own_code', 400, 'You cannot use your own invite code');
      if (link.status === 'used') throw new AppError('code_used', 400, 'This invite code has already been used');
      if (link.status !== 'pending' || link.expiresAt.getTime() <= ctx.now()) {
        if (link.status === 'pending') await repo.markLink(tx.dz, link.id, { status: 'expired' });
        return { expired: true as const };
      }
      if (await repo.findActiveMembership(tx.dz, userId)) throw new AppError('already_in_couple', 409, 'You are already in a couple');
      if (await repo.findActiveMembership(tx.dz, link.createdByUserId)) {
        throw new AppError('partner_in_couple', 409, 'The person who shared this code is already in a couple');
      }
      const linkedAt = new Date(ctx.now());
      const couple = await repo.insertCouple(tx.dz);
      await repo.insertMember(tx.dz, couple.id, link.createdByUserId, 'admin', linkedAt);
      await repo.insertMember(tx.dz, couple.id, userId, 'partner', linkedAt);
      await repo.markLink(tx.dz, link.id, { status: 'used', coupleId: couple.id, usedByUserId: userId });
      await repo.retirePendingLinks(tx.dz, userId);
      return { coupleId: couple.id };
    });
    // Marking the code expired must commit, so the error is raised after the transaction.
    if ('expired' in coupleId) throw new AppError('code_expired', 400, 'This invite code has expired');
    return coupleId.coupleId;
  } catch (e) {
    if (pgErrorCode(e) === '23505') throw new AppError('already_in_couple', 409, 'One of you is already in a couple');
    throw e;
  }
}

/** Seed: POST /couples/join — the couple with its members. */
export async function joinCouple(ctx: ProductContext, userId: string, rawCode: string, client: LinkClient): Promise<CoupleView> {
  return presentCouple(ctx.db.dz, await linkByCode(ctx, userId, rawCode, client));
}

/** Web client: POST /partner/link — the partner I am now linked with. */
export async function linkPartner(ctx: ProductContext, userId: string, rawCode: string, client: LinkClient) {
  await linkByCode(ctx, userId, rawCode, client);
  const partner = await repo.findPartner(ctx.db.dz, userId);
  if (!partner) throw notFound('Partner not found');
  const view = presentPartner(partner);
  return { success: true, message: `Successfully linked with ${view.name}!`, partner: view };
}

const presentPartner = (p: repo.MemberView) => ({
  id: p.userId,
  name: p.name ?? p.email.split('@')[0]!,
  email: p.email,
  linked_at: p.joinedAt.toISOString(),
});

function anniversaryOf(value: string): Date {
  const d = parseStorableDate(value);
  if (!d) throw invalidField(['body', 'anniversary_date'], 'Input should be a valid date', value, 'date_parsing');
  return d;
}

export async function getMyCouple(ctx: ProductContext, userId: string): Promise<CoupleView> {
  const m = await repo.findActiveMembership(ctx.db.dz, userId);
  if (!m) throw notFound('You are not in a couple');
  return presentCouple(ctx.db.dz, m.coupleId);
}

export async function updateMyCouple(
  ctx: ProductContext,
  userId: string,
  patch: { status?: 'active' | 'paused' | 'ended'; anniversary_date?: string | null },
): Promise<CoupleView> {
  const m = await repo.findActiveMembership(ctx.db.dz, userId);
  if (!m) throw notFound('You are not in a couple');
  const ended = await ctx.db.transaction(async (tx) => {
    const set: { status?: string; anniversaryDate?: Date | null } = {};
    if (patch.status && patch.status !== 'ended') set.status = patch.status;
    if (patch.anniversary_date !== undefined) set.anniversaryDate = patch.anniversary_date ? anniversaryOf(patch.anniversary_date) : null;
    if (Object.keys(set).length) await repo.updateCouple(tx.dz, m.coupleId, set);
    return patch.status === 'ended' ? endCouple(tx.dz, m.coupleId) : [];
  });
  closeChatSockets(ctx, ended);
  return presentCouple(ctx.db.dz, m.coupleId);
}

/** Web client: POST /partner/generate-code (6 characters: its form takes no more). */
export async function createPartnerCode(ctx: ProductContext, userId: string) {
  const c = await createInviteCode(ctx, userId, 6);
  return { ...c, message: 'Code generated. Share it with your partner: it links your accounts and is valid for 24 hours.' };
}

/** The web client's partner status. */
export async function partnerStatus(ctx: ProductContext, userId: string) {
  const partner = await repo.findPartner(ctx.db.dz, userId);
  const pending = partner ? undefined : await repo.findPendingLinkOf(ctx.db.dz, userId, new Date(ctx.now()));
  return {
    has_partner: Boolean(partner),
    partner: partner ? presentPartner(partner) : null,
    active_code: pending?.code ?? null,
    active_code_expires_at: pending ? pending.expiresAt.toISOString() : null,
    couple_id: partner?.coupleId ?? null,
  };
}

/**
 * Ends a couple inside the caller's transaction: both members are free to link again, their shared chat sessions
 * go back to their owners and invitations between them lapse. Returns the members, for `closeChatSockets`.
 */
export async function endCouple(dz: Dz, coupleId: string): Promise<string[]> {
  const members = (await repo.listMembers(dz, coupleId)).map((m) => m.userId);
  await repo.updateCouple(dz, coupleId, { status: 'ended' });
  await repo.releaseMembers(dz, coupleId);
  await unshareBetween(dz, members);
  return members;
}

/** After the commit: the members' open chat sockets close (1008) on every instance; their clients reconnect. */
export function closeChatSockets(ctx: ProductContext, memberIds: string[]): void {
  for (const id of memberIds) ctx.hub.closeTopic(userTopic(id), 'couple ended');
}

export async function unlinkPartner(ctx: ProductContext, userId: string) {
  const m = await repo.findActiveMembership(ctx.db.dz, userId);
  if (!m) throw notFound('You are not linked to a partner');
  closeChatSockets(ctx, await ctx.db.transaction((tx) => endCouple(tx.dz, m.coupleId)));
  return { success: true, message: 'Partner unlinked. You can link with a partner again at any time.' };
}

/** Couple id of the user's live couple, or null (moods and journals attach to it). */
export async function coupleIdOf(dz: Dz, userId: string): Promise<string | null> {
  return (await repo.findActiveMembership(dz, userId))?.coupleId ?? null;
}
