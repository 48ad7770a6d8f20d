// The current user and their profile, in the seed's shapes and the web client's.
import { AppError, invalidField, notFound } from '../../../core/http/errors.js';
import type { ProductContext } from '../../../core/product.js';
import type { UserRow } from '../../../core/identity/db.js';
import type { ProfileRow } from '../db.js';
import { findUserWithProfile, upsertProfile, type ProfilePatch } from './profiles.repo.js';
import { findPartner } from '../couples/couples.repo.js';
import type { ClientProfile, ClientProfileUpdate, ProfileUpdate, UserMe } from './users.schemas.js';
import { isCalendarDay, parseStorableDate } from '../shared/dates.js';
import { isValidTimeZone } from '../../../core/time-zone.js';
import { iso } from '../../../core/iso.js';

export function presentProfile(p: ProfileRow) {
  return {
    id: p.id,
    user_id: p.userId,
    name: p.name,
    pronouns: p.pronouns,
    timezone: p.timezone,
    avatar_url: p.avatarUrl,
    birthdate: iso(p.birthdate),
    onboarding_completed: p.onboardingCompleted,
    created_at: p.createdAt.toISOString(),
    updated_at: iso(p.updatedAt),
  };
}

export function presentUser(u: UserRow, p: ProfileRow | null): UserMe {
  return {
    id: u.id,
    email: u.email,
    is_active: u.isActive,
    is_verified: u.isVerified,
    auth_provider: u.authProvider,
    created_at: u.createdAt.toISOString(),
    updated_at: iso(u.updatedAt),
    profile: p ? presentProfile(p) : null,
  };
}

async function load(ctx: ProductContext, userId: string) {
  const found = await findUserWithProfile(ctx.db.dz, userId);
  if (!found) throw notFound('User not found');
  return found;
}

const displayName = (u: UserRow, p: ProfileRow | null) => p?.name ?? u.email.split('@')[0]!;

export async function getMe(ctx: ProductContext, userId: string): Promise<UserMe> {
  const { user, profile } = await load(ctx, userId);
  return presentUser(user, profile);
}

/**
 * An avatar is an image the client loads: only an absolute http(s) URL. Anything else (javascript:, data:, file:,
 * a relative or protocol-relative path) could run script or read local files where it is shown.
 */
function avatarUrlOf(value: string, loc: string[]): string {
  let url: URL | undefined;
  try {
    url = value === value.trim() ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || !/^https?:\/\//i.test(value)) {
    throw invalidField(loc, 'Value error, avatar URL must be an absolute http:// or https:// URL', value, 'url_scheme');
  }
  return value;
}

function checkTimeZone(tz: string | null | undefined, loc: string[]): void {
  if (tz && !isValidTimeZone(tz)) throw invalidField(loc, 'Value error, unknown time zone (use an IANA name such as Europe/Paris)', tz);
}

/** Seed: PATCH /users/me/profile. Absent fields are left as they are; `name` can't be cleared. */
export async function updateProfile(ctx: ProductContext, userId: string, body: ProfileUpdate) {
  checkTimeZone(body.timezone, ['body', 'timezone']);
  if (body.name === null) throw invalidField(['body', 'name'], 'Input should be a valid string', null, 'string_type');
  const patch: ProfilePatch = {};
  if (body.name !== undefined) patch.name = body.name;
  if (body.avatar_url !== undefined) patch.avatarUrl = body.avatar_url === null ? null : avatarUrlOf(body.avatar_url, ['body', 'avatar_url']);
  if (body.pronouns !== undefined) patch.pronouns = body.pronouns;
  if (body.birthdate !== undefined) patch.birthdate = body.birthdate ? birthdateOf(body.birthdate) : null;
  if (body.timezone !== undefined) patch.timezone = body.timezone ?? 'UTC';
  const { user } = await load(ctx, userId);
  const p = await upsertProfile(ctx.db.dz, userId, patch, displayName(user, null));
  return presentProfile(p);
}

