// Partner invite codes: unambiguous characters only (no 0/O, 1/I), uniformly random.
import { randomInt } from 'node:crypto';

export const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generateInviteCode(length: number, rand: (max: number) => number = randomInt): string {
  let out = '';
  for (let i = 0; i < length; i++) out += INVITE_ALPHABET[rand(INVITE_ALPHABET.length)];
  return out;
}

/** Codes are typed by people: accept any case and stray spaces or dashes. */
export function normalizeInviteCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}