export async function getClientProfile(ctx: ProductContext, userId: string): Promise<ClientProfile> {
  const { user, profile } = await load(ctx, userId);
  const partner = await findPartner(ctx.db.dz, userId);
  return {
    id: user.id,
    email: user.email,
    name: displayName(user, profile),
    pronouns: profile?.pronouns ?? null,
    avatar_url: profile?.avatarUrl ?? null,
    birthdate: profile?.birthdate ? profile.birthdate.toISOString().slice(0, 10) : null,
    timezone: profile?.timezone ?? 'UTC',
    relationship_status: profile?.relationshipStatus ?? null,
    // A linked partner's real name wins over what was typed in the form.
    partner_name: partner?.name ?? profile?.partnerName ?? null,
    partner_id: partner?.userId ?? null,
    anniversary_date: profile?.anniversaryDate ?? null,
    onboarding_completed: profile?.onboardingCompleted ?? false,
    created_at: (profile?.createdAt ?? user.createdAt).toISOString(),
    updated_at: iso(profile?.updatedAt ?? null),
  };
}

/** A calendar day, given as `YYYY-MM-DD` or as a full datetime whose day part is taken. */
function parseDay(value: string, field: string): string {
  const day = value.slice(0, 10);
  const rest = value.slice(10);
  if (!isCalendarDay(day) || (rest !== '' && (!rest.startsWith('T') || Number.isNaN(Date.parse(value))))) {
    throw invalidField(['body', field], 'Input should be a valid date', value, 'date_parsing');
  }
  return day;
}

function birthdateOf(value: string): Date {
  const d = parseStorableDate(value);
  if (!d) throw invalidField(['body', 'birthdate'], 'Input should be a valid date', value, 'date_parsing');
  return d;
}

/** Web client: PUT /users/profile. Blank strings clear a field; saving completes onboarding. */
export async function saveClientProfile(ctx: ProductContext, userId: string, body: ClientProfileUpdate) {
  const blank = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim());
  const patch: ProfilePatch = { onboardingCompleted: true };
  const name = blank(body.name);
  if (name === null) throw invalidField(['body', 'name'], 'String should have at least 1 character', body.name, 'string_too_short');
  if (name !== undefined) patch.name = name;
  const tz = blank(body.timezone);
  checkTimeZone(tz, ['body', 'timezone']);
  if (tz !== undefined) patch.timezone = tz ?? 'UTC';
  for (const [k, col] of [
    ['pronouns', 'pronouns'],
    ['relationshipStatus', 'relationshipStatus'],
    ['partnerName', 'partnerName'],
  ] as const) {
    const v = blank(body[k]);
    if (v !== undefined) patch[col] = v;
  }
  const avatar = blank(body.avatarUrl);
  if (avatar !== undefined) patch.avatarUrl = avatar === null ? null : avatarUrlOf(avatar, ['body', 'avatarUrl']);
  const birth = blank(body.birthdate);
  if (birth !== undefined) {
    patch.birthdate = birth ? birthdateOf(birth) : null;
  }
  const anniv = blank(body.anniversaryDate);
  if (anniv !== undefined) patch.anniversaryDate = anniv ? parseDay(anniv, 'anniversaryDate') : null;
  const { user } = await load(ctx, userId);
  await upsertProfile(ctx.db.dz, userId, patch, displayName(user, null));
  return { message: 'Profile updated successfully', user: await getClientProfile(ctx, userId) };
}

/** The web client's compact "who am I" (GET /auth/me, /auth/profile). */
export async function authMe(ctx: ProductContext, userId: string) {
  const { user, profile } = await load(ctx, userId);
  const partner = await findPartner(ctx.db.dz, userId);
  if (!user.isActive) throw new AppError('inactive_user', 400, 'Inactive user');
  return {
    id: user.id,
    name: displayName(user, profile),
    email: user.email,
    onboarding_completed: profile?.onboardingCompleted ?? false,
    partner_id: partner?.userId ?? null,
    partner_name: partner?.name ?? null,
  };
}
